package history

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Walk calls fn for each commit reachable from start, start included, once
// each, in the order of `git log`: the newest committer date first, a
// commit's parents only after it, and among equal dates the commit queued
// first. Like git log, it trusts the dates: when a clock was wrong, a commit
// may come before a child on another branch.
//
// fn may call the Repo's other methods: no lock is held while it runs.
// When fn returns [ErrStop] the walk ends without an error; any other error
// ends it and is returned. In a shallow clone the walk ends quietly at the
// boundary and truncated reports that it reached it.
func (r *Repo) Walk(start *object.Commit, fn func(c *object.Commit) error) (truncated bool, err error) {
	seen := map[plumbing.Hash]bool{start.Hash: true}
	q := &commitQueue{}
	q.add(start)
	for q.Len() > 0 {
		c := q.next()
		if err := fn(c); err != nil {
			if errors.Is(err, ErrStop) {
				return truncated, nil
			}
			return truncated, err
		}
		if r.shallow[c.Hash] {
			truncated = true
			continue
		}
		for _, ph := range c.ParentHashes {
			if seen[ph] {
				continue
			}
			seen[ph] = true
			p, err := r.load(ph)
			if err != nil {
				if errors.Is(err, plumbing.ErrObjectNotFound) && r.Shallow() {
					truncated = true
					continue
				}
				return truncated, fmt.Errorf("commit %s: parent %s: %w", c.Hash, ph, err)
			}
			q.add(p)
		}
	}
	return truncated, nil
}

// FileChange is a file that a commit added, modified or deleted. From is
// the hash of its blob before, To after; the zero hash means absent. A
// rename is a deletion and an addition.
type FileChange struct {
	Path     string // relative to the root's prefix, "/"-separated
	From, To plumbing.Hash
}

// Changed returns the regular files under the root's prefix that differ
// between commit c and its first parent, sorted by path: all its files when
// c has no parent, or when c is at the boundary of a shallow clone (as git
// shows it). For a merge, the comparison is with the first parent, as in
// `git diff c^ c`. filter, when not nil, limits the report to the paths for
// which it returns true.
//
// Identical subtrees are skipped by hash, so the cost grows with what
// changed, not with the size of the tree. Symbolic links and submodules are
// not files here: a file replaced by a symbolic link is reported deleted.
func (r *Repo) Changed(c *object.Commit, filter func(path string) bool) ([]FileChange, error) {
	r.mu.Lock()
	shared := r.shared
	var m *sharedChanges
	if shared != nil {
		if m = shared.commits[c.Hash]; m == nil {
			m = &sharedChanges{}
			shared.commits[c.Hash] = m
		}
	}
	r.mu.Unlock()
	if m == nil {
		return r.changed(c, filter)
	}
	m.once.Do(func() { m.out, m.err = r.changed(c, shared.filter) })
	if m.err != nil {
		return nil, m.err
	}
	if filter == nil {
		return slices.Clone(m.out), nil
	}
	var out []FileChange
	for _, ch := range m.out {
		if filter(ch.Path) {
			out = append(out, ch)
		}
	}
	return out, nil
}

// ShareChanges makes Changed keep the changes it finds for each commit,
// those for which filter returns true, so that walks over the same commits
// side by side (okr site's score log and its moved goalposts) diff each
// commit's trees once: whichever asks first diffs, the other waits for it
// and gets the same. Each later call of Changed must pass a filter that
// keeps only paths filter keeps. What is kept stays until the Repo is
// closed: a few paths a commit.
func (r *Repo) ShareChanges(filter func(path string) bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.shared = &sharedChangeSet{filter: filter, commits: map[plumbing.Hash]*sharedChanges{}}
}

type sharedChangeSet struct {
	filter  func(string) bool
	commits map[plumbing.Hash]*sharedChanges
}

// sharedChanges are the changes of one commit (ShareChanges), found once.
type sharedChanges struct {
	once sync.Once
	out  []FileChange
	err  error
}

// changed is Changed without ShareChanges.
func (r *Repo) changed(c *object.Commit, filter func(path string) bool) ([]FileChange, error) {
	newRoot, err := r.subtree(c.TreeHash, r.prefix)
	if err != nil {
		return nil, fmt.Errorf("commit %s: %w", c.Hash, err)
	}
	var oldRoot plumbing.Hash
	if len(c.ParentHashes) > 0 && !r.shallow[c.Hash] {
		ph := c.ParentHashes[0]
		pt, err := r.treeOfCommit(ph)
		if err != nil {
			return nil, fmt.Errorf("commit %s: parent %s: %w", c.Hash, ph, err)
		}
		if oldRoot, err = r.subtree(pt, r.prefix); err != nil {
			return nil, fmt.Errorf("commit %s: %w", ph, err)
		}
	}
	d := differ{r: r, filter: filter}
	if err := d.diff(oldRoot, newRoot, ""); err != nil {
		return nil, fmt.Errorf("commit %s: %w", c.Hash, err)
	}
	slices.SortFunc(d.out, func(a, b FileChange) int { return strings.Compare(a.Path, b.Path) })
	return d.out, nil
}

type differ struct {
	r      *Repo
	filter func(string) bool
	out    []FileChange
	sub    func(from, to plumbing.Hash, dir string) error // for tests: instead of diff on subtrees
}

func (d *differ) emit(path string, from, to plumbing.Hash) {
	if d.filter == nil || d.filter(path) {
		d.out = append(d.out, FileChange{Path: path, From: from, To: to})
	}
}

// diff compares the trees a and b (zero: empty), whose paths start with dir.
func (d *differ) diff(a, b plumbing.Hash, dir string) error {
	if a == b {
		return nil
	}
	if !a.IsZero() && !b.IsZero() {
		ra, err := d.r.rawTree(a)
		if err != nil {
			return err
		}
		rb, err := d.r.rawTree(b)
		if err != nil {
			return err
		}
		if ra != nil && rb != nil {
			return d.diffRaw(ra, rb, dir)
		}
	}
	ta, err := d.r.tree(a)
	if err != nil {
		return err
	}
	tb, err := d.r.tree(b)
	if err != nil {
		return err
	}
	return d.diffParsed(ta, tb, dir)
}

// diffParsed compares two parsed trees.
func (d *differ) diffParsed(ta, tb *tree, dir string) error {
	ea, eb := ta.entries, tb.entries
	for len(ea) > 0 || len(eb) > 0 {
		var x, y *entry // the old and the new entry of one name and kind
		switch {
		case len(eb) == 0:
			x, ea = &ea[0], ea[1:]
		case len(ea) == 0:
			y, eb = &eb[0], eb[1:]
		default:
			switch c := compareEntries(ea[0], eb[0]); {
			case c < 0:
				x, ea = &ea[0], ea[1:]
			case c > 0:
				y, eb = &eb[0], eb[1:]
			default:
				x, ea = &ea[0], ea[1:]
				y, eb = &eb[0], eb[1:]
			}
		}
		if err := d.pair(dir, x, y); err != nil {
			return err
		}
	}
	return nil
}

// diffRaw compares two clean trees by their content: the entries the two
// have in common at the start and at the end (all but a few, usually) are
// skipped without being parsed.
func (d *differ) diffRaw(a, b []byte, dir string) error {
	n := commonPrefix(a, b)
	i := 0 // the start of the first entry not wholly inside the common prefix
	for i < len(a) {
		end := i + bytes.IndexByte(a[i:], 0) + 1 + hashLen
		if end > n {
			break
		}
		i = end
	}
	s := commonSuffix(a, b)
	ia, ib := i, i
	var x, y entry
	for ia < len(a) || ib < len(b) {
		if len(a)-ia == len(b)-ib && s >= len(a)-ia {
			break // the rest is the same in both
		}
		var na, nb []byte // the names of the entries at ia and ib
		var ea, eb int    // their ends
		if ia < len(a) {
			na, ea = rawEntry(a, ia, &x)
		}
		if ib < len(b) {
			nb, eb = rawEntry(b, ib, &y)
		}
		var px, py *entry
		switch {
		case ia == len(a):
			py, ib = &y, eb
		case ib == len(b):
			px, ia = &x, ea
		case bytes.Equal(a[ia:ea], b[ib:eb]):
			ia, ib = ea, eb
			continue
		default:
			switch c := compareGitBytes(na, x.kind == kindDir, nb, y.kind == kindDir); {
			case c < 0:
				px, ia = &x, ea
			case c > 0:
				py, ib = &y, eb
			default:
				px, ia = &x, ea
				py, ib = &y, eb
			}
		}
		if px != nil {
			px.name = string(na)
		}
		if py != nil {
			py.name = string(nb)
		}
		if err := d.pair(dir, px, py); err != nil {
			return err
		}
	}
	return nil
}

// pair reports the difference between the old entry x and the new entry y
// of one name in dir (either may be nil: absent).
func (d *differ) pair(dir string, x, y *entry) error {
	var name string
	var from, to plumbing.Hash
	var fromFile, toFile, isDir bool
	if x != nil {
		name, from, isDir = x.name, x.hash, x.kind == kindDir
		fromFile = x.kind == kindFile
	}
	if y != nil {
		name, to, isDir = y.name, y.hash, y.kind == kindDir
		toFile = y.kind == kindFile
	}
	if isDir {
		if from == to {
			return nil
		}
		if d.sub != nil {
			return d.sub(from, to, dir+name+"/")
		}
		return d.diff(from, to, dir+name+"/")
	}
	if !fromFile {
		from = plumbing.ZeroHash
	}
	if !toFile {
		to = plumbing.ZeroHash
	}
	if from != to {
		d.emit(dir+name, from, to)
	}
	return nil
}

// FirstParents calls fn for start and then for each first parent in turn,
// the commits of `git log --first-parent`: the history of a branch as it
// landed, a merged branch's own commits left out. fn returns [ErrStop] to
// end the walk without an error; any other error ends it and is returned.
// In a shallow clone the walk ends quietly at the boundary and truncated
// reports that it reached it.
func (r *Repo) FirstParents(start *object.Commit, fn func(c *object.Commit) error) (truncated bool, err error) {
	for c := start; c != nil; {
		if err := fn(c); err != nil {
			if errors.Is(err, ErrStop) {
				return false, nil
			}
			return false, err
		}
		if r.shallow[c.Hash] {
			return true, nil
		}
		if len(c.ParentHashes) == 0 {
			return false, nil
		}
		ph := c.ParentHashes[0]
		p, err := r.load(ph)
		if err != nil {
			if errors.Is(err, plumbing.ErrObjectNotFound) && r.Shallow() {
				return true, nil
			}
			return false, fmt.Errorf("commit %s: parent %s: %w", c.Hash, ph, err)
		}
		c = p
	}
	return false, nil
}

// AtBoundary reports whether c is at the boundary of a shallow clone: its
// parents are not in the repository.
func (r *Repo) AtBoundary(c *object.Commit) bool { return r.shallow[c.Hash] }

// Parent returns the i-th parent of c (0 is the first).
func (r *Repo) Parent(c *object.Commit, i int) (*object.Commit, error) {
	if i < 0 || i >= len(c.ParentHashes) {
		return nil, fmt.Errorf("commit %s has no parent %d", c.Hash, i+1)
	}
	p, err := r.load(c.ParentHashes[i])
	if err != nil {
		return nil, fmt.Errorf("commit %s: parent %s: %w", c.Hash, c.ParentHashes[i], err)
	}
	return p, nil
}
