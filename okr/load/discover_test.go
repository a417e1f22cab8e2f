package load

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/okr-as-code/okr/okr/model"
)

func kpi(id string) string {
	return "apiVersion: okr/v1\nkind: KPI\nid: " + id + "\nname: n\ndirection: increase\n"
}

// broken is an OKR file that does not parse: reported wherever it is read.
const broken = "apiVersion: okr/v1\nkind: [\n"

// TestDiscover checks which files are read: .git, .gitignore files at any
// level (with negation), okr.yaml's ignore globs, extensions.
func TestDiscover(t *testing.T) {
	files := map[string]string{
		"okr.yaml":                 "ignore: [\"archive/**\", \"**/skip-*.csv\", \"/top-only.yaml\"]\n",
		".gitignore":               "# drafts are private\ndrafts/\n*.tmp.yaml\n!keep.tmp.yaml\n\n",
		"a.yaml":                   kpi("a"),
		"b.YML":                    kpi("b"),
		"c.yaml.bak":               broken,
		"keep.tmp.yaml":            kpi("keep"),
		"lose.tmp.yaml":            broken,
		"drafts/x.yaml":            broken,
		"archive/2025/old.yaml":    broken,
		"top-only.yaml":            broken,
		"sub/top-only.yaml":        kpi("sub-top-only"),
		"sub/.gitignore":           "local.yaml\n/anchored.yaml\n",
		"sub/local.yaml":           broken,
		"sub/anchored.yaml":        broken,
		"sub/deeper/anchored.yaml": kpi("deeper-anchored"),
		"sub/deeper/local.yaml":    broken,
		"m/skip-me.csv":            "metric,at,value\na,2026-02-30,1\n",
		"m/keep.csv":               "metric,at,value\na,2026-10-01,1\n",
		".git/HEAD.yaml":           broken,
		"x/.git/inner.yaml":        broken,
		"okr.yaml.d/okr.yaml":      "title: not the config\n",
	}
	repo, probs := loadMap(t, files)
	if len(probs) != 0 {
		t.Errorf("problems: %v", probs)
	}
	want := []string{"a.yaml", "b.YML", "keep.tmp.yaml", "m/keep.csv", "sub/deeper/anchored.yaml", "sub/top-only.yaml"}
	if diff := cmp.Diff(want, repo.Files); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
}

// TestDiscoverBrokenIgnoreConfig: an okr.yaml that does not parse still
// leaves the repository readable.
func TestDiscoverBrokenConfig(t *testing.T) {
	repo, probs := loadMap(t, map[string]string{"okr.yaml": "ignore: [\n", "a.yaml": kpi("a")})
	want := []model.Problem{E("okr.yaml", 2, 1, "yaml", "invalid YAML: did not find expected node content")}
	if diff := cmp.Diff(want, probs); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"a.yaml"}, repo.Files); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
}

// TestSymlinks reads a real directory: links inside the root are followed,
// links that leave it, loop or dangle are reported as warnings and skipped,
// and a directory link that loops is harmless.
func TestSymlinks(t *testing.T) {
	outside := t.TempDir()
	write(t, filepath.Join(outside, "secret.yaml"), kpi("secret"))
	root := t.TempDir()
	write(t, filepath.Join(root, "real.yaml"), kpi("real"))
	write(t, filepath.Join(root, "sub", "inner.yaml"), kpi("inner"))
	links := map[string]string{
		"link.yaml":       "real.yaml",
		"loop1.yaml":      "loop2.yaml",
		"loop2.yaml":      "loop1.yaml",
		"self.yaml":       "self.yaml",
		"out.yaml":        filepath.Join(outside, "secret.yaml"),
		"out-rel.yaml":    "../" + filepath.Base(outside) + "/secret.yaml",
		"dangling.yaml":   "missing.yaml",
		"outdir":          outside,
		"sub/up":          "..",
		"sub/loop":        "loop",
		"dir.yaml":        "sub",
		"sub/parent.yaml": "../real.yaml",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Fatal(err)
		}
	}
	var (
		repo  *model.Repo
		probs []model.Problem
		err   error
	)
	within(t, 60e9, func() { repo, probs, err = Dir(root, Options{}) })
	if err != nil {
		t.Fatal(err)
	}
	checkProblems(t, probs)
	loop := "symbolic link loops; okr does not follow it"
	out := "symbolic link leads outside the repository root; okr does not follow it"
	want := []model.Problem{
		W("dangling.yaml", 0, 0, "symlink", "symbolic link is broken: its target does not exist"),
		W("loop1.yaml", 0, 0, "symlink", loop),
		W("loop2.yaml", 0, 0, "symlink", loop),
		W("out-rel.yaml", 0, 0, "symlink", out),
		W("out.yaml", 0, 0, "symlink", out),
		W("self.yaml", 0, 0, "symlink", loop),
	}
	if diff := cmp.Diff(want, model.SortProblems(probs)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"link.yaml", "real.yaml", "sub/inner.yaml", "sub/parent.yaml"}, repo.Files); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	for _, k := range repo.KPIs {
		if k.ID == "secret" {
			t.Errorf("read a file outside the root through a link")
		}
	}
}

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDirErrors: a root that cannot be read is an error, not a problem.
func TestDirErrors(t *testing.T) {
	if _, _, err := Dir(filepath.Join(t.TempDir(), "missing"), Options{}); err == nil {
		t.Errorf("Dir of a missing directory: no error")
	}
}

// TestFindRoot: okr.yaml in a parent wins over the git work tree; without
// either, the start directory is the root.
func TestFindRoot(t *testing.T) {
	top := t.TempDir()
	write(t, filepath.Join(top, "repo", ".git", "HEAD"), "ref: refs/heads/main\n")
	write(t, filepath.Join(top, "repo", "okrs", "okr.yaml"), "")
	write(t, filepath.Join(top, "repo", "okrs", "teams", "a.yaml"), kpi("a"))
	write(t, filepath.Join(top, "repo", "src", "x.go"), "")
	write(t, filepath.Join(top, "plain", "a.yaml"), "")
	tests := []struct{ start, want string }{
		{"repo/okrs/teams", "repo/okrs"},
		{"repo/okrs", "repo/okrs"},
		{"repo/src", "repo"},
		{"repo", "repo"},
		{"plain", "plain"},
	}
	for _, tt := range tests {
		got, err := FindRoot(filepath.Join(top, tt.start))
		if err != nil {
			t.Errorf("FindRoot(%s): %v", tt.start, err)
			continue
		}
		if want := filepath.Join(top, tt.want); got != want {
			t.Errorf("FindRoot(%s) = %s, want %s", tt.start, got, want)
		}
	}
	if _, err := FindRoot(filepath.Join(top, "missing")); err == nil {
		t.Errorf("FindRoot of a missing directory: no error")
	}
}

// failFS is a file system whose named files and directories cannot be
// opened. It has only Open, so that every read goes through it.
type failFS struct {
	fsys fs.FS
	fail map[string]bool
}

func (f failFS) Open(name string) (fs.File, error) {
	if f.fail[name] {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return f.fsys.Open(name)
}

// TestUnreadable: files and directories that cannot be read are reported
// at their path, and the rest of the repository still loads.
func TestUnreadable(t *testing.T) {
	fsys := failFS{
		fsys: mapFS(map[string]string{
			"okr.yaml":   "",
			"a.yaml":     kpi("a"),
			"b.yaml":     kpi("b"),
			"sub/c.yaml": kpi("c"),
		}),
		fail: map[string]bool{"okr.yaml": true, "a.yaml": true, "sub": true},
	}
	repo, probs := loadFS(t, fsys)
	want := []model.Problem{
		E("a.yaml", 0, 0, "io", "cannot read: open a.yaml: permission denied"),
		E("okr.yaml", 0, 0, "io", "cannot read okr.yaml: open okr.yaml: permission denied"),
		W("sub", 0, 0, "io", "cannot read: open sub: permission denied"),
	}
	if diff := cmp.Diff(want, probs); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"b.yaml"}, repo.Files); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	if _, _, err := Load(failFS{fsys: fstest.MapFS{}, fail: map[string]bool{".": true}}, Options{}); err == nil {
		t.Errorf("Load of an unreadable root: no error")
	}
}
