package source_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/okr-as-code/okr/okr/internal/gittest"
	"github.com/okr-as-code/okr/okr/load"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/source"
)

const header = "metric,at,value,note\n"

// TestReads checks whether a path would be read, by hand for each case and
// against loading a tree that holds the file (what okr record asked the
// loader before, with a copy of the tree in memory).
func TestReads(t *testing.T) {
	tree := fstest.MapFS{
		"okr.yaml":          {Data: []byte("ignore: [\"drafts/**\"]\n")},
		".gitignore":        {Data: []byte("tmp/\n*.bak.csv\n")},
		"teams/.gitignore":  {Data: []byte("old.yaml\n")},
		"teams/x/.keep":     {Data: nil},
		"other/readme.txt":  {Data: []byte("hi\n")},
		"drafts/.gitignore": {Data: []byte("!x.yaml\n")},
	}
	doc := "apiVersion: okr/v1\nkind: KPI\nid: k\ntitle: K\nowner: o\n"
	for _, tc := range []struct {
		name, data string
		want       bool
	}{
		{"m.csv", header + "k,2026-01-01,1,\n", true},
		{"m.csv", header, true},                             // a measurement file with no row yet
		{"teams/x/kpi.yaml", doc, true},                     // .gitignore of teams names old.yaml only
		{"other/old.yaml", doc, true},                       // teams/.gitignore does not reach other/
		{"notes.yaml", "hello: world\n", false},             // YAML, but no OKR document
		{"people.csv", "name,team\nada,payments\n", false},  // CSV, but not measurements
		{"tmp/m.csv", header + "k,2026-01-01,1,\n", false},  // tmp/ ignored by the root .gitignore
		{"x.bak.csv", header + "k,2026-01-01,1,\n", false},  // *.bak.csv ignored
		{"teams/old.yaml", doc, false},                      // ignored by teams/.gitignore
		{"drafts/x.yaml", doc, false},                       // okr.yaml's glob; a .gitignore below cannot undo it
		{"okr.yaml", "organization: A\n", false},            // the config, not an OKR file
		{"notes.txt", doc, false},                           // not YAML or CSV
		{".git/m.csv", header + "k,2026-01-01,1,\n", false}, // inside .git
		{"teams/x/KPI.YML", doc, true},                      // extensions in any case
		{"drafts2/x.yaml", doc, true},                       // drafts/** does not match drafts2
		{"teams/x/deep/er/m.csv", header + "k,2026-01-01,1,\n", true},
	} {
		got := source.Reads(tree, tc.name, []byte(tc.data))
		if got != tc.want {
			t.Errorf("Reads(%s, %q) = %v, want %v", tc.name, tc.data, got, tc.want)
		}
		with := fstest.MapFS{}
		for k, v := range tree {
			with[k] = v
		}
		with[tc.name] = &fstest.MapFile{Data: []byte(tc.data)}
		repo, _, err := load.Load(with, load.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if loaded := slices.Contains(repo.Files, tc.name); loaded != got {
			t.Errorf("Reads(%s) = %v, but loading the tree with it reads it: %v", tc.name, got, loaded)
		}
	}
}

// TestFilesMatchesLoad checks that files held in memory are read as
// loading a tree of just those files reads them.
func TestFilesMatchesLoad(t *testing.T) {
	files := map[string][]byte{}
	root := "../../examples/acme"
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if rel == "okr.yaml" {
			return nil // Files reads no config: neither does a tree without one
		}
		data, err := os.ReadFile(p)
		files[rel] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	files["broken.yaml"] = []byte("apiVersion: okr/v1\nkind: Objectives\nowner: [\n")
	files["kpis/typo.yaml"] = []byte("apiVersion: okr/v1\nkind: KPI\nid: t\ntitel: T\nowner: o\n")
	files["bad.csv"] = []byte(header + "k,2026-13-01,1,\n")
	mfs := fstest.MapFS{}
	for p, data := range files {
		mfs[p] = &fstest.MapFile{Data: data}
	}
	want, wantProbs, err := load.Load(mfs, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, gotProbs := source.Files(files)
	if len(got.Objectives) == 0 || len(got.Measurements) == 0 || len(gotProbs) < 3 {
		t.Fatalf("read %d documents, %d measurements and %d problems: the fixture is not what the test needs", len(got.Objectives), len(got.Measurements), len(gotProbs))
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Files differs from Load (-load +Files):\n%s", diff)
	}
	if diff := cmp.Diff(model.SortProblems(wantProbs), model.SortProblems(gotProbs), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("problems differ (-load +Files):\n%s", diff)
	}
}

// TestWorkTree checks that the work tree is read from any directory
// under its root, with the problems of its files and of the checks,
// sorted, and without the checks' when unchecked.
func TestWorkTree(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("okr.yaml", "organization: T\n")
	// b.yaml: an objective aligned to one no document holds (a check);
	// a.yaml: a field the schema does not know (reading the file).
	write("teams/b.yaml", "apiVersion: okr/v1\nkind: Objectives\nowner: b\nlevel: team\nperiod: 2026-Q4\nobjectives:\n  - id: o\n    title: O\n    aligns_to: nobody/nothing\n    key_results:\n      - id: k\n        title: K\n        type: milestone\n")
	write("teams/a.yaml", "apiVersion: okr/v1\nkind: KPI\nid: a\ntitle: A\nowner: a\ncolour: red\n")
	for _, start := range []string{dir, filepath.Join(dir, "teams")} {
		tr, err := source.WorkTree(start, source.Options{AsOf: model.NewDate(2026, time.November, 15)})
		if err != nil {
			t.Fatal(err)
		}
		if real, _ := filepath.EvalSymlinks(dir); tr.Root != dir && tr.Root != real {
			t.Errorf("root %s, want %s", tr.Root, dir)
		}
		if len(tr.Repo.Files) != 2 {
			t.Errorf("files %v, want teams/a.yaml and teams/b.yaml", tr.Repo.Files)
		}
		if !slices.Equal(tr.Problems, model.SortProblems(slices.Clone(tr.Problems))) {
			t.Errorf("problems not sorted: %v", tr.Problems)
		}
		var where []string
		for _, p := range tr.Problems {
			if p.Severity == model.Error {
				where = append(where, p.File+" "+p.Rule)
			}
		}
		if want := []string{"teams/a.yaml schema", "teams/b.yaml reference"}; !hasAll(where, want) {
			t.Errorf("errors %v, want among them %v", where, want)
		}
	}
	tr, err := source.WorkTree(dir, source.Options{Unchecked: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range tr.Problems {
		if p.File == "teams/b.yaml" {
			t.Errorf("unchecked, yet a problem of the checks: %v", p)
		}
	}
	if len(tr.Problems) == 0 {
		t.Error("unchecked: the schema problem of teams/a.yaml is missing")
	}
}

func hasAll(got, want []string) bool {
	for _, w := range want {
		if !slices.Contains(got, w) {
			return false
		}
	}
	return true
}

// TestWalk walks a history and checks, at every commit, that the files it
// holds are those that reading the commit whole finds, what each step
// says it changed, and whether it touched an OKR file.
func TestWalk(t *testing.T) {
	kpi := "apiVersion: okr/v1\nkind: KPI\nid: k\ntitle: K\nowner: o\n"
	var s gittest.Stream
	at := "2026-10-01T10:00:00Z"
	s.Commit("main", at, "Ada", "Start", nil,
		gittest.Put("kpis/k.yaml", kpi), gittest.Put("m.csv", header+"k,2026-10-01,1,\n"), gittest.Put("notes.yaml", "hello: world\n"))
	s.Commit("main", at, "Ada", "Check-in", nil, gittest.Put("m.csv", header+"k,2026-10-01,1,\nk,2026-10-02,2,\n"))
	s.Commit("main", at, "Ada", "Not OKR", nil, gittest.Put("notes.yaml", "hello: there\n"), gittest.Put("README.md", "x\n"))
	s.Commit("main", at, "Ada", "Ignore the numbers", nil, gittest.Put(".gitignore", "m.csv\n"))
	s.Commit("main", at, "Ada", "A new file", nil, gittest.Put("n.csv", header+"k,2026-10-03,3,\n"))
	s.Commit("main", at, "Ada", "An ignored file", nil, gittest.Put("m.csv", header+"k,2026-10-09,9,\n"))
	s.Commit("main", at, "Ada", "Rename", nil, gittest.Mv("n.csv", "o.csv"))
	s.Commit("main", at, "Ada", "Delete", nil, gittest.Del("kpis/k.yaml"))
	s.Commit("main", at, "Ada", "Config", nil, gittest.Put("okr.yaml", "ignore: [\"o.csv\"]\n"))
	dir, _ := s.Create(t)
	h := gittest.OpenRepo(t, dir, "")
	head, err := h.Resolve("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	var all []*object.Commit
	if _, err := h.FirstParents(head, func(c *object.Commit) error {
		all = append(all, c)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	slices.Reverse(all) // oldest first
	// Each commit's step: reset, touched, and the changed paths.
	want := []struct {
		reset, touched bool
		changes        string
	}{
		{true, true, "kpis/k.yaml m.csv notes.yaml"},
		{false, true, "m.csv"},
		{false, false, "notes.yaml"},
		// m.csv is no longer read, but the commit changed no OKR file
		// (okr log lists it only where it changes okr.yaml or such a file).
		{true, false, "kpis/k.yaml notes.yaml"},
		{false, true, "n.csv"},
		{false, false, ""},
		{false, true, "n.csv o.csv"},
		{false, true, "kpis/k.yaml"},
		{true, true, "notes.yaml"}, // o.csv ignored by okr.yaml
	}
	for _, skip := range []bool{false, true} {
		commits := all
		if skip {
			// Leave out the check-in: the next commit is not a child of
			// the one before and is read whole.
			commits = append([]*object.Commit{all[0]}, all[2:]...)
		}
		w := source.NewWalk(h, commits)
		state := map[string]source.File{}
		for i := 0; ; i++ {
			st, err := w.Next()
			if err != nil {
				t.Fatal(err)
			}
			if st == nil {
				if i != len(commits) {
					t.Fatalf("%d steps, want %d", i, len(commits))
				}
				break
			}
			c := st.Commit
			if st.Reset {
				clear(state)
			}
			var paths []string
			for _, ch := range st.Changes {
				paths = append(paths, ch.Path)
				if (ch.Old == nil) != (state[ch.Path] == nil) || (ch.Old != nil && ch.Old != state[ch.Path]) {
					t.Errorf("%s: %s: the old file is not the one the walk held", c.Message, ch.Path)
				}
				delete(state, ch.Path)
				if ch.New != nil {
					state[ch.Path] = ch.New
				}
			}
			wi := i
			if skip && i > 0 {
				wi = i + 1
			}
			wt := want[wi]
			if skip && wi == 2 {
				// Read whole: every file is a change, and the check-in it
				// skipped does not count as touched here.
				wt.reset, wt.changes = true, "kpis/k.yaml m.csv notes.yaml"
			}
			if st.Reset != wt.reset || st.Touched != wt.touched || strings.Join(paths, " ") != wt.changes {
				t.Errorf("%s (skip %v): reset %v touched %v changes %q, want %v %v %q", strings.TrimSpace(c.Message), skip, st.Reset, st.Touched, strings.Join(paths, " "), wt.reset, wt.touched, wt.changes)
			}
			// The state is the commit read whole.
			tree, err := source.Commit(h, c, source.Options{Unchecked: true})
			if err != nil {
				t.Fatal(err)
			}
			repo, probs := w.Repo()
			if diff := cmp.Diff(tree.Repo, repo, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s: the walk's repository differs from the commit's (-commit +walk):\n%s", c.Message, diff)
			}
			if diff := cmp.Diff(tree.Problems, model.SortProblems(probs), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s: problems differ (-commit +walk):\n%s", c.Message, diff)
			}
			l, err := source.CommitLayout(h, c)
			if err != nil {
				t.Fatal(err)
			}
			var held []string
			for p := range state {
				held = append(held, p)
			}
			slices.Sort(held)
			if !slices.Equal(held, l.Paths) {
				t.Errorf("%s: the steps' changes hold %v, the commit %v", c.Message, held, l.Paths)
			}
			if w.At() != c.Hash {
				t.Errorf("At %s, want %s", w.At(), c.Hash)
			}
		}
		w.Close()
	}
}
