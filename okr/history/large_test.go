package history

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

// A blob larger than MaxObjectSize is reported by its size, from the
// object's header, and never inflated: loose (git add writes it so) and
// packed. Not parallel: it measures the bytes the process allocates.
func TestLargeBlobNotRead(t *testing.T) {
	g := newGitRepo(t)
	g.write("teams/payments.yaml", "apiVersion: okr/v1\nkind: KPI\nid: p95\nname: p95\ndirection: decrease\n")
	g.commit("goals")
	big := filepath.Join(g.dir, "teams", "big.yaml")
	g.write("teams/big.yaml", "apiVersion: okr/v1\nkind: KPI\n")
	const size = 300 << 20
	if err := os.Truncate(big, size); err != nil { // sparse: zeros cost nothing
		t.Fatal(err)
	}
	g.git("-c", "core.looseCompression=1", "add", "-A")
	g.commit("a big file")
	g.remove("teams/big.yaml")
	hash := plumbing.NewHash(g.git("rev-parse", "HEAD:teams/big.yaml"))

	check := func(name string) {
		t.Helper()
		r := g.open("")
		head, err := r.Resolve("HEAD")
		if err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)

		data, n, err := r.BlobMax(hash, 1<<40)
		if err != nil || data != nil || n != size {
			t.Errorf("%s: BlobMax = %d bytes, size %d, %v; want no content, size %d", name, len(data), n, err, size)
		}
		if _, err := r.Blob(hash); !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s: Blob: %v; want ErrTooLarge", name, err)
		}
		fsys, err := r.FS(head)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fs.ReadFile(fsys, "teams/big.yaml"); !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s: ReadFile: %v; want ErrTooLarge", name, err)
		}
		if fi, err := fs.Stat(fsys, "teams/big.yaml"); err != nil || fi.Size() != size {
			t.Errorf("%s: Stat: %v, %v; want size %d", name, fi, err, size)
		}
		f, err := fsys.Open("teams/big.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Read(make([]byte, 10)); !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s: Read: %v; want ErrTooLarge", name, err)
		}
		f.Close()
		if err := Fault(fsys); err != nil {
			t.Errorf("%s: Fault = %v; want nil: a file too large to read is its problem, not a corrupt repository", name, err)
		}
		changes, err := r.Changed(head, nil)
		if err != nil || len(changes) != 1 || changes[0].To != hash {
			t.Errorf("%s: Changed = %v, %v; want teams/big.yaml added", name, changes, err)
		}

		runtime.ReadMemStats(&after)
		// Inflating the blob would allocate its 300 MiB at least.
		if got := after.TotalAlloc - before.TotalAlloc; got > 32<<20 {
			t.Errorf("%s: reading around the big blob allocated %d MiB; want it never inflated", name, got>>20)
		}
	}
	check("loose")
	g.git("gc", "-q")
	check("packed")
}
