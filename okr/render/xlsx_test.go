package render

import (
	"archive/zip"
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/okr-as-code/okr/okr/report"
	"github.com/okr-as-code/okr/okr/score"
	"github.com/okr-as-code/okr/okr/sheet"
)

// TestExportCSVGolden: the Goals layout as csv, text that begins with
// = + - @ behind a ', numbers as they are.
func TestExportCSVGolden(t *testing.T) {
	repo := scoresRepo()
	repo.Objectives[0].Objectives[0].Title = "=SUM(A1:A9)"
	repo.Objectives[0].Objectives[0].KeyResults[0].Unit = "-ms"
	ex, err := sheet.BuildExport(repo, scoresAsOf(), score.Options{Period: "all"})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Export(&b, "csv", ex, false); err != nil {
		t.Fatal(err)
	}
	logGolden(t, "export", "csv", b.Bytes())
	if err := Export(&b, "yaml", ex, false); err == nil || err.Error() != `unknown format "yaml": use one of xlsx, csv` {
		t.Errorf("err = %v", err)
	}
}

var updateXLSX = flag.Bool("update-xlsx", false, "rewrite the golden files of testdata/xlsx")

// xlsxParts is a workbook unzipped: each part's name and XML, in the order
// of the zip, one after the other, so that a golden file shows every byte
// that changes.
func xlsxParts(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	var s strings.Builder
	for _, f := range zr.File {
		if !f.Modified.IsZero() && f.Modified.Year() > 1980 {
			t.Errorf("%s has a time stamp %v", f.Name, f.Modified)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		s.WriteString("==> " + f.Name + " <==\n")
		s.Write(data)
		s.WriteString("\n")
	}
	return s.String()
}

// TestXLSXGolden writes every command's workbook twice (same bytes), and
// compares its unzipped XML parts with testdata/xlsx (-update-xlsx
// rewrites them). No cell is ever a formula: every text is an inline
// string, whatever it begins with.
func TestXLSXGolden(t *testing.T) {
	full, err := score.Score(scoresRepo(), scoresAsOf(), score.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Text that a spreadsheet would run as a formula, were it one.
	for i, o := range full.Owners {
		if o.Owner == "payments" {
			krs := full.Owners[i].Objectives[0].KeyResults
			krs[0].Unit, krs[1].Owner = `=HYPERLINK("http://x","y")`, "@alice"
		}
	}
	kpis := score.KPIs(scoresRepo(), scoresAsOf(), score.Options{})
	kpis.KPIs[0].Name = "-1+2"
	rep := reportFixture(t, "git", reportChanges(), score.Options{})
	ex, err := sheet.BuildExport(scoresRepo(), scoresAsOf(), score.Options{Period: "all"})
	if err != nil {
		t.Fatal(err)
	}
	writers := map[string]func(w io.Writer) error{
		"export":   func(w io.Writer) error { return Export(w, "xlsx", ex, false) },
		"template": func(w io.Writer) error { return Export(w, "", sheet.Template(), true) },
		"scores":   func(w io.Writer) error { return Scores(w, "xlsx", full, false) },
		"kpis":     func(w io.Writer) error { return KPIs(w, "xlsx", kpis, false) },
		"due":      func(w io.Writer) error { return Due(w, "xlsx", dueReport()) },
		"log":      func(w io.Writer) error { return Log(w, "xlsx", logFixture()) },
		"report":   func(w io.Writer) error { return Report(w, "xlsx", rep) },
		"report-none": func(w io.Writer) error {
			return Report(w, "xlsx", reportFixture(t, "git", []report.GoalChange{}, score.Options{Owner: "nobody"}))
		},
	}
	formula := regexp.MustCompile(`<f[ >]`)
	for name, write := range writers {
		t.Run(name, func(t *testing.T) {
			var b, again bytes.Buffer
			if err := write(&b); err != nil {
				t.Fatal(err)
			}
			if err := write(&again); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b.Bytes(), again.Bytes()) {
				t.Fatal("two writes of the same workbook differ")
			}
			parts := xlsxParts(t, b.Bytes())
			if formula.MatchString(parts) {
				t.Error("a cell is a formula")
			}
			if strings.Contains(parts, `t="str"`) || strings.Contains(parts, `t="s"`) {
				t.Error("a text cell is not an inline string")
			}
			if strings.Contains(parts, "\x1b") {
				t.Error("an escape character reached a cell")
			}
			path := filepath.Join("testdata", "xlsx", name+".golden")
			if *updateXLSX {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(parts), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update-xlsx to create it)", err)
			}
			if diff := cmp.Diff(string(want), parts); diff != "" {
				t.Errorf("%s differs (-want +got); run go test -update-xlsx after a deliberate change:\n%s", path, diff)
			}
		})
	}
}
