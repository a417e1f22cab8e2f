package history

import (
	"bytes"
	"cmp"
	"container/heap"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

var (
	// ErrUnknownRevision is wrapped by the errors of [Repo.Resolve] for a
	// name that is no branch, tag, other reference or object.
	ErrUnknownRevision = errors.New("unknown revision")
	// ErrShallow is wrapped by the errors that come from reaching the
	// boundary of a shallow clone.
	ErrShallow = errors.New("the history is shallow")
)

// shallowHint tells how to get the history a shallow clone lacks.
const shallowHint = "fetch the full history with `git fetch --unshallow`" +
	" (in GitHub Actions: actions/checkout with `fetch-depth: 0`)"

// Resolve returns the commit that rev names, the way git reads a revision:
//
//   - HEAD, or @
//   - a branch, tag or other reference, by full or short name: main,
//     heads/main, refs/heads/main, origin/main, origin (its HEAD), v1.0;
//     annotated tags are peeled to their commit
//   - a full hash, or an unambiguous abbreviated hash of at least 4 hex
//     digits
//   - any of these followed by ~N (N-th first-parent ancestor), ^N (N-th
//     parent), ~ and ^ (as ~1 and ^1), ^{} and ^{commit}
//   - A...B: the merge base of A and B, as `git diff A...B` takes it; callers
//     use B as the head (see [Repo.ResolveRange]); an empty side means HEAD
//   - A..B: A, as `git diff A..B` takes it; callers use B as the head
//
// As in git, a reference wins over an abbreviated hash of the same spelling.
// Errors name what is missing. They wrap [ErrUnknownRevision] for names
// that resolve to nothing, and [ErrShallow] when the answer lies beyond
// the boundary of a shallow clone.
func (r *Repo) Resolve(rev string) (*object.Commit, error) {
	rg, err := r.ResolveRange(rev)
	return rg.Base, err
}

// A Range is what a revision that may be a range resolves to, with the
// names that a diff of it shows for its sides.
type Range struct {
	// Base is the commit of a single revision, else the base of the range;
	// Head is nil for a single revision.
	Base, Head *object.Commit
	// BaseName is the revision as written, or the range's first side (HEAD
	// where empty); for A...B it is "merge-base(A, B) " and the merge
	// base's short hash. HeadName is the range's second side (HEAD where
	// empty), "" for a single revision.
	BaseName, HeadName string
}

// ResolveRange resolves a revision that may be a range. For "A...B" its
// base is the merge base of A and B and its head B; for "A..B", A and B;
// for a single revision, its commit and a nil head. An empty side of a
// range means HEAD, as in git.
func (r *Repo) ResolveRange(rev string) (Range, error) {
	a, b, sym := "", "", false
	switch {
	case strings.Contains(rev, "..."):
		a, b, _ = strings.Cut(rev, "...")
		sym = true
	case strings.Contains(rev, ".."):
		a, b, _ = strings.Cut(rev, "..")
	default:
		c, err := r.resolveOne(rev)
		if err != nil {
			return Range{}, err
		}
		return Range{Base: c, BaseName: rev}, nil
	}
	if a == "" && b == "" {
		return Range{}, fmt.Errorf("invalid revision %q: a range needs at least one side", rev)
	}
	rg := Range{BaseName: cmp.Or(a, "HEAD"), HeadName: cmp.Or(b, "HEAD")}
	var err error
	if rg.Base, err = r.resolveOne(rg.BaseName); err != nil {
		return Range{}, err
	}
	if rg.Head, err = r.resolveOne(rg.HeadName); err != nil {
		return Range{}, err
	}
	if sym {
		mb, err := r.MergeBase(rg.Base, rg.Head)
		if err != nil {
			return Range{}, fmt.Errorf("%s: %w", rev, err)
		}
		rg.Base = mb
		rg.BaseName = "merge-base(" + rg.BaseName + ", " + rg.HeadName + ") " + mb.Hash.String()[:7]
	}
	return rg, nil
}

// resolveOne resolves a revision that is not a range.
func (r *Repo) resolveOne(rev string) (*object.Commit, error) {
	if rev == "" {
		return nil, errors.New("empty revision")
	}
	name, suffix := rev, ""
	if i := strings.IndexAny(rev, "~^"); i >= 0 {
		name, suffix = rev[:i], rev[i:]
	}
	switch {
	case name == "@" || name == "":
		if name == "" && suffix != "" {
			return nil, fmt.Errorf("invalid revision %q", rev)
		}
		name = "HEAD"
	case strings.Contains(name, "@{"):
		return nil, fmt.Errorf("invalid revision %q: reflog selectors (@{...}) are not supported", rev)
	case strings.Contains(name, ":"):
		return nil, fmt.Errorf("invalid revision %q: <rev>:<path> is not supported; give a commit", rev)
	}
	h, err := r.resolveName(name)
	if err != nil {
		return nil, err
	}
	c, err := r.load(h)
	if err != nil {
		return nil, r.missing(name, h, err)
	}
	return r.navigate(rev, name, c, suffix)
}

// navigate applies ~N, ^N, ^{} and ^{commit} to c, which done names.
func (r *Repo) navigate(rev, done string, c *object.Commit, suffix string) (*object.Commit, error) {
	for suffix != "" {
		op := suffix[0]
		suffix = suffix[1:]
		if op == '^' && strings.HasPrefix(suffix, "{") {
			end := strings.IndexByte(suffix, '}')
			if end < 0 {
				return nil, fmt.Errorf("invalid revision %q: missing }", rev)
			}
			switch peel := suffix[1:end]; peel {
			case "", "commit":
			default:
				return nil, fmt.Errorf("invalid revision %q: ^{%s} is not supported (only ^{} and ^{commit})", rev, peel)
			}
			done += "^" + suffix[:end+1]
			suffix = suffix[end+1:]
			continue
		}
		digits := len(suffix) - len(strings.TrimLeft(suffix, "0123456789"))
		n := 1
		if digits > 0 {
			var err error
			if n, err = strconv.Atoi(suffix[:digits]); err != nil || n > 1<<30 {
				return nil, fmt.Errorf("invalid revision %q: bad number %q", rev, suffix[:digits])
			}
		}
		step := string(op) + suffix[:digits]
		suffix = suffix[digits:]
		if suffix != "" && suffix[0] != '~' && suffix[0] != '^' {
			return nil, fmt.Errorf("invalid revision %q", rev)
		}
		if op == '^' {
			if n > 0 {
				p, err := r.parent(rev, done, c, n)
				if err != nil {
					return nil, err
				}
				c = p
			}
		} else {
			for i := 0; i < n; i++ {
				at := done
				if i > 0 {
					at = fmt.Sprintf("%s~%d", done, i)
				}
				p, err := r.parent(rev, at, c, 1)
				if err != nil {
					return nil, err
				}
				c = p
			}
		}
		done += step
	}
	return c, nil
}

// parent returns the n-th parent (1-based) of c, which done names.
func (r *Repo) parent(rev, done string, c *object.Commit, n int) (*object.Commit, error) {
	short := c.Hash.String()[:7]
	if r.shallow[c.Hash] {
		return nil, fmt.Errorf("%s: %w: %s (%s) is the oldest commit fetched; %s",
			rev, ErrShallow, done, short, shallowHint)
	}
	if n > len(c.ParentHashes) {
		switch len(c.ParentHashes) {
		case 0:
			return nil, fmt.Errorf("%s: %w: %s (%s) is the first commit, it has no parent",
				rev, ErrUnknownRevision, done, short)
		case 1:
			return nil, fmt.Errorf("%s: %w: %s (%s) has 1 parent, not %d",
				rev, ErrUnknownRevision, done, short, n)
		}
		return nil, fmt.Errorf("%s: %w: %s (%s) has %d parents, not %d",
			rev, ErrUnknownRevision, done, short, len(c.ParentHashes), n)
	}
	ph := c.ParentHashes[n-1]
	p, err := r.load(ph)
	if err != nil {
		return nil, r.missing(rev, ph, err)
	}
	return p, nil
}

// missing describes the failure to read object h, which rev names.
func (r *Repo) missing(rev string, h plumbing.Hash, err error) error {
	if errors.Is(err, plumbing.ErrObjectNotFound) {
		if r.Shallow() {
			return fmt.Errorf("%s: %w: commit %s is not in this clone; %w: %s",
				rev, ErrUnknownRevision, h, ErrShallow, shallowHint)
		}
		return fmt.Errorf("%s: %w: commit %s is not in the repository", rev, ErrUnknownRevision, h)
	}
	return fmt.Errorf("%s: %w", rev, err)
}

// load reads the commit h.
func (r *Repo) load(h plumbing.Hash) (*object.Commit, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.commit(h)
}

// resolveName resolves a revision name without suffixes to the hash of a
// commit.
func (r *Repo) resolveName(name string) (plumbing.Hash, error) {
	if len(name) == 2*len(plumbing.ZeroHash) && isHex(name) {
		return r.peel(name, plumbing.NewHash(name))
	}
	if validRefName(name) {
		if ref, err := r.ref(name); err != nil {
			return plumbing.ZeroHash, err
		} else if ref != nil {
			return r.peel(name, ref.Hash())
		}
	}
	if len(name) >= 4 && len(name) < 2*len(plumbing.ZeroHash) && isHex(name) {
		return r.resolveShort(name)
	}
	return plumbing.ZeroHash, r.unknown(name)
}

// unknown reports that name is no reference and no object.
func (r *Repo) unknown(name string) error {
	if r.Shallow() {
		return fmt.Errorf("%w %q: no branch, tag or commit by that name in this clone; %w:"+
			" it may lack the revision (a clone that fetched one branch lacks the others); %s",
			ErrUnknownRevision, name, ErrShallow, shallowHint)
	}
	return fmt.Errorf("%w %q: no branch, tag or commit by that name", ErrUnknownRevision, name)
}

// refRules are git's rules for expanding a short reference name, in order.
var refRules = []string{"%s", "refs/%s", "refs/tags/%s", "refs/heads/%s", "refs/remotes/%s", "refs/remotes/%s/HEAD"}

// ref expands name by git's rules and returns the reference it finds, with
// symbolic references followed, or nil.
func (r *Repo) ref(name string) (*plumbing.Reference, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, rule := range refRules {
		full := fmt.Sprintf(rule, name)
		// Like git, look in the git directory itself only for HEAD-like
		// names, never for arbitrary files such as "config".
		if i == 0 && !strings.HasPrefix(name, "refs/") && !isPseudoRef(name) {
			continue
		}
		ref, err := storer.ResolveReference(r.st, plumbing.ReferenceName(full))
		if err == nil {
			return ref, nil
		}
		if name == "HEAD" {
			if head, err := r.st.Reference(plumbing.HEAD); err == nil && head.Type() == plumbing.SymbolicReference {
				return nil, fmt.Errorf("HEAD: %w: the current branch %s has no commits yet",
					ErrUnknownRevision, head.Target().Short())
			}
		}
		// Anything else (not found, a directory, a file that is not a
		// reference): try the next rule, as git does.
	}
	return nil, nil
}

// isPseudoRef reports names such as HEAD, ORIG_HEAD and FETCH_HEAD.
func isPseudoRef(name string) bool {
	if !strings.HasSuffix(name, "HEAD") {
		return false
	}
	for _, c := range name {
		if (c < 'A' || c > 'Z') && c != '_' {
			return false
		}
	}
	return true
}

// validRefName reports whether name may be a reference name (see
// git-check-ref-format); it keeps odd input away from the file system.
func validRefName(name string) bool {
	if name == "" || strings.HasPrefix(name, "/") || strings.HasSuffix(name, "/") ||
		strings.HasSuffix(name, ".") || strings.Contains(name, "..") ||
		strings.Contains(name, "//") || strings.Contains(name, "@{") || name == "@" {
		return false
	}
	for _, c := range name {
		if c < 0x20 || c == 0x7f || strings.ContainsRune(" ~^:?*[\\", c) {
			return false
		}
	}
	for elem := range strings.SplitSeq(name, "/") {
		if strings.HasPrefix(elem, ".") || strings.HasSuffix(elem, ".lock") {
			return false
		}
	}
	return true
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') && (c < 'A' || c > 'F') {
			return false
		}
	}
	return true
}

// peel follows annotated tags from h to a commit.
func (r *Repo) peel(name string, h plumbing.Hash) (plumbing.Hash, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	start := h
	for range 16 {
		o, err := r.st.EncodedObject(plumbing.AnyObject, h)
		if errors.Is(err, plumbing.ErrObjectNotFound) && h == start && len(name) == 2*len(h) {
			return plumbing.ZeroHash, r.unknown(name)
		}
		if err != nil {
			return plumbing.ZeroHash, fmt.Errorf("%s: %w", name, r.objectError("object", h, err))
		}
		switch o.Type() {
		case plumbing.CommitObject:
			return h, nil
		case plumbing.TagObject:
			_, b, _, err := r.readObject(plumbing.TagObject, h, &r.scratch)
			if err != nil {
				return plumbing.ZeroHash, fmt.Errorf("%s: %w", name, r.objectError("tag", h, err))
			}
			target, ok := tagTarget(b)
			if !ok {
				return plumbing.ZeroHash, fmt.Errorf("%s: tag %s is corrupt", name, h)
			}
			h = target
		default:
			return plumbing.ZeroHash, fmt.Errorf("%s: %s is a %s, not a commit", name, h, o.Type())
		}
	}
	return plumbing.ZeroHash, fmt.Errorf("%s: tags nest too deep", name)
}

// tagTarget reads the "object" header of an annotated tag.
func tagTarget(b []byte) (plumbing.Hash, bool) {
	line, _, _ := strings.Cut(string(b), "\n")
	hexHash, ok := strings.CutPrefix(line, "object ")
	if !ok || len(hexHash) != 2*len(plumbing.ZeroHash) || !isHex(hexHash) {
		return plumbing.ZeroHash, false
	}
	return plumbing.NewHash(hexHash), true
}

// resolveShort resolves an abbreviated hash. Like git, when several
// objects share the prefix but only one is a commit or a tag of a commit, it
// is the answer.
func (r *Repo) resolveShort(name string) (plumbing.Hash, error) {
	lower := strings.ToLower(name)
	prefix, err := hex.DecodeString(lower[:len(lower)&^1])
	if err != nil {
		return plumbing.ZeroHash, r.unknown(name)
	}
	r.mu.Lock()
	all, err := r.st.HashesWithPrefix(prefix)
	r.mu.Unlock()
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("%s: %w", name, err)
	}
	var commits []plumbing.Hash
	var peeled plumbing.Hash
	var firstErr error
	for _, h := range all {
		if !strings.HasPrefix(h.String(), lower) {
			continue
		}
		c, err := r.peel(name, h)
		if err != nil {
			firstErr = cmp.Or(firstErr, err)
			continue
		}
		commits = append(commits, h)
		peeled = c
	}
	switch {
	case len(commits) == 1:
		return peeled, nil
	case len(commits) > 1:
		slices.SortFunc(commits, func(a, b plumbing.Hash) int { return bytes.Compare(a[:], b[:]) })
		list := make([]string, 0, 5)
		for _, h := range commits[:min(len(commits), cap(list))] {
			list = append(list, h.String())
		}
		return plumbing.ZeroHash, fmt.Errorf("short hash %q is ambiguous: %d commits or tags start with it (%s); give more digits",
			name, len(commits), strings.Join(list, ", "))
	case firstErr != nil:
		return plumbing.ZeroHash, firstErr
	}
	return plumbing.ZeroHash, r.unknown(name)
}

// MergeBase returns the best common ancestor of a and b, as
// `git merge-base a b` does: of several, the one with the latest commit
// date. In a shallow clone it fails with [ErrShallow] when the boundary hides
// the common history.
func (r *Repo) MergeBase(a, b *object.Commit) (*object.Commit, error) {
	if a.Hash == b.Hash {
		return a, nil
	}
	const (
		fromA = 1 << iota
		fromB
	)
	// Paint the ancestors of a and of b, newest first; the first commit
	// painted from both sides is the answer, as in git, unless the dates lie.
	flags := map[plumbing.Hash]uint8{a.Hash: fromA, b.Hash: fromB}
	q := &commitQueue{}
	q.add(a)
	q.add(b)
	truncated := false
	for q.Len() > 0 {
		c := q.next()
		f := flags[c.Hash]
		if f == fromA|fromB {
			return c, nil
		}
		if r.shallow[c.Hash] {
			truncated = true
			continue
		}
		for _, ph := range c.ParentHashes {
			if flags[ph]&f == f {
				continue
			}
			p, err := r.load(ph)
			if err != nil {
				if errors.Is(err, plumbing.ErrObjectNotFound) && r.Shallow() {
					truncated = true
					continue
				}
				return nil, fmt.Errorf("commit %s: parent %s: %w", c.Hash, ph, err)
			}
			flags[ph] |= f
			q.add(p)
		}
	}
	if truncated {
		return nil, fmt.Errorf("%w: no common ancestor of %s and %s in the history fetched; %s",
			ErrShallow, a.Hash.String()[:7], b.Hash.String()[:7], shallowHint)
	}
	return nil, fmt.Errorf("%s and %s have no common ancestor", a.Hash.String()[:7], b.Hash.String()[:7])
}

// commitQueue orders commits as git's revision walk does: newest committer
// date first, and first in, first out among equal dates.
type commitQueue struct {
	items []queued
	seq   uint64
}

type queued struct {
	c    *object.Commit
	date int64
	seq  uint64
}

func (q *commitQueue) Len() int { return len(q.items) }
func (q *commitQueue) Less(i, j int) bool {
	a, b := q.items[i], q.items[j]
	if a.date != b.date {
		return a.date > b.date
	}
	return a.seq < b.seq
}
func (q *commitQueue) Swap(i, j int) { q.items[i], q.items[j] = q.items[j], q.items[i] }
func (q *commitQueue) Push(x any)    { q.items = append(q.items, x.(queued)) }
func (q *commitQueue) Pop() any {
	n := len(q.items) - 1
	it := q.items[n]
	q.items[n] = queued{}
	q.items = q.items[:n]
	return it
}

func (q *commitQueue) add(c *object.Commit) {
	heap.Push(q, queued{c: c, date: c.Committer.When.Unix(), seq: q.seq})
	q.seq++
}

func (q *commitQueue) next() *object.Commit { return heap.Pop(q).(queued).c }
