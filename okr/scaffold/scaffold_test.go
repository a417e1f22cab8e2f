package scaffold

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

func wantFiles(period string) []string {
	return []string{
		"okr.yaml",
		"objectives/" + period + ".yaml",
		"kpis/weekly_active_users.yaml",
		"measurements/my-team.csv",
		"okr.schema.json",
		".github/workflows/okr.yaml",
		".github/workflows/okr-digest.yaml",
		".vscode/settings.json",
	}
}

func TestInitCreatesFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "okrs") // Init creates it
	now := time.Date(2026, 11, 23, 10, 30, 0, 0, time.UTC)

	created, err := Init(dir, now)
	if err != nil {
		t.Fatal(err)
	}
	want := wantFiles("2026-Q4")
	if diff := cmp.Diff(want, created); diff != "" {
		t.Errorf("created (-want +got):\n%s", diff)
	}
	got := listFiles(t, dir)
	sort.Strings(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("files on disk (-want +got):\n%s", diff)
	}
	for _, f := range created {
		info, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		if info.Size() == 0 {
			t.Errorf("%s is empty", f)
		}
	}
	checkRepository(t, dir, now, "2026-Q4")
}

func TestInitIsDeterministic(t *testing.T) {
	now := time.Date(2026, 5, 17, 8, 0, 0, 0, time.UTC)
	a, b := t.TempDir(), t.TempDir()
	if _, err := Init(a, now); err != nil {
		t.Fatal(err)
	}
	if _, err := Init(b, now); err != nil {
		t.Fatal(err)
	}
	for _, f := range wantFiles("2026-Q2") {
		x, y := readFile(t, a, f), readFile(t, b, f)
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs with the same date", f)
		}
	}
}

func TestInitRefusesToOverwrite(t *testing.T) {
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		existing []string // relative paths, created before Init
	}{
		{"config", []string{"okr.yaml"}},
		{"objectives of the quarter", []string{"objectives/2026-Q4.yaml"}},
		{"two files", []string{"measurements/my-team.csv", ".github/workflows/okr.yaml"}},
		{"every file", wantFiles("2026-Q4")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range tt.existing {
				p := filepath.Join(dir, filepath.FromSlash(f))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte("keep me: "+f+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			before := listFiles(t, dir)

			created, err := Init(dir, now)
			if err == nil {
				t.Fatalf("Init succeeded, created %v", created)
			}
			if created != nil {
				t.Errorf("created = %v, want nil", created)
			}
			if !errors.Is(err, fs.ErrExist) {
				t.Errorf("errors.Is(%v, fs.ErrExist) = false", err)
			}
			var ee *ExistsError
			if !errors.As(err, &ee) {
				t.Fatalf("error %T is not an *ExistsError", err)
			}
			// Reported in Init's order, which is wantFiles order; existing
			// editor settings are kept, never reported.
			var want []string
			for _, f := range wantFiles("2026-Q4") {
				for _, e := range tt.existing {
					if f == e && f != SettingsFile {
						want = append(want, f)
					}
				}
			}
			if diff := cmp.Diff(want, ee.Files); diff != "" {
				t.Errorf("ExistsError.Files (-want +got):\n%s", diff)
			}
			for _, f := range tt.existing {
				if f != SettingsFile && !strings.Contains(err.Error(), f) {
					t.Errorf("error %q does not name %s", err, f)
				}
			}
			if diff := cmp.Diff(before, listFiles(t, dir)); diff != "" {
				t.Errorf("Init wrote files although it refused (-before +after):\n%s", diff)
			}
			for _, f := range tt.existing {
				if got := string(readFile(t, dir, f)); got != "keep me: "+f+"\n" {
					t.Errorf("%s was changed to %q", f, got)
				}
			}
		})
	}
}

func TestInitRefusesDanglingSymlink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks need privileges on windows")
	}
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "victim")
	if err := os.Symlink(outside, filepath.Join(dir, "okr.yaml")); err != nil {
		t.Fatal(err)
	}
	if _, err := Init(dir, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("Init through a dangling symlink: err = %v, want fs.ErrExist", err)
	}
	if _, err := os.Lstat(outside); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Init wrote through the symlink: %v", err)
	}
}

func TestCreateNeverOverwrites(t *testing.T) {
	name := filepath.Join(t.TempDir(), "okr.yaml")
	if err := os.WriteFile(name, []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := create(name, []byte("theirs\n")); !errors.Is(err, fs.ErrExist) {
		t.Errorf("create over an existing file: err = %v, want fs.ErrExist", err)
	}
	if got := string(readFile(t, filepath.Dir(name), "okr.yaml")); got != "mine\n" {
		t.Errorf("existing file changed to %q", got)
	}
}

func TestInitDirIsAFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(dir, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if created, err := Init(dir, time.Now()); err == nil {
		t.Fatalf("Init into a regular file succeeded: %v", created)
	}
}

func TestInitPeriodsAndDates(t *testing.T) {
	minus10 := time.FixedZone("UTC-10", -10*60*60)
	tests := []struct {
		name   string
		now    time.Time
		period string
		dates  []string // dates of the KPI's measurements, in order
	}{
		{"new year's day", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), "2026-Q1",
			[]string{"2026-01-01"}},
		{"second day of the year", time.Date(2026, 1, 2, 9, 0, 0, 0, time.UTC), "2026-Q1",
			[]string{"2026-01-01"}},
		{"ten days into the quarter", time.Date(2026, 4, 10, 9, 0, 0, 0, time.UTC), "2026-Q2",
			[]string{"2026-04-01", "2026-04-03"}},
		{"last moment of a quarter", time.Date(2026, 3, 31, 23, 59, 59, 0, time.UTC), "2026-Q1",
			[]string{"2026-03-10", "2026-03-17", "2026-03-24"}},
		{"first day of Q3", time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC), "2026-Q3",
			[]string{"2026-07-01"}},
		{"today", time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), "2026-Q4",
			[]string{"2026-11-02", "2026-11-09", "2026-11-16"}},
		{"new year's eve", time.Date(2026, 12, 31, 23, 59, 59, 0, time.UTC), "2026-Q4",
			[]string{"2026-12-10", "2026-12-17", "2026-12-24"}},
		{"leap day", time.Date(2028, 2, 29, 12, 0, 0, 0, time.UTC), "2028-Q1",
			[]string{"2028-02-08", "2028-02-15", "2028-02-22"}},
		{"new year's eve in its own zone, already January in UTC", time.Date(2026, 12, 31, 20, 0, 0, 0, minus10), "2026-Q4",
			[]string{"2026-12-10", "2026-12-17", "2026-12-24"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			created, err := Init(dir, tt.now)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(wantFiles(tt.period), created); diff != "" {
				t.Errorf("created (-want +got):\n%s", diff)
			}
			r := checkRepository(t, dir, tt.now, tt.period)
			if diff := cmp.Diff(tt.dates, r.kpiDates); diff != "" {
				t.Errorf("measurement dates (-want +got):\n%s", diff)
			}
		})
	}
}

// The YAML that okr reads, decoded strictly: an unknown field fails.
type objectivesDoc struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Owner      string `yaml:"owner"`
	Level      string `yaml:"level"`
	Period     string `yaml:"period"`
	Objectives []struct {
		ID          string `yaml:"id"`
		Title       string `yaml:"title"`
		Description string `yaml:"description"`
		Type        string `yaml:"type"`
		KeyResults  []struct {
			ID       string   `yaml:"id"`
			Title    string   `yaml:"title"`
			Type     string   `yaml:"type"`
			KPI      string   `yaml:"kpi"`
			Baseline *float64 `yaml:"baseline"`
			Target   *float64 `yaml:"target"`
			Unit     string   `yaml:"unit"`
		} `yaml:"key_results"`
	} `yaml:"objectives"`
}

type kpiDoc struct {
	APIVersion  string   `yaml:"apiVersion"`
	Kind        string   `yaml:"kind"`
	ID          string   `yaml:"id"`
	Name        string   `yaml:"name"`
	Owner       string   `yaml:"owner"`
	Unit        string   `yaml:"unit"`
	Direction   string   `yaml:"direction"`
	Target      *float64 `yaml:"target"`
	Warn        *float64 `yaml:"warn"`
	Cadence     string   `yaml:"cadence"`
	Category    string   `yaml:"category"`
	Indicator   string   `yaml:"indicator"`
	Description string   `yaml:"description"`
}

type configDoc struct {
	Organization         string             `yaml:"organization"`
	FiscalYearStartMonth int                `yaml:"fiscal_year_start_month"`
	Grades               map[string]float64 `yaml:"grades"`
	Ignore               []string           `yaml:"ignore"`
}

func decodeStrict(t *testing.T, dir, name string, v any) {
	t.Helper()
	dec := yaml.NewDecoder(bytes.NewReader(readFile(t, dir, name)))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var extra any
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		t.Fatalf("%s: more than one document (%v)", name, err)
	}
}

type repoFacts struct {
	kpiDates []string // dates of the KPI's measurements, in file order
}

// checkRepository checks a scaffolded repository against the rules of SPEC §1
// and the practice warnings of `okr validate`, as of now.
func checkRepository(t *testing.T, dir string, now time.Time, period string) repoFacts {
	t.Helper()
	y, m, d := now.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	q, _ := strconv.Atoi(period[len(period)-1:])
	start := time.Date(y, time.Month(3*q-2), 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(0, 3, -1)

	var cfg configDoc
	decodeStrict(t, dir, "okr.yaml", &cfg)
	if cfg.FiscalYearStartMonth != 1 || cfg.Grades["green"] != 0.7 || cfg.Grades["yellow"] != 0.4 {
		t.Errorf("okr.yaml: unexpected defaults %+v", cfg)
	}

	var obj objectivesDoc
	decodeStrict(t, dir, "objectives/"+period+".yaml", &obj)
	if obj.APIVersion != "okr/v1" || obj.Kind != "Objectives" || obj.Owner != Owner || obj.Period != period {
		t.Errorf("objectives header = %s %s %s %s", obj.APIVersion, obj.Kind, obj.Owner, obj.Period)
	}
	if n := len(obj.Objectives); n < 1 || n > 5 {
		t.Errorf("%d objectives, want 1 to 5", n)
	}

	var kpi kpiDoc
	decodeStrict(t, dir, "kpis/"+KPIID+".yaml", &kpi)
	if kpi.APIVersion != "okr/v1" || kpi.Kind != "KPI" || kpi.ID != KPIID || kpi.Name == "" || kpi.Direction != "increase" {
		t.Errorf("kpi = %+v", kpi)
	}
	if kpi.Cadence != "weekly" {
		t.Fatalf("kpi cadence %q: the staleness check below assumes weekly", kpi.Cadence)
	}

	type krInfo struct{ typ, kpi string }
	refs := map[string]krInfo{}
	id := regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	for _, o := range obj.Objectives {
		if !id.MatchString(o.ID) || o.Title == "" {
			t.Errorf("objective %q %q", o.ID, o.Title)
		}
		if strings.ContainsAny(o.Title, "0123456789") {
			t.Errorf("objective title %q carries a number", o.Title)
		}
		if n := len(o.KeyResults); n < 2 || n > 5 {
			t.Errorf("objective %s has %d key results, want 2 to 5", o.ID, n)
		}
		milestones := 0
		for _, k := range o.KeyResults {
			ref := Owner + "/" + o.ID + "/" + k.ID
			if _, dup := refs[ref]; dup || !id.MatchString(k.ID) || k.Title == "" {
				t.Errorf("key result %s: bad or duplicate id, or no title", ref)
			}
			typ := k.Type
			if typ == "" {
				typ = "metric"
			}
			switch typ {
			case "metric":
				if k.Baseline == nil || k.Target == nil || *k.Baseline == *k.Target {
					t.Errorf("metric key result %s needs distinct baseline and target", ref)
				}
			case "milestone":
				milestones++
			default:
				t.Errorf("key result %s: unexpected type %q", ref, typ)
			}
			if k.KPI != "" && k.KPI != KPIID {
				t.Errorf("key result %s: unknown kpi %q", ref, k.KPI)
			}
			refs[ref] = krInfo{typ, k.KPI}
		}
		if milestones == len(o.KeyResults) {
			t.Errorf("objective %s is made only of milestones", o.ID)
		}
	}

	f, err := os.Open(filepath.Join(dir, "measurements", Owner+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) < 2 || strings.Join(records[0], ",") != "metric,at,value,note" {
		t.Fatalf("measurements header %v, %d records", records[0], len(records))
	}
	var facts repoFacts
	var lastKPI, prev time.Time
	measured := map[string]bool{}
	for _, r := range records[1:] {
		metric, at, value := r[0], r[1], r[2]
		date, err := time.Parse(time.DateOnly, at)
		if err != nil {
			t.Errorf("%v: %v", r, err)
			continue
		}
		if date.Before(start) || date.After(end) {
			t.Errorf("%v: %s is outside %s (%s … %s)", r, at, period, start.Format(time.DateOnly), end.Format(time.DateOnly))
		}
		if date.After(today) {
			t.Errorf("%v: dated after %s", r, today.Format(time.DateOnly))
		}
		if date.Before(prev) {
			t.Errorf("%v: rows are not sorted by date", r)
		}
		prev = date
		v, err := strconv.ParseFloat(value, 64)
		if err != nil {
			t.Errorf("%v: %v", r, err)
		}
		measured[metric] = true
		if metric == KPIID {
			facts.kpiDates = append(facts.kpiDates, at)
			lastKPI = date
			continue
		}
		kr, ok := refs[metric]
		switch {
		case !ok:
			t.Errorf("%v: metric is neither the KPI nor a key result of %s", r, period)
		case kr.kpi != "":
			t.Errorf("%v: key result takes its values from KPI %s", r, kr.kpi)
		case kr.typ == "milestone" && v != 0 && v != 1:
			t.Errorf("%v: milestone value must be 0 or 1", r)
		}
	}
	if lastKPI.IsZero() {
		t.Errorf("KPI %s is never measured", KPIID)
	} else if age := today.Sub(lastKPI); age > 7*24*time.Hour {
		t.Errorf("KPI %s last measured %s, %v before %s: stale", KPIID, lastKPI.Format(time.DateOnly), age, today.Format(time.DateOnly))
	}
	for ref, kr := range refs {
		if kr.kpi == "" && !measured[ref] {
			t.Errorf("key result %s has no measurement", ref)
		}
	}

	checkWorkflow(t, dir, ".", []string{"**.yaml", "**.yml", "**.csv"})
	checkSettings(t, dir, "")
	return facts
}

func readFile(t *testing.T, dir, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// listFiles returns the files under dir, relative and slash-separated, sorted.
func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		files = append(files, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	return files
}
