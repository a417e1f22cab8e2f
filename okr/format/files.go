package format

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"time"

	"github.com/okr-as-code/okr/okr/internal/atomicfile"
)

// Result is what happened to one file.
type Result struct {
	File    string // as given: relative to the root, "/"-separated
	Changed bool   // the file is not in the canonical layout (and, unless checking, was rewritten)
	Err     error  // the file could not be read, formatted or written; it is unchanged
}

// Files formats the named files of the repository at root (names relative to
// root, "/"-separated), in order; symbolic links are skipped. With write false it only reports which
// files would change. Each file is rewritten atomically, keeping its mode:
// the new content goes to a temporary file in the same directory, which is
// synced and renamed over the old one. Files are opened through os.Root, so
// no symbolic link can lead a write outside root.
//
// A file is read only when it is a regular file of at most 256 MiB (a FIFO
// or a device is an error, never opened). When writing, Files holds the
// lock of okr record on the file's directory (atomicfile.Lock) from the
// read to the rename, so that a measurement recorded meanwhile is never
// overwritten, and it removes the temporary files that a killed okr left
// there more than ten minutes ago (atomicfile.Sweep).
func Files(root string, names []string, write bool) ([]Result, error) {
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	out := make([]Result, 0, len(names))
	swept := map[string]bool{} // directories swept, once each
	for _, name := range names {
		res := Result{File: name}
		res.Changed, res.Err = file(r, name, write, swept)
		out = append(out, res)
	}
	return out, nil
}

func file(r *os.Root, name string, write bool, swept map[string]bool) (bool, error) {
	if fi, err := r.Lstat(name); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return false, nil // formatted under the name of the file it points to
	}
	if write {
		dir := path.Dir(name)
		unlock, err := atomicfile.Lock(r, dir)
		if err != nil {
			return false, fmt.Errorf("cannot lock %s: %w", dir, err)
		}
		defer unlock()
		if !swept[dir] {
			atomicfile.Sweep(r, dir, time.Now())
			swept[dir] = true
		}
	}
	src, mode, err := atomicfile.ReadFile(r, name, atomicfile.MaxSize)
	if err != nil {
		return false, err
	}
	dst, err := Source(src)
	if err != nil {
		return false, err
	}
	if bytes.Equal(src, dst) {
		return false, nil
	}
	if !write {
		return true, nil
	}
	// exactly the old mode, not through the umask
	return true, atomicfile.Write(r, name, dst, mode.Perm(), true)
}

// NotRegularError is a file that is not a regular file (a FIFO, a device):
// Files never opens one.
type NotRegularError = atomicfile.NotRegularError

// TooLargeError is a file larger than MaxSize: Files never reads one.
type TooLargeError = atomicfile.TooLargeError

// MaxSize is the size of the largest file Files reads, 256 MiB.
const MaxSize = atomicfile.MaxSize
