package render

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/okr-as-code/okr/okr/scorelog"
)

var updateLog = flag.Bool("update-log", false, "rewrite the golden files of testdata/log")

// logFixture is a score history with a blank cell (a commit before a
// document existed), a year, a half and quarters, and authors and subjects
// that need quoting in CSV and escaping on a terminal.
func logFixture() *scorelog.Log {
	return &scorelog.Log{Commits: []scorelog.Entry{
		{
			Commit: "9f2c1e07a1b2c3d4e5f60718293a4b5c6d7e8f90", Short: "9f2c1e0",
			Date: "2026-11-10T16:45:00+01:00", Author: "Zoë Martín", Subject: `Lower the "p95" target, again | for Q4`,
			Scores: scorelog.ScoresOf(map[string]float64{"2026/acme": 0.63161, "2026-H2/engineering": 0.4333333333333333, "2026-Q4/growth": 0.45, "2026-Q4/payments": 0.5657142857142856}),
		},
		{
			Commit: "4b1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5", Short: "4b1d2e3",
			Date: "2026-10-22T09:00:00Z", Author: "Bob", Subject: "Move the payments goals\x1b[31m",
			Scores: scorelog.ScoresOf(map[string]float64{"2026/acme": 0.54, "2026-H2/engineering": 0.34270833333333334, "2026-Q4/growth": 0, "2026-Q4/payments": 0.125}),
		},
		{
			Commit: "0123456789abcdef0123456789abcdef01234567", Short: "0123456",
			Date: "2026-09-25T10:00:00Z", Author: "Ada", Subject: "Q3 goals",
			Scores: scorelog.ScoresOf(map[string]float64{"2026/acme": 0.5, "2026-H2/engineering": 0.2}),
		},
	}}
}

func TestLogGolden(t *testing.T) {
	logs := map[string]*scorelog.Log{
		"full":      logFixture(),
		"empty":     {Commits: []scorelog.Entry{}},
		"truncated": {Commits: logFixture().Commits[:1], Truncated: true},
		// --period 2026-Q4: a commit before the quarter began has no
		// score (NaN): blank in the table and CSV, null in JSON.
		"not-begun": {Commits: []scorelog.Entry{
			{
				Commit: "4b1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5", Short: "4b1d2e3",
				Date: "2026-10-02T09:00:00Z", Author: "Bob", Subject: "Record",
				Scores: scorelog.ScoresOf(map[string]float64{"2026-Q4/growth": 0, "2026-Q4/payments": 0.25}),
			},
			{
				Commit: "0123456789abcdef0123456789abcdef01234567", Short: "0123456",
				Date: "2026-09-25T10:00:00Z", Author: "Ada", Subject: "Q4 goals",
				Scores: scorelog.ScoresOf(map[string]float64{"2026-Q4/growth": math.NaN(), "2026-Q4/payments": math.NaN()}),
			},
		}},
	}
	for name, l := range logs {
		for _, format := range []string{"table", "csv", "json"} {
			t.Run(name+"-"+format, func(t *testing.T) {
				var b bytes.Buffer
				if err := Log(&b, format, l); err != nil {
					t.Fatal(err)
				}
				var again bytes.Buffer
				if err := Log(&again, format, l); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(b.Bytes(), again.Bytes()) {
					t.Fatalf("Log(%s) is not deterministic", format)
				}
				if format == "table" && strings.Contains(b.String(), "\x1b") {
					t.Error("the table writes an escape sequence from a commit subject")
				}
				logGolden(t, "log", name+"-"+format, b.Bytes())
			})
		}
	}
	// The default format is the table.
	var def, tab bytes.Buffer
	if err := Log(&def, "", logFixture()); err != nil {
		t.Fatal(err)
	}
	if err := Log(&tab, "table", logFixture()); err != nil {
		t.Fatal(err)
	}
	if def.String() != tab.String() {
		t.Error("the default format is not the table")
	}
}

func TestLogUnknownFormat(t *testing.T) {
	err := Log(&bytes.Buffer{}, "markdown", logFixture())
	want := `unknown format "markdown": use one of table, csv, json, xlsx`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
}

// logGolden compares got with testdata/<dir>/<name>.golden, or rewrites it
// with -update-log or -update-report.
func logGolden(t *testing.T, dir, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", dir, name+".golden")
	if (dir == "log" && *updateLog) || (dir == "report" && *updateReport) || (dir == "export" && *updateXLSX) {
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
		t.Fatalf("%v (run go test -update-%s to create it)", err, dir)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got); run go test -update-%s after a deliberate change:\n%s", path, dir, diff)
	}
}
