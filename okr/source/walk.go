package source

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/okr-as-code/okr/okr/history"
	"github.com/okr-as-code/okr/okr/internal/loadkit"
	"github.com/okr-as-code/okr/okr/load"
	"github.com/okr-as-code/okr/okr/model"
)

// A Walk keeps the OKR files of one commit parsed and moves them to each
// next commit by the files that commit changed, so that the cost of a
// commit grows with what it changed (the score history of okr log). The
// changed files of the commits ahead are read from git in one goroutine
// and parsed in another (of a measurement file that a check-in appended
// rows to, only those rows), overlapping the caller's own work.

// File is one parsed file. It is immutable and may be shared.
type File = loadkit.File

// Change is what a commit did to one file okr reads: Old is nil where the
// commit added it, New where it deleted it.
type Change struct {
	Path     string
	Old, New File
}

// Step is one commit of a Walk.
type Step struct {
	Commit *object.Commit
	// Reset says that the files were read anew from the commit's tree
	// (its okr.yaml or a .gitignore file changed, or it is not a child of
	// the commit before): Changes then hold every file, each as added, and
	// the files of the commit before are gone.
	Reset   bool
	Changes []Change
	// Touched says that the commit added, deleted, modified or renamed an
	// OKR file (even one whose content reads the same).
	Touched bool
}

// Walk is a walk over commits; see NewWalk.
type Walk struct {
	h    *history.Repo
	next <-chan *prepared
	done chan struct{}

	at       plumbing.Hash // the commit whose tree the state holds
	cfg      model.Config
	cfgProbs []model.Problem // okr.yaml's problems and the tree walk's warnings
	ignore   loadkit.Ignorer
	files    map[string]File          // every candidate file, OKR or not; nil before the first step
	hashes   map[string]plumbing.Hash // the blob of each file
}

// NewWalk starts a walk over commits, oldest first, each the child of the
// one before it or not (a commit whose first parent is not the one before
// is read whole). Close stops it.
func NewWalk(h *history.Repo, commits []*object.Commit) *Walk {
	done := make(chan struct{})
	return &Walk{h: h, next: prepare(h, commits, done), done: done}
}

// Close stops the reading ahead.
func (w *Walk) Close() {
	select {
	case <-w.done:
	default:
		close(w.done)
	}
}

// Next moves to the next commit and returns what it did; nil at the end.
func (w *Walk) Next() (*Step, error) {
	p, ok := <-w.next
	if !ok {
		return nil, nil
	}
	if p.err != nil {
		return nil, p.err
	}
	return w.step(p)
}

// Config returns okr.yaml of the current commit.
func (w *Walk) Config() model.Config { return w.cfg }

// At returns the current commit's hash; the zero hash before the first
// step.
func (w *Walk) At() plumbing.Hash { return w.at }

// Repo assembles the current commit's files into a repository, as Commit
// reads the same tree, with the problems found reading it, unchecked and
// unsorted.
func (w *Walk) Repo() (*model.Repo, []model.Problem) {
	paths := make([]string, 0, len(w.files))
	for p := range w.files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	files := make([]File, len(paths))
	for i, p := range paths {
		files[i] = w.files[p]
	}
	repo, probs := kit.Assemble(w.cfg, paths, files)
	return repo, append(slices.Clone(w.cfgProbs), probs...)
}

// rebuild reads the whole tree of c; files whose blob is unchanged since
// the last state are not parsed again.
func (w *Walk) rebuild(c *object.Commit) error {
	fsys, err := w.h.FS(c)
	if err != nil {
		return err
	}
	hash := func(p string) plumbing.Hash { return plumbing.ZeroHash }
	if bh, ok := fsys.(load.BlobHasher); ok {
		hash = func(p string) plumbing.Hash {
			h, _ := bh.BlobHash(p)
			return h
		}
	}
	t, err := kit.ReadTree(fsys, func(p string) File {
		if f := w.files[p]; f != nil {
			if h := hash(p); !h.IsZero() && w.hashes[p] == h {
				return f
			}
		}
		return nil
	})
	// A missing or corrupt object is the repository's fault, not a
	// problem of the file that holds it.
	if ferr := history.Fault(fsys); ferr != nil {
		err = ferr
	}
	if err != nil {
		return fmt.Errorf("commit %s: %w", c.Hash.String()[:7], err)
	}
	w.at = c.Hash
	w.cfg = t.Config
	w.cfgProbs = t.Problems
	w.ignore = t.Ignorer
	w.files = make(map[string]File, len(t.Paths))
	w.hashes = make(map[string]plumbing.Hash, len(t.Paths))
	for i, p := range t.Paths {
		w.files[p] = t.Files[i]
		w.hashes[p] = hash(p)
	}
	return nil
}

// prepared is a commit with what it changed, read and parsed ahead of the
// walk.
type prepared struct {
	c       *object.Commit
	changes []history.FileChange
	files   map[string]File // the changed candidate files as they are after c
	err     error
}

// fileRead is a changed file as kit.ReadMax returned it.
type fileRead struct {
	path string
	data []byte
	err  error
}

// prepare finds, reads and parses what each commit changed, in order, ahead
// of the walk: the reading from git in one goroutine, the parsing in
// another. Closing done stops them.
func prepare(h *history.Repo, commits []*object.Commit, done <-chan struct{}) <-chan *prepared {
	type readCommit struct {
		p     *prepared
		reads []fileRead
	}
	diffs := make(chan *prepared, 16)
	reads := make(chan readCommit, 16)
	out := make(chan *prepared, 16)
	// The blobs are read through a second opening of the repository, when
	// there can be one, so that they are read while the trees of the
	// commits ahead are compared (each Repo reads one object at a time).
	blobs := h
	if h2, err := h.Reopen(); err == nil {
		blobs = h2
	}
	go func() {
		defer close(diffs)
		for _, c := range commits {
			p := &prepared{c: c}
			p.changes, p.err = h.Changed(c, Watched)
			failed := p.err != nil // p is the blob reader's once sent
			select {
			case diffs <- p:
			case <-done:
				return
			}
			if failed {
				return
			}
		}
	}()
	go func() {
		defer close(reads)
		if blobs != h {
			defer blobs.Close()
		}
		for p := range diffs {
			rc := readCommit{p: p}
			c := p.c
			for _, ch := range rc.p.changes {
				if ch.To.IsZero() || !load.Candidate(ch.Path) {
					continue
				}
				// By the blob's hash: no need to look the path up in
				// the commit's trees.
				data, err, fault := readBlob(blobs, ch.Path, ch.To)
				if fault != nil {
					rc.p.err = fmt.Errorf("commit %s: %w", c.Hash.String()[:7], fault)
					break
				}
				rc.reads = append(rc.reads, fileRead{ch.Path, data, err})
			}
			failed := rc.p.err != nil // rc is the parser's once sent
			select {
			case reads <- rc:
			case <-done:
				return
			}
			if failed {
				return
			}
		}
	}()
	go func() {
		defer close(out)
		last := map[string]File{} // the version of each measurement file parsed last
		for rc := range reads {
			for _, ch := range rc.p.changes {
				if ch.To.IsZero() {
					delete(last, ch.Path) // deleted: keep no stale version
				}
			}
			rc.p.files = make(map[string]File, len(rc.reads))
			for _, r := range rc.reads {
				var f File
				if r.err == nil {
					// A check-in appends rows: read only those.
					f = kit.ParseAfter(last[r.path], r.path, r.data)
				} else {
					f = kit.ParseRead(r.path, r.data, r.err)
				}
				if strings.EqualFold(path.Ext(r.path), ".csv") {
					last[r.path] = f
				}
				f.Series() // here rather than in the caller's goroutine
				rc.p.files[r.path] = f
			}
			select {
			case out <- rc.p:
			case <-done:
				return
			}
		}
	}()
	return out
}

// step moves the state from c's first parent to c.
func (w *Walk) step(p *prepared) (*Step, error) {
	c, changes := p.c, p.changes
	incremental := len(c.ParentHashes) > 0 && c.ParentHashes[0] == w.at && w.files != nil
	if incremental {
		for _, ch := range changes {
			if RulesFile(ch.Path) {
				incremental = false // new ignore rules or config: read the tree again
				break
			}
		}
	}
	s := &Step{Commit: c}
	if !incremental {
		// Whether a change touched an OKR file: the old state (when it is
		// the parent's) or the old blob, and the new state.
		old := w.files
		if len(c.ParentHashes) == 0 || c.ParentHashes[0] != w.at {
			old = nil
		}
		if err := w.rebuild(c); err != nil {
			return nil, err
		}
		for _, ch := range changes {
			switch {
			case ch.Path == ConfigFile:
				s.Touched = true
			case w.files[ch.Path] != nil && w.files[ch.Path].OKR():
				s.Touched = true
			case old != nil && old[ch.Path] != nil && old[ch.Path].OKR():
				s.Touched = true
			case old == nil && !ch.From.IsZero() && load.Candidate(ch.Path):
				data, err := w.h.Blob(ch.From)
				if err != nil && !errors.Is(err, history.ErrTooLarge) {
					return nil, fmt.Errorf("commit %s: %w", c.Hash.String()[:7], &fs.PathError{Op: "read", Path: ch.Path, Err: err})
				}
				if err == nil && kit.ParseBytes(ch.Path, data).OKR() {
					s.Touched = true
				}
			}
		}
		s.Reset = true
		s.Changes = make([]Change, 0, len(w.files))
		for _, p := range slices.Sorted(maps.Keys(w.files)) {
			s.Changes = append(s.Changes, Change{Path: p, New: w.files[p]})
		}
		return s, nil
	}
	for _, ch := range changes {
		old := w.files[ch.Path]
		if old == nil && (!load.Candidate(ch.Path) || ch.To.IsZero() || w.ignore.Ignored(ch.Path)) {
			continue // not a file okr reads
		}
		change := Change{Path: ch.Path, Old: old}
		if old != nil {
			s.Touched = s.Touched || old.OKR()
			delete(w.files, ch.Path)
			delete(w.hashes, ch.Path)
		}
		if !ch.To.IsZero() {
			f := p.files[ch.Path]
			if f == nil {
				return nil, fmt.Errorf("internal error: commit %s: %s was not read", c.Hash, ch.Path)
			}
			s.Touched = s.Touched || f.OKR()
			w.files[ch.Path] = f
			w.hashes[ch.Path] = ch.To
			change.New = f
		}
		s.Changes = append(s.Changes, change)
	}
	w.at = c.Hash
	return s, nil
}
