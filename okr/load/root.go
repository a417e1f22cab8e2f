package load

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sync"

	"github.com/okr-as-code/okr/okr/model"
)

// FindRoot returns the repository root for a start directory (SPEC §1): the
// nearest directory at or above start that holds okr.yaml, else the top of
// the enclosing git work tree, else start itself.
func FindRoot(start string) (string, error) {
	abs, err := filepath.Abs(start)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(abs); err != nil {
		return "", err
	}
	for d := abs; ; {
		if fi, err := os.Stat(filepath.Join(d, ConfigFile)); err == nil && fi.Mode().IsRegular() {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	for d := abs; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	return abs, nil
}

// Dir loads the work tree at root. It reads through os.Root, so no symbolic
// link inside the repository can make it read a file outside root.
func Dir(root string, opts Options) (*model.Repo, []model.Problem, error) {
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, nil, err
	}
	defer r.Close()
	fsys := newRootFS(r)
	defer fsys.close()
	return Load(fsys, opts)
}

// rootFS is a work tree read through os.Root. Files are opened through a
// Root for their directory, opened once, so that reading a file costs one
// open instead of one per path component (os.Root opens a path component
// by component, so that no link can lead out of it). What a directory's
// Root refuses (a link to another directory of the repository) is tried
// again through the repository's Root, which decides.
type rootFS struct {
	fs.FS // root.FS()
	root  *os.Root
	mu    sync.Mutex
	dirs  map[string]*os.Root // nil for a directory that would not open
}

func newRootFS(r *os.Root) *rootFS {
	return &rootFS{FS: r.FS(), root: r, dirs: map[string]*os.Root{}}
}

func (f *rootFS) close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, d := range f.dirs {
		if d != nil {
			d.Close()
		}
	}
	clear(f.dirs)
}

func (f *rootFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(f.FS, name) }
func (f *rootFS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(f.FS, name) }
func (f *rootFS) ReadFile(name string) ([]byte, error)       { return f.readFile(name) }

// dirRoot returns the Root of directory dir, or nil.
func (f *rootFS) dirRoot(dir string) *os.Root {
	f.mu.Lock()
	defer f.mu.Unlock()
	d, ok := f.dirs[dir]
	if !ok {
		var err error
		if d, err = f.root.OpenRoot(dir); err != nil {
			d = nil
		}
		f.dirs[dir] = d
	}
	return d
}

// readFile reads the file name (at most maxFileSize bytes).
func (f *rootFS) readFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrInvalid}
	}
	dir, base := path.Split(name)
	if dir == "" {
		dir = "."
	} else {
		dir = dir[:len(dir)-1]
	}
	if d := f.dirRoot(dir); d != nil {
		if file, err := d.Open(base); err == nil {
			defer file.Close()
			return readAll(file)
		}
	}
	file, err := f.root.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	return readAll(file)
}
