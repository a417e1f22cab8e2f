package lsp

import (
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

// overlay is the work tree as okr lsp reads it: the files under the root,
// read through os.Root (so that no link leads out of it), with the text of
// every open document in place of its file, and open documents that are not
// on disk yet listed in their directories. It is a snapshot: the buffers
// it holds do not change.
//
// It tells okr/load the key of a file's content without reading it
// (BlobHash), so that a load with a cache reads and parses only the files
// that changed: an open document's key is the hash of its text; a file on
// disk's is the hash of its size, modification time and mode, and of the
// number of times the client said it changed (didChangeWatchedFiles), as
// git's index tells a changed file from an unchanged one.
type overlay struct {
	disk  fs.FS // os.Root.FS()
	docs  map[string]string
	keys  map[string]plumbing.Hash // of docs
	dirs  map[string]bool          // the directories above docs
	epoch map[string]int           // watched-file changes by path
}

func newOverlay(disk fs.FS, docs map[string]string, epoch map[string]int) *overlay {
	o := &overlay{disk: disk, docs: docs, keys: make(map[string]plumbing.Hash, len(docs)), dirs: map[string]bool{".": true}, epoch: epoch}
	for p, s := range docs {
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			o.dirs[d] = true
		}
		if onDisk(disk, p, s) {
			// An open document as it is on disk (just opened, or saved)
			// keeps the key of the file, so that opening a file parses
			// nothing again.
			continue
		}
		h := sha1.New()
		h.Write([]byte("buffer\x00"))
		io.WriteString(h, s)
		var k plumbing.Hash
		copy(k[:], h.Sum(nil))
		o.keys[p] = k
	}
	return o
}

// onDisk reports whether the file at p on disk holds text.
func onDisk(disk fs.FS, p, text string) bool {
	info, err := fs.Stat(disk, p)
	if err != nil || !info.Mode().IsRegular() || info.Size() != int64(len(text)) {
		return false
	}
	b, err := fs.ReadFile(disk, p)
	return err == nil && string(b) == text
}

// Open opens name.
func (o *overlay) Open(name string) (fs.File, error) {
	if s, ok := o.docs[name]; ok {
		return &memFile{info: memInfo{name: path.Base(name), size: int64(len(s))}, r: strings.NewReader(s)}, nil
	}
	f, err := o.disk.Open(name)
	if err != nil && o.dirs[name] && errors.Is(err, fs.ErrNotExist) {
		return &memFile{info: memInfo{name: path.Base(name), dir: true}, r: strings.NewReader("")}, nil
	}
	return f, err
}

// Stat returns the FileInfo of name.
func (o *overlay) Stat(name string) (fs.FileInfo, error) {
	if s, ok := o.docs[name]; ok {
		return memInfo{name: path.Base(name), size: int64(len(s))}, nil
	}
	info, err := fs.Stat(o.disk, name)
	if err != nil && o.dirs[name] && errors.Is(err, fs.ErrNotExist) {
		return memInfo{name: path.Base(name), dir: true}, nil
	}
	return info, err
}

// ReadFile returns the content of name.
func (o *overlay) ReadFile(name string) ([]byte, error) {
	if s, ok := o.docs[name]; ok {
		return []byte(s), nil
	}
	return fs.ReadFile(o.disk, name)
}

// ReadDir lists directory name: its entries on disk, an open document in
// place of its file, and the open documents and their directories that are
// not on disk.
func (o *overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	ents, err := fs.ReadDir(o.disk, name)
	if err != nil {
		if !o.dirs[name] || !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		ents = nil
	}
	have := make(map[string]bool, len(ents))
	for i, e := range ents {
		have[e.Name()] = true
		p := path.Join(name, e.Name())
		if s, ok := o.docs[p]; ok {
			ents[i] = fs.FileInfoToDirEntry(memInfo{name: e.Name(), size: int64(len(s))})
		}
	}
	added := false
	add := func(p string, info memInfo) {
		if path.Dir(p) == name && !have[info.name] {
			have[info.name] = true
			ents = append(ents, fs.FileInfoToDirEntry(info))
			added = true
		}
	}
	for p, s := range o.docs {
		add(p, memInfo{name: path.Base(p), size: int64(len(s))})
	}
	for d := range o.dirs {
		if d != "." {
			add(d, memInfo{name: path.Base(d), dir: true})
		}
	}
	if added {
		slices.SortFunc(ents, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	}
	return ents, nil
}

// BlobHash returns the key of name's content (see overlay); false when
// the file cannot be stat'ed, so that the loader reads it and reports why.
func (o *overlay) BlobHash(name string) (plumbing.Hash, bool) {
	if k, ok := o.keys[name]; ok {
		return k, true
	}
	info, err := fs.Stat(o.disk, name)
	if err != nil || !info.Mode().IsRegular() {
		return plumbing.ZeroHash, false
	}
	var b [8 * 4]byte
	binary.LittleEndian.PutUint64(b[0:], uint64(info.Size()))
	binary.LittleEndian.PutUint64(b[8:], uint64(info.ModTime().UnixNano()))
	binary.LittleEndian.PutUint64(b[16:], uint64(info.Mode()))
	binary.LittleEndian.PutUint64(b[24:], uint64(o.epoch[name]))
	h := sha1.New()
	h.Write([]byte("disk\x00"))
	h.Write(b[:])
	var k plumbing.Hash
	copy(k[:], h.Sum(nil))
	return k, true
}

// memInfo is the FileInfo of an open document, or of a directory that
// holds one and is not on disk.
type memInfo struct {
	name string
	size int64
	dir  bool
}

func (m memInfo) Name() string       { return m.name }
func (m memInfo) Size() int64        { return m.size }
func (m memInfo) ModTime() time.Time { return time.Time{} }
func (m memInfo) IsDir() bool        { return m.dir }
func (m memInfo) Sys() any           { return nil }
func (m memInfo) Mode() fs.FileMode {
	if m.dir {
		return fs.ModeDir | 0o755
	}
	return 0o644
}

// memFile is an open document, opened.
type memFile struct {
	info memInfo
	r    *strings.Reader
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Read(b []byte) (int, error) {
	if f.info.dir {
		return 0, &fs.PathError{Op: "read", Path: f.info.name, Err: errors.New("is a directory")}
	}
	return f.r.Read(b)
}
func (f *memFile) Close() error { return nil }

// openRoot opens the root directory for an overlay.
func openRoot(dir string) (*os.Root, error) { return os.OpenRoot(dir) }
