package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"
)

// The workbooks okr writes are read back by readers that are not
// excelize: Debian's python3-openpyxl for every workbook, and LibreOffice
// (soffice --headless --convert-to csv) once. Each test skips only when
// its reader is absent; .ci/run installs both and checks that they ran.

// openpyxlDump reads a workbook with openpyxl and prints, per sheet, its
// cells (numbers, text, booleans, dates as ISO strings) and what the
// sheet looks like: the bold header, the frozen pane, the autofilter, each
// cell's number format and fill, and whether any cell is a formula.
const openpyxlDump = `
import json, sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {}
for ws in wb.worksheets:
    rows, formats, fills = [], [], []
    formula = False
    for row in ws.iter_rows():
        r, f, fl = [], [], []
        for c in row:
            v = c.value
            if c.data_type == 'f':
                formula = True
            if isinstance(v, datetime.datetime):
                v = v.isoformat()
            r.append(v)
            f.append(c.number_format)
            fl.append(c.fill.fgColor.rgb if c.fill is not None and c.fill.fill_type == 'solid' else None)
        rows.append(r); formats.append(f); fills.append(fl)
    widths = {k: d.width for k, d in ws.column_dimensions.items()}
    out[ws.title] = {"rows": rows, "formats": formats, "fills": fills, "freeze": ws.freeze_panes,
        "filter": ws.auto_filter.ref, "bold": [bool(c.font.b) for c in ws[1]], "formula": formula, "widths": widths,
        "lists": {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}}
print(json.dumps({"sheets": out, "order": wb.sheetnames}))
`

// python finds a python3 that imports openpyxl: Debian's, else the one on
// PATH; "" when none does.
func python(t *testing.T) string {
	t.Helper()
	cands := []string{"/usr/bin/python3"}
	if p, err := exec.LookPath("python3"); err == nil {
		cands = append(cands, p)
	}
	for _, p := range cands {
		if exec.Command(p, "-c", "import openpyxl").Run() == nil {
			return p
		}
	}
	return ""
}

type xlSheet struct {
	Rows    [][]any            `json:"rows"`
	Formats [][]string         `json:"formats"`
	Fills   [][]*string        `json:"fills"`
	Freeze  string             `json:"freeze"`
	Filter  string             `json:"filter"`
	Bold    []bool             `json:"bold"`
	Formula bool               `json:"formula"`
	Widths  map[string]float64 `json:"widths"`
	Lists   map[string]string  `json:"lists"`
}

type xlBook struct {
	Sheets map[string]*xlSheet `json:"sheets"`
	Order  []string            `json:"order"`
}

// readXLSX reads the workbook at path with openpyxl, and checks what every
// sheet okr writes has: a bold header, frozen below it, an autofilter over
// the table, widths of at most 60, fills that match the grade words, and
// no formula.
func readXLSX(t *testing.T, py, path string) *xlBook {
	t.Helper()
	out, err := exec.Command(py, "-c", openpyxlDump, path).Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("openpyxl cannot read %s: %v\n%s", path, err, stderr)
	}
	var b xlBook
	if err := json.Unmarshal(out, &b); err != nil {
		t.Fatal(err)
	}
	fill := map[string]string{"green": "FFC6EFCE", "yellow": "FFFFEB9C", "red": "FFFFC7CE"}
	for name, s := range b.Sheets {
		if s.Formula {
			t.Errorf("%s: a cell is a formula", name)
		}
		if s.Freeze != "A2" {
			t.Errorf("%s: frozen at %q, want A2", name, s.Freeze)
		}
		if f := strings.ReplaceAll(s.Filter, "$", ""); !strings.HasPrefix(f, "A1:") || !strings.HasSuffix(f, fmt.Sprint(len(s.Rows))) {
			t.Errorf("%s: autofilter %q, want from A1", name, s.Filter)
		}
		for i, bold := range s.Bold {
			if !bold {
				t.Errorf("%s: header cell %d is not bold", name, i+1)
			}
		}
		for col, w := range s.Widths {
			if w > 60 || w < 1 {
				t.Errorf("%s: column %s is %v wide", name, col, w)
			}
		}
		for r, row := range s.Rows {
			for c, v := range row {
				word, ok := v.(string)
				want, graded := fill[word]
				got := s.Fills[r][c]
				header := s.Rows[0][c].(string)
				isGrade := r > 0 && (header == "grade" || header == "forecast_grade" || header == "health")
				switch {
				case isGrade && ok && graded && (got == nil || *got != want):
					t.Errorf("%s!%s%d: %s filled %v, want %s", name, colName(c), r+1, word, got, want)
				case !isGrade && got != nil:
					t.Errorf("%s!%s%d: filled %s", name, colName(c), r+1, *got)
				}
			}
		}
	}
	return &b
}

func colName(c int) string {
	s := ""
	for c++; c > 0; c = (c - 1) / 26 {
		s = string(rune('A'+(c-1)%26)) + s
	}
	return s
}

// records are a sheet's rows as maps by header, the header row left out.
func (s *xlSheet) records() []map[string]any {
	var out []map[string]any
	for i, row := range s.Rows {
		if i == 0 {
			continue
		}
		m := map[string]any{}
		for c, v := range row {
			m[s.Rows[0][c].(string)] = v
		}
		out = append(out, m)
	}
	return out
}

// format is the number format of the cell under header in row r (1-based
// data row).
func (s *xlSheet) format(r int, header string) string {
	for c, h := range s.Rows[0] {
		if h == header {
			return s.Formats[r][c]
		}
	}
	return ""
}

// okrOut runs okr in-process and returns its stdout; it fails the test on
// an exit code other than want.
func okrOut(t *testing.T, want int, args ...string) []byte {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(args, nil, &stdout, &stderr); code != want {
		t.Fatalf("okr %s: exit %d, want %d\n%s", strings.Join(args, " "), code, want, stderr.String())
	}
	return stdout.Bytes()
}

// sameValue compares a cell with a json value: numbers equal (a cell holds
// the json number), text equal, dates by their day (and minute), null
// with an empty cell.
func sameValue(cell, js any) bool {
	switch j := js.(type) {
	case nil:
		return cell == nil || cell == ""
	case float64:
		c, ok := cell.(float64)
		return ok && c == j // both rounded to 12 significant digits
	case bool:
		c, ok := cell.(bool)
		return ok && c == j
	case string:
		c, ok := cell.(string)
		if !ok {
			return j == "" && cell == nil
		}
		if c == j {
			return true
		}
		// A date cell reads back as a datetime at midnight; a timestamp as
		// its wall-clock time to the second.
		if len(j) == 10 && c == j+"T00:00:00" {
			return true
		}
		if len(j) >= 19 && len(c) == 19 && strings.Replace(j[:19], " ", "T", 1) == c {
			return true
		}
	}
	return false
}

// acmeGit is a copy of examples/acme with its files committed, so that
// log and report have a history.
func acmeGit(t *testing.T) string {
	t.Helper()
	requireTools(t, "git")
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(moduleRoot(t), "examples", "acme"))); err != nil {
		t.Fatal(err)
	}
	gitIn(t, dir, "init", "-q", "-b", "main")
	gitIn(t, dir, "add", "-A")
	gitIn(t, dir, "-c", "user.name=Ann", "commit", "-q", "-m", "=HYPERLINK(\"http://x\",\"y\")", "--date", "2026-10-05T10:30:00+02:00")
	return dir
}

// TestWorkbooksReadByOpenpyxl writes every command's workbook on
// examples/acme and reads it with openpyxl: the cells hold the values of
// --format json, typed (numbers, scores 0.00, dates yyyy-mm-dd, booleans),
// grades filled, no formula.
func TestWorkbooksReadByOpenpyxl(t *testing.T) {
	py := python(t)
	if py == "" {
		t.Skip("python3 with openpyxl (Debian python3-openpyxl) not installed")
	}
	dir := acmeGit(t)
	out := t.TempDir()
	at := "2026-11-15"
	book := func(cmd ...string) *xlBook {
		t.Helper()
		path := filepath.Join(out, cmd[0]+".xlsx")
		args := append([]string{"-C", dir, "--at", at}, cmd...)
		okrOut(t, 0, append(args, "--format", "xlsx", "--out", path)...)
		return readXLSX(t, py, path)
	}
	jsonOf := func(v any, cmd ...string) {
		t.Helper()
		args := append([]string{"-C", dir, "--at", at}, cmd...)
		if err := json.Unmarshal(okrOut(t, 0, append(args, "--format", "json")...), v); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("score", func(t *testing.T) {
		b := book("score", "--period", "all")
		var js struct {
			Owners []map[string]any `json:"owners"`
		}
		jsonOf(&js, "score", "--period", "all")
		checkScores(t, b.Sheets["Scores"], js.Owners)
	})
	t.Run("kpi", func(t *testing.T) {
		b := book("kpi")
		var js struct {
			KPIs []map[string]any `json:"kpis"`
		}
		jsonOf(&js, "kpi")
		checkRecords(t, b.Sheets["KPIs"], js.KPIs, "id", []string{"name", "owner", "unit", "target", "warn", "last", "last_at", "previous", "previous_at", "health", "stale", "age_days", "measurements"})
	})
	t.Run("due", func(t *testing.T) {
		b := book("due")
		var js struct {
			Due []map[string]any `json:"due"`
		}
		jsonOf(&js, "due")
		if len(js.Due) == 0 {
			t.Fatal("nothing due in examples/acme: the test compares nothing")
		}
		checkRecords(t, b.Sheets["Due"], js.Due, "ref", []string{"kind", "title", "owner", "document_owner", "period", "cadence", "last_at", "since_days", "overdue_days"})
	})
	t.Run("log", func(t *testing.T) {
		b := book("log")
		var js struct {
			Commits []map[string]any `json:"commits"`
		}
		jsonOf(&js, "log")
		s := b.Sheets["History"]
		recs := s.records()
		if len(recs) != len(js.Commits) || len(recs) == 0 {
			t.Fatalf("%d rows, %d commits", len(recs), len(js.Commits))
		}
		for i, c := range js.Commits {
			for _, k := range []string{"commit", "author", "subject"} {
				if !sameValue(recs[i][k], c[k]) {
					t.Errorf("row %d %s: %v, json %v", i+2, k, recs[i][k], c[k])
				}
			}
			// 2026-10-05T10:30:00+02:00: the wall clock, to the minute.
			if d, _ := recs[i]["date"].(string); !strings.HasPrefix(c["date"].(string), strings.Replace(d, "T", "T", 1)[:16]) {
				t.Errorf("row %d date: %v, json %v", i+2, recs[i]["date"], c["date"])
			}
			if f := s.format(i+1, "date"); f != "yyyy-mm-dd hh:mm" {
				t.Errorf("date format %q", f)
			}
			for k, v := range c["scores"].(map[string]any) {
				if !sameValue(recs[i][k], v) {
					t.Errorf("row %d %s: %v, json %v", i+2, k, recs[i][k], v)
				}
			}
		}
		if recs[0]["subject"] != `=HYPERLINK("http://x","y")` {
			t.Errorf("subject %q: the formula-like text is not kept as text", recs[0]["subject"])
		}
	})
	t.Run("export", func(t *testing.T) {
		b := book("export", "--period", "all")
		if fmt.Sprint(b.Order) != "[Goals KPIs]" {
			t.Fatalf("sheets %v", b.Order)
		}
		var js struct {
			Owners []map[string]any `json:"owners"`
		}
		jsonOf(&js, "score", "--period", "all")
		var want []map[string]any
		for _, o := range js.Owners {
			for _, ob := range o["objectives"].([]any) {
				ob := ob.(map[string]any)
				for _, k := range ob["key_results"].([]any) {
					k := k.(map[string]any)
					want = append(want, map[string]any{
						"owner": o["owner"], "period": o["period"], "level": o["level"],
						"objective": ob["id"], "objective_title": ob["title"], "objective_type": ob["type"], "objective_weight": ob["weight"],
						"key_result": k["id"], "title": k["title"], "type": k["type"], "baseline": k["baseline"], "commit": k["commit"],
						"target": k["target"], "stretch": k["stretch"], "aggregate": k["aggregate"], "weight": k["weight"],
						"current": k["current"], "current_at": k["last_at"],
					})
				}
			}
		}
		checkRecords(t, b.Sheets["Goals"], want, "key_result", []string{"owner", "period", "level", "objective", "objective_title", "objective_type",
			"objective_weight", "title", "type", "baseline", "commit", "target", "stretch", "aggregate", "weight", "current", "current_at"})
		var kpis struct {
			KPIs []map[string]any `json:"kpis"`
		}
		jsonOf(&kpis, "kpi")
		checkRecords(t, b.Sheets["KPIs"], kpis.KPIs, "id", []string{"name", "owner", "unit", "direction", "target", "warn", "cadence"})
	})
	t.Run("template", func(t *testing.T) {
		path := filepath.Join(out, "template.xlsx")
		okrOut(t, 0, "-C", t.TempDir(), "export", "--template", "--out", path)
		b := readXLSX(t, py, path)
		want := map[string]map[string]string{
			"Goals": {"C2:C1048576": `"company,department,team,individual"`, "F2:F1048576": `"aspirational,committed"`,
				"K2:K1048576": `"metric,at_least,at_most,milestone"`, "R2:R1048576": `"last,sum,max,min,mean"`,
				"U2:U1048576": `"daily,weekly,biweekly,monthly,quarterly"`},
			"KPIs": {"E2:E1048576": `"increase,decrease"`, "H2:H1048576": `"daily,weekly,biweekly,monthly,quarterly"`, "J2:J1048576": `"leading,lagging"`},
		}
		for name, lists := range want {
			s := b.Sheets[name]
			if s == nil || len(s.Rows) != 2 {
				t.Fatalf("%s: want a header and one example row", name)
			}
			if diff := cmp.Diff(lists, s.Lists); diff != "" {
				t.Errorf("%s lists (-want +got):\n%s", name, diff)
			}
		}
	})
	t.Run("report", func(t *testing.T) {
		b := book("report", "--period", "2026-Q4")
		want := []string{"Summary", "Key results", "KPIs", "Due", "Moved goalposts"}
		if fmt.Sprint(b.Order) != fmt.Sprint(want) {
			t.Fatalf("sheets %v, want %v", b.Order, want)
		}
		var js struct {
			Scores struct {
				Owners []map[string]any `json:"owners"`
			} `json:"scores"`
			KPIs struct {
				KPIs []map[string]any `json:"kpis"`
			} `json:"kpis"`
			Due struct {
				Due []map[string]any `json:"due"`
			} `json:"due"`
		}
		jsonOf(&js, "report", "--period", "2026-Q4")
		checkRecords(t, b.Sheets["Summary"], js.Scores.Owners, "owner", []string{"period", "level", "score", "grade", "status", "forecast_score", "forecast_grade", "start", "end", "file"})
		checkScores(t, b.Sheets["Key results"], js.Scores.Owners)
		checkRecords(t, b.Sheets["KPIs"], js.KPIs.KPIs, "id", []string{"name", "last", "last_at", "health", "stale"})
		checkRecords(t, b.Sheets["Due"], js.Due.Due, "ref", []string{"owner", "last_at", "overdue_days"})
	})
}

// checkRecords compares a sheet's rows with json objects in order, by the
// key column and the named fields.
func checkRecords(t *testing.T, s *xlSheet, js []map[string]any, key string, fields []string) {
	t.Helper()
	if s == nil {
		t.Fatal("no such sheet")
	}
	recs := s.records()
	if len(recs) != len(js) || len(recs) == 0 {
		t.Fatalf("%d rows, %d in json", len(recs), len(js))
	}
	for i, j := range js {
		for _, f := range append([]string{key}, fields...) {
			if !sameValue(recs[i][f], j[f]) {
				t.Errorf("row %d (%v) %s: cell %#v, json %#v", i+2, j[key], f, recs[i][f], j[f])
			}
			if strings.HasSuffix(f, "_at") && j[f] != nil && len(j[f].(string)) == 10 {
				if got := s.format(i+1, f); got != "yyyy-mm-dd" {
					t.Errorf("row %d %s: number format %q, want yyyy-mm-dd", i+2, f, got)
				}
			}
		}
	}
}

// checkScores compares the Scores sheet with okr score's json: a row per
// owner, objective and key result in that order, each with its scores
// (number format 0.00), and the key results' values.
func checkScores(t *testing.T, s *xlSheet, owners []map[string]any) {
	t.Helper()
	if s == nil {
		t.Fatal("no such sheet")
	}
	recs := s.records()
	i := 0
	next := func(kind string) map[string]any {
		t.Helper()
		if i >= len(recs) {
			t.Fatalf("the sheet ends at row %d; want a %s", i+1, kind)
		}
		r := recs[i]
		i++
		if r["kind"] != kind {
			t.Fatalf("row %d is a %v, want a %s", i+1, r["kind"], kind)
		}
		if got := s.format(i, "score"); got != "0.00" {
			t.Errorf("row %d score format %q, want 0.00", i+1, got)
		}
		return r
	}
	krs := 0
	for _, o := range owners {
		r := next("owner")
		for _, f := range []string{"owner", "period", "score", "grade", "status", "forecast_score", "forecast_grade"} {
			if !sameValue(r[f], o[f]) {
				t.Errorf("owner %v %s: %#v, json %#v", o["owner"], f, r[f], o[f])
			}
		}
		for _, ob := range o["objectives"].([]any) {
			ob := ob.(map[string]any)
			r := next("objective")
			for _, f := range []string{"ref", "type", "score", "grade", "status", "forecast_score", "forecast_grade"} {
				if !sameValue(r[f], ob[f]) {
					t.Errorf("objective %v %s: %#v, json %#v", ob["ref"], f, r[f], ob[f])
				}
			}
			for _, k := range ob["key_results"].([]any) {
				k := k.(map[string]any)
				r := next("key_result")
				krs++
				for _, f := range []string{"ref", "type", "baseline", "commit", "target", "stretch", "current", "unit", "measurements", "no_data", "score", "grade", "status", "confidence", "confidence_at", "needed_per_week"} {
					if !sameValue(r[f], k[f]) {
						t.Errorf("key result %v %s: %#v, json %#v", k["ref"], f, r[f], k[f])
					}
				}
				if r["kr_owner"] != nil || k["owner"] != "" {
					if !sameValue(r["kr_owner"], k["owner"]) {
						t.Errorf("key result %v owner: %#v, json %#v", k["ref"], r["kr_owner"], k["owner"])
					}
				}
				fc, _ := k["forecast"].(map[string]any)
				for col, f := range map[string]string{"forecast": "value", "forecast_low": "low", "forecast_high": "high", "forecast_score": "score", "forecast_grade": "grade"} {
					var want any
					if fc != nil {
						want = fc[f]
					}
					if !sameValue(r[col], want) {
						t.Errorf("key result %v %s: %#v, json %#v", k["ref"], col, r[col], want)
					}
				}
			}
		}
	}
	if i != len(recs) || krs == 0 {
		t.Errorf("%d rows compared of %d, %d key results", i, len(recs), krs)
	}
}

// TestWorkbookReadByLibreOffice converts okr score's workbook to CSV with
// LibreOffice and compares its cells with okr score --format csv: the same
// key results, with the same numbers.
func TestWorkbookReadByLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (Debian libreoffice-calc-nogui) not installed")
	}
	dir := filepath.Join(moduleRoot(t), "examples", "acme")
	out := t.TempDir()
	xlsx := filepath.Join(out, "scores.xlsx")
	okrOut(t, 0, "-C", dir, "--at", "2026-11-15", "score", "--format", "xlsx", "--out", xlsx)
	cmd := exec.Command(soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(out, "profile"),
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false", "--outdir", out, xlsx)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	got, err := os.ReadFile(filepath.Join(out, "scores.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want := okrOut(t, 0, "-C", dir, "--at", "2026-11-15", "score", "--format", "csv")
	lo := csvRecords(t, got)
	okr := csvRecords(t, want)
	// The workbook's key-result rows are the csv's rows, after the kind.
	var krs [][]string
	for _, r := range lo[1:] {
		if r[0] == "key_result" {
			krs = append(krs, r[1:])
		}
	}
	if lo[0][0] != "kind" || fmt.Sprint(lo[0][1:]) != fmt.Sprint(okr[0]) {
		t.Fatalf("header %v, csv %v", lo[0], okr[0])
	}
	if len(krs) != len(okr)-1 {
		t.Fatalf("%d key results in the workbook, %d in csv", len(krs), len(okr)-1)
	}
	for i, row := range krs {
		for c, v := range row {
			w := okr[i+1][c]
			if v == w {
				continue
			}
			// LibreOffice writes the cells as shown: scores with two
			// decimals, booleans in capitals.
			fv, e1 := parseNum(v)
			fw, e2 := parseNum(w)
			switch {
			case e1 == nil && e2 == nil && math.Abs(fv-fw) <= 0.005+1e-9:
			case strings.EqualFold(v, w):
			default:
				t.Errorf("row %d %s: LibreOffice %q, csv %q", i+2, okr[0][c], v, w)
			}
		}
	}
}

// TestXLSXNotToATerminal: a workbook is binary; on a terminal okr refuses
// it (exit 2, saying what to do) before it reads anything.
func TestXLSXNotToATerminal(t *testing.T) {
	ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer ptmx.Close()
	if err := unix.IoctlSetPointerInt(int(ptmx.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	n, err := unix.IoctlGetInt(int(ptmx.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	tty, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer tty.Close()
	dir := filepath.Join(moduleRoot(t), "examples", "acme")
	for _, cmd := range []string{"score", "kpi", "due", "log", "report", "export"} {
		var stderr bytes.Buffer
		code := run([]string{"-C", dir, cmd, "--format", "xlsx"}, nil, tty, &stderr)
		if code != exitUsage || !strings.Contains(stderr.String(), "okr: xlsx is binary: use --out FILE or redirect the output") {
			t.Errorf("okr %s --format xlsx on a terminal: exit %d, stderr %q", cmd, code, stderr.String())
		}
	}
	// With --out, the terminal is not written to.
	out := filepath.Join(t.TempDir(), "s.xlsx")
	var stderr bytes.Buffer
	if code := run([]string{"-C", dir, "--at", "2026-11-15", "score", "--format", "xlsx", "--out", out}, nil, tty, &stderr); code != exitOK {
		t.Fatalf("--out: exit %d: %s", code, stderr.String())
	}
	if b, err := os.ReadFile(out); err != nil || !bytes.HasPrefix(b, []byte("PK")) {
		t.Errorf("--out wrote %.10q, %v", b, err)
	}
	// --out naming the terminal is refused as standard output is, and the
	// device stays a device.
	stderr.Reset()
	if code := run([]string{"-C", dir, "score", "--format", "xlsx", "--out", tty.Name()}, nil, &bytes.Buffer{}, &stderr); code != exitUsage ||
		!strings.Contains(stderr.String(), "okr: xlsx is binary: use --out FILE or redirect the output") {
		t.Errorf("--out %s: exit %d, stderr %q", tty.Name(), code, stderr.String())
	}
	if fi, err := os.Stat(tty.Name()); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Errorf("%s is no longer a terminal: %v %v", tty.Name(), fi.Mode(), err)
	}
}

// TestOutToAPipe: --out naming a FIFO (or /dev/stdout, a device) writes
// into it, and leaves it what it is: never a file put in its place.
func TestOutToAPipe(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := unix.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(moduleRoot(t), "examples", "acme")
	got := make(chan []byte)
	go func() {
		b, _ := os.ReadFile(fifo) // opens once okr opens it to write
		got <- b
	}()
	var stderr bytes.Buffer
	if code := run([]string{"-C", dir, "--at", "2026-11-15", "kpi", "--format", "csv", "--out", fifo}, nil, &bytes.Buffer{}, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("the FIFO was replaced: %v %v", fi.Mode(), err) // its reader waits for ever
	}
	want := okrOut(t, 0, "-C", dir, "--at", "2026-11-15", "kpi", "--format", "csv")
	if diff := cmp.Diff(string(want), string(<-got)); diff != "" {
		t.Errorf("read from the FIFO (-want +got):\n%s", diff)
	}
}

func csvRecords(t *testing.T, b []byte) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func parseNum(s string) (float64, error) { return strconv.ParseFloat(s, 64) }
