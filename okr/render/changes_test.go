package render

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/okr-as-code/okr/okr/change"
	"github.com/okr-as-code/okr/okr/model"
)

var updateChanges = flag.Bool("update-changes", false, "rewrite the golden files of testdata/changes")

func chgPtr(v float64) *float64 { return &v }

func chgInt(v int) *int { return &v }

// changesDiff is a diff with every kind of change, a moved goalpost of each
// sort, KPIs, text that needs escaping and score changes of every sort.
func changesDiff() *change.Diff {
	const q4, kr = "2026-Q4", change.KeyResult
	at := func(line int) model.Pos { return model.Pos{File: "teams/payments.yaml", Line: line, Column: 9} }
	return &change.Diff{
		Base: "origin/main",
		Head: "work tree",
		AsOf: "2026-11-15",
		Changes: []change.Change{
			{Ref: "checkout_p95_ms", Kind: change.Added, New: "Checkout p95 latency", Entity: change.KPI},
			{Ref: "checkout_p99_ms", Kind: change.Modified, Field: "target", Old: 300.0, New: 350.0, Entity: change.KPI, Unit: "ms", BaseUnit: "ms", Pos: model.Pos{File: "kpis/p99.yaml", Line: 7, Column: 9}},
			{Ref: "growth", Kind: change.Added, AfterPeriodStart: true, Period: q4, Entity: change.Owner},
			{Ref: "growth/more-merchants", Kind: change.Added, New: "Win merchants | everywhere", AfterPeriodStart: true, Period: q4, Entity: change.Objective},
			{Ref: "payments", Kind: change.Modified, Field: "level", Old: "team", New: "department", Period: q4, Entity: change.Owner},
			{Ref: "payments/effortless-checkout", Kind: change.Modified, Field: "title", Old: "Make checkout `fast`", New: "Make checkout <b>effortless</b> @everyone", Period: q4, Entity: change.Objective},
			{Ref: "payments/effortless-checkout", Kind: change.Modified, Field: "description", Old: nil, New: "Line one\nline two", Period: q4, Entity: change.Objective},
			{Ref: "payments/effortless-checkout/apple-pay", Kind: change.Removed, Old: "Launch Apple Pay", AfterPeriodStart: true, Period: q4, Entity: kr},
			{Ref: "payments/effortless-checkout/p95-latency", Kind: change.Modified, Field: "target", Old: 300.0, New: 400.0, AfterPeriodStart: true, Period: q4, Entity: kr, Direction: change.Easier, Unit: "ms", BaseUnit: "ms", Pos: at(13)},
			{Ref: "payments/effortless-checkout/p95-latency", Kind: change.Modified, Field: "stretch", Old: nil, New: 200.0, AfterPeriodStart: true, Period: q4, Entity: kr, Unit: "ms", BaseUnit: "ms", Pos: at(14)},
			{Ref: "payments/trusted-payments/uptime", Kind: change.Modified, Field: "target", Old: 99.9, New: 99.995, Period: "2027-Q1", Entity: kr, Direction: change.Harder, Unit: "%", BaseUnit: "%", Pos: at(30)},
		},
		Measurements: []change.MeasurementChange{
			{Metric: "checkout_p95_ms", At: "2026-11-09", Value: 550, Note: "CDN *rollout* | <b>done</b>", Confidence: chgInt(7), File: "measurements/p95.csv", Line: 4, Kind: change.Added, Unit: "ms"},
			{Metric: "nps", At: "2026-11-02T09:30:00+01:00", Value: 41, File: "measurements/nps.yaml", Line: 6, Kind: change.Removed},
			{Metric: "payments/effortless-checkout/apple-pay", At: "2026-11-10", Value: 1, Note: "line\nbreak", Confidence: chgInt(0), File: "m.csv", Line: 2, Kind: change.Added},
		},
		Scores: []change.ScoreChange{
			{Ref: "growth", Period: q4, New: chgPtr(0)},
			{Ref: "payments", Period: q4, Old: chgPtr(0.375), New: chgPtr(0.40625)},
			{Ref: "payments/effortless-checkout", Period: q4, Old: chgPtr(0.25), New: chgPtr(0.3125)},
			{Ref: "payments/old", Period: q4, Old: chgPtr(0.5)},
			{Ref: "payments/trusted-payments", Period: q4, Old: chgPtr(0.5), New: chgPtr(0.5 - 1e-6)},
		},
	}
}

func TestChangesGolden(t *testing.T) {
	diffs := map[string]*change.Diff{
		"full":  changesDiff(),
		"empty": {Base: "HEAD", Head: "work tree", Changes: []change.Change{}, Scores: []change.ScoreChange{}},
		"scores-only": {Base: "HEAD~1", Head: "HEAD",
			Changes: []change.Change{},
			Scores:  []change.ScoreChange{{Ref: "payments", Period: "2026-Q4", Old: chgPtr(0.5), New: chgPtr(0.55)}}},
		"one-goalpost": {Changes: []change.Change{
			{Ref: "payments/effortless-checkout/p95-latency", Kind: change.Modified, Field: "baseline", Old: 800.0, New: 900.0, AfterPeriodStart: true, Period: "2026-Q4", Entity: change.KeyResult, Direction: change.Easier},
		}},
	}
	for name, d := range diffs {
		for _, format := range []string{"text", "text-color", "json", "markdown", "github"} {
			t.Run(name+"-"+format, func(t *testing.T) {
				f, color := strings.TrimSuffix(format, "-color"), strings.HasSuffix(format, "-color")
				var b bytes.Buffer
				opts := ChangeOptions{Color: color, Prefix: "okrs", Command: "okr diff origin/main --at 2026-11-15"}
				if err := Changes(&b, f, d, opts); err != nil {
					t.Fatal(err)
				}
				var again bytes.Buffer
				if err := Changes(&again, f, d, opts); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(b.Bytes(), again.Bytes()) {
					t.Fatalf("Changes(%s) is not deterministic", format)
				}
				changesGolden(t, name+"-"+format, b.Bytes())
			})
		}
	}
}

func changesGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "changes", name+".golden")
	if *updateChanges {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update-changes to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}

func TestChangesJSONNilLists(t *testing.T) {
	var b bytes.Buffer
	if err := Changes(&b, "json", &change.Diff{Base: "a", Head: "b"}, ChangeOptions{}); err != nil {
		t.Fatal(err)
	}
	want := "{\n  \"base\": \"a\",\n  \"head\": \"b\",\n  \"as_of\": \"\",\n  \"changes\": [],\n  \"scores\": [],\n  \"measurements\": []\n}\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("json (-want +got):\n%s", diff)
	}
}

func TestChangesUnknownFormat(t *testing.T) {
	err := Changes(&bytes.Buffer{}, "table", changesDiff(), ChangeOptions{})
	if err == nil || !strings.Contains(err.Error(), "text, markdown, json, github") {
		t.Errorf("Changes(table) error = %v, want the allowed formats", err)
	}
}

func TestChgMDCode(t *testing.T) {
	tests := []struct {
		in   string
		cell bool
		want string
	}{
		{"", true, ""},
		{"plain", true, "`plain`"},
		{"a|b", true, "`a`\\|`b`"},
		{"a|b", false, "`a`\\|`b`"},
		{"one `tick`", true, "`` one `tick` ``"},
		{"``two``", false, "``` ``two`` ```"},
		{"line\nbreak\r\ttab", false, "`line\\nbreak\\r\\ttab`"},
		{"\x1b[31mred", false, "`\\x1b[31mred`"},
	}
	for _, tt := range tests {
		if got := chgMDCode(tt.in, tt.cell); got != tt.want {
			t.Errorf("chgMDCode(%q, %v) = %q, want %q", tt.in, tt.cell, got, tt.want)
		}
	}
}

func TestChangesMarkdownCells(t *testing.T) {
	// Every row of every table has exactly its header's unescaped pipes,
	// whatever the values hold.
	var b bytes.Buffer
	if err := Changes(&b, "markdown", changesDiff(), ChangeOptions{}); err != nil {
		t.Fatal(err)
	}
	want, tables := 0, 0
	for _, line := range strings.Split(b.String(), "\n") {
		if !strings.HasPrefix(line, "|") {
			want = 0
			continue
		}
		n := strings.Count(line, "|") - strings.Count(line, `\|`)
		if want == 0 {
			want = n
			tables++
			continue
		}
		if n != want {
			t.Errorf("row has %d cell separators, want %d: %s", n, want, line)
		}
	}
	if tables != 4 {
		t.Errorf("%d tables, want 4 (moved, other, check-ins, scores)", tables)
	}
}

func TestChgScore(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{{300, "300"}, {0.45, "0.45"}, {0.5, "0.5"}, {0.40625, "0.41"}, {1, "1"}, {-0.001, "0"}, {0.999, "1"}}
	for _, tt := range tests {
		if got := chgScore(&tt.in); got != tt.want {
			t.Errorf("chgScore(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestChgDelta(t *testing.T) {
	tests := []struct {
		old, new float64
		want     string
	}{
		{0.72, 0.78, "+0.06"},
		// shown as 0.72 → 0.78: +0.06, though the values differ by 0.0502
		{0.7249, 0.7751, "+0.06"},
		// shown as 0.31 → 0.36 (0.3125 rounds to even, 0.35625 up): +0.05,
		// not the +0.04 of 0.04375 rounded
		{0.3125, 0.35625, "+0.05"},
		{0.5, 0.25, "-0.25"},
		{0.38, 0.21, "-0.17"},
		// too small to show: 0.00 with the sign of the way it went
		{0.5, 0.5 - 1e-6, "-0.00"},
		{0.5, 0.5 + 1e-6, "+0.00"},
		{0, 1, "+1.00"},
		{1, 0, "-1.00"},
	}
	for _, tt := range tests {
		s := change.ScoreChange{Old: &tt.old, New: &tt.new}
		if got := chgDelta(s); got != tt.want {
			t.Errorf("chgDelta(%v → %v) = %s, want %s (shown %s → %s)", tt.old, tt.new, got, tt.want, chgScore(&tt.old), chgScore(&tt.new))
		}
	}
	if got := chgDelta(change.ScoreChange{New: chgPtr(0.5)}); got != "" {
		t.Errorf("chgDelta(none → 0.5) = %q, want \"\"", got)
	}
}
