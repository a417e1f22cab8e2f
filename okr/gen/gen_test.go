package gen

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

func tiny() Config {
	return Config{Owners: 3, Quarters: 2, ObjectivesPer: 3, KeyResultsPer: 3, KPIs: 25, Measurements: 600, Commits: 40, Year: 2026, Seed: 7}
}

// configs are the shapes the content tests run on: odd counts, a leap year,
// no KPIs, rows too few for every KPI's cadence, more objectives than themes.
var configs = map[string]Config{
	"tiny":          tiny(),
	"four quarters": {Owners: 4, Quarters: 4, ObjectivesPer: 5, KeyResultsPer: 5, KPIs: 45, Measurements: 5000, Commits: 10, Year: 2028, Seed: 1},
	"no kpis":       {Owners: 2, Quarters: 1, ObjectivesPer: 2, KeyResultsPer: 2, KPIs: 0, Measurements: 97, Commits: 1, Year: 2026, Seed: 2},
	"few rows":      {Owners: 2, Quarters: 3, ObjectivesPer: 1, KeyResultsPer: 4, KPIs: 30, Measurements: 61, Commits: 5, Year: 2027, Seed: 3},
	"no rows":       {Owners: 1, Quarters: 1, ObjectivesPer: 1, KeyResultsPer: 2, KPIs: 3, Measurements: 0, Commits: 2, Year: 2026, Seed: 4},
	"many themes":   {Owners: 1, Quarters: 1, ObjectivesPer: 30, KeyResultsPer: 1, KPIs: 1, Measurements: 300, Commits: 3, Year: 2026, Seed: 5},
}

// practical says whether c stays inside the practice rules okr validate
// warns about, so that the test can hold the output to them.
func practical(c Config) bool {
	return c.ObjectivesPer <= 5 && c.KeyResultsPer >= 2 && c.KeyResultsPer <= 5 && c.Measurements/kpiRowShare >= c.KPIs
}

// readTree returns every file under dir but .git, by slash path.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := make(map[string]string)
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func write(t *testing.T, cfg Config) (string, map[string]string) {
	t.Helper()
	dir := t.TempDir()
	if err := Write(dir, cfg); err != nil {
		t.Fatal(err)
	}
	return dir, readTree(t, dir)
}

func TestWriteIsDeterministic(t *testing.T) {
	_, a := write(t, tiny())
	_, b := write(t, tiny())
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("two writes of one config differ (-first +second):\n%s", diff)
	}
	other := tiny()
	other.Seed++
	if _, c := write(t, other); cmp.Equal(a, c) {
		t.Error("another seed wrote the same files")
	}
}

// The documents, as the test reads them: only the fields SPEC §1 allows,
// decoded strictly, so that a field the spec does not know fails the test.

type objectivesDoc struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Owner      string `yaml:"owner"`
	Level      string `yaml:"level"`
	Period     string `yaml:"period"`
	Objectives []struct {
		ID          string  `yaml:"id"`
		Title       string  `yaml:"title"`
		Description string  `yaml:"description"`
		Type        string  `yaml:"type"`
		AlignsTo    string  `yaml:"aligns_to"`
		Weight      float64 `yaml:"weight"`
		KeyResults  []struct {
			ID        string   `yaml:"id"`
			Title     string   `yaml:"title"`
			Type      string   `yaml:"type"`
			KPI       string   `yaml:"kpi"`
			Baseline  *float64 `yaml:"baseline"`
			Commit    *float64 `yaml:"commit"`
			Target    *float64 `yaml:"target"`
			Stretch   *float64 `yaml:"stretch"`
			Unit      string   `yaml:"unit"`
			Aggregate string   `yaml:"aggregate"`
			Weight    float64  `yaml:"weight"`
			Owner     string   `yaml:"owner"`
		} `yaml:"key_results"`
	} `yaml:"objectives"`
	file string
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

type measurementsDoc struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metric     string `yaml:"metric"`
	Values     []struct {
		At    string  `yaml:"at"`
		Value float64 `yaml:"value"`
		Note  string  `yaml:"note"`
	} `yaml:"values"`
}

type row struct {
	metric, at, file string
	value            float64
}

type repo struct {
	objectives []objectivesDoc
	kpis       []kpiDoc
	rows       []row
}

func strict(t *testing.T, node *yaml.Node, v any) {
	t.Helper()
	b, err := yaml.Marshal(node)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%v in\n%s", err, b)
	}
}

func parse(t *testing.T, files map[string]string) repo {
	t.Helper()
	var r repo
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		switch filepath.Ext(p) {
		case ".yaml":
			dec := yaml.NewDecoder(strings.NewReader(files[p]))
			for {
				var node yaml.Node
				if err := dec.Decode(&node); errors.Is(err, io.EOF) {
					break
				} else if err != nil {
					t.Fatalf("%s: %v", p, err)
				}
				var head struct {
					APIVersion string `yaml:"apiVersion"`
					Kind       string `yaml:"kind"`
				}
				if err := node.Decode(&head); err != nil {
					t.Fatalf("%s: %v", p, err)
				}
				switch {
				case p == "okr.yaml":
				case head.APIVersion != "okr/v1":
					t.Errorf("%s: apiVersion %q", p, head.APIVersion)
				case head.Kind == "Objectives":
					var d objectivesDoc
					strict(t, &node, &d)
					d.file = p
					r.objectives = append(r.objectives, d)
				case head.Kind == "KPI":
					var d kpiDoc
					strict(t, &node, &d)
					r.kpis = append(r.kpis, d)
				case head.Kind == "Measurements":
					var d measurementsDoc
					strict(t, &node, &d)
					if len(d.Values) == 0 {
						t.Errorf("%s: Measurements of %s without values", p, d.Metric)
					}
					for _, v := range d.Values {
						r.rows = append(r.rows, row{d.Metric, v.At, p, v.Value})
					}
				default:
					t.Errorf("%s: kind %q", p, head.Kind)
				}
			}
		case ".csv":
			cr := csv.NewReader(strings.NewReader(files[p]))
			cr.FieldsPerRecord = 4
			recs, err := cr.ReadAll()
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			if len(recs) == 0 || strings.Join(recs[0], ",") != "metric,at,value,note" {
				t.Fatalf("%s: header %q", p, recs[:min(1, len(recs))])
			}
			if len(recs) == 1 {
				t.Errorf("%s: no rows", p)
			}
			for _, rec := range recs[1:] {
				v, err := strconv.ParseFloat(rec[2], 64)
				if err != nil {
					t.Errorf("%s: %v", p, err)
				}
				r.rows = append(r.rows, row{rec[0], rec[1], p, v})
			}
		}
	}
	return r
}

func TestWriteCounts(t *testing.T) {
	for name, cfg := range configs {
		t.Run(name, func(t *testing.T) {
			_, files := write(t, cfg)
			r := parse(t, files)
			krs := 0
			for _, d := range r.objectives {
				for _, ob := range d.Objectives {
					krs += len(ob.KeyResults)
				}
			}
			got := map[string]int{"objectives documents": len(r.objectives), "key results": krs, "KPIs": len(r.kpis), "measurements": len(r.rows)}
			want := map[string]int{
				"objectives documents": cfg.Owners*cfg.Quarters + 1, // and the company's
				"key results":          cfg.Owners*cfg.Quarters*cfg.ObjectivesPer*cfg.KeyResultsPer + len(companyThemes)*companyKRs,
				"KPIs":                 cfg.KPIs,
				"measurements":         cfg.Measurements,
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("counts (-want +got):\n%s", diff)
			}
		})
	}
}

var (
	ownerRe     = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)
	idRe        = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	kpiRe       = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]*$`)
	kindsByName = map[string]bool{"": true, "metric": true, "at_least": true, "at_most": true, "milestone": true}
	cadenceDays = map[string]int{"daily": 1, "weekly": 7, "monthly": 31, "quarterly": 92}
)

// periodDays returns the first and last day of a period of a calendar
// fiscal year.
func periodDays(t *testing.T, p string) (first, last time.Time) {
	t.Helper()
	y, err := strconv.Atoi(p[:4])
	if err != nil {
		t.Fatalf("period %q", p)
	}
	switch {
	case len(p) == 4:
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)
	case len(p) == 7 && p[4:6] == "-Q" && p[6] >= '1' && p[6] <= '4':
		q := int(p[6] - '1')
		return time.Date(y, time.Month(3*q+1), 1, 0, 0, 0, 0, time.UTC), time.Date(y, time.Month(3*q+4), 0, 0, 0, 0, 0, time.UTC)
	}
	t.Fatalf("period %q", p)
	return
}

// TestWriteIsValid holds the output to SPEC §1 and §2 and, for configs in
// range, to the practice rules: everything okr validate would check.
func TestWriteIsValid(t *testing.T) {
	for name, cfg := range configs {
		t.Run(name, func(t *testing.T) {
			_, files := write(t, cfg)
			r := parse(t, files)

			kpis := make(map[string]kpiDoc)
			for _, k := range r.kpis {
				if _, dup := kpis[k.ID]; dup {
					t.Errorf("KPI %s defined twice", k.ID)
				}
				kpis[k.ID] = k
				if !kpiRe.MatchString(k.ID) || !ownerRe.MatchString(k.Owner) || k.Name == "" {
					t.Errorf("KPI %+v: bad id, owner or name", k)
				}
				if _, ok := cadenceDays[k.Cadence]; !ok {
					t.Errorf("KPI %s: cadence %q", k.ID, k.Cadence)
				}
				if k.Target == nil || k.Warn == nil ||
					k.Direction == "increase" && !(*k.Warn < *k.Target) ||
					k.Direction == "decrease" && !(*k.Warn > *k.Target) ||
					k.Direction != "increase" && k.Direction != "decrease" {
					t.Errorf("KPI %s: direction %s, target %v, warn %v", k.ID, k.Direction, k.Target, k.Warn)
				}
			}

			type krInfo struct{ kpi string }
			type docKey struct{ owner, period string }
			seen := make(map[docKey]bool)
			type span struct {
				first, last time.Time
				krs         map[string]krInfo // by <objective>/<kr>
			}
			byOwner := make(map[string][]span)
			companyObjectives := make(map[string]bool)
			for _, d := range r.objectives {
				if d.Owner == company {
					for _, ob := range d.Objectives {
						companyObjectives[company+"/"+ob.ID] = true
					}
				}
			}
			for _, d := range r.objectives {
				k := docKey{d.Owner, d.Period}
				if seen[k] {
					t.Errorf("%s: owner %s and period %s not unique", d.file, d.Owner, d.Period)
				}
				seen[k] = true
				if !ownerRe.MatchString(d.Owner) {
					t.Errorf("%s: owner %q", d.file, d.Owner)
				}
				if d.Owner != company && d.file != "teams/"+d.Owner+"/"+d.Period+".yaml" {
					t.Errorf("%s: holds %s %s", d.file, d.Owner, d.Period)
				}
				first, last := periodDays(t, d.Period)
				sp := span{first, last, make(map[string]krInfo)}
				if practical(cfg) && len(d.Objectives) > 5 {
					t.Errorf("%s: %d objectives", d.file, len(d.Objectives))
				}
				obIDs := make(map[string]bool)
				for _, ob := range d.Objectives {
					where := d.file + ": " + ob.ID
					if obIDs[ob.ID] || !idRe.MatchString(ob.ID) {
						t.Errorf("%s: duplicate or malformed objective id", where)
					}
					obIDs[ob.ID] = true
					if ob.Title == "" || strings.ContainsAny(ob.Title, "0123456789") {
						t.Errorf("%s: title %q is empty or carries a number", where, ob.Title)
					}
					if ob.AlignsTo != "" && !companyObjectives[ob.AlignsTo] {
						t.Errorf("%s: aligns_to %s, which does not exist", where, ob.AlignsTo)
					}
					if ob.Type != "" && ob.Type != "committed" {
						t.Errorf("%s: type %q", where, ob.Type)
					}
					if practical(cfg) && (len(ob.KeyResults) < 2 || len(ob.KeyResults) > 5) {
						t.Errorf("%s: %d key results", where, len(ob.KeyResults))
					}
					milestones := 0
					for _, kr := range ob.KeyResults {
						where := where + "/" + kr.ID
						if _, dup := sp.krs[ob.ID+"/"+kr.ID]; dup || !idRe.MatchString(kr.ID) || kr.Title == "" {
							t.Errorf("%s: duplicate or malformed key result", where)
						}
						sp.krs[ob.ID+"/"+kr.ID] = krInfo{kr.KPI}
						if !kindsByName[kr.Type] {
							t.Errorf("%s: type %q", where, kr.Type)
						}
						if kr.KPI != "" {
							if _, ok := kpis[kr.KPI]; !ok {
								t.Errorf("%s: kpi %s does not exist", where, kr.KPI)
							}
						}
						switch kr.Type {
						case "", "metric":
							if kr.Baseline == nil || kr.Target == nil {
								t.Fatalf("%s: metric without baseline or target", where)
							}
							levels := []float64{*kr.Baseline}
							if kr.Commit != nil {
								levels = append(levels, *kr.Commit)
							}
							levels = append(levels, *kr.Target)
							if kr.Stretch != nil {
								levels = append(levels, *kr.Stretch)
							}
							up, down := true, true
							for i := 1; i < len(levels); i++ {
								up = up && levels[i] > levels[i-1]
								down = down && levels[i] < levels[i-1]
							}
							if !up && !down { // also baseline == target
								t.Errorf("%s: levels %v do not run strictly one way", where, levels)
							}
							if kr.KPI != "" {
								want := "increase"
								if down {
									want = "decrease"
								}
								if kpis[kr.KPI].Direction != want {
									t.Errorf("%s: levels %v against a KPI that should %s", where, levels, kpis[kr.KPI].Direction)
								}
							}
						case "at_least", "at_most":
							if kr.Target == nil || kr.Commit != nil || kr.Stretch != nil {
								t.Errorf("%s: %s needs a target and takes no commit or stretch", where, kr.Type)
							}
						case "milestone":
							milestones++
							if kr.Baseline != nil || kr.Commit != nil || kr.Target != nil || kr.Stretch != nil || kr.KPI != "" {
								t.Errorf("%s: milestone with levels or a kpi", where)
							}
						}
					}
					if milestones == len(ob.KeyResults) {
						t.Errorf("%s: only milestones", where)
					}
				}
				byOwner[d.Owner] = append(byOwner[d.Owner], sp)
			}

			lastOf := make(map[string]time.Time)
			for _, rw := range r.rows {
				at, err := time.Parse(time.DateOnly, rw.at)
				if err != nil {
					t.Errorf("%s: %s: %v", rw.file, rw.metric, err)
					continue
				}
				if at.Year() != cfg.Year {
					t.Errorf("%s: %s measured on %s, outside %d", rw.file, rw.metric, rw.at, cfg.Year)
				}
				if at.After(lastOf[rw.metric]) {
					lastOf[rw.metric] = at
				}
				owner, rest, isKR := strings.Cut(rw.metric, "/")
				if !isKR {
					if _, ok := kpis[rw.metric]; !ok {
						t.Errorf("%s: %s is neither a KPI nor a key result", rw.file, rw.metric)
					}
					continue
				}
				found := false
				for _, sp := range byOwner[owner] {
					if at.Before(sp.first) || at.After(sp.last) {
						continue
					}
					info, ok := sp.krs[rest]
					if !ok {
						continue
					}
					found = true
					if info.kpi != "" {
						t.Errorf("%s: %s has kpi %s, yet a measurement of its own", rw.file, rw.metric, info.kpi)
					}
				}
				if !found {
					t.Errorf("%s: %s on %s resolves to no key result", rw.file, rw.metric, rw.at)
				}
			}

			if practical(cfg) {
				yearEnd := time.Date(cfg.Year, 12, 31, 0, 0, 0, 0, time.UTC)
				for _, k := range r.kpis {
					last, ok := lastOf[k.ID]
					if !ok || yearEnd.Sub(last) > time.Duration(2*cadenceDays[k.Cadence])*24*time.Hour {
						t.Errorf("KPI %s (%s) last measured %v: stale at the end of the year", k.ID, k.Cadence, last)
					}
				}
			}
		})
	}
}

// TestPlan checks the history plan against the model: check-ins append the
// rows dated up to their day, every row lands, targets and notes change.
func TestPlan(t *testing.T) {
	cfg, err := Scale("small")
	if err != nil {
		t.Fatal(err)
	}
	m, err := build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.plan) != cfg.Commits {
		t.Fatalf("%d commits planned, want %d", len(m.plan), cfg.Commits)
	}
	kinds := make(map[commitKind]int)
	held := make([]int32, len(m.files))
	for i, pc := range m.plan {
		kinds[pc.kind]++
		if i > 0 && pc.when <= m.plan[i-1].when {
			t.Errorf("commit %d is not after commit %d", i, i-1)
		}
		if time.Unix(pc.when, 0).UTC().Year() != cfg.Year {
			t.Errorf("commit %d dated %v", i, time.Unix(pc.when, 0).UTC())
		}
		day := int((pc.when - m.jan1.Unix()) / 86400)
		for j, fi := range pc.files {
			f := &m.files[fi]
			if pc.upto[j] <= held[fi] {
				t.Errorf("commit %d: %s goes from %d to %d rows", i, f.path, held[fi], pc.upto[j])
			}
			held[fi] = pc.upto[j]
			if pc.kind == commitCheckIn && int(m.rowDay[f.rows[pc.upto[j]-1]]) > day {
				t.Errorf("commit %d on day %d adds rows of a later day to %s", i, day, f.path)
			}
		}
	}
	for fi := range m.files {
		if int(held[fi]) != len(m.files[fi].rows) {
			t.Errorf("%s: %d of %d rows committed", m.files[fi].path, held[fi], len(m.files[fi].rows))
		}
	}
	if kinds[commitInitial] != 1 || kinds[commitFinal] != 1 || kinds[commitTarget] == 0 || kinds[commitDocs] == 0 || kinds[commitCheckIn] < cfg.Commits*3/4 || kinds[commitFinal]+kinds[commitCheckIn]+kinds[commitDocs]+kinds[commitTarget]+1 != cfg.Commits {
		t.Errorf("commit kinds %v: want one initial and one final, some target and docs changes, mostly check-ins", kinds)
	}
	if kinds[commitDocs] != len(m.notes) {
		t.Errorf("%d docs commits but %d notes", kinds[commitDocs], len(m.notes))
	}
}

func gitOut(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = gitEnv()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git %v: %v", args, err)
	}
	return strings.TrimSpace(string(out))
}

func TestWriteHistory(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git binary")
	}
	cfg := tiny()
	cfg.Commits = 120
	a, b := t.TempDir(), filepath.Join(t.TempDir(), "new")
	for _, dir := range []string{a, b} {
		if err := WriteHistory(dir, cfg); err != nil {
			t.Fatal(err)
		}
	}
	if n := gitOut(t, a, "rev-list", "--count", "HEAD"); n != strconv.Itoa(cfg.Commits) {
		t.Errorf("%s commits, want %d", n, cfg.Commits)
	}
	if ha, hb := gitOut(t, a, "rev-parse", "HEAD"), gitOut(t, b, "rev-parse", "HEAD"); ha != hb {
		t.Errorf("two histories of one config end in %s and %s", ha, hb)
	}
	if st := gitOut(t, a, "status", "--porcelain"); st != "" {
		t.Errorf("work tree differs from HEAD:\n%s", st)
	}
	if br := gitOut(t, a, "symbolic-ref", "--short", "HEAD"); br != "main" {
		t.Errorf("on branch %s, want main", br)
	}
	_, want := write(t, cfg)
	if diff := cmp.Diff(want, readTree(t, a)); diff != "" {
		t.Errorf("checked-out history differs from Write (-Write +history):\n%s", diff)
	}

	// Each kind of commit touches what it says, and nothing else.
	log := gitOut(t, a, "log", "--reverse", "--format=%x00%an <%ae> %at|%s", "--name-only")
	commits := strings.Split(log, "\x00")[1:]
	targets := 0
	for i, c := range commits {
		head, names, _ := strings.Cut(c, "\n")
		files := strings.Fields(names)
		author, subject, _ := strings.Cut(head, "|")
		if !strings.HasPrefix(author, "Gen <gen@example.com> ") {
			t.Errorf("commit %d: author %q", i, author)
		}
		var ok bool
		switch {
		case i == 0:
			ok = slices.Contains(files, "okr.yaml") && !slices.ContainsFunc(files, func(f string) bool { return strings.HasPrefix(f, "measurements/") })
		case strings.HasPrefix(subject, "Change target of "):
			targets++
			ok = len(files) == 1 && strings.HasPrefix(files[0], "teams/")
		case subject == "Update OKR notes":
			ok = len(files) == 1 && files[0] == "docs/notes.md"
		default:
			ok = len(files) > 0 && !slices.ContainsFunc(files, func(f string) bool { return !strings.HasPrefix(f, "measurements/") })
		}
		if !ok {
			t.Errorf("commit %d %q touches %v", i, subject, files)
		}
	}
	if targets == 0 {
		t.Error("no commit changes a target")
	}

	if err := WriteHistory(a, cfg); err == nil {
		t.Error("WriteHistory into a non-empty directory succeeded")
	}
}

func TestScale(t *testing.T) {
	full := Config{Owners: 2000, Quarters: 4, ObjectivesPer: 4, KeyResultsPer: 4, KPIs: 2000, Measurements: 1_000_000, Commits: 10_000, Year: 2026, Seed: 1}
	if diff := cmp.Diff(full, Full()); diff != "" {
		t.Errorf("Full() (-want +got):\n%s", diff)
	}
	for name, want := range map[string][4]int{"small": {20, 20, 10_000, 100}, "medium": {500, 500, 250_000, 2_000}, "full": {2000, 2000, 1_000_000, 10_000}} {
		c, err := Scale(name)
		if err != nil {
			t.Fatal(err)
		}
		if got := [4]int{c.Owners, c.KPIs, c.Measurements, c.Commits}; got != want {
			t.Errorf("Scale(%q): owners, KPIs, rows, commits = %v, want %v", name, got, want)
		}
		if err := c.Validate(); err != nil {
			t.Errorf("Scale(%q): %v", name, err)
		}
	}
	if _, err := Scale("huge"); err == nil {
		t.Error(`Scale("huge") succeeded`)
	}
}

func TestValidate(t *testing.T) {
	for name, mutate := range map[string]func(*Config){
		"no owners":     func(c *Config) { c.Owners = 0 },
		"five quarters": func(c *Config) { c.Quarters = 5 },
		"no objectives": func(c *Config) { c.ObjectivesPer = 0 },
		"no krs":        func(c *Config) { c.KeyResultsPer = 0 },
		"negative rows": func(c *Config) { c.Measurements = -1 },
		"year":          func(c *Config) { c.Year = 26 },
	} {
		c := tiny()
		mutate(&c)
		if err := Write(t.TempDir(), c); err == nil {
			t.Errorf("%s: Write succeeded", name)
		}
	}
}

func TestAppendVal(t *testing.T) {
	for _, tc := range []struct {
		v    int64
		dec  int
		want string
	}{{0, 0, "0"}, {1250, 2, "12.5"}, {1200, 2, "12"}, {5, 2, "0.05"}, {-31, 1, "-3.1"}, {9999, 2, "99.99"}} {
		if got := string(appendVal(nil, tc.v, tc.dec)); got != tc.want {
			t.Errorf("appendVal(%d, %d) = %q, want %q", tc.v, tc.dec, got, tc.want)
		}
	}
}

func BenchmarkWriteSmall(b *testing.B) {
	cfg, err := Scale("small")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := Write(b.TempDir(), cfg); err != nil {
			b.Fatal(err)
		}
	}
}
