package record

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/okr-as-code/okr/okr/load"
	"github.com/okr-as-code/okr/okr/model"
)

func TestParseValue(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		text string // what record writes: the digits as typed
		bad  bool
	}{
		{in: "640", want: 640, text: "640"},
		{in: "-0.5", want: -0.5, text: "-0.5"},
		{in: "+3", want: 3, text: "3"},          // a + is dropped
		{in: ".5", want: 0.5, text: "0.5"},      // a 0 before the point
		{in: "-.5", want: -0.5, text: "-0.5"},   // after the sign
		{in: "5.", want: 5, text: "5"},          // a trailing point is dropped
		{in: "007", want: 7, text: "7"},         // leading zeros too (YAML 1.1 would read 007 as octal)
		{in: "00.25", want: 0.25, text: "0.25"}, // down to one
		{in: "44.50", want: 44.5, text: "44.50"},
		{in: "1.5e3", want: 1500, text: "1.5e3"},
		{in: "2E-3", want: 0.002, text: "2E-3"},
		{in: "5.e2", want: 500, text: "5e2"},
		{in: " 42 ", want: 42, text: "42"},
		// 38 nines: the nearest float64 is 1e38, but the user typed nines
		{in: "99999999999999999999999999999999999999", want: 1e38, text: "99999999999999999999999999999999999999"},
		{in: "0.1000000000000000055511151231257827", want: 0.1, text: "0.1000000000000000055511151231257827"},
		{in: "", bad: true},
		{in: "abc", bad: true},
		{in: "0x10", bad: true},
		{in: "Inf", bad: true},
		{in: "NaN", bad: true},
		{in: "1e999", bad: true},
		{in: "1,5", bad: true},
		{in: "1_000", bad: true},
		{in: ".", bad: true},
		{in: "-", bad: true},
	}
	for _, tt := range tests {
		got, text, err := ParseValue(tt.in)
		if (err != nil) != tt.bad || got != tt.want || text != tt.text {
			t.Errorf("ParseValue(%q) = %v, %q, %v; want %v, %q, error %v", tt.in, got, text, err, tt.want, tt.text, tt.bad)
		}
	}
}

func TestParseConfidence(t *testing.T) {
	for in, want := range map[string]int8{"0": 0, "6": 6, "10": 10} {
		if got, err := ParseConfidence(in); err != nil || got != want {
			t.Errorf("ParseConfidence(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-1", "11", "6.5", "6.0", "06", "+6", " 6", "high", "1e1", "100"} {
		if got, err := ParseConfidence(in); err == nil {
			t.Errorf("ParseConfidence(%q) = %d, want an error", in, got)
		}
	}
}

func TestFormatValue(t *testing.T) {
	tests := map[float64]string{
		640: "640", -0.5: "-0.5", 0: "0", 0.1: "0.1", 1e20: "100000000000000000000",
		1e21: "1e+21", 1.5e-7: "1.5e-07", 99.95: "99.95",
	}
	for v, want := range tests {
		if got := FormatValue(v); got != want {
			t.Errorf("FormatValue(%v) = %q, want %q", v, got, want)
		}
	}
}

// repo is a small repository: payments has goals for 2026-Q3 and
// 2026-Q4, one key result linked to a KPI.
const (
	objectivesQ3 = `apiVersion: okr/v1
kind: Objectives
owner: payments
period: 2026-Q3
objectives:
  - id: checkout
    title: Make checkout effortless
    key_results:
      - id: apple-pay
        title: Offer Apple Pay
        type: milestone
`
	objectivesQ4 = `apiVersion: okr/v1
kind: Objectives
owner: payments
period: 2026-Q4
objectives:
  - id: checkout
    title: Make checkout effortless
    key_results:
      - id: apple-pay
        title: Offer Apple Pay
        type: milestone
      - id: p95-latency
        title: Cut p95 latency
        kpi: checkout_p95_ms
        baseline: 800
        target: 300
`
	kpis = `apiVersion: okr/v1
kind: KPI
id: checkout_p95_ms
name: Checkout p95 latency
direction: decrease
---
apiVersion: okr/v1
kind: KPI
id: nps
name: Net promoter score
direction: increase
`
)

// writeRepo writes files (name → content) into a new directory.
func writeRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func loadRepo(t *testing.T, dir string) *model.Repo {
	t.Helper()
	repo, _, err := load.Dir(dir, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return repo
}

func baseRepo() map[string]string {
	return map[string]string{
		"teams/payments/2026-Q3.yaml": objectivesQ3,
		"teams/payments/2026-Q4.yaml": objectivesQ4,
		"kpis.yaml":                   kpis,
	}
}

func TestCheck(t *testing.T) {
	repo := loadRepo(t, writeRepo(t, baseRepo()))
	tests := []struct {
		name   string
		m      Measurement
		refuse string // "" when accepted; else a part of the *Error message
		other  bool   // a plain error (bad input), not a refusal
	}{
		{name: "KPI", m: Measurement{Metric: "nps", At: "2026-11-02", Value: 40}},
		{name: "key result in Q4", m: Measurement{Metric: "payments/checkout/apple-pay", At: "2026-11-02", Value: 1}},
		{name: "key result in Q3", m: Measurement{Metric: "payments/checkout/apple-pay", At: "2026-07-01", Value: 0}},
		{name: "timestamp", m: Measurement{Metric: "payments/checkout/apple-pay", At: "2026-12-31T23:30:00-05:00", Value: 1}},
		{name: "unknown KPI with a suggestion", m: Measurement{Metric: "checkout_p95_m", At: "2026-11-02"},
			refuse: `unknown metric "checkout_p95_m": no KPI or key result has that name; did you mean "checkout_p95_ms"?`},
		{name: "unknown ref with a suggestion", m: Measurement{Metric: "payments/checkout/aple-pay", At: "2026-11-02"},
			refuse: `did you mean "payments/checkout/apple-pay"?`},
		{name: "nothing near", m: Measurement{Metric: "zzzzzz", At: "2026-11-02"},
			refuse: `unknown metric "zzzzzz": no KPI or key result has that name`},
		{name: "out of every period", m: Measurement{Metric: "payments/checkout/p95-latency", At: "2027-01-05"},
			refuse: `no Objectives document of "payments" whose period contains 2027-01-05 has key result "payments/checkout/p95-latency"; it is defined for 2026-Q4 (2026-10-01 to 2026-12-31)`},
		{name: "linked to a KPI", m: Measurement{Metric: "payments/checkout/p95-latency", At: "2026-11-02"},
			refuse: `takes its values from KPI "checkout_p95_ms": record them under "checkout_p95_ms" instead`},
		{name: "bad date", m: Measurement{Metric: "nps", At: "2026-02-30"}, other: true},
		{name: "bad note", m: Measurement{Metric: "nps", At: "2026-02-03", Note: "\xff"}, other: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check(repo, tt.m)
			var re *Error
			switch {
			case tt.other:
				if err == nil || errors.As(err, &re) {
					t.Errorf("Check: got %v, want a plain error", err)
				}
			case tt.refuse == "":
				if err != nil {
					t.Errorf("Check: %v", err)
				}
			case !errors.As(err, &re) || !strings.Contains(re.Msg, tt.refuse):
				t.Errorf("Check: got %v, want a refusal containing %q", err, tt.refuse)
			}
		})
	}
}

func TestPlan(t *testing.T) {
	files := baseRepo()
	files["measurements/a.csv"] = "metric,at,value,note\nnps,2026-10-01,30,\n"
	files["measurements/b.csv"] = "metric,at,value,note\nnps,2026-10-08,31,\n"
	files["measurements/c.yaml"] = "apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues: []\n"
	files["measurements/d.csv"] = "metric,at,value,note\npayments/checkout/apple-pay,2026-10-01,0,\n"
	files["measurements/payments.csv"] = "metric,at,value,note\n"
	files["archive/old.csv"] = "metric,at,value,note\nnps,2026-10-01,30,\n"
	files["archive/old.yaml"] = "apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues: []\n"
	files["docs/table.csv"] = "name,size\na,1\n"
	files["okr.yaml"] = "ignore: [\"archive/**\"]\n"
	files["private/.gitignore"] = "x/\n"
	files["measurements/empty.csv"] = ""
	dir := writeRepo(t, files)
	repo := loadRepo(t, dir)
	// Another recorder creates a file after this one loaded the repository.
	if err := os.WriteFile(filepath.Join(dir, "measurements", "late.csv"), []byte("metric,at,value,note\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, metric, at, file string
		want                   string // the file chosen, or a part of the refusal
		refused                bool
	}{
		{name: "last file that holds the metric, an empty YAML document included", metric: "nps", want: "measurements/c.yaml"},
		{name: "a key result's file", metric: "payments/checkout/apple-pay", want: "measurements/d.csv"},
		{name: "a KPI without measurements: a new file named after it", metric: "checkout_p95_ms", want: "measurements/checkout_p95_ms.csv"},
		{name: "given file", metric: "nps", file: "measurements/a.csv", want: "measurements/a.csv"},
		{name: "given new file", metric: "nps", file: "new/nps.yml", want: "new/nps.yml"},
		{name: "given file that okr ignores", metric: "nps", file: "archive/old.csv", refused: true, want: "not a measurement file okr reads"},
		{name: "given YAML file that okr ignores", metric: "nps", file: "archive/old.yaml", refused: true, want: "is ignored"},
		{name: "given CSV that is no measurement file", metric: "nps", file: "docs/table.csv", refused: true, want: "not a measurement file okr reads"},
		{name: "unknown metric", metric: "np", refused: true, want: "unknown metric"},
		{name: "given new file in an ignored directory", metric: "nps", file: "archive/new.csv", refused: true, want: "archive/new.csv is ignored"},
		{name: "given new file that a .gitignore ignores", metric: "nps", file: "private/x/new.yaml", refused: true, want: "private/x/new.yaml is ignored"},
		{name: "given file created after loading", metric: "nps", file: "measurements/late.csv", want: "measurements/late.csv"},
		{name: "given empty file", metric: "nps", file: "measurements/empty.csv", want: "measurements/empty.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at := tt.at
			if at == "" {
				at = "2026-11-02"
			}
			got, err := Plan(dir, repo, Measurement{Metric: tt.metric, At: at, Value: 1}, tt.file)
			var re *Error
			switch {
			case tt.refused:
				if !errors.As(err, &re) || !strings.Contains(re.Msg, tt.want) {
					t.Errorf("Plan: got %q, %v; want a refusal containing %q", got, err, tt.want)
				}
			case err != nil || got != tt.want:
				t.Errorf("Plan: got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	// A default file that exists but is no measurement file is refused.
	files["measurements/payments.csv"] = "not,a,header\n"
	dir = writeRepo(t, files)
	repo = loadRepo(t, dir)
	_, err := Plan(dir, repo, Measurement{Metric: "payments/checkout/apple-pay", At: "2026-07-02", Value: 1}, "")
	if err != nil {
		t.Errorf("Plan with a holder: %v", err)
	}
	files["measurements/d.csv"] = "metric,at,value,note\n"
	dir = writeRepo(t, files)
	repo = loadRepo(t, dir)
	_, err = Plan(dir, repo, Measurement{Metric: "payments/checkout/apple-pay", At: "2026-07-02", Value: 1}, "")
	if want := "measurements/payments.csv exists but is not a measurement file"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Plan: got %v, want %q", err, want)
	}
}

func TestYAMLString(t *testing.T) {
	tests := map[string]string{
		"CDN rollout":          "CDN rollout",
		"launched to 100%":     "launched to 100%",
		"a, b":                 `"a, b"`,
		"key: value":           `"key: value"`,
		"# not a comment":      `"# not a comment"`,
		"yes":                  `"yes"`,
		"42":                   `"42"`,
		"two\nlines":           `"two\nlines"`,
		`say "hi"`:             `"say \"hi\""`,
		"trailing ":            `"trailing "`,
		"checkout_p95_ms":      "checkout_p95_ms",
		"payments/checkout/ap": "payments/checkout/ap",
		"{x}":                  `"{x}"`,
		"café":                 "café",
	}
	for in, want := range tests {
		if got := yamlString(in); got != want {
			t.Errorf("yamlString(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestAppendCSV(t *testing.T) {
	m := Measurement{Metric: "nps", At: "2026-11-02", Value: 44}
	tests := []struct {
		name string
		in   string
		m    Measurement
		want string // or a part of the refusal
		bad  bool
	}{
		{name: "plain", in: "metric,at,value,note\nnps,2026-10-01,40,\n", m: m,
			want: "metric,at,value,note\nnps,2026-10-01,40,\nnps,2026-11-02,44,\n"},
		{name: "no final newline", in: "metric,at,value,note\nnps,2026-10-01,40,", m: m,
			want: "metric,at,value,note\nnps,2026-10-01,40,\nnps,2026-11-02,44,\n"},
		{name: "CRLF", in: "metric,at,value,note\r\nnps,2026-10-01,40,\r\n", m: m,
			want: "metric,at,value,note\r\nnps,2026-10-01,40,\r\nnps,2026-11-02,44,\r\n"},
		{name: "a note that needs quotes", in: "metric,at,value,note\n",
			m:    Measurement{Metric: "nps", At: "2026-11-02", Value: 44, Note: `survey, "Q4"`},
			want: "metric,at,value,note\nnps,2026-11-02,44,\"survey, \"\"Q4\"\"\"\n"},
		{name: "three columns", in: "metric,at,value\nnps,2026-10-01,40\n", m: m,
			want: "metric,at,value\nnps,2026-10-01,40\nnps,2026-11-02,44\n"},
		{name: "BOM", in: "\xef\xbb\xbfmetric,at,value,note\n", m: m,
			want: "\xef\xbb\xbfmetric,at,value,note\nnps,2026-11-02,44,\n"},
		// A note or a confidence the header has no column for: only the
		// header line changes; the rows already there keep their fields.
		{name: "three columns and a note", in: "metric,at,value\nnps,2026-10-01,40\n", m: Measurement{Metric: "nps", At: "2026-11-02", Value: 44, Note: "x"},
			want: "metric,at,value,note\nnps,2026-10-01,40\nnps,2026-11-02,44,x\n"},
		{name: "three columns and a confidence", in: "metric,at,value\r\nnps,2026-10-01,40\r\n", m: Measurement{Metric: "nps", At: "2026-11-02", Value: 44, Confidence: 7, HasConfidence: true},
			want: "metric,at,value,note,confidence\r\nnps,2026-10-01,40\r\nnps,2026-11-02,44,,7\r\n"},
		{name: "four columns and a confidence, BOM", in: "\xef\xbb\xbfmetric,at,value,note\nnps,2026-10-01,40,first\nnps,2026-10-08,41,", m: Measurement{Metric: "nps", At: "2026-11-02", Value: 44, Note: "n", Confidence: 0, HasConfidence: true},
			want: "\xef\xbb\xbfmetric,at,value,note,confidence\nnps,2026-10-01,40,first\nnps,2026-10-08,41,\nnps,2026-11-02,44,n,0\n"},
		{name: "quoted header, no final newline", in: `"metric","at","value"`, m: Measurement{Metric: "nps", At: "2026-11-02", Value: 44, Confidence: 10, HasConfidence: true},
			want: "metric,at,value,note,confidence\nnps,2026-11-02,44,,10\n"},
		{name: "five columns, no confidence", in: "metric,at,value,note,confidence\nnps,2026-10-01,40,,6\n", m: m,
			want: "metric,at,value,note,confidence\nnps,2026-10-01,40,,6\nnps,2026-11-02,44,,\n"},
		{name: "five columns and a confidence", in: "metric,at,value,note,confidence\n", m: Measurement{Metric: "nps", At: "2026-11-02", Value: 44, Text: "44.0", Confidence: 3, HasConfidence: true},
			want: "metric,at,value,note,confidence\nnps,2026-11-02,44.0,,3\n"},
		{name: "the value as typed", in: "metric,at,value\n", m: Measurement{Metric: "nps", At: "2026-11-02", Value: 1e38, Text: "99999999999999999999999999999999999999"},
			want: "metric,at,value\nnps,2026-11-02,99999999999999999999999999999999999999\n"},
		{name: "confidence before note", in: "metric,at,value,confidence\n", m: m, bad: true, want: "the header is"},
		{name: "six columns", in: "metric,at,value,note,confidence,extra\n", m: m, bad: true, want: "the header is"},
		{name: "another header", in: "metric,at,value,comment\n", m: m, bad: true, want: "the header is"},
		{name: "open quote", in: "metric,at,value,note\nnps,2026-10-01,40,\"open\n", m: m, bad: true, want: "unterminated quoted field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := appendCSV("m.csv", []byte(tt.in), []Measurement{tt.m})
			if tt.bad {
				var re *Error
				if !errors.As(err, &re) || !strings.Contains(re.Msg, tt.want) {
					t.Errorf("appendCSV: got %v, want a refusal containing %q", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("appendCSV (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAppendYAML(t *testing.T) {
	m := Measurement{Metric: "nps", At: "2026-11-02", Value: 44}
	noted := Measurement{Metric: "nps", At: "2026-11-02T10:00:00+01:00", Value: 44.5, Note: "survey, Q4"}
	tests := []struct {
		name string
		in   string
		m    Measurement
		want string
	}{
		{
			name: "flow items, comments kept",
			m:    m,
			in: `# NPS, monthly
apiVersion: okr/v1
kind: Measurements
metric: nps # the KPI
values:
  # first survey
  - {at: 2026-10-01, value: 40} # ok
    # more about it

# a comment after the list
`,
			want: `# NPS, monthly
apiVersion: okr/v1
kind: Measurements
metric: nps # the KPI
values:
  # first survey
  - {at: 2026-10-01, value: 40} # ok
    # more about it
  - {at: 2026-11-02, value: 44}

# a comment after the list
`,
		},
		{
			name: "block items keep their style",
			m:    noted,
			in: `apiVersion: okr/v1
kind: Measurements
metric: nps
values:
-   at: 2026-10-01
    value: 40
    note: |
      first

      survey
other: x
`,
			want: `apiVersion: okr/v1
kind: Measurements
metric: nps
values:
-   at: 2026-10-01
    value: 40
    note: |
      first

      survey
-   at: 2026-11-02T10:00:00+01:00
    value: 44.5
    note: "survey, Q4"
other: x
`,
		},
		{
			name: "block items with a confidence",
			m:    Measurement{Metric: "nps", At: "2026-11-02", Value: 44.5, Text: "44.50", Note: "survey", Confidence: 7, HasConfidence: true},
			in:   "apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues:\n  - at: 2026-10-01\n    value: 40\n",
			want: "apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues:\n  - at: 2026-10-01\n    value: 40\n  - at: 2026-11-02\n    value: 44.50\n    note: survey\n    confidence: 7\n",
		},
		{
			name: "flow items with a confidence of 0",
			m:    Measurement{Metric: "nps", At: "2026-11-02", Value: 41, HasConfidence: true},
			in:   "apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues:\n  - {at: 2026-10-01, value: 40, confidence: 9}\n",
			want: "apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues:\n  - {at: 2026-10-01, value: 40, confidence: 9}\n  - {at: 2026-11-02, value: 41, confidence: 0}\n",
		},
		{
			name: "flow items, the value as typed",
			m:    Measurement{Metric: "nps", At: "2026-11-02", Value: 1e38, Text: "99999999999999999999999999999999999999"},
			in:   "apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues:\n  - {at: 2026-10-01, value: 40}\n",
			want: "apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues:\n  - {at: 2026-10-01, value: 40}\n  - {at: 2026-11-02, value: 99999999999999999999999999999999999999}\n",
		},
		{
			name: "empty flow list becomes a block list",
			m:    m,
			in:   "apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues: [ ]  # none yet\nnote: x\n",
			want: "apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues: # none yet\n  - {at: 2026-11-02, value: 44}\nnote: x\n",
		},
		{
			name: "flow list with items",
			m:    noted,
			in:   "apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues: [{at: 2026-10-01, value: 40, note: 'it''s ] here'}]\n",
			want: "apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues: [{at: 2026-10-01, value: 40, note: 'it''s ] here'}, {at: 2026-11-02T10:00:00+01:00, value: 44.5, note: \"survey, Q4\"}]\n",
		},
		{
			name: "multi-line flow list with a trailing comma",
			m:    m,
			in:   "apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues: [\n  {at: 2026-10-01, value: 40},  # first\n]\n",
			want: "apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues: [\n  {at: 2026-10-01, value: 40}, {at: 2026-11-02, value: 44}  # first\n]\n",
		},
		{
			name: "whole document in flow style",
			m:    m,
			in:   "{apiVersion: okr/v1, kind: Measurements, metric: nps, values: []}\n",
			want: "{apiVersion: okr/v1, kind: Measurements, metric: nps, values: [{at: 2026-11-02, value: 44}]}\n",
		},
		{
			name: "empty values",
			m:    m,
			in:   "apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues:\n",
			want: "apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues:\n  - {at: 2026-11-02, value: 44}\n",
		},
		{
			name: "null values with a comment",
			m:    m,
			in:   "apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues: ~ # none\n",
			want: "apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues: # none\n  - {at: 2026-11-02, value: 44}\n",
		},
		{
			name: "the metric's document among others, no final newline",
			m:    m,
			in:   "apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues:\n- {at: 2026-10-01, value: 40}\n---\napiVersion: okr/v1\nkind: Measurements\nmetric: arr\nvalues:\n- {at: 2026-10-01, value: 1}",
			want: "apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues:\n- {at: 2026-10-01, value: 40}\n- {at: 2026-11-02, value: 44}\n---\napiVersion: okr/v1\nkind: Measurements\nmetric: arr\nvalues:\n- {at: 2026-10-01, value: 1}",
		},
		{
			name: "last item at the end of the file without a newline",
			m:    m,
			in:   "apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues:\n  - {at: 2026-10-01, value: 40}",
			want: "apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues:\n  - {at: 2026-10-01, value: 40}\n  - {at: 2026-11-02, value: 44}\n",
		},
		{
			name: "no document for the metric: a new one",
			m:    m,
			in:   "# KPIs\napiVersion: okr/v1\nkind: Measurements\nmetric: arr\nvalues: []\n",
			want: "# KPIs\napiVersion: okr/v1\nkind: Measurements\nmetric: arr\nvalues: []\n---\napiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues:\n  - {at: 2026-11-02, value: 44}\n",
		},
		{
			name: "a file of comments only",
			m:    m,
			in:   "# to be filled\n",
			want: "# to be filled\napiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues:\n  - {at: 2026-11-02, value: 44}\n",
		},
		{
			name: "CRLF",
			m:    m,
			in:   "apiVersion: okr/v1\r\nkind: Measurements\r\nmetric: nps\r\nvalues:\r\n  - {at: 2026-10-01, value: 40}\r\n",
			want: "apiVersion: okr/v1\r\nkind: Measurements\r\nmetric: nps\r\nvalues:\r\n  - {at: 2026-10-01, value: 40}\r\n  - {at: 2026-11-02, value: 44}\r\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := appendYAML("m.yaml", []byte(tt.in), []Measurement{tt.m})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("appendYAML (-want +got):\n%s", diff)
			}
			if err := verify("m.yaml", []byte(tt.in), got, []Edit{{M: tt.m}}); err != nil {
				t.Errorf("verify: %v", err)
			}
		})
	}
}

func TestAppendYAMLRefuses(t *testing.T) {
	m := Measurement{Metric: "nps", At: "2026-11-02", Value: 44}
	tests := []struct{ name, in, want string }{
		{"invalid YAML", "apiVersion: okr/v1\nkind: [\n", "invalid YAML"},
		{"values is a mapping", "apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues: {a: 1}\n", "not a list okr can append to"},
		{"no values", "apiVersion: okr/v1\nkind: Measurements\nmetric: nps\n", "has no values"},
		{"values is an alias", "apiVersion: okr/v1\nkind: Measurements\nx: &v []\nmetric: nps\nvalues: *v\n", "not a list okr can append to"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := appendYAML("m.yaml", []byte(tt.in), []Measurement{m})
			var re *Error
			if !errors.As(err, &re) || !strings.Contains(re.Msg, tt.want) {
				t.Errorf("appendYAML: got %v, want a refusal containing %q", err, tt.want)
			}
		})
	}
}
