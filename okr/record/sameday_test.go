package record

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/okr-as-code/okr/okr/model"
)

// old is a measurement already recorded at file:line.
func old(line int, at string, v float64, note string, conf int) model.Measurement {
	t, day, _ := model.ParseAt(at)
	m := model.Measurement{Pos: model.Pos{File: "m.csv", Line: line, Column: 1}, Metric: "nps", At: t, Day: day, Value: v, Note: note}
	if len(at) != 10 {
		m.AtText = at
	}
	if conf >= 0 {
		m.Confidence, m.HasConfidence = int8(conf), true
	}
	return m
}

func TestKeyOfAt(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"2026-10-05", "2026-10-05", true},
		{"2026-10-05", "2026-10-06", false},
		// a date and a timestamp are never the same at, even at midnight UTC
		{"2026-10-05", "2026-10-05T00:00:00Z", false},
		// one instant written in two zones: 12:00 at +02:00 is 10:00 UTC
		{"2026-10-05T12:00:00+02:00", "2026-10-05T10:00:00Z", true},
		{"2026-10-05T12:00:00Z", "2026-10-05T12:00:01Z", false},
		{"2026-10-05T12:00:00.5Z", "2026-10-05T12:00:00.500Z", true},
	}
	for _, tt := range tests {
		if got := model.KeyOfAt(tt.a) == model.KeyOfAt(tt.b); got != tt.same {
			t.Errorf("same at %s and %s = %v, want %v", tt.a, tt.b, got, tt.same)
		}
		// and as read from a file
		a, b := old(2, tt.a, 1, "", -1), old(3, tt.b, 1, "", -1)
		if got := a.Key() == b.Key(); got != tt.same {
			t.Errorf("same key of read %s and %s = %v, want %v", tt.a, tt.b, got, tt.same)
		}
	}
}

func TestDecide(t *testing.T) {
	m := func(v float64, note string, conf int) Measurement {
		x := Measurement{Metric: "nps", At: "2026-10-05", Value: v, Note: note}
		if conf >= 0 {
			x.Confidence, x.HasConfidence = int8(conf), true
		}
		return x
	}
	one := []model.Measurement{old(4, "2026-10-05", 700, "cdn", 6)}
	two := []model.Measurement{old(4, "2026-10-05", 700, "", -1), old(9, "2026-10-05", 720, "", -1)}
	dup := []model.Measurement{old(4, "2026-10-05", 700, "", -1), old(9, "2026-10-05", 700, "", -1)}
	tests := []struct {
		name     string
		existing []model.Measurement
		additive bool
		m        Measurement
		replace  bool
		want     Action
		line     int    // of Pos, for Unchanged and Rewrite
		refused  string // part of the refusal
	}{
		{name: "nothing there", m: m(700, "", -1), want: Add},
		{name: "additive takes another", existing: one, additive: true, m: m(700, "cdn", 6), want: Add},
		{name: "same value", existing: one, m: m(700, "", -1), want: Unchanged, line: 4},
		// 700.0 is 700: values compare as numbers
		{name: "same number", existing: one, m: m(700.0, "cdn", -1), want: Unchanged, line: 4},
		{name: "same note and confidence", existing: one, m: m(700, "cdn", 6), want: Unchanged, line: 4},
		{name: "another value", existing: one, m: m(710, "", -1), refused: "nps already has the value 700 at 2026-10-05, recorded at m.csv:4; one value per day: to change it, record again with --replace"},
		{name: "another note", existing: one, m: m(700, "rollback", -1), refused: "nps already has this value with another note or confidence at 2026-10-05, recorded at m.csv:4"},
		{name: "another confidence", existing: one, m: m(700, "", 5), refused: "another note or confidence"},
		{name: "replace", existing: one, m: m(710, "", -1), replace: true, want: Rewrite, line: 4},
		{name: "replace the same", existing: one, m: m(700, "", -1), replace: true, want: Unchanged, line: 4},
		{name: "several", existing: two, m: m(700, "", -1), refused: "nps has 2 measurements at 2026-10-05 (700 at m.csv:4, 720 at m.csv:9); one value per day: delete all but one"},
		{name: "several, replace", existing: two, m: m(730, "", -1), replace: true, refused: "--replace rewrites one measurement"},
		// the same value twice (two branches recorded it, merged): already there
		{name: "same value twice", existing: dup, m: m(700, "", -1), want: Unchanged, line: 9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Decide(tt.existing, tt.additive, tt.m, tt.replace)
			if tt.refused != "" {
				var re *Error
				if !errors.As(err, &re) || !strings.Contains(re.Msg, tt.refused) {
					t.Fatalf("Decide: got %v, %v; want a refusal containing %q", d, err, tt.refused)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d.Action != tt.want || d.Pos.Line != tt.line {
				t.Errorf("Decide = action %d at line %d, want %d at %d", d.Action, d.Pos.Line, tt.want, tt.line)
			}
		})
	}
}

func TestExisting(t *testing.T) {
	repo := &model.Repo{Measurements: []model.Measurement{
		old(2, "2026-10-05", 1, "", -1),
		old(3, "2026-10-05T10:00:00Z", 2, "", -1),
		old(4, "2026-10-06", 3, "", -1),
		old(5, "2026-10-05", 4, "", -1),
		{Metric: "other", Day: model.KeyOfAt("2026-10-05").Day, At: time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC)},
	}}
	var lines []int
	for _, x := range Existing(repo, Measurement{Metric: "nps", At: "2026-10-05"}) {
		lines = append(lines, x.Pos.Line)
	}
	if diff := cmp.Diff([]int{2, 5}, lines); diff != "" {
		t.Errorf("Existing (-want +got):\n%s", diff)
	}
}

func TestReplaceCSV(t *testing.T) {
	tests := []struct {
		name, in string
		e        Edit
		want     string
	}{
		{
			name: "value only",
			in:   "metric,at,value,note\nnps,2026-10-05,700,cdn\nnps,2026-10-12,650,\n",
			e:    Edit{Line: 2, M: Measurement{Metric: "nps", At: "2026-10-05", Value: 710, Text: "710"}},
			want: "metric,at,value,note\nnps,2026-10-05,710,cdn\nnps,2026-10-12,650,\n",
		},
		{
			name: "a note and a confidence widen the header and the row",
			in:   "metric,at,value\r\nnps,2026-10-05,700\r\nnps,2026-10-12,650\r\n",
			e:    Edit{Line: 2, M: Measurement{Metric: "nps", At: "2026-10-05", Value: 7, Note: "a, b", Confidence: 6, HasConfidence: true}},
			want: "metric,at,value,note,confidence\r\nnps,2026-10-05,7,\"a, b\",6\r\nnps,2026-10-12,650\r\n",
		},
		{
			// the file gets the line break it lacked at its end
			name: "a quoted row and a last line without a newline",
			in:   "\xef\xbb\xbfmetric,at,value,note\nnps,2026-10-01,1,x\n\"nps\",2026-10-05,\"700\",\"say \"\"hi\"\"\"",
			e:    Edit{Line: 3, M: Measurement{Metric: "nps", At: "2026-10-05", Value: 0.5, Text: "0.5"}},
			want: "\xef\xbb\xbfmetric,at,value,note\nnps,2026-10-01,1,x\nnps,2026-10-05,0.5,\"say \"\"hi\"\"\"\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := edit("m.csv", []byte(tt.in), []Edit{tt.e})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("replaceCSV (-want +got):\n%s", diff)
			}
			if err := verify("m.csv", []byte(tt.in), got, []Edit{tt.e}); err != nil {
				t.Errorf("verify: %v", err)
			}
		})
	}
	if _, err := replaceCSV("m.csv", []byte("metric,at,value\nnps,2026-10-05,1\n"), Edit{Line: 1, M: Measurement{Metric: "nps", At: "2026-10-05", Value: 2}}); err == nil {
		t.Error("replacing the header line: no refusal")
	}
	// the line holds another measurement: verify refuses
	in := []byte("metric,at,value\nnps,2026-10-05,1\nnps,2026-10-06,1\n")
	e := Edit{Line: 3, M: Measurement{Metric: "nps", At: "2026-10-05", Value: 2}}
	got, err := replaceCSV("m.csv", in, e)
	if err != nil {
		t.Fatal(err)
	}
	if err := verify("m.csv", in, got, []Edit{e}); err == nil || !strings.Contains(err.Error(), "m.csv:3 no longer holds the measurement of nps at 2026-10-05") {
		t.Errorf("verify of the wrong line: %v", err)
	}
}

func TestReplaceYAML(t *testing.T) {
	head := "apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues:\n"
	nps := func(v float64, note string, conf int) Measurement {
		m := Measurement{Metric: "nps", At: "2026-10-05", Value: v, Note: note}
		if conf >= 0 {
			m.Confidence, m.HasConfidence = int8(conf), true
		}
		return m
	}
	tests := []struct {
		name, in string
		e        Edit
		want     string
	}{
		{
			name: "flow item, value only",
			in:   head + "  - {at: 2026-10-05, value: 700, note: cdn}   # the CDN\n  - {at: 2026-10-12, value: 650}\n",
			e:    Edit{Line: 5, M: nps(710, "", -1)},
			want: head + "  - {at: 2026-10-05, value: 710, note: cdn}   # the CDN\n  - {at: 2026-10-12, value: 650}\n",
		},
		{
			name: "flow item, a note replaced and a confidence added",
			in:   head + "  - {at: 2026-10-05, value: 700, note: \"old, note\"}\n",
			e:    Edit{Line: 5, M: nps(7, "new", 6)},
			want: head + "  - {at: 2026-10-05, value: 7, note: new, confidence: 6}\n",
		},
		{
			name: "flow item with a trailing comma",
			in:   head + "  - {at: 2026-10-05, value: 700,}\n",
			e:    Edit{Line: 5, M: nps(7, "", 3)},
			want: head + "  - {at: 2026-10-05, value: 7, confidence: 3}\n",
		},
		{
			name: "block item, a note added after its last key",
			in:   head + "  - at: 2026-10-05\n    value: 700 # p95\n    confidence: 5\n  - at: 2026-10-12\n    value: 650\n",
			e:    Edit{Line: 5, M: nps(710, "rollback", 4)},
			want: head + "  - at: 2026-10-05\n    value: 710 # p95\n    confidence: 4\n    note: rollback\n  - at: 2026-10-12\n    value: 650\n",
		},
		{
			name: "block item, last in the file without a newline, CRLF",
			in:   "apiVersion: okr/v1\r\nkind: Measurements\r\nmetric: nps\r\nvalues:\r\n  - at: 2026-10-05\r\n    value: '700'",
			e:    Edit{Line: 5, M: nps(710, "x", -1)},
			want: "apiVersion: okr/v1\r\nkind: Measurements\r\nmetric: nps\r\nvalues:\r\n  - at: 2026-10-05\r\n    value: 710\r\n    note: x\r\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := replaceYAML("m.yaml", []byte(tt.in), tt.e)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("replaceYAML (-want +got):\n%s", diff)
			}
		})
	}
	// a note written as a block scalar is not rewritten
	in := head + "  - at: 2026-10-05\n    value: 700\n    note: |\n      two\n      lines\n"
	if _, err := replaceYAML("m.yaml", []byte(in), Edit{Line: 5, M: nps(1, "x", -1)}); err == nil || !strings.Contains(err.Error(), "change it by hand") {
		t.Errorf("block-scalar note: %v", err)
	}
}

// TestWrittenValue: the value a measurement's line writes, as written.
func TestWrittenValue(t *testing.T) {
	dir := writeRepo(t, map[string]string{
		"m.csv":  "\xef\xbb\xbfmetric,at,value,note\nnps,2026-11-02,70.0,\nnps,2026-11-03,\" 071 \",\"a, b\"\n",
		"m.yaml": "apiVersion: okr/v1\nkind: Measurements\nmetric: arr\nvalues: [{at: 2026-10-05, value: 1e1}, {at: 2026-10-12, value: 11.50}]\n",
	})
	m := func(metric, at string) Measurement { return Measurement{Metric: metric, At: at} }
	for _, tc := range []struct {
		file string
		line int
		m    Measurement
		want string
	}{
		{"m.csv", 2, m("nps", "2026-11-02"), "70.0"},
		{"m.csv", 3, m("nps", "2026-11-03"), "071"},    // quoted, spaces trimmed
		{"m.csv", 1, m("nps", "2026-11-02"), ""},       // the header
		{"m.csv", 9, m("nps", "2026-11-02"), ""},       // no such line
		{"m.csv", 2, m("churn", "2026-11-02"), ""},     // another metric's row
		{"m.yaml", 4, m("arr", "2026-10-12"), "11.50"}, // one of two on the line, by its at
		{"m.yaml", 4, m("arr", "2026-10-05"), "1e1"},
		{"m.yaml", 4, m("arr", "2026-10-19"), ""},
		{"none.csv", 2, m("nps", "2026-11-02"), ""},
	} {
		if got := WrittenValue(dir, model.Pos{File: tc.file, Line: tc.line}, tc.m); got != tc.want {
			t.Errorf("%s:%d %s %s: %q, want %q", tc.file, tc.line, tc.m.Metric, tc.m.At, got, tc.want)
		}
	}
}
