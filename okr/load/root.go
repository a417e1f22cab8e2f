package load

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sync"
	"syscall"

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
// Root for their directory, kept open while files of that directory are
// read, so that reading a file costs one open instead of one per path
// component (os.Root opens a path component by component, so that no link
// can lead out of it). At most maxDirRoots stay open, the least recently
// used closed first once no read holds them, so that a tree of many
// directories does not run out of file descriptors. What a directory's Root
// refuses (a link to another directory of the repository) is tried again
// through the repository's Root, which decides.
type rootFS struct {
	fs.FS // root.FS()
	root  *os.Root
	mu    sync.Mutex
	dirs  map[string]*dirRoot
	tick  int // counts uses, for least recently used
}

// dirRoot is the open Root of a directory, nil when it would not open.
type dirRoot struct {
	r    *os.Root
	refs int // reads holding it
	used int // tick of its last use
	// dir is the directory itself, opened through r, whose descriptor
	// the raw reads of readDirect open files at (nil: none, or not yet).
	dir    *os.File
	dirFD  int  // its descriptor
	dirErr bool // it would not open
}

// maxDirRoots bounds the directory Roots a rootFS keeps open.
var maxDirRoots = 64

func newRootFS(r *os.Root) *rootFS {
	return &rootFS{FS: r.FS(), root: r, dirs: map[string]*dirRoot{}}
}

func (f *rootFS) close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, d := range f.dirs {
		d.closeAll()
	}
	clear(f.dirs)
}

// acquire returns the Root of directory dir, or nil; release it after use.
func (f *rootFS) acquire(dir string) *dirRoot {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tick++
	d, ok := f.dirs[dir]
	if !ok {
		d = &dirRoot{}
		if r, err := f.root.OpenRoot(dir); err == nil {
			d.r = r
		}
		f.dirs[dir] = d
	}
	d.refs++
	d.used = f.tick
	if !ok {
		// After d is held and the most recently used: evicting before
		// closed d itself as soon as maxDirRoots were open, and every
		// read after that went the long way, through the repository's Root.
		f.evict()
	}
	return d
}

// closeAll closes the directory and its Root.
func (d *dirRoot) closeAll() {
	if d.dir != nil {
		d.dir.Close()
	}
	if d.r != nil {
		d.r.Close()
	}
}

// dirFD returns the descriptor of the open directory of d, opening it the
// first time, or -1. The caller holds d (acquire), which keeps it open.
func (f *rootFS) dirFD(d *dirRoot) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	if d.dir == nil && !d.dirErr && d.r != nil {
		if df, err := d.r.Open("."); err == nil {
			d.dir, d.dirFD = df, int(df.Fd()) // Fd once: each call sets the mode again
		} else {
			d.dirErr = true
		}
	}
	if d.dir == nil {
		return -1
	}
	return d.dirFD
}

func (f *rootFS) release(d *dirRoot) {
	f.mu.Lock()
	defer f.mu.Unlock()
	d.refs--
	f.evict()
}

// evict closes the least recently used Roots no read holds while more than
// maxDirRoots are open. The caller holds f.mu.
func (f *rootFS) evict() {
	for len(f.dirs) > maxDirRoots {
		var oldest string
		var od *dirRoot
		for name, d := range f.dirs {
			if d.refs == 0 && (od == nil || d.used < od.used) {
				oldest, od = name, d
			}
		}
		if od == nil {
			return // all in use; closed when released
		}
		od.closeAll()
		delete(f.dirs, oldest)
	}
}

func (f *rootFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(f.FS, name) }

// Stat stats name through the Root of its directory (one call, where the
// repository's Root walks every component of the path), and through the
// repository's Root for a link, which it follows within the root only.
func (f *rootFS) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	if name != "." {
		dir, base := splitPath(name)
		d := f.acquire(dir)
		defer f.release(d)
		if d.r != nil {
			info, err := d.r.Lstat(base)
			switch {
			case err == nil && info.Mode()&fs.ModeSymlink == 0:
				return info, nil
			case errors.Is(err, fs.ErrNotExist):
				return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
			}
		}
	}
	return fs.Stat(f.FS, name)
}

// splitPath splits a valid path into its directory ("." at the top) and
// its last element.
func splitPath(name string) (dir, base string) {
	dir, base = path.Split(name)
	if dir == "" {
		return ".", base
	}
	return dir[:len(dir)-1], base
}

func (f *rootFS) ReadFile(name string) ([]byte, error) { return f.readFile(name) }

// readFile reads the file name (at most maxFileSize bytes).
func (f *rootFS) readFile(name string) ([]byte, error) { return f.readFileInto(name, nil) }

// readFileInto is readFile reading into buf when it is large enough.
func (f *rootFS) readFileInto(name string, buf []byte) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrInvalid}
	}
	dir, base := splitPath(name)
	d := f.acquire(dir)
	defer f.release(d)
	if d.r != nil && directReads {
		if fd := f.dirFD(d); fd >= 0 {
			data, ok, missing := readDirectOrMissing(fd, base, maxFileSize, buf)
			if ok {
				return data, nil
			}
			if missing {
				// What the repository's Root says below, after its walk to
				// the same directory.
				return nil, &fs.PathError{Op: "statat", Path: name, Err: syscall.ENOENT}
			}
		}
	}
	// Check the type before opening, since opening a FIFO blocks; open
	// without blocking all the same, in case the file is replaced by one in
	// between; readAll checks the type of what was opened.
	if d.r != nil {
		if info, err := d.r.Lstat(base); err == nil && info.Mode()&fs.ModeSymlink == 0 {
			if err := readable(info); err != nil {
				return nil, err
			}
			if file, err := d.r.OpenFile(base, os.O_RDONLY|syscall.O_NONBLOCK, 0); err == nil {
				defer file.Close()
				return readAllInto(file, maxFileSize, buf)
			}
		}
	}
	// A link, or what the directory's Root refuses: through the
	// repository's Root, which follows links within it only.
	info, err := f.root.Stat(name)
	if err != nil {
		return nil, err
	}
	if err := readable(info); err != nil {
		return nil, err
	}
	file, err := f.root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	return readAllInto(file, maxFileSize, buf)
}

// directReads says whether readFileInto tries readDirect first; tests
// turn it off to compare with the general way.
var directReads = haveDirect
