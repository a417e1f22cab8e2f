package digest

import (
	"errors"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/okr-as-code/okr/okr/change"
	"github.com/okr-as-code/okr/okr/history"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/report"
	"github.com/okr-as-code/okr/okr/source"
)

// History is the git side of a digest: BASE, chosen as okr diff --since
// chooses it, and BASE's tree as of the day BASE landed.
type History struct {
	Repo *history.Repo
	Head *object.Commit // HEAD
	Base *object.Commit
	Then *model.Repo // BASE's tree
	Day  model.Date  // the day BASE landed (SPEC §3)
	// Since is the day asked for: every commit after BASE on HEAD's
	// first-parent history was committed on or after it.
	Since model.Date
}

// FindBase opens the git repository that holds root and takes as BASE
// the newest commit of HEAD's first-parent history committed before
// since, as okr diff --since does. Without one it returns a nil History
// and why there is none; the error is for a repository that cannot be
// read.
func FindBase(root string, since model.Date, cache *source.Cache) (*History, string, error) {
	h, err := history.Open(root)
	if errors.Is(err, history.ErrNotRepository) {
		return nil, "the repository is not in git", nil
	}
	if err != nil {
		return nil, "", err
	}
	head, err := h.Resolve("HEAD")
	if errors.Is(err, history.ErrUnknownRevision) {
		h.Close()
		return nil, "HEAD has no commit yet", nil
	}
	if err != nil {
		h.Close()
		return nil, "", err
	}
	base, err := h.FirstParentBefore(head, since.Time())
	switch {
	case errors.Is(err, history.ErrNoCommitBefore):
		h.Close()
		return nil, "no commit before " + since.String(), nil
	case errors.Is(err, history.ErrShallow):
		h.Close()
		return nil, "no commit before " + since.String() + " in the history fetched (a shallow clone: fetch it whole, fetch-depth: 0)", nil
	case err != nil:
		h.Close()
		return nil, "", err
	}
	day := model.DateOf(history.LandedDay(base))
	t, err := source.Commit(h, base, source.Options{AsOf: day, Cache: cache, Unchecked: true})
	if err != nil {
		h.Close()
		return nil, "", err
	}
	return &History{Repo: h, Head: head, Base: base, Then: t.Repo, Day: day, Since: since}, "", nil
}

// Close closes the git repository.
func (g *History) Close() {
	if g != nil {
		g.Repo.Close()
	}
}

// Authors returns the function that names, for each moved goalpost of a
// digest of the work tree now as of asOf, the author of the commit that
// made it: nil for a change the work tree makes to HEAD, else the author
// of the newest commit since BASE that made the same change (okr report's
// attribution, merged branches included).
func (g *History) Authors(now *model.Repo, cache *source.Cache, asOf model.Date) func([]change.Change) ([]*string, error) {
	return func(chs []change.Change) ([]*string, error) {
		t, err := source.Commit(g.Repo, g.Head, source.Options{AsOf: asOf, Cache: cache, Unchecked: true})
		if err != nil {
			return nil, err
		}
		work := change.Compare(t.Repo, now, change.Options{Date: asOf}).Changes
		made, err := report.GoalChangesSince(g.Repo, g.Head, g.Since, asOf)
		if err != nil {
			return nil, fmt.Errorf("reading who moved the goalposts: %w", err)
		}
		out := make([]*string, len(chs))
	next:
		for i, c := range chs {
			for _, wc := range work {
				if report.SameChange(wc, c) {
					continue next // the work tree's: no author
				}
			}
			for _, m := range made { // newest first
				if report.SameChange(m.Change, c) {
					a := m.Author
					out[i] = &a
					continue next
				}
			}
		}
		return out, nil
	}
}
