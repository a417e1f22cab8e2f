package atomicfile

import (
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
