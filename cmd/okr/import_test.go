package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// historyFields are the fields of okr score's json computed from a key
// result's history, which an import does not carry (it writes one
// measurement, the current value): how many measurements counted, the
// latest confidence, the forecast from the trend, and the file.
var historyFields = map[string]bool{
	"measurements": true, "confidence": true, "confidence_at": true, "forecast": true,
	"needed_per_week": true, "forecast_score": true, "forecast_grade": true, "file": true,
}

func withoutHistory(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			if !historyFields[k] {
				out[k] = withoutHistory(e)
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = withoutHistory(e)
		}
		return out
	}
	return v
}

// TestImportRoundTrip (SPEC §7): okr export of examples/acme, imported
// into an empty directory with the same okr.yaml, scores exactly as the
// original as of the same date: every owner, objective and key result's
// score, grade, status and current value, in xlsx and in csv. The files
// pass okr validate and okr fmt --check.
//
// examples/acme's company key result "availability" reads the KPI that
// platform's 2026-Q4 key result reads, both as a mean, over the year and
// over the quarter: two current values for one KPI on one day, which one
// KPI measurement cannot give (SPEC §7 leaves such KPIs out of the round
// trip; okr import says so, TestImportKPIConflict). The copy here reads
// its own measurements instead.
func TestImportRoundTrip(t *testing.T) {
	src := t.TempDir()
	if err := os.CopyFS(src, os.DirFS(filepath.Join(moduleRoot(t), "examples", "acme"))); err != nil {
		t.Fatal(err)
	}
	company := filepath.Join(src, "company", "2026.yaml")
	b, err := os.ReadFile(company)
	if err != nil {
		t.Fatal(err)
	}
	fixed := strings.Replace(string(b), "        kpi: api_availability_pct\n", "", 1)
	if fixed == string(b) {
		t.Fatal("examples/acme/company/2026.yaml no longer reads api_availability_pct: update the test")
	}
	if err := os.WriteFile(company, []byte(fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	at := "2026-11-15"
	scores := func(dir string) any {
		t.Helper()
		var v any
		if err := json.Unmarshal(okrOut(t, 0, "-C", dir, "--at", at, "score", "--period", "all", "--format", "json"), &v); err != nil {
			t.Fatal(err)
		}
		return withoutHistory(v)
	}
	want := scores(src)
	for _, format := range []string{"xlsx", "csv"} {
		t.Run(format, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "goals."+format)
			okrOut(t, 0, "-C", src, "--at", at, "export", "--period", "all", "--format", format, "--out", file)
			dst := t.TempDir()
			cfg, err := os.ReadFile(filepath.Join(src, "okr.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dst, "okr.yaml"), cfg, 0o644); err != nil {
				t.Fatal(err)
			}
			if format == "csv" {
				// csv carries the Goals sheet alone: the KPIs the key
				// results read are the original's, there already.
				if err := os.CopyFS(filepath.Join(dst, "kpis"), os.DirFS(filepath.Join(src, "kpis"))); err != nil {
					t.Fatal(err)
				}
			}
			okrOut(t, 0, "-C", dst, "--at", at, "import", file)
			okrOut(t, 0, "-C", dst, "--at", at, "validate")
			okrOut(t, 0, "-C", dst, "fmt", "--check")
			if diff := cmp.Diff(want, scores(dst)); diff != "" {
				t.Errorf("scores after the round trip (-original +imported):\n%s", diff)
			}
		})
	}
}

// TestImportKPIConflict: examples/acme exported whole gives its KPI
// api_availability_pct two values on one day (a mean over the year, one
// over the quarter): okr import names both cells and writes nothing.
func TestImportKPIConflict(t *testing.T) {
	src := filepath.Join(moduleRoot(t), "examples", "acme")
	file := filepath.Join(t.TempDir(), "goals.xlsx")
	okrOut(t, 0, "-C", src, "--at", "2026-11-15", "export", "--period", "all", "--out", file)
	dst := t.TempDir()
	var stdout, stderr strings.Builder
	code := run([]string{"-C", dst, "--at", "2026-11-15", "import", file}, nil, &stdout, &stderr)
	if code != exitProblems || !strings.Contains(stderr.String(), "error: KPI api_availability_pct has ") ||
		!strings.Contains(stderr.String(), "the rows that read one KPI must give it one value a day [import]") {
		t.Errorf("exit %d\n%s", code, stderr.String())
	}
	if entries, _ := os.ReadDir(dst); len(entries) != 0 {
		t.Errorf("written: %v", entries)
	}
}
