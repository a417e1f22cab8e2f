package report

import (
	"cmp"
	"errors"
	"path"
	"reflect"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/okr-as-code/okr/okr/change"
	"github.com/okr-as-code/okr/okr/history"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/source"
)

// A goal change is dated by when it landed (SPEC §3 "When a change was
// made"): the committer date, in its own time zone, of the commit on the
// reported revision's first-parent history that brought it in. The walk
// therefore follows first parents only, and compares each commit with its
// first parent: a merge brings in everything its branch changed. The
// commit that made a change brought in by a merge is then looked for on
// the merged branch, so that the report can name it and its author.
//
// Goalposts live in Objectives documents, which are YAML: only the YAML
// files a commit changed are parsed, both sides, and of each file only the
// version parsed last is kept (the next older commit that changed it
// changed it from that version). Memory is bounded by the files of one
// tree, whatever the length of the history.

// maxSide bounds the commits of a merged branch searched for the commit
// that made a change.
const maxSide = 1000

// rules are what decides which files of a tree okr reads.
type rules = source.Layout

// version is a file's content parsed, with its blob's hash.
type version struct {
	hash plumbing.Hash
	file source.File
}

type walker struct {
	h    *history.Repo
	head *object.Commit
	main map[plumbing.Hash]bool // head's first-parent history, built when a merge needs it
}

// relevant reports whether a changed path can change the goals: a YAML
// file, or one that changes which files are read.
func relevant(p string) bool {
	if path.Base(p) == ".gitignore" {
		return true
	}
	ext := strings.ToLower(path.Ext(p))
	return source.Candidate(p) && (ext == ".yaml" || ext == ".yml")
}

// treeRules reads the rules of c's tree, and its Objectives documents in
// path order when docs is true.
func (w *walker) treeRules(c *object.Commit, docs bool) (*rules, []*model.Objectives, error) {
	// A missing or corrupt object is the repository's fault: the problems
	// of the files are not looked at here, but it is an error.
	r, err := source.CommitLayout(w.h, c)
	if err != nil {
		return nil, nil, err
	}
	if !docs {
		return r, nil, nil
	}
	var out []*model.Objectives
	for i, p := range r.Paths {
		if !relevant(p) {
			continue
		}
		f, err := w.parse(nil, p, r.Blobs[i])
		if err != nil {
			return nil, nil, err
		}
		out = append(out, f.Objectives()...)
	}
	return r, out, nil
}

// parse returns the file at p whose blob is h, from cache when it holds
// that version (cache may be nil), and puts it there. A blob over the size
// limit is a problem of the file, not read; a blob that cannot be read is
// an error.
func (w *walker) parse(cache map[string]version, p string, h plumbing.Hash) (source.File, error) {
	if v, ok := cache[p]; ok && v.hash == h {
		return v.file, nil
	}
	f, err := source.Blob(w.h, p, h)
	if err != nil {
		return nil, err
	}
	if cache != nil {
		cache[p] = version{h, f}
	}
	return f, nil
}

// changes returns the goal changes commit c made against its first parent
// p, dated date, reading c's tree with the rules after; it returns the
// rules of p's tree. cache holds the version of each file parsed last.
func (w *walker) changes(c, p *object.Commit, after *rules, date model.Date, cache map[string]version) ([]change.Change, *rules, error) {
	files, err := w.h.Changed(c, relevant)
	if err != nil {
		return nil, nil, err
	}
	if len(files) == 0 {
		return nil, after, nil
	}
	opts := change.Options{Date: date}
	for _, f := range files {
		if source.RulesFile(f.Path) {
			// Other files may be read or ignored now: compare the
			// whole trees.
			before, docsBefore, err := w.treeRules(p, true)
			if err != nil {
				return nil, nil, err
			}
			now, docsAfter, err := w.treeRules(c, true)
			if err != nil {
				return nil, nil, err
			}
			d := change.Compare(&model.Repo{Config: before.Config, Objectives: docsBefore}, &model.Repo{Config: now.Config, Objectives: docsAfter}, opts)
			return d.Changes, before, nil
		}
	}
	var docsBefore, docsAfter []*model.Objectives
	for _, f := range files {
		if after.Ignored(f.Path) {
			continue
		}
		// The new version first: the old one is what the next older
		// commit that changed the file made, kept in the cache for it.
		if !f.To.IsZero() {
			file, err := w.parse(cache, f.Path, f.To)
			if err != nil {
				return nil, nil, err
			}
			docsAfter = append(docsAfter, file.Objectives()...)
		}
		if !f.From.IsZero() {
			file, err := w.parse(cache, f.Path, f.From)
			if err != nil {
				return nil, nil, err
			}
			docsBefore = append(docsBefore, file.Objectives()...)
		} else {
			delete(cache, f.Path) // added here: no older version
		}
	}
	d := change.Compare(&model.Repo{Config: after.Config, Objectives: docsBefore}, &model.Repo{Config: after.Config, Objectives: docsAfter}, opts)
	return d.Changes, after, nil
}

// goalChanges walks head's first-parent history back to the commits that
// landed before since, and returns the changes that keep says to keep,
// each dated by the day its commit landed. A commit cannot have landed
// before the commit it was made on: its landing day is the latest committer
// day of it and its first-parent ancestors, so that a commit dated back on
// top of a change (or honest commits whose time zones put one day before
// the other) cannot date that change before its period began. Every change
// in the revision's history is kept, also one dated after asOf (its scores
// already count it). truncated says that a shallow clone's boundary was
// reached.
func goalChanges(h *history.Repo, head *object.Commit, since, asOf model.Date, keep func(change.Change) bool) ([]GoalChange, bool, error) {
	w := &walker{h: h, head: head}
	r, _, err := w.treeRules(head, false)
	if err != nil {
		return nil, false, err
	}
	// The first-parent chain, newest first, and each commit's landing day.
	var chain []*object.Commit
	truncated, err := h.FirstParents(head, func(c *object.Commit) error {
		chain = append(chain, c)
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	landedOn := make([]model.Date, len(chain))
	for i := len(chain) - 1; i >= 0; i-- {
		landedOn[i] = model.DateOf(chain[i].Committer.When)
		if i+1 < len(chain) {
			landedOn[i] = max(landedOn[i], landedOn[i+1])
		}
	}
	cache := map[string]version{}
	out := []GoalChange{}
	for i, c := range chain {
		landed := landedOn[i]
		if landed < since {
			break // and so did every older commit
		}
		if len(c.ParentHashes) == 0 || h.AtBoundary(c) {
			continue // the first commit, or the first one held
		}
		p, err := h.Parent(c, 0)
		if err != nil {
			return nil, false, err
		}
		chs, before, err := w.changes(c, p, r, landed, cache)
		if err != nil {
			return nil, false, err
		}
		r = before
		var kept []change.Change
		for _, ch := range chs {
			if keep(ch) {
				kept = append(kept, ch)
			}
		}
		if len(kept) == 0 {
			continue
		}
		makers := make([]*object.Commit, len(kept))
		if len(c.ParentHashes) > 1 {
			if err := w.attribute(c, r, kept, makers); err != nil {
				return nil, false, err
			}
		}
		li := history.CommitInfo(c)
		for j, ch := range kept {
			m := makers[j]
			if m == nil {
				m = c
			}
			mi := history.CommitInfo(m)
			out = append(out, GoalChange{
				Commit: mi.Hash, Short: mi.Short, Author: mi.Author, Subject: mi.Subject,
				AuthorDate: model.DateOf(mi.Date).String(),
				Date:       landed.String(), Landed: li.Hash, LandedShort: li.Short,
				Change: ch,
			})
		}
	}
	// Newest first, stable for equal dates (walk order).
	slices.SortStableFunc(out, func(a, b GoalChange) int { return cmp.Compare(b.Date, a.Date) })
	return out, truncated, nil
}

// changeKey identifies a change regardless of its values.
type changeKey struct {
	ref, entity, field, period string
	kind                       change.Kind
}

func keyOf(ch change.Change) changeKey {
	return changeKey{ch.Ref, ch.Entity, ch.Field, ch.Period, ch.Kind}
}

// attribute finds, for each change that the merge c brought in, the commit
// of the merged branches that made it: the newest one, following the
// branch's first parents back to head's first-parent history, that made
// the same change to the same new value. Where none did (a conflict
// resolved by hand, or a branch older than maxSide commits), makers[i]
// stays nil: the merge made it. rules are those of c's tree.
func (w *walker) attribute(c *object.Commit, r *rules, kept []change.Change, makers []*object.Commit) error {
	if w.main == nil {
		w.main = map[plumbing.Hash]bool{}
		if _, err := w.h.FirstParents(w.head, func(c *object.Commit) error {
			w.main[c.Hash] = true
			return nil
		}); err != nil {
			return err
		}
	}
	left := len(kept)
	cache := map[string]version{}
	for i := 1; i < len(c.ParentHashes) && left > 0; i++ {
		s, err := w.h.Parent(c, i)
		if err != nil {
			if errors.Is(err, plumbing.ErrObjectNotFound) && w.h.Shallow() {
				continue
			}
			return err
		}
		rs := r
		for n := 0; n < maxSide && left > 0 && !w.main[s.Hash]; n++ {
			if len(s.ParentHashes) == 0 || w.h.AtBoundary(s) {
				break
			}
			p, err := w.h.Parent(s, 0)
			if err != nil {
				return err
			}
			chs, before, err := w.changes(s, p, rs, model.DateOf(s.Committer.When), cache)
			if err != nil {
				return err
			}
			rs = before
			for _, ch := range chs {
				for k, want := range kept {
					if makers[k] == nil && keyOf(ch) == keyOf(want) && reflect.DeepEqual(ch.New, want.New) {
						makers[k] = s
						left--
					}
				}
			}
			s = p
		}
	}
	return nil
}
