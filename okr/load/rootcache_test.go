package load

import (
	"os"
	"testing"
)

// TestAcquireKeepsNewRoot: once maxDirRoots directory Roots are open, the
// Root of a directory read next is opened and kept, the least recently used
// one closed instead (it once closed the new Root itself, so that every
// read after the first maxDirRoots directories fell back to the
// repository's Root, walking the whole path).
func TestAcquireKeepsNewRoot(t *testing.T) {
	defer func(n int) { maxDirRoots = n }(maxDirRoots)
	maxDirRoots = 2
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a/x.yaml": "", "b/x.yaml": "", "c/x.yaml": "", "d/x.yaml": ""})
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	fsys := newRootFS(r)
	defer fsys.close()
	for _, name := range []string{"a", "b", "c", "d", "c"} {
		d := fsys.acquire(name)
		if d.r == nil {
			t.Fatalf("%s: no Root", name)
		}
		if _, err := d.r.Lstat("x.yaml"); err != nil {
			t.Errorf("%s: the Root acquire returned does not read: %v", name, err)
		}
		fsys.release(d)
		if _, ok := fsys.dirs[name]; !ok {
			t.Errorf("%s: its Root was not kept", name)
		}
		if len(fsys.dirs) > maxDirRoots {
			t.Errorf("after %s: %d Roots open, want at most %d", name, len(fsys.dirs), maxDirRoots)
		}
	}
	if _, ok := fsys.dirs["a"]; ok {
		t.Error("a, the least recently used, is still open")
	}
}
