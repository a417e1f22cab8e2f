package history

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"
)

// ErrNotRepository is returned, wrapped with the path, by [Open] and
// [WorkTree] when no git repository encloses the directory.
var ErrNotRepository = errors.New("not a git repository (or any of the parent directories)")

// ErrStop, returned by the function passed to [Repo.Walk], ends the walk
// without an error.
var ErrStop = storer.ErrStop

const (
	// objectCacheSize bounds go-git's cache of raw objects, the bases of
	// the deltas it resolves (each held at up to twice its size). okr log
	// over 10,000 commits runs as fast with 16 MiB as with 64 MiB, and
	// peaks 350 MB lower (BENCHMARKS.md).
	objectCacheSize = 16 << 20
	// treeCacheEntries bounds the entries of the parsed trees kept in
	// memory (about 60 bytes each): the trees of a large directory, which
	// every commit to it changes, would otherwise fill gigabytes over a
	// long history.
	treeCacheEntries = 1 << 20
	// rawCacheBytes bounds the content of tree objects kept for diffs: a
	// walk diffs each commit against its parent, whose trees are the ones
	// read last.
	rawCacheBytes = 8 << 20
	// MaxObjectSize is the largest object okr reads (SPEC §1: a file or
	// git blob larger than 256 MiB is reported and not read). Its size is
	// in the object's header: a larger object is never inflated.
	MaxObjectSize = 256 << 20
	// lazyObjectSize is the size above which go-git reads an object only
	// when asked for its content, instead of inflating it to find its
	// size (a loose object is otherwise read whole by EncodedObject).
	lazyObjectSize = 1 << 20
)

// ErrTooLarge is returned, wrapped with the object, for an object larger
// than [MaxObjectSize].
var ErrTooLarge = fmt.Errorf("object is larger than %d MiB; okr does not read it", MaxObjectSize>>20)

// Repo is an open git repository seen from an OKR root inside its work tree.
//
// A Repo is safe for concurrent use: every access to the object store is
// serialised. The commits it returns read their parents and trees through
// the same lock, so their methods are safe to call concurrently too.
type Repo struct {
	mu      sync.Mutex // guards the fields up to objects
	st      *filesystem.Storage
	trees   *treeCache
	raws    *rawCache
	names   map[string]string               // interned tree entry names
	treeOf  map[plumbing.Hash]plumbing.Hash // commit -> its tree, for Changed
	scratch bytes.Buffer                    // tree content being parsed
	top     string
	prefix  string
	root    string // the directory Open was given, absolute, links resolved
	shallow map[plumbing.Hash]bool
	partial bool             // a partial clone (--filter): objects may be missing
	shared  *sharedChangeSet // Changed's results, kept (ShareChanges); nil: not
	objects lockedStorer
}

// WorkTree returns the top directory of the git work tree that encloses dir,
// the way `git rev-parse --show-toplevel` does: the nearest directory at or
// above dir (symbolic links resolved) that holds a .git directory or file.
// It returns an error wrapping [ErrNotRepository] when there is none.
func WorkTree(dir string) (string, error) {
	abs, err := realPath(dir)
	if err != nil {
		return "", err
	}
	top, _, err := findGitDir(abs)
	if err != nil {
		return "", fmt.Errorf("%s: %w", dir, err)
	}
	return top, nil
}

// Open finds the git repository whose work tree encloses root and opens it.
// [Repo.Prefix] is root's path relative to the top of the work tree.
// Linked work trees (`git worktree add`) and submodules, whose .git is a
// file, are supported. It returns an error wrapping [ErrNotRepository] when
// root is not inside a git work tree.
func Open(root string) (*Repo, error) {
	abs, err := realPath(root)
	if err != nil {
		return nil, err
	}
	top, gitDir, err := findGitDir(abs)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", root, err)
	}
	rel, err := filepath.Rel(top, abs)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", root, err)
	}
	prefix := filepath.ToSlash(rel)
	if prefix == "." {
		prefix = ""
	}

	var dot billy.Filesystem = osfs.New(gitDir)
	common, err := commonDir(gitDir)
	if err != nil {
		return nil, err
	}
	if common != "" {
		dot = dotgit.NewRepositoryFilesystem(dot, osfs.New(common))
	}
	st := filesystem.NewStorageWithOptions(dot, newObjectCache(objectCacheSize), filesystem.Options{
		KeepDescriptors:      true,
		LargeObjectThreshold: lazyObjectSize,
		// Alternates (git clone --shared, --reference) name absolute paths.
		AlternatesFS: osfs.New(string(filepath.Separator)),
	})
	r, err := newRepo(st, gitDir)
	if err != nil {
		st.Close()
		return nil, err
	}
	r.top, r.prefix, r.root = top, prefix, abs
	return r, nil
}

// Reopen opens the repository again, with object stores, open files and
// caches of its own, so that two goroutines can read it at once (each
// Repo serialises its own reads); the caller closes it.
func (r *Repo) Reopen() (*Repo, error) {
	if r.root == "" {
		return nil, errors.New("history: the repository was not opened from a directory")
	}
	return Open(r.root)
}

func newRepo(st *filesystem.Storage, gitDir string) (*Repo, error) {
	cfg, err := st.Config()
	if err != nil {
		return nil, fmt.Errorf("%s: reading the configuration: %w", gitDir, err)
	}
	ext := cfg.Raw.Section("extensions")
	if f := ext.Option("objectformat"); f != "" && !strings.EqualFold(f, "sha1") {
		return nil, fmt.Errorf("%s: repositories with %s object names are not supported, only sha1", gitDir, f)
	}
	if f := ext.Option("refstorage"); f != "" && !strings.EqualFold(f, "files") {
		return nil, fmt.Errorf("%s: the %s reference format is not supported, only files", gitDir, f)
	}
	shallow, err := st.Shallow()
	if err != nil {
		return nil, fmt.Errorf("%s: reading the shallow file: %w", gitDir, err)
	}
	r := &Repo{
		st:      st,
		trees:   newTreeCache(treeCacheEntries),
		raws:    newRawCache(rawCacheBytes),
		names:   make(map[string]string),
		treeOf:  make(map[plumbing.Hash]plumbing.Hash),
		shallow: make(map[plumbing.Hash]bool, len(shallow)),
		partial: ext.Option("partialclone") != "",
	}
	for _, sub := range cfg.Raw.Section("remote").Subsections {
		if strings.EqualFold(sub.Option("promisor"), "true") {
			r.partial = true
		}
	}
	for _, h := range shallow {
		r.shallow[h] = true
	}
	r.objects = lockedStorer{r}
	return r, nil
}

// Close releases the files the repository holds open.
func (r *Repo) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.st.Close()
}

// Prefix returns the root's path relative to the top of the work tree,
// "/"-separated, or "" when the root is the top.
func (r *Repo) Prefix() string { return r.prefix }

// Top returns the top directory of the work tree.
func (r *Repo) Top() string { return r.top }

// Shallow reports whether the repository is a shallow clone.
func (r *Repo) Shallow() bool { return len(r.shallow) > 0 }

// realPath returns the absolute path of dir with symbolic links resolved, as
// git sees the current directory.
func realPath(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return "", err
	}
	return real, nil
}

// findGitDir walks up from the absolute path abs to the nearest directory
// holding a usable .git directory or a .git file, and returns that
// directory and the git directory.
func findGitDir(abs string) (top, gitDir string, err error) {
	for d := abs; ; {
		dotGit := filepath.Join(d, ".git")
		fi, err := os.Stat(dotGit)
		switch {
		case err == nil && fi.IsDir():
			if isGitDir(dotGit) {
				return d, dotGit, nil
			}
		case err == nil:
			gd, err := readGitFile(dotGit)
			if err != nil {
				return "", "", err
			}
			return d, gd, nil
		case !errors.Is(err, os.ErrNotExist) && !errors.Is(err, os.ErrPermission):
			return "", "", err
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", "", ErrNotRepository
		}
		d = parent
	}
}

// isGitDir reports whether dir looks like a git directory: it holds HEAD,
// and objects/ and refs/ either directly or through a commondir file.
func isGitDir(dir string) bool {
	if _, err := os.Stat(filepath.Join(dir, "HEAD")); err != nil {
		return false
	}
	if _, err := os.Stat(filepath.Join(dir, "commondir")); err == nil {
		return true
	}
	for _, sub := range []string{"objects", "refs"} {
		if fi, err := os.Stat(filepath.Join(dir, sub)); err != nil || !fi.IsDir() {
			return false
		}
	}
	return true
}

// readGitFile reads a .git file ("gitdir: PATH", written for linked work
// trees and submodules) and returns the git directory it names.
func readGitFile(name string) (string, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return "", err
	}
	line, _, _ := strings.Cut(string(b), "\n")
	rest, ok := strings.CutPrefix(strings.TrimSpace(line), "gitdir:")
	if !ok {
		return "", fmt.Errorf("%s: invalid .git file: want \"gitdir: <path>\"", name)
	}
	gd := filepath.FromSlash(strings.TrimSpace(rest))
	if !filepath.IsAbs(gd) {
		gd = filepath.Join(filepath.Dir(name), gd)
	}
	if !isGitDir(gd) {
		return "", fmt.Errorf("%s: %s is not a git directory: %w", name, gd, ErrNotRepository)
	}
	return gd, nil
}

// commonDir returns the directory named by gitDir's commondir file (linked
// work trees keep objects and refs there), or "" when there is none.
func commonDir(gitDir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(gitDir, "commondir"))
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	cd := filepath.FromSlash(strings.TrimSpace(string(b)))
	if cd == "" {
		return "", nil
	}
	if !filepath.IsAbs(cd) {
		cd = filepath.Join(gitDir, cd)
	}
	return cd, nil
}

// readObject reads the whole content of an object into buf, or into a new
// buffer when buf is nil; or, shared, returns go-git's own copy of it
// (inMemory), which the caller must not change. The caller holds r.mu.
func (r *Repo) readObject(t plumbing.ObjectType, h plumbing.Hash, buf *bytes.Buffer) (typ plumbing.ObjectType, b []byte, shared bool, err error) {
	o, err := r.st.EncodedObject(t, h)
	if err != nil {
		return plumbing.InvalidObject, nil, false, err
	}
	if o.Size() > MaxObjectSize {
		return plumbing.InvalidObject, nil, false, fmt.Errorf("%s of %d bytes: %w", o.Type(), o.Size(), ErrTooLarge)
	}
	rd, err := o.Reader()
	if err != nil {
		return plumbing.InvalidObject, nil, false, err
	}
	defer rd.Close()
	if b, ok, err := inMemory(rd); ok {
		if err != nil {
			return plumbing.InvalidObject, nil, false, err
		}
		return o.Type(), b, true, nil
	}
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	buf.Reset()
	if n := o.Size(); n > 0 {
		// Room for the whole object and the MinRead bytes that ReadFrom
		// asks for before it sees the end: no growing, no copies.
		buf.Grow(int(n) + bytes.MinRead)
	}
	if _, err := io.Copy(buf, rd); err != nil {
		return plumbing.InvalidObject, nil, false, err
	}
	return o.Type(), buf.Bytes(), false, nil
}

// memoryReader is the type of the reader of a plumbing.MemoryObject.
var memoryReader = func() reflect.Type {
	rd, _ := (&plumbing.MemoryObject{}).Reader()
	return reflect.TypeOf(rd)
}()

// inMemory returns the content that rd, an object's reader, reads,
// without copying it, when rd reads from a plumbing.MemoryObject: go-git
// reads a packed object, deltas applied, into one, and a MemoryObject's
// content is never changed once written, so that the object's callers may
// share it (read-only; as the delta-base cache and the raw tree cache do).
// Copying every tree and blob that okr log reads was a quarter of what it
// allocated. A MemoryObject's reader is a bytes.Reader, whose WriteTo
// hands all its content to one Write call, which keeps it (against
// io.Writer's rule, and safe only for that reader). It returns false, rd
// unread, for any other reader.
func inMemory(rd io.Reader) ([]byte, bool, error) {
	if reflect.TypeOf(rd) != memoryReader {
		return nil, false, nil
	}
	var k keeper
	if _, err := rd.(io.WriterTo).WriteTo(&k); err != nil {
		return nil, true, err
	}
	return k.b[:len(k.b):len(k.b)], true, nil
}

// keeper keeps the slice it is given, for inMemory.
type keeper struct{ b []byte }

func (k *keeper) Write(p []byte) (int, error) {
	if k.b == nil {
		k.b = p
	} else {
		k.b = append(slices.Clip(k.b), p...) // a copy: not a bytes.Reader's way
	}
	return len(p), nil
}

// Blob returns the content of the blob with hash h, the caller's to
// change.
func (r *Repo) Blob(h plumbing.Hash) ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, b, shared, err := r.readObject(plumbing.BlobObject, h, nil)
	if err != nil {
		return nil, r.objectError("blob", h, err)
	}
	if shared {
		b = bytes.Clone(b)
	}
	return b, nil
}

// BlobMax returns the content of the blob with hash h, the caller's to
// change, or only its size when that is more than max bytes (or than
// [MaxObjectSize]): the size is read from the object's header, and a
// larger blob is not inflated.
func (r *Repo) BlobMax(h plumbing.Hash, max int64) ([]byte, int64, error) {
	b, n, shared, err := r.blobMax(h, max)
	if shared {
		b = bytes.Clone(b)
	}
	return b, n, err
}

// SharedBlobMax is BlobMax, but the content may be shared with the
// repository's caches, and the caller must not change it: one copy less of
// every blob okr log reads.
func (r *Repo) SharedBlobMax(h plumbing.Hash, max int64) ([]byte, int64, error) {
	b, n, _, err := r.blobMax(h, max)
	return b, n, err
}

// blobMax is BlobMax; shared says that the content is go-git's own copy.
func (r *Repo) blobMax(h plumbing.Hash, max int64) (b []byte, n int64, shared bool, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	o, err := r.st.EncodedObject(plumbing.BlobObject, h)
	if err != nil {
		return nil, 0, false, r.objectError("blob", h, err)
	}
	if o.Size() > min(max, MaxObjectSize) {
		return nil, o.Size(), false, nil
	}
	rd, err := o.Reader()
	if err != nil {
		return nil, 0, false, r.objectError("blob", h, err)
	}
	defer rd.Close()
	if b, ok, err := inMemory(rd); ok {
		if err == nil && int64(len(b)) < o.Size() {
			err = io.ErrUnexpectedEOF // as io.ReadFull below
		}
		if err != nil {
			return nil, 0, false, r.objectError("blob", h, err)
		}
		return b[:o.Size()], o.Size(), true, nil
	}
	b = make([]byte, o.Size())
	if _, err := io.ReadFull(rd, b); err != nil {
		return nil, 0, false, r.objectError("blob", h, err)
	}
	return b, o.Size(), false, nil
}

// blobSize returns the size of the blob with hash h.
func (r *Repo) blobSize(h plumbing.Hash) (int64, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	n, err := r.st.EncodedObjectSize(h)
	if errors.Is(err, plumbing.ErrObjectNotFound) {
		// go-git's EncodedObjectSize does not look in alternates;
		// EncodedObject does.
		var o plumbing.EncodedObject
		if o, err = r.st.EncodedObject(plumbing.BlobObject, h); err == nil {
			n = o.Size()
		}
	}
	if err != nil {
		return 0, r.objectError("blob", h, err)
	}
	return n, nil
}

// objectError describes the failure to read an object.
func (r *Repo) objectError(kind string, h plumbing.Hash, err error) error {
	if errors.Is(err, plumbing.ErrObjectNotFound) && r.partial {
		return fmt.Errorf("%s %s: %w: this is a partial clone (--filter) and okr does not fetch"+
			" missing objects; clone without a filter", kind, h, err)
	}
	return fmt.Errorf("%s %s: %w", kind, h, err)
}

// commit reads and decodes the commit h. The caller holds r.mu.
func (r *Repo) commit(h plumbing.Hash) (*object.Commit, error) {
	o, err := r.st.EncodedObject(plumbing.CommitObject, h)
	if err != nil {
		return nil, err
	}
	// The commit's own methods (Parents, Tree, ...) go through the lock.
	c, err := object.DecodeCommit(r.objects, o)
	if err != nil {
		return nil, fmt.Errorf("commit %s: %w", h, err)
	}
	if len(r.treeOf) >= 1<<20 {
		clear(r.treeOf)
	}
	r.treeOf[c.Hash] = c.TreeHash
	return c, nil
}

// treeOfCommit returns the tree hash of commit h.
func (r *Repo) treeOfCommit(h plumbing.Hash) (plumbing.Hash, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if t, ok := r.treeOf[h]; ok {
		return t, nil
	}
	c, err := r.commit(h)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	return c.TreeHash, nil
}

// lockedStorer gives the commits Repo hands out access to the object store
// under the Repo's lock. It returns objects read whole into memory, so that
// nothing reads the shared pack files outside the lock. It is read-only.
type lockedStorer struct{ r *Repo }

var errReadOnly = errors.New("history: repository is opened read-only")

func (s lockedStorer) NewEncodedObject() plumbing.EncodedObject { return &plumbing.MemoryObject{} }

func (s lockedStorer) SetEncodedObject(plumbing.EncodedObject) (plumbing.Hash, error) {
	return plumbing.ZeroHash, errReadOnly
}

func (s lockedStorer) EncodedObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	typ, b, _, err := s.r.readObject(t, h, nil) // copied into mo
	if err != nil {
		return nil, err
	}
	mo := &plumbing.MemoryObject{}
	mo.SetType(typ)
	mo.SetSize(int64(len(b)))
	if _, err := mo.Write(b); err != nil {
		return nil, err
	}
	return mo, nil
}

func (s lockedStorer) IterEncodedObjects(plumbing.ObjectType) (storer.EncodedObjectIter, error) {
	return nil, errors.New("history: iterating all objects is not supported")
}

func (s lockedStorer) HasEncodedObject(h plumbing.Hash) error {
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	return s.r.st.HasEncodedObject(h)
}

func (s lockedStorer) EncodedObjectSize(h plumbing.Hash) (int64, error) {
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	return s.r.st.EncodedObjectSize(h)
}

func (s lockedStorer) AddAlternate(string) error { return errReadOnly }
