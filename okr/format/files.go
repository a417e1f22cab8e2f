package format

import (
	"bytes"
	"errors"
	"github.com/okr-as-code/okr/okr/internal/atomicfile"
	"io/fs"
	"os"
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
func Files(root string, names []string, write bool) ([]Result, error) {
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	out := make([]Result, 0, len(names))
	for _, name := range names {
		res := Result{File: name}
		res.Changed, res.Err = file(r, name, write)
		out = append(out, res)
	}
	return out, nil
}

func file(r *os.Root, name string, write bool) (bool, error) {
	if fi, err := r.Lstat(name); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return false, nil // formatted under the name of the file it points to
	}
	src, err := r.ReadFile(name)
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
	return true, replace(r, name, dst)
}

// replace atomically replaces the content of the existing file name with
// data, keeping its permission bits.
func replace(r *os.Root, name string, data []byte) error {
	fi, err := r.Lstat(name)
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return &fs.PathError{Op: "write", Path: name, Err: errors.New("not a regular file (okr fmt does not write through symbolic links)")}
	}
	return atomicfile.Write(r, name, data, fi.Mode().Perm(), true) // exactly the old mode, not through the umask
}
