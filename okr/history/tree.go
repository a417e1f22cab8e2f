package history

import (
	"bytes"
	"container/list"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unsafe"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// entryKind is what a tree entry holds, as far as this package cares.
type entryKind uint8

const (
	kindFile    entryKind = iota // a regular file, executable or not
	kindDir                      // a tree
	kindSymlink                  // a symbolic link: its blob holds the target
	kindGitlink                  // a submodule commit: not in the object store
)

// entry is one entry of a parsed tree.
type entry struct {
	name string
	kind entryKind
	mode filemode.FileMode
	hash plumbing.Hash
}

// tree is a parsed tree object. Its entries are in git order (a directory
// sorts as if its name ended in "/"), without duplicates and without names
// that are not valid path elements.
type tree struct {
	hash    plumbing.Hash
	entries []entry
}

// errCorrupt reports a tree object that does not parse.
var errCorrupt = errors.New("corrupt tree object")

// parseTree parses the content of a tree object: a sequence of
// "<octal mode> <name>\x00<20-byte hash>". Entries that cannot be file names
// ("", ".", "..", names holding "/" or NUL) are dropped, and so are repeated
// names after the first, so that a malformed tree in an untrusted
// repository cannot break the io/fs invariants.
//
// names interns entry names: the same names recur in every version of a
// tree. It may be nil.
func parseTree(h plumbing.Hash, b []byte, names map[string]string) (*tree, error) {
	t := &tree{hash: h, entries: make([]entry, 0, bytes.Count(b, []byte{0}))}
	for len(b) > 0 {
		sp := bytes.IndexByte(b, ' ')
		if sp < 0 {
			return nil, fmt.Errorf("tree %s: %w", h, errCorrupt)
		}
		mode, ok := parseMode(b[:sp])
		if !ok {
			return nil, fmt.Errorf("tree %s: bad mode %q: %w", h, b[:sp], errCorrupt)
		}
		b = b[sp+1:]
		nul := bytes.IndexByte(b, 0)
		if nul < 0 || len(b) < nul+1+len(plumbing.ZeroHash) {
			return nil, fmt.Errorf("tree %s: %w", h, errCorrupt)
		}
		name, ok := names[string(b[:nul])]
		if !ok {
			name = string(b[:nul])
			if names != nil {
				names[name] = name
			}
		}
		var eh plumbing.Hash
		copy(eh[:], b[nul+1:])
		b = b[nul+1+len(eh):]

		// Read modes as git does (canon_mode): by their type bits.
		e := entry{name: name, hash: eh}
		switch mode & 0o170000 {
		case 0o040000:
			e.kind, e.mode = kindDir, filemode.Dir
		case 0o100000:
			e.kind, e.mode = kindFile, filemode.Regular
			if mode&0o111 != 0 {
				e.mode = filemode.Executable
			}
		case 0o120000:
			e.kind, e.mode = kindSymlink, filemode.Symlink
		case 0o160000:
			e.kind, e.mode = kindGitlink, filemode.Submodule
		default:
			continue // no such type in git
		}
		if name == "" || name == "." || name == ".." || strings.ContainsAny(name, "/\x00") {
			continue
		}
		t.entries = append(t.entries, e)
	}
	// Git writes trees sorted and free of duplicates; repair any that is not
	// (git fsck would reject it), so that lookups by binary search and
	// merge-joins stay correct. The first of repeated names wins.
	if !t.clean() {
		seen := make(map[string]bool, len(t.entries))
		t.entries = slices.DeleteFunc(t.entries, func(e entry) bool {
			dup := seen[e.name]
			seen[e.name] = true
			return dup
		})
		slices.SortFunc(t.entries, compareEntries)
	}
	return t, nil
}

// clean reports whether t's entries are in git order with no name twice.
func (t *tree) clean() bool {
	for i := 1; i < len(t.entries); i++ {
		if compareEntries(t.entries[i-1], t.entries[i]) >= 0 {
			return false
		}
	}
	// A file and a directory of the same name sort apart.
	for _, e := range t.entries {
		if e.kind == kindDir {
			if _, ok := t.search(e.name, false); ok {
				return false
			}
		}
	}
	return true
}

// hashLen is the length of an object name in a tree entry.
const hashLen = len(plumbing.ZeroHash)

// rawClean reports whether the content of a tree object is one parseTree
// would take as it is: every entry of a known type with a valid name, in
// git order, no name twice. Such a tree can be compared with another
// entry by entry, as bytes (diffRaw).
func rawClean(b []byte) bool {
	var prev []byte
	prevDir := false
	// files holds the names of the files seen so far that are prefixes of
	// the last name: a directory of the same name as one of them sorts
	// after it, among names that start with it.
	var filesBuf [8][]byte
	files := filesBuf[:0]
	for len(b) > 0 {
		sp := bytes.IndexByte(b, ' ')
		if sp < 0 {
			return false
		}
		mode, ok := parseMode(b[:sp])
		if !ok {
			return false
		}
		b = b[sp+1:]
		nul := bytes.IndexByte(b, 0)
		if nul < 0 || len(b) < nul+1+hashLen {
			return false
		}
		name := b[:nul]
		b = b[nul+1+hashLen:]
		dir := false
		switch mode & 0o170000 {
		case 0o040000:
			dir = true
		case 0o100000, 0o120000, 0o160000:
		default:
			return false
		}
		if len(name) == 0 || (name[0] == '.' && (len(name) == 1 || len(name) == 2 && name[1] == '.')) || bytes.IndexByte(name, '/') >= 0 {
			return false
		}
		if prev != nil && compareGitBytes(prev, prevDir, name, dir) >= 0 {
			return false
		}
		for len(files) > 0 && !bytes.HasPrefix(name, files[len(files)-1]) {
			files = files[:len(files)-1]
		}
		if dir {
			if len(files) > 0 && len(files[len(files)-1]) == len(name) {
				return false // a file of this name came before
			}
		} else {
			files = append(files, name)
		}
		prev, prevDir = name, dir
	}
	return true
}

// rawEntry reads the entry of a clean tree content b at offset i into e
// (all but its name, which it returns) and returns its end.
func rawEntry(b []byte, i int, e *entry) ([]byte, int) {
	sp := i + bytes.IndexByte(b[i:], ' ')
	mode, _ := parseMode(b[i:sp])
	nul := sp + 1 + bytes.IndexByte(b[sp+1:], 0)
	copy(e.hash[:], b[nul+1:])
	switch mode & 0o170000 {
	case 0o040000:
		e.kind, e.mode = kindDir, filemode.Dir
	case 0o100000:
		e.kind, e.mode = kindFile, filemode.Regular
		if mode&0o111 != 0 {
			e.mode = filemode.Executable
		}
	case 0o120000:
		e.kind, e.mode = kindSymlink, filemode.Symlink
	default:
		e.kind, e.mode = kindGitlink, filemode.Submodule
	}
	return b[sp+1 : nul], nul + 1 + hashLen
}

func commonPrefix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for i+8 <= n && binary.LittleEndian.Uint64(a[i:]) == binary.LittleEndian.Uint64(b[i:]) {
		i += 8
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

func commonSuffix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for i+8 <= n && binary.LittleEndian.Uint64(a[len(a)-i-8:]) == binary.LittleEndian.Uint64(b[len(b)-i-8:]) {
		i += 8
	}
	for i < n && a[len(a)-i-1] == b[len(b)-i-1] {
		i++
	}
	return i
}

// compareGitBytes is compareGit for names as bytes (not copied).
func compareGitBytes(a []byte, aDir bool, b []byte, bDir bool) int {
	return compareGit(unsafe.String(unsafe.SliceData(a), len(a)), aDir, unsafe.String(unsafe.SliceData(b), len(b)), bDir)
}

// parseMode parses an octal tree entry mode.
func parseMode(b []byte) (filemode.FileMode, bool) {
	if len(b) == 0 || len(b) > 7 {
		return 0, false
	}
	var m uint32
	for _, c := range b {
		if c < '0' || c > '7' {
			return 0, false
		}
		m = m<<3 | uint32(c-'0')
	}
	return filemode.FileMode(m), true
}

// compareEntries orders entries the way git sorts a tree: by name, where a
// directory's name compares as if it ended in "/".
func compareEntries(a, b entry) int {
	return compareGit(a.name, a.kind == kindDir, b.name, b.kind == kindDir)
}

func compareGit(a string, aDir bool, b string, bDir bool) int {
	n := min(len(a), len(b))
	if c := strings.Compare(a[:n], b[:n]); c != 0 {
		return c
	}
	ca, cb := byte(0), byte(0)
	if len(a) > n {
		ca = a[n]
	} else if aDir {
		ca = '/'
	}
	if len(b) > n {
		cb = b[n]
	} else if bDir {
		cb = '/'
	}
	// Names hold no "/" and no NUL, so a tie here means equal names of the
	// same kind.
	return int(ca) - int(cb)
}

// lookup returns the entry called name, a file or a directory.
func (t *tree) lookup(name string) (entry, bool) {
	if i, ok := t.search(name, false); ok {
		return t.entries[i], true
	}
	if i, ok := t.search(name, true); ok {
		return t.entries[i], true
	}
	return entry{}, false
}

// search finds the entry called name that is (dir) or is not a directory.
func (t *tree) search(name string, dir bool) (int, bool) {
	return slices.BinarySearchFunc(t.entries, name, func(e entry, n string) int {
		return compareGit(e.name, e.kind == kindDir, n, dir)
	})
}

// treeCache is an LRU of parsed trees bounded by their total number of
// entries. Its user holds Repo.mu.
type treeCache struct {
	max, n int // the bound and the current total of entries
	ll     *list.List
	items  map[plumbing.Hash]*list.Element
}

func newTreeCache(maxEntries int) *treeCache {
	return &treeCache{max: maxEntries, ll: list.New(), items: make(map[plumbing.Hash]*list.Element)}
}

func (c *treeCache) get(h plumbing.Hash) (*tree, bool) {
	if el, ok := c.items[h]; ok {
		c.ll.MoveToFront(el)
		return el.Value.(*tree), true
	}
	return nil, false
}

func (c *treeCache) add(t *tree) {
	if _, ok := c.items[t.hash]; ok {
		return
	}
	c.items[t.hash] = c.ll.PushFront(t)
	c.n += len(t.entries) + 1
	for c.n > c.max && c.ll.Len() > 1 {
		el := c.ll.Back()
		c.ll.Remove(el)
		old := el.Value.(*tree)
		delete(c.items, old.hash)
		c.n -= len(old.entries) + 1
	}
}

// rawCache is an LRU of the content of clean tree objects, bounded by
// bytes, and the verdicts on the trees that are not clean. Its user holds
// Repo.mu.
type rawCache struct {
	max, n  int
	ll      *list.List
	items   map[plumbing.Hash]*list.Element
	unclean map[plumbing.Hash]bool
}

type rawItem struct {
	hash plumbing.Hash
	b    []byte
}

func newRawCache(maxBytes int) *rawCache {
	return &rawCache{max: maxBytes, ll: list.New(), items: map[plumbing.Hash]*list.Element{}, unclean: map[plumbing.Hash]bool{}}
}

// rawTree returns the content of the tree h when it is clean, else nil.
func (r *Repo) rawTree(h plumbing.Hash) ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	c := r.raws
	if el, ok := c.items[h]; ok {
		c.ll.MoveToFront(el)
		return el.Value.(rawItem).b, nil
	}
	if c.unclean[h] {
		return nil, nil
	}
	_, b, _, err := r.readObject(plumbing.TreeObject, h, nil)
	if err != nil {
		return nil, r.objectError("tree", h, err)
	}
	if !rawClean(b) {
		if len(c.unclean) >= 1<<16 {
			clear(c.unclean)
		}
		c.unclean[h] = true
		return nil, nil
	}
	c.items[h] = c.ll.PushFront(rawItem{h, b})
	c.n += len(b)
	for c.n > c.max && c.ll.Len() > 1 {
		el := c.ll.Back()
		c.ll.Remove(el)
		old := el.Value.(rawItem)
		delete(c.items, old.hash)
		c.n -= len(old.b)
	}
	return b, nil
}

// emptyTree is the tree with no entries.
var emptyTree = &tree{}

// tree returns the parsed tree h; the zero hash is the empty tree.
func (r *Repo) tree(h plumbing.Hash) (*tree, error) {
	if h.IsZero() {
		return emptyTree, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.treeLocked(h)
}

func (r *Repo) treeLocked(h plumbing.Hash) (*tree, error) {
	if t, ok := r.trees.get(h); ok {
		return t, nil
	}
	_, b, _, err := r.readObject(plumbing.TreeObject, h, &r.scratch)
	if err != nil {
		return nil, r.objectError("tree", h, err)
	}
	if len(r.names) >= 1<<20 {
		clear(r.names)
	}
	t, err := parseTree(h, b, r.names)
	if err != nil {
		return nil, err
	}
	r.trees.add(t)
	return t, nil
}

// subtree returns the hash of the tree at the "/"-separated path below the
// tree root, or the zero hash when there is no directory there.
func (r *Repo) subtree(root plumbing.Hash, path string) (plumbing.Hash, error) {
	h := root
	for elem := range strings.SplitSeq(path, "/") {
		if elem == "" || h.IsZero() {
			continue
		}
		t, err := r.tree(h)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		e, ok := t.lookup(elem)
		if !ok || e.kind != kindDir {
			return plumbing.ZeroHash, nil
		}
		h = e.hash
	}
	return h, nil
}
