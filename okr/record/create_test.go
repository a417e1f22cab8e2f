package record

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCreate: okr import's writer creates every file with its content and
// leaves no temporary file; an existing file, or one it cannot write,
// leaves none of them created.
func TestCreate(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{}
	for i := range 40 { // more than syncFSMin: one syncfs for all
		files[fmt.Sprintf("teams/t%02d.yaml", i)] = []byte(fmt.Sprintf("# team %d\n", i))
	}
	files["measurements/new/m.csv"] = []byte("metric,at,value\n")
	if err := Create(dir, files); err != nil {
		t.Fatal(err)
	}
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if strings.Contains(rel, ".okr-") {
			t.Errorf("temporary file left: %s", rel)
		}
		if strings.HasSuffix(rel, ".lock") || strings.Contains(rel, "/.okr") {
			return nil // the directories' locks
		}
		n++
		got, err := os.ReadFile(p)
		if err != nil || string(got) != string(files[rel]) {
			t.Errorf("%s: %q, %v; want %q", rel, got, err, files[rel])
		}
		return nil
	})
	if err != nil || n != len(files) {
		t.Fatalf("%d files, %v; want %d", n, err, len(files))
	}

	// One exists: nothing written, not even the new directory.
	err = Create(dir, map[string][]byte{"other/a.yaml": []byte("a\n"), "teams/t00.yaml": []byte("x\n")})
	var ee *ExistsError
	if !errors.As(err, &ee) || ee.File != "teams/t00.yaml" {
		t.Fatalf("existing file: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "other")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("other/ was created: %v", err)
	}

	// The last name is one whose temporary file's name is too long for
	// the file system (NAME_MAX 255): the files prepared before it are
	// removed, none created.
	long := "teams/z" + strings.Repeat("x", 240) + ".yaml"
	err = Create(dir, map[string][]byte{"teams/a.yaml": []byte("a\n"), "teams/b.yaml": []byte("b\n"), long: []byte("z\n")})
	if err == nil || !strings.Contains(err.Error(), "teams/z") {
		t.Fatalf("a name too long: %v", err)
	}
	entries, err := os.ReadDir(filepath.Join(dir, "teams"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if name := e.Name(); name == "a.yaml" || name == "b.yaml" || strings.Contains(name, ".okr-") {
			t.Errorf("teams/%s left after a failed Create", name)
		}
	}

	// The same in directories that do not exist yet: the directories
	// made for the files are removed too, those that were there kept.
	err = Create(dir, map[string][]byte{
		"new/deeper/a.yaml": []byte("a\n"), "new/other/b.yaml": []byte("b\n"), "teams/sub/c.yaml": []byte("c\n"),
		"new/deeper/z" + strings.Repeat("x", 240) + ".yaml": []byte("z\n"),
	})
	if err == nil || !strings.Contains(err.Error(), "new/deeper/z") {
		t.Fatalf("a name too long in a new directory: %v", err)
	}
	for _, d := range []string{"new", "teams/sub"} {
		if _, err := os.Stat(filepath.Join(dir, d)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s/ left after a failed Create: %v", d, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "teams", "t00.yaml")); err != nil {
		t.Errorf("teams/t00.yaml: %v", err)
	}
}
