package scorelog

import (
	"math"
	"slices"
	"time"

	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/okr-as-code/okr/okr/history"
	"github.com/okr-as-code/okr/okr/load"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/score"
)

// buildReference is the plain algorithm Build must agree with: load each
// commit's whole tree and score it from scratch.
func buildReference(h *history.Repo, start *object.Commit, opts Options) (*Log, error) {
	cache := load.NewCache()
	if opts.Period != "" && opts.Period != score.AllPeriods {
		if _, err := model.ParsePeriod(opts.Period); err != nil {
			return nil, err
		}
	}
	log := &Log{Commits: []Entry{}}
	truncated, err := h.Walk(start, func(c *object.Commit) error {
		changes, err := h.Changed(c, load.Candidate)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			return nil
		}
		repo, _, err := loadTree(h, c, cache)
		if err != nil {
			return err
		}
		okr := touchesOKR(changes, repo)
		if !okr && len(c.ParentHashes) > 0 {
			// Deleted or renamed away: the parent knew the file.
			if p, err := c.Parent(0); err == nil {
				if prepo, _, err := loadTree(h, p, cache); err == nil {
					okr = touchesOKR(changes, prepo)
				}
			}
		}
		if !okr {
			return nil
		}
		info := history.CommitInfo(c)
		asOf := model.DateOf(info.Date)
		r, err := score.Score(repo, asOf, score.Options{Period: opts.Period, Owner: opts.Owner})
		if err != nil {
			return err
		}
		e := Entry{
			Commit:  info.Hash,
			Short:   info.Short,
			Date:    info.Date.Format(time.RFC3339),
			Author:  info.Author,
			Subject: info.Subject,
		}
		scores := make(map[string]float64, len(r.Owners))
		for _, o := range r.Owners {
			scores[o.Period+"/"+o.Owner] = o.Score
			if start, err := model.ParseDate(o.Start); err == nil && asOf < start {
				scores[o.Period+"/"+o.Owner] = math.NaN() // not begun: no score
			}
		}
		e.Scores = ScoresOf(scores)
		log.Commits = append(log.Commits, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	log.Truncated = truncated
	return log, nil
}

func loadTree(h *history.Repo, c *object.Commit, cache *load.Cache) (*model.Repo, []model.Problem, error) {
	fsys, err := h.FS(c)
	if err != nil {
		return nil, nil, err
	}
	return load.Load(fsys, load.Options{Cache: cache})
}

// touchesOKR reports whether a change concerns okr.yaml or a file that
// repo read as an OKR file.
func touchesOKR(changes []history.FileChange, repo *model.Repo) bool {
	for _, ch := range changes {
		if ch.Path == load.ConfigFile {
			return true
		}
		if _, ok := slices.BinarySearch(repo.Files, ch.Path); ok {
			return true
		}
	}
	return false
}
