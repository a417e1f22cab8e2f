package history

import (
	"errors"
	"fmt"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// ErrNoCommitBefore is returned, wrapped, by [Repo.FirstParentBefore] when
// no commit of the history was committed before the day asked for.
var ErrNoCommitBefore = errors.New("no commit before")

// CommitDay returns the civil date of t in t's own time zone (a commit's
// dates carry the zone of the person who made them), as a time at
// midnight UTC, comparable with other days by Before and Equal.
func CommitDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// FirstParentBefore returns the newest commit of head's first-parent
// history (head, its first parent, that commit's first parent, …) whose
// committer date, on the day of its own time zone, is before day (a date
// at midnight UTC, as [CommitDay] returns). It is the state of a branch as
// it stood before that day: `okr diff --since`.
//
// The walk stops at the first such commit: a first-parent history whose
// committer dates go back and forth (a clock set wrong) is taken in its
// order, not sorted. It fails wrapping [ErrNoCommitBefore] when every
// commit was committed on or after day, and wrapping [ErrShallow] when
// the answer may lie beyond the boundary of a shallow clone.
func (r *Repo) FirstParentBefore(head *object.Commit, day time.Time) (*object.Commit, error) {
	c := head
	for {
		if CommitDay(c.Committer.When).Before(day) {
			return c, nil
		}
		if len(c.ParentHashes) == 0 {
			return nil, fmt.Errorf("%w %s: the first commit, %s, was committed on %s",
				ErrNoCommitBefore, day.Format(time.DateOnly), c.Hash.String()[:7],
				CommitDay(c.Committer.When).Format(time.DateOnly))
		}
		if r.shallow[c.Hash] {
			return nil, fmt.Errorf("%w: no commit before %s in the history fetched (the oldest, %s, was committed on %s); %s",
				ErrShallow, day.Format(time.DateOnly), c.Hash.String()[:7],
				CommitDay(c.Committer.When).Format(time.DateOnly), shallowHint)
		}
		p, err := r.load(c.ParentHashes[0])
		if err != nil {
			if errors.Is(err, plumbing.ErrObjectNotFound) && r.Shallow() {
				return nil, fmt.Errorf("%w: commit %s is not in this clone; %s", ErrShallow, c.ParentHashes[0], shallowHint)
			}
			return nil, fmt.Errorf("commit %s: parent %s: %w", c.Hash.String()[:7], c.ParentHashes[0], err)
		}
		c = p
	}
}

// LandedDay is the day a commit's changes count as made (SPEC §3, "When a
// change was made", for `okr diff`): the later of its committer and author
// dates, each taken on the day of its own time zone (as [CommitDay]). A
// backdated author date cannot make a change look older than the commit
// that carries it, and a commit rebased or cherry-picked onto a branch
// counts from when that happened.
func LandedDay(c *object.Commit) time.Time {
	a, b := CommitDay(c.Committer.When), CommitDay(c.Author.When)
	if b.After(a) {
		return b
	}
	return a
}
