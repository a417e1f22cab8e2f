package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
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

// TestImportWorkbookProblemsAtOnce: a workbook as a spreadsheet saves it,
// with a formula that has no computed value and merged cells besides a
// row that is wrong: every problem comes out at once, at its cell
// (FILE:SHEET!B7), exit 1, nothing written.
func TestImportWorkbookProblemsAtOnce(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Goals"); err != nil {
		t.Fatal(err)
	}
	rows := [][]any{
		{"Owner", "Period", "Objective Title", "Title", "Baseline", "Target", "Current", "Current At"},
		{"pay", "2026-Q4", "Go fast", "Cut latency", 800, 300, nil, "2026-11-02"},
		{"pay", "2026-Q9", "Go fast", "Cut errors", 10, 2, nil, nil},
		{"pay", "2026-Q4", "Go fast", "Launch", 0, 1, nil, nil},
		{nil, "2026-Q4", "Go fast", "Launch again", 0, 1, nil, nil},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Goals", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetCellFormula("Goals", "G2", "400+50"); err != nil { // no cached value
		t.Fatal(err)
	}
	if err := f.MergeCell("Goals", "A4", "A5"); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "goals.xlsx")
	if err := f.SaveAs(file); err != nil {
		t.Fatal(err)
	}
	dst := t.TempDir()
	var stdout, stderr strings.Builder
	code := run([]string{"-C", dst, "--at", "2026-11-15", "import", file}, nil, &stdout, &stderr)
	want := []string{
		file + ":Goals!G2: error: a formula without a computed value: okr never evaluates formulas; open the file in a spreadsheet and save it, or type the value [import]",
		file + `:Goals!B3: error: period "2026-Q9" is not valid: write YYYY-Qn, YYYY-Hn or YYYY (2026-Q4) [import]`,
		file + ":Goals!A4: error: merged cells A4:A5: unmerge them and write the value in each row [import]",
		file + `:Goals!A5: error: no owner: each row names the team or person whose goal it is, such as "payments" [import]`,
		"okr: 4 error(s); nothing written",
	}
	if diff := cmp.Diff(want, strings.Split(strings.TrimSpace(stderr.String()), "\n")); code != exitProblems || diff != "" {
		t.Errorf("exit %d; stderr (-want +got):\n%s", code, diff)
	}
	if entries, _ := os.ReadDir(dst); len(entries) != 0 {
		t.Errorf("written: %v", entries)
	}
}
