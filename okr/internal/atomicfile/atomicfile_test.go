package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "m"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "m", "a.csv"), []byte("old\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := Write(r, "m/a.csv", []byte("new\n"), 0o640, true); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "m", "a.csv"))
	if err != nil || string(got) != "new\n" {
		t.Fatalf("content = %q, %v; want \"new\\n\"", got, err)
	}
	fi, err := os.Stat(filepath.Join(dir, "m", "a.csv"))
	if err != nil || fi.Mode().Perm() != 0o640 {
		t.Fatalf("mode = %v, %v; want 0640", fi.Mode().Perm(), err)
	}
	entries, err := os.ReadDir(filepath.Join(dir, "m"))
	if err != nil || len(entries) != 1 {
		t.Fatalf("directory holds %v, %v; want only a.csv (no temporary file left)", entries, err)
	}
	// A path out of the root is refused.
	if err := Write(r, "../escape.csv", []byte("x"), 0o644, false); err == nil {
		t.Fatal("Write outside the root succeeded")
	}
}

// TestPending: prepared files change nothing until committed; an aborted
// one leaves its file as it was; no temporary file is left behind.
func TestPending(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{"a.csv": "old a\n", "b.csv": "old b\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o640); err != nil {
			t.Fatal(err)
		}
	}
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	a, err := Prepare(r, "a.csv", []byte("new a\n"), 0o640, true)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Prepare(r, "b.csv", []byte("new b\n"), 0o640, true)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Prepare(r, "c.csv", []byte("new c\n"), 0o644, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := read("a.csv") + read("b.csv"); got != "old a\nold b\n" {
		t.Fatalf("before Commit: %q", got)
	}
	b.Abort()
	if err := SyncPending([]*Pending{a, c}); err != nil {
		t.Fatal(err)
	}
	if err := a.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := c.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := read("a.csv") + read("b.csv") + read("c.csv"); got != "new a\nold b\nnew c\n" {
		t.Fatalf("after: %q", got)
	}
	if fi, err := os.Stat(filepath.Join(dir, "a.csv")); err != nil || fi.Mode().Perm() != 0o640 {
		t.Fatalf("a.csv mode %v, %v; want 0640", fi.Mode().Perm(), err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 3 {
		t.Fatalf("directory holds %v, %v; want a.csv, b.csv and c.csv only", entries, err)
	}
	if _, err := Prepare(r, "../escape.csv", []byte("x"), 0o644, false); err == nil {
		t.Fatal("Prepare outside the root succeeded")
	}
}

// TestPendingMany: from syncFSMin files, SyncPending syncs the file system
// once; every file is then committed whole.
func TestPendingMany(t *testing.T) {
	dir := t.TempDir()
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var ps []*Pending
	for i := range syncFSMin + 4 {
		p, err := Prepare(r, fmt.Sprintf("m%02d.csv", i), []byte(fmt.Sprintf("row %d\n", i)), 0o644, false)
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	if err := SyncPending(ps); err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if err := p.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	for i := range syncFSMin + 4 {
		b, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("m%02d.csv", i)))
		if want := fmt.Sprintf("row %d\n", i); err != nil || string(b) != want {
			t.Errorf("m%02d.csv = %q, %v; want %q", i, b, err, want)
		}
	}
	if entries, err := os.ReadDir(dir); err != nil || len(entries) != syncFSMin+4 {
		t.Fatalf("directory holds %d entries, %v; want %d (no temporary file left)", len(entries), err, syncFSMin+4)
	}
}
