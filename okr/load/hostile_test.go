package load

import (
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/okr-as-code/okr/okr/model"
)

// writeFiles writes files (relative path → content) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func mkfifo(t *testing.T, p string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSpecialFiles: a FIFO or socket under any name okr reads (okr.yaml,
// .gitignore, x.yaml, m.csv, anywhere) is never opened: it is skipped with
// a warning and the rest loads; nothing blocks (SPEC §1).
func TestSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.yaml": kpi("a"), "sub/b.yaml": kpi("b"), "sub/notes.txt": "x"})
	for _, p := range []string{"okr.yaml", ".gitignore", "x.yaml", "sub/m.csv", "sub/.gitignore", "deep/er/y.yml", "sub/fifo.txt"} {
		mkfifo(t, filepath.Join(dir, p))
	}
	l, err := net.Listen("unix", filepath.Join(dir, "s.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	// A link to a FIFO within the repository.
	if err := os.Symlink("x.yaml", filepath.Join(dir, "link.yaml")); err != nil {
		t.Fatal(err)
	}
	var (
		repo  *model.Repo
		probs []model.Problem
	)
	within(t, 20*time.Second, func() { repo, probs, err = Dir(dir, Options{}) })
	if err != nil {
		t.Fatal(err)
	}
	checkProblems(t, probs)
	fifo := "not a regular file but a FIFO (named pipe); okr reads only regular files and skips it"
	want := []model.Problem{
		W(".gitignore", 0, 0, "io", fifo),
		W("deep/er/y.yml", 0, 0, "io", fifo),
		W("link.yaml", 0, 0, "io", fifo),
		W("okr.yaml", 0, 0, "io", fifo),
		W("s.yaml", 0, 0, "io", "not a regular file but a socket; okr reads only regular files and skips it"),
		W("sub/.gitignore", 0, 0, "io", fifo),
		W("sub/m.csv", 0, 0, "io", fifo),
		W("x.yaml", 0, 0, "io", fifo),
	}
	if d := cmp.Diff(want, model.SortProblems(probs)); d != "" {
		t.Errorf("problems (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"a.yaml", "sub/b.yaml"}, repo.Files); d != "" {
		t.Errorf("files (-want +got):\n%s", d)
	}
	// Asked for by name, through the work tree or any file system: refused
	// without opening it.
	fsys, close := openRootFS(t, dir)
	defer close()
	for _, name := range []string{"x.yaml", "okr.yaml", "link.yaml", "s.yaml"} {
		var err error
		within(t, 20*time.Second, func() { _, err = readFile(fsys, name) })
		if !IsNotRegular(err) {
			t.Errorf("readFile(%s) = %v, want a not-regular error", name, err)
		}
		within(t, 20*time.Second, func() { _, err = readFile(os.DirFS(dir), name) })
		if !IsNotRegular(err) {
			t.Errorf("readFile(DirFS, %s) = %v, want a not-regular error", name, err)
		}
	}
	// A device: /dev/zero would feed a reader without end.
	if _, err := os.Stat("/dev/zero"); err == nil {
		var err error
		within(t, 20*time.Second, func() { _, err = readFile(os.DirFS("/dev"), "zero") })
		if !IsNotRegular(err) || err.Error() != "not a regular file but a character device; okr reads only regular files and skips it" {
			t.Errorf("readFile(/dev/zero) = %v, want a not-regular error", err)
		}
	}
}

func openRootFS(t *testing.T, dir string) (*rootFS, func()) {
	t.Helper()
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	fsys := newRootFS(r)
	return fsys, func() { fsys.close(); r.Close() }
}

// TestTooLarge: a file over 256 MiB (sparse, so the test costs no disk) is
// reported and never read, not even in part: loading it allocates far
// less than its size.
func TestTooLarge(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.yaml": kpi("a")})
	for _, name := range []string{"big.yaml", "big.csv", "okr.yaml"} {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteString("metric,at,value\n"); err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(300 << 20); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	repo, probs, err := Dir(dir, Options{})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	big := "file is larger than 256 MiB; okr does not read it"
	want := []model.Problem{E("big.csv", 0, 0, "io", big), E("big.yaml", 0, 0, "io", big), E("okr.yaml", 0, 0, "io", big)}
	if d := cmp.Diff(want, model.SortProblems(probs)); d != "" {
		t.Errorf("problems (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"a.yaml"}, repo.Files); d != "" {
		t.Errorf("files (-want +got):\n%s", d)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 32<<20 {
		t.Errorf("loading allocated %d MiB: the large files were read", n>>20)
	}
	// Through any other file system, the same.
	for _, name := range []string{"big.yaml", "okr.yaml"} {
		if _, err := readFile(os.DirFS(dir), name); err != errTooLarge {
			t.Errorf("readFile(DirFS, %s) = %v, want %v", name, err, errTooLarge)
		}
	}
}

// growing is a file whose Stat says it is small, and which reads without
// end: a file that grows while it is read.
type growing struct{ read int64 }

func (g *growing) Stat() (fs.FileInfo, error) { return fakeInfo{}, nil }
func (g *growing) Close() error               { return nil }
func (g *growing) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	g.read += int64(len(p))
	return len(p), nil
}

type fakeInfo struct{}

func (fakeInfo) Name() string       { return "g.yaml" }
func (fakeInfo) Size() int64        { return 10 }
func (fakeInfo) Mode() fs.FileMode  { return 0o644 }
func (fakeInfo) ModTime() time.Time { return time.Time{} }
func (fakeInfo) IsDir() bool        { return false }
func (fakeInfo) Sys() any           { return nil }

// TestGrowingFile: a file that grows past the limit while it is read is
// refused once the limit is passed, having read at most one byte more.
func TestGrowingFile(t *testing.T) {
	g := &growing{}
	if _, err := readAllMax(g, 1<<16); err != errTooLarge {
		t.Fatalf("readAllMax = %v, want %v", err, errTooLarge)
	}
	if g.read > 1<<16+1 {
		t.Errorf("read %d bytes of a file limited to %d", g.read, 1<<16)
	}
}

// TestSiteDirSkipped: a directory holding the marker of `okr site` output is
// never read as OKR input, at any depth, in any file system (a git tree
// too: both are an fs.FS).
func TestSiteDirSkipped(t *testing.T) {
	files := map[string]string{
		"a.yaml":                   kpi("a"),
		"_site/.okr-site":          "",
		"_site/okr.schema.json":    "{}",
		"_site/broken.yaml":        broken,
		"_site/sub/m.csv":          "Metric,At,Value\n",
		"docs/dash/.okr-site":      "",
		"docs/dash/kpi.yaml":       kpi("a"), // a duplicate id, were it read
		"docs/other/b.yaml":        kpi("b"),
		"notsite/.okr-site.bak":    "",
		"notsite/c.yaml":           kpi("c"),
		"_site2/sub/.okr-site":     "",
		"_site2/sub/deeper/d.yaml": broken,
		"we[i]rd*/.okr-site":       "",
		"we[i]rd*/e.yaml":          broken,
		"weird/f.yaml":             kpi("f"),
	}
	// Not read, but each YAML or CSV file there is an error (site-dir): okr
	// site writes none, and a marker must not hide a team's file from CI.
	wantHidden := []string{"_site/broken.yaml", "_site/sub/m.csv", "_site2/sub/deeper/d.yaml", "docs/dash/kpi.yaml", "we[i]rd*/e.yaml"}
	hidden := func(probs []model.Problem) []string {
		var fs []string
		for _, p := range probs {
			if p.Rule != RuleSiteDir || p.Severity != model.Error {
				t.Errorf("unexpected problem %v", p)
				continue
			}
			fs = append(fs, p.File)
		}
		slices.Sort(fs)
		return fs
	}
	repo, probs := loadMap(t, files)
	if d := cmp.Diff(wantHidden, hidden(probs)); d != "" {
		t.Errorf("site-dir problems (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"a.yaml", "docs/other/b.yaml", "notsite/c.yaml", "weird/f.yaml"}, repo.Files); d != "" {
		t.Errorf("files (-want +got):\n%s", d)
	}
	dir := t.TempDir()
	writeFiles(t, dir, files)
	repo, probs, err := Dir(dir, Options{})
	if err != nil {
		t.Fatalf("Dir: %v", err)
	}
	if d := cmp.Diff(wantHidden, hidden(probs)); d != "" {
		t.Errorf("work tree site-dir problems (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"a.yaml", "docs/other/b.yaml", "notsite/c.yaml", "weird/f.yaml"}, repo.Files); d != "" {
		t.Errorf("work tree files (-want +got):\n%s", d)
	}
	// The Ignorer of Discover, for files a later revision adds.
	_, ig, _, err := Discover(mapFS(files), model.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]bool{"_site/new.yaml": true, "docs/dash/x/y.csv": true, "we[i]rd*/g.yaml": true, "weird/g.yaml": false, "docs/other/n.yaml": false, "_site.yaml": false} {
		if got := ig.Ignored(p); got != want {
			t.Errorf("Ignored(%s) = %v, want %v", p, got, want)
		}
	}
}
