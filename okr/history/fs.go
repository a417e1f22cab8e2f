package history

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// BlobHasher is implemented by the file system [Repo.FS] returns. BlobHash
// reports the hash of the blob that holds the regular file name, so that a
// caller can cache what it parsed from a file by its content; it returns
// false for directories, symbolic links, missing files and invalid names.
type BlobHasher interface {
	BlobHash(name string) (plumbing.Hash, bool)
}

// FS returns the tree of commit c below the root's prefix as a read-only
// file system. It implements [fs.ReadDirFS], [fs.ReadFileFS], [fs.StatFS],
// [fs.ReadLinkFS], [fs.SubFS] (whose results keep all of these) and
// [BlobHasher].
//
// Directories and regular files appear as they are in the commit. A symbolic
// link appears as an [fs.ModeSymlink] entry and is never followed: opening
// or reading it yields the link itself, whose content is its target, and a
// path through it does not exist. Submodules are left out. When the commit
// has no directory at the prefix the file system is empty. Modification
// times are the zero time.
//
// A tree or blob of the commit that is missing from the object store or
// does not read is an error of the operation that needs it, as a
// [fs.PathError], and is also kept: [Fault] returns the first such error,
// so that a caller which reports per-file errors as problems of the files
// (as the loader does) can tell a corrupt repository from a bad file.
func (r *Repo) FS(c *object.Commit) (fs.FS, error) {
	h, err := r.subtree(c.TreeHash, r.prefix)
	if err != nil {
		return nil, fmt.Errorf("commit %s: %w", c.Hash, err)
	}
	return &treeFS{r: r, root: h, fault: &fault{}}, nil
}

// Fault returns the first error that fsys, a file system [Repo.FS]
// returned or one of its [fs.Sub] file systems, met reading an object of
// the repository: a tree or blob that is missing or corrupt. An object
// larger than [MaxObjectSize] is no fault: it is a problem of its file.
// Fault returns nil for any other file system, and while fsys has met no
// such error. It is safe to call while fsys is in use.
func Fault(fsys fs.FS) error {
	if f, ok := fsys.(*treeFS); ok {
		return f.fault.get()
	}
	return nil
}

// fault holds the first object error met by a treeFS and its Sub file
// systems, which share it; the loader reads a file system from several
// goroutines.
type fault struct {
	mu  sync.Mutex
	err error
}

// note returns err, an error from the object store met by the operation
// op on name, as a [fs.PathError], and keeps that when it is the first.
func (f *fault) note(op, name string, err error) error {
	pe := &fs.PathError{Op: op, Path: name, Err: err}
	if errors.Is(err, ErrTooLarge) {
		return pe
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err == nil {
		f.err = pe
	}
	return pe
}

func (f *fault) get() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

// treeFS is an io/fs view of a git tree.
type treeFS struct {
	r     *Repo
	root  plumbing.Hash // zero for an empty file system
	fault *fault        // shared with the file systems of Sub
}

var (
	_ fs.ReadDirFS  = (*treeFS)(nil)
	_ fs.ReadFileFS = (*treeFS)(nil)
	_ fs.StatFS     = (*treeFS)(nil)
	_ fs.ReadLinkFS = (*treeFS)(nil)
	_ fs.SubFS      = (*treeFS)(nil)
	_ BlobHasher    = (*treeFS)(nil)
)

var errNotSymlink = errors.New("not a symbolic link")

// find returns the entry at name, which must be a valid path. It never
// follows symbolic links and treats submodules as absent.
func (f *treeFS) find(op, name string) (entry, error) {
	if !fs.ValidPath(name) {
		return entry{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	e := entry{name: ".", kind: kindDir, mode: filemode.Dir, hash: f.root}
	if name == "." {
		return e, nil
	}
	for elem := range strings.SplitSeq(name, "/") {
		if e.kind != kindDir {
			return entry{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
		}
		t, err := f.r.tree(e.hash)
		if err != nil {
			return entry{}, f.fault.note(op, name, err)
		}
		var ok bool
		if e, ok = t.lookup(elem); !ok || e.kind == kindGitlink {
			return entry{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
		}
	}
	return e, nil
}

// info returns the FileInfo of e, reading its size from the object store.
func (f *treeFS) info(op, name string, e entry) (*fileInfo, error) {
	fi := &fileInfo{name: path.Base(name), e: e}
	if e.kind != kindDir {
		n, err := f.r.blobSize(e.hash)
		if err != nil {
			return nil, f.fault.note(op, name, err)
		}
		fi.size = n
	}
	return fi, nil
}

// entries returns the entries of the directory e sorted by name, without
// submodules.
func (f *treeFS) entries(op, name string, e entry) ([]fs.DirEntry, error) {
	t, err := f.r.tree(e.hash)
	if err != nil {
		return nil, f.fault.note(op, name, err)
	}
	list := make([]fs.DirEntry, 0, len(t.entries))
	for _, e := range t.entries {
		if e.kind != kindGitlink {
			list = append(list, &dirEntry{f: f, dir: name, e: e})
		}
	}
	slices.SortFunc(list, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return list, nil
}

func (f *treeFS) Open(name string) (fs.File, error) {
	e, err := f.find("open", name)
	if err != nil {
		return nil, err
	}
	if e.kind == kindDir {
		return &dirFile{f: f, name: name, e: e}, nil
	}
	return &blobFile{f: f, name: name, e: e}, nil
}

func (f *treeFS) ReadDir(name string) ([]fs.DirEntry, error) {
	e, err := f.find("readdir", name)
	if err != nil {
		return nil, err
	}
	if e.kind != kindDir {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a directory")}
	}
	return f.entries("readdir", name, e)
}

func (f *treeFS) ReadFile(name string) ([]byte, error) {
	e, err := f.find("read", name)
	if err != nil {
		return nil, err
	}
	if e.kind == kindDir {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a directory")}
	}
	b, err := f.r.Blob(e.hash)
	if err != nil {
		return nil, f.fault.note("read", name, err)
	}
	return b, nil
}

// ReadFileMax returns the content of the file name, or only its size when
// that is more than max bytes: the check costs nothing, unlike a Stat
// before ReadFile.
func (f *treeFS) ReadFileMax(name string, max int64) ([]byte, int64, error) {
	e, err := f.find("read", name)
	if err != nil {
		return nil, 0, err
	}
	if e.kind == kindDir {
		return nil, 0, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a directory")}
	}
	b, n, err := f.r.BlobMax(e.hash, max)
	if err != nil {
		return nil, 0, f.fault.note("read", name, err)
	}
	return b, n, nil
}

func (f *treeFS) Stat(name string) (fs.FileInfo, error) {
	e, err := f.find("stat", name)
	if err != nil {
		return nil, err
	}
	return f.info("stat", name, e)
}

// Lstat is Stat: the file system never follows symbolic links.
func (f *treeFS) Lstat(name string) (fs.FileInfo, error) {
	e, err := f.find("lstat", name)
	if err != nil {
		return nil, err
	}
	return f.info("lstat", name, e)
}

// ReadLink returns the target of the symbolic link name.
func (f *treeFS) ReadLink(name string) (string, error) {
	e, err := f.find("readlink", name)
	if err != nil {
		return "", err
	}
	if e.kind != kindSymlink {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: errNotSymlink}
	}
	b, err := f.r.Blob(e.hash)
	if err != nil {
		return "", f.fault.note("readlink", name, err)
	}
	return string(b), nil
}

// Sub returns the file system rooted at the directory dir.
func (f *treeFS) Sub(dir string) (fs.FS, error) {
	e, err := f.find("sub", dir)
	if err != nil {
		return nil, err
	}
	if e.kind != kindDir {
		return nil, &fs.PathError{Op: "sub", Path: dir, Err: errors.New("not a directory")}
	}
	return &treeFS{r: f.r, root: e.hash, fault: f.fault}, nil
}

func (f *treeFS) BlobHash(name string) (plumbing.Hash, bool) {
	e, err := f.find("open", name)
	if err != nil || e.kind != kindFile {
		return plumbing.ZeroHash, false
	}
	return e.hash, true
}

// fileInfo describes a tree entry.
type fileInfo struct {
	name string
	e    entry
	size int64
}

func (fi *fileInfo) Name() string       { return fi.name }
func (fi *fileInfo) Size() int64        { return fi.size }
func (fi *fileInfo) Mode() fs.FileMode  { return entryMode(fi.e) }
func (fi *fileInfo) ModTime() time.Time { return time.Time{} }
func (fi *fileInfo) IsDir() bool        { return fi.e.kind == kindDir }
func (fi *fileInfo) Sys() any           { return nil }

// entryMode maps a git mode to an io/fs mode.
func entryMode(e entry) fs.FileMode {
	switch e.kind {
	case kindDir:
		return fs.ModeDir | 0o755
	case kindSymlink:
		return fs.ModeSymlink | 0o777
	}
	if e.mode == filemode.Executable {
		return 0o755
	}
	return 0o644
}

// dirEntry is an entry of a directory listing.
type dirEntry struct {
	f   *treeFS
	dir string
	e   entry
}

func (d *dirEntry) Name() string      { return d.e.name }
func (d *dirEntry) IsDir() bool       { return d.e.kind == kindDir }
func (d *dirEntry) Type() fs.FileMode { return entryMode(d.e).Type() }
func (d *dirEntry) Info() (fs.FileInfo, error) {
	name := d.e.name
	if d.dir != "." {
		name = d.dir + "/" + name
	}
	return d.f.info("stat", name, d.e)
}
func (d *dirEntry) String() string { return fs.FormatDirEntry(d) }

// dirFile is an open directory.
type dirFile struct {
	f      *treeFS
	name   string
	e      entry
	list   []fs.DirEntry // nil until the first ReadDir
	off    int
	closed bool
}

func (d *dirFile) Stat() (fs.FileInfo, error) {
	if d.closed {
		return nil, &fs.PathError{Op: "stat", Path: d.name, Err: fs.ErrClosed}
	}
	return d.f.info("stat", d.name, d.e)
}

func (d *dirFile) Read([]byte) (int, error) {
	if d.closed {
		return 0, &fs.PathError{Op: "read", Path: d.name, Err: fs.ErrClosed}
	}
	return 0, &fs.PathError{Op: "read", Path: d.name, Err: errors.New("is a directory")}
}

func (d *dirFile) Close() error {
	if d.closed {
		return &fs.PathError{Op: "close", Path: d.name, Err: fs.ErrClosed}
	}
	d.closed = true
	return nil
}

func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	if d.closed {
		return nil, &fs.PathError{Op: "readdir", Path: d.name, Err: fs.ErrClosed}
	}
	if d.list == nil {
		list, err := d.f.entries("readdir", d.name, d.e)
		if err != nil {
			return nil, err
		}
		d.list = list
	}
	rest := d.list[d.off:]
	if n <= 0 {
		d.off = len(d.list)
		return slices.Clone(rest), nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	rest = rest[:min(n, len(rest))]
	d.off += len(rest)
	return slices.Clone(rest), nil
}

// blobFile is an open file or symbolic link. Its content is read on first
// use.
type blobFile struct {
	f      *treeFS
	name   string
	e      entry
	rd     *bytes.Reader // nil until first read
	closed bool
}

func (b *blobFile) Stat() (fs.FileInfo, error) {
	if b.closed {
		return nil, &fs.PathError{Op: "stat", Path: b.name, Err: fs.ErrClosed}
	}
	if b.rd != nil {
		return &fileInfo{name: path.Base(b.name), e: b.e, size: b.rd.Size()}, nil
	}
	return b.f.info("stat", b.name, b.e)
}

func (b *blobFile) load(op string) error {
	if b.closed {
		return &fs.PathError{Op: op, Path: b.name, Err: fs.ErrClosed}
	}
	if b.rd == nil {
		data, err := b.f.r.Blob(b.e.hash)
		if err != nil {
			return b.f.fault.note(op, b.name, err)
		}
		b.rd = bytes.NewReader(data)
	}
	return nil
}

func (b *blobFile) Read(p []byte) (int, error) {
	if err := b.load("read"); err != nil {
		return 0, err
	}
	return b.rd.Read(p)
}

func (b *blobFile) ReadAt(p []byte, off int64) (int, error) {
	if err := b.load("read"); err != nil {
		return 0, err
	}
	return b.rd.ReadAt(p, off)
}

func (b *blobFile) Seek(off int64, whence int) (int64, error) {
	if err := b.load("seek"); err != nil {
		return 0, err
	}
	return b.rd.Seek(off, whence)
}

func (b *blobFile) Close() error {
	if b.closed {
		return &fs.PathError{Op: "close", Path: b.name, Err: fs.ErrClosed}
	}
	b.closed = true
	b.rd = nil
	return nil
}
