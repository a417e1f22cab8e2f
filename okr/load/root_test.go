package load

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// TestRootFSBoundsOpenDirectories reads the files of many directories at
// once through a rootFS that may keep only four directories open: every
// file reads right, and no more than four stay open.
func TestRootFSBoundsOpenDirectories(t *testing.T) {
	defer func(n int) { maxDirRoots = n }(maxDirRoots)
	maxDirRoots = 4
	dir := t.TempDir()
	const n = 200
	for i := range n {
		d := filepath.Join(dir, fmt.Sprintf("d%03d", i))
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "f.yaml"), []byte(fmt.Sprint(i)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	fsys := newRootFS(r)
	defer fsys.close()
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < n; i += 8 {
				b, err := fsys.ReadFile(fmt.Sprintf("d%03d/f.yaml", i))
				if err != nil || string(b) != fmt.Sprint(i) {
					t.Errorf("d%03d/f.yaml = %q, %v", i, b, err)
				}
			}
		})
	}
	wg.Wait()
	if len(fsys.dirs) > maxDirRoots {
		t.Errorf("%d directories open, want at most %d", len(fsys.dirs), maxDirRoots)
	}
	for name, d := range fsys.dirs {
		if d.refs != 0 {
			t.Errorf("%s still held by %d reads", name, d.refs)
		}
	}
}
