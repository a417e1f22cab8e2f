package scaffold

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/okr-as-code/okr/schema"
)

// Owner is the owner of the example Objectives document and KPI.
const Owner = "my-team"

// KPIID is the id of the example KPI.
const KPIID = "weekly_active_users"

//go:embed templates
var templates embed.FS

// A file is one file that Init writes: its path (slash-separated) relative
// to the target directory, or with top to the top of the enclosing git work
// tree, and the template it is made from. Templates ending in .tmpl are
// executed with text/template; the workflows' delimiters are [[ ]], since they
// hold GitHub's own ${{ … }} expressions. A file with gen is generated
// instead, and one with keep is left alone, and not written, when it exists.
type file struct {
	path, template string
	top            bool
	gen            func(data) ([]byte, error)
	keep           bool
}

// Files at the top of the work tree.
const (
	WorkflowFile = ".github/workflows/okr.yaml"
	// DigestWorkflowFile posts okr digest every Monday (SPEC §5).
	DigestWorkflowFile = ".github/workflows/okr-digest.yaml"
	SettingsFile       = ".vscode/settings.json"
	SchemaFile         = "okr.schema.json"
)

func files(period string) []file {
	return []file{
		{path: "okr.yaml", template: "okr.yaml.tmpl"},
		{path: "objectives/" + period + ".yaml", template: "objectives.yaml.tmpl"},
		{path: "kpis/" + KPIID + ".yaml", template: "kpi.yaml.tmpl"},
		{path: "measurements/" + Owner + ".csv", template: "measurements.csv.tmpl"},
		{path: SchemaFile, gen: func(data) ([]byte, error) { return schema.JSON, nil }},
		{path: WorkflowFile, template: "workflow.yaml.tmpl", top: true},
		{path: DigestWorkflowFile, template: "digest.yaml.tmpl", top: true},
		{path: SettingsFile, gen: settings, top: true, keep: true},
	}
}

// Globs are the OKR files of a scaffolded repository, relative to its root:
// what the editor settings map to the schema. Other YAML files (CI configs)
// are not OKR documents and must not be checked against it.
var Globs = []string{"okr.yaml", "objectives/**/*.yaml", "kpis/**/*.yaml", "measurements/**/*.yaml", "people.yaml", "people/**/*.yaml"}

// settings is .vscode/settings.json: yaml.schemas maps the OKR files to
// okr.schema.json, for every document of each file.
func settings(d data) ([]byte, error) {
	var globs []string
	for _, g := range Globs {
		globs = append(globs, joinSlash(d.WorkingDirectory, g))
	}
	b, err := json.MarshalIndent(map[string]any{
		"yaml.schemas": map[string][]string{"./" + joinSlash(d.WorkingDirectory, SchemaFile): globs},
	}, "", "  ")
	return append(b, '\n'), err
}

func joinSlash(dir, name string) string {
	if dir == "." || dir == "" {
		return name
	}
	return dir + "/" + name
}

// Options say what Init writes where.
type Options struct {
	Dir string    // the root of the new OKR repository (created if needed)
	Now time.Time // the example's quarter and measurement dates, read in its own location

	// Top is the top of the git work tree that encloses Dir, or "" when
	// none does: the workflow and the editor settings are written there
	// (GitHub reads workflows only at the top), else in Dir.
	Top string
	// ActionRef is the ref of the okr action the workflow uses (default main).
	ActionRef string
	// DefaultBranch is the branch whose pushes the workflow checks and
	// publishes the site from (default main).
	DefaultBranch string
}

// Result lists what Init did, each path relative to Dir and slash-separated
// (a file at the top of the work tree may start with ../).
type Result struct {
	Created []string // in a fixed order
	Kept    []string // existing editor settings, left as they were
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

// Init scaffolds an OKR repository in dir, as [InitWith] with no enclosing
// work tree: every file goes under dir. It returns the files created.
func Init(dir string, now time.Time) (created []string, err error) {
	r, err := InitWith(Options{Dir: dir, Now: now})
	if err != nil {
		return nil, err
	}
	return r.Created, nil
}

// InitWith scaffolds an OKR repository in o.Dir: okr.yaml, an example
// Objectives document for the calendar quarter that contains o.Now
// (objectives/YYYY-Qn.yaml, owner my-team), a KPI, a measurements CSV with a
// few rows dated inside that quarter and no later than o.Now, okr.schema.json
// for editors; and at o.Top (else in o.Dir) a GitHub Actions workflow that
// uses the okr action with a paths filter for the OKR files and its
// working-directory set to o.Dir, and .vscode/settings.json mapping the OKR
// files to the schema.
//
// InitWith never overwrites. It first checks every file it would write; if
// any exists it writes nothing and returns an *ExistsError naming them,
// except existing editor settings, which it leaves alone and lists in Kept.
// Files are created exclusively, and if one cannot be written the ones
// created before it are removed again.
func InitWith(o Options) (*Result, error) {
	dir := o.Dir
	wd := "."
	top := dir
	if o.Top != "" {
		rel, err := filepath.Rel(o.Top, dir)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return nil, fmt.Errorf("%s is not inside the work tree %s", dir, o.Top)
		}
		wd, top = filepath.ToSlash(rel), o.Top
	}
	d := newData(o.Now)
	d.WorkingDirectory = wd
	d.ActionRef = cmpOr(o.ActionRef, "main")
	d.DefaultBranch = cmpOr(o.DefaultBranch, "main")
	d.Paths = paths(wd)
	fl := files(d.Period)

	where := func(f file) string {
		if f.top {
			return filepath.Join(top, filepath.FromSlash(f.path))
		}
		return filepath.Join(dir, filepath.FromSlash(f.path))
	}
	// name is a file's path relative to dir.
	name := func(f file) string {
		rel, err := filepath.Rel(dir, where(f))
		if err != nil {
			return f.path
		}
		return filepath.ToSlash(rel)
	}

	contents := make([][]byte, len(fl))
	for i, f := range fl {
		var err error
		if f.gen != nil {
			contents[i], err = f.gen(d)
		} else {
			contents[i], err = render(f.template, d)
		}
		if err != nil {
			return nil, err
		}
	}

	res := &Result{}
	var existing []string
	skip := make([]bool, len(fl))
	for i, f := range fl {
		_, err := os.Lstat(where(f))
		switch {
		case err == nil && f.keep:
			skip[i] = true
			res.Kept = append(res.Kept, name(f))
		case err == nil:
			existing = append(existing, name(f))
		case !errors.Is(err, fs.ErrNotExist):
			return nil, err
		}
	}
	if len(existing) > 0 {
		return nil, &ExistsError{Dir: dir, Files: existing}
	}

	var written []string
	for i, f := range fl {
		if skip[i] {
			continue
		}
		if err := create(where(f), contents[i]); err != nil {
			for _, w := range written {
				os.Remove(w)
			}
			return nil, err
		}
		written = append(written, where(f))
		res.Created = append(res.Created, name(f))
	}
	return res, nil
}

// paths are the workflow's paths filter: the OKR files under wd (relative
// to the top of the work tree), and the workflow itself.
func paths(wd string) []string {
	if wd == "." {
		return []string{"**.yaml", "**.yml", "**.csv"}
	}
	return []string{wd + "/**", WorkflowFile}
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
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
	t := template.New(name).Option("missingkey=error").Funcs(template.FuncMap{"json": quote})
	if strings.HasPrefix(name, "workflow") || strings.HasPrefix(name, "digest") {
		t = t.Delims("[[", "]]")
	}
	t, err = t.Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, d); err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	return b.Bytes(), nil
}

// quote writes s as a JSON string, which YAML reads as the same string.
func quote(s string) (string, error) {
	b, err := json.Marshal(s)
	return string(b), err
}

// data is what the templates see.
type data struct {
	Owner  string
	KPI    string
	Period string // YYYY-Qn, the calendar quarter containing now
	Rows   []row  // the example measurements, by date

	WorkingDirectory string   // the OKR root relative to the top of the work tree, or "."
	Paths            []string // the workflow's paths filter
	ActionRef        string
	DefaultBranch    string
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
