package scaffold

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/template"
	"time"
)

// Owner is the owner of the example Objectives document and KPI.
const Owner = "my-team"

// KPIID is the id of the example KPI.
const KPIID = "weekly_active_users"

//go:embed templates
var templates embed.FS

// A file is one file that Init writes: its path relative to the target
// directory (slash-separated) and the template it is made from. Templates
// ending in .tmpl are executed with text/template; others are copied as they
// are (the workflow holds GitHub's own ${{ … }} expressions).
type file struct {
	path, template string
}

func files(period string) []file {
	return []file{
		{"okr.yaml", "okr.yaml.tmpl"},
		{"objectives/" + period + ".yaml", "objectives.yaml.tmpl"},
		{"kpis/" + KPIID + ".yaml", "kpi.yaml.tmpl"},
		{"measurements/" + Owner + ".csv", "measurements.csv.tmpl"},
		{".github/workflows/okr.yaml", "workflow.yaml"},
	}
}

// ExistsError is returned by Init when files it would write already exist.
// Init writes nothing in that case.
type ExistsError struct {
	Dir   string   // the directory given to Init
	Files []string // the existing files, relative to Dir and slash-separated
}

func (e *ExistsError) Error() string {
	return fmt.Sprintf("refusing to overwrite existing %s in %s: %s (okr init never overwrites; move them away or choose another directory)",
		plural(len(e.Files), "file", "files"), e.Dir, strings.Join(e.Files, ", "))
}

// Is reports whether target is fs.ErrExist, so that
// errors.Is(err, fs.ErrExist) holds for an ExistsError.
func (e *ExistsError) Is(target error) bool { return target == fs.ErrExist }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Init scaffolds an OKR repository in dir, creating dir if needed: okr.yaml,
// an example Objectives document for the calendar quarter that contains now
// (objectives/YYYY-Qn.yaml, owner my-team), a KPI, a measurements CSV with a
// few rows dated inside that quarter and no later than now, and a GitHub
// Actions workflow that validates on every push and pull request and comments
// the goal diff on pull requests. now is read in its own location.
//
// Init never overwrites. It first checks every file it would write; if any
// exists it writes nothing and returns an *ExistsError naming them. Files are
// created exclusively, and if one cannot be written the ones created before it
// are removed again.
//
// created lists the files written, relative to dir and slash-separated, in a
// fixed order.
func Init(dir string, now time.Time) (created []string, err error) {
	d := newData(now)
	fl := files(d.Period)

	contents := make([][]byte, len(fl))
	for i, f := range fl {
		contents[i], err = render(f.template, d)
		if err != nil {
			return nil, err
		}
	}

	var existing []string
	for _, f := range fl {
		_, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(f.path)))
		switch {
		case err == nil:
			existing = append(existing, f.path)
		case !errors.Is(err, fs.ErrNotExist):
			return nil, err
		}
	}
	if len(existing) > 0 {
		return nil, &ExistsError{Dir: dir, Files: existing}
	}

	for i, f := range fl {
		if err := create(filepath.Join(dir, filepath.FromSlash(f.path)), contents[i]); err != nil {
			for _, c := range created {
				os.Remove(filepath.Join(dir, filepath.FromSlash(c)))
			}
			return nil, err
		}
		created = append(created, f.path)
	}
	return created, nil
}

// create writes a new file, failing if it exists.
func create(name string, content []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(content); err != nil {
		f.Close()
		os.Remove(name)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(name)
		return err
	}
	return nil
}

func render(name string, d data) ([]byte, error) {
	src, err := templates.ReadFile("templates/" + name)
	if err != nil {
		return nil, err
	}
	if !strings.HasSuffix(name, ".tmpl") {
		return src, nil
	}
	t, err := template.New(name).Option("missingkey=error").Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, d); err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	return b.Bytes(), nil
}

// data is what the templates see.
type data struct {
	Owner  string
	KPI    string
	Period string // YYYY-Qn, the calendar quarter containing now
	Rows   []row  // the example measurements, by date
}

type row struct {
	Metric, At, Value, Note string
}

// A sample is one week's example measurements, daysAgo days before now.
type sample struct {
	daysAgo int
	users   int     // weekly_active_users
	hours   float64 // first-response
}

var samples = []sample{
	{21, 1080, 7.5},
	{14, 1150, 6},
	{7, 1230, 5},
}

// newData computes the period of now and example measurements dated inside it,
// no later than now: three weekly samples, moved up to the first day of the
// quarter when they would fall before it (a sample that then shares its date
// with a later one is dropped), and a not-yet-done milestone.
func newData(now time.Time) data {
	y, m, dd := now.Date()
	today := time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
	q := (int(m)-1)/3 + 1
	start := time.Date(y, time.Month(3*(q-1)+1), 1, 0, 0, 0, 0, time.UTC)

	type dated struct {
		at time.Time
		s  sample
	}
	var kept []dated
	for _, s := range samples {
		at := today.AddDate(0, 0, -s.daysAgo)
		if at.Before(start) {
			at = start
		}
		if n := len(kept); n > 0 && kept[n-1].at.Equal(at) {
			kept = kept[:n-1]
		}
		kept = append(kept, dated{at, s})
	}

	d := data{Owner: Owner, KPI: KPIID, Period: fmt.Sprintf("%d-Q%d", y, q)}
	ref := Owner + "/happy-customers/"
	for i, k := range kept {
		at := k.at.Format(time.DateOnly)
		d.Rows = append(d.Rows,
			row{KPIID, at, strconv.Itoa(k.s.users), ""},
			row{ref + "first-response", at, strconv.FormatFloat(k.s.hours, 'f', -1, 64), ""})
		if i == 0 {
			d.Rows = append(d.Rows, row{ref + "help-center", at, "0", "first articles drafted"})
		}
	}
	return d
}
