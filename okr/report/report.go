package report

import (
	"cmp"
	"errors"
	"slices"

	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/okr-as-code/okr/okr/change"
	"github.com/okr-as-code/okr/okr/history"
	"github.com/okr-as-code/okr/okr/load"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/score"
)

// Report is everything `okr report` shows. Its JSON is the json format.
type Report struct {
	Organization string `json:"organization"`
	// Period is the --period asked for, or the quarter containing the
	// as-of date when none was.
	Period string `json:"period"`
	AsOf   string `json:"as_of"`
	Start  string `json:"start"` // the first day of Period
	End    string `json:"end"`   // the last day of Period
	// Scores holds the selected Objectives documents: those of Period
	// exactly when --period was given, else those whose period contains
	// the as-of date (the year, half and quarter).
	Scores *score.Report    `json:"scores"`
	KPIs   *score.KPIReport `json:"kpis"`
	// Changes are the goalposts (baselines, targets, levels, added and
	// removed goals) of the selected documents moved after their period
	// began, newest first.
	Changes []GoalChange `json:"changes"`
	// History says where Changes come from: "git" when the history was
	// read, "shallow" when it was cut short by a shallow clone, or why it
	// is unavailable.
	History string `json:"history"`
}

// GoalChange is one change and the commit that made it.
type GoalChange struct {
	Commit  string `json:"commit"`
	Short   string `json:"short"`
	Date    string `json:"date"` // author date, YYYY-MM-DD
	Author  string `json:"author"`
	Subject string `json:"subject"`
	change.Change
}

// Options select the report.
type Options struct {
	Period string // "" for the quarter containing AsOf
	Owner  string
}

// Build scores repo as of asOf and gathers the goal changes from history
// (h may be nil when the root is not in a git repository; whyNoHistory then
// says why).
func Build(repo *model.Repo, asOf model.Date, opts Options, h *history.Repo, head *object.Commit, whyNoHistory string) (*Report, error) {
	fy := repo.Config.FiscalYearStartMonth
	var p model.Period
	sel := score.Options{Period: opts.Period, Owner: opts.Owner}
	if opts.Period == "" {
		p = model.PeriodAt(asOf, model.Quarter, fy)
	} else {
		var err error
		if p, err = model.ParsePeriod(opts.Period); err != nil {
			return nil, err
		}
	}
	first, last := p.Range(fy)
	ix := score.NewIndex(repo)
	sr, err := ix.Score(asOf, sel)
	if err != nil {
		return nil, err
	}
	r := &Report{
		Organization: repo.Config.Organization,
		Period:       p.String(),
		AsOf:         asOf.String(),
		Start:        first.String(),
		End:          last.String(),
		Scores:       sr,
		KPIs:         ix.KPIs(asOf, score.Options{Owner: opts.Owner}),
		Changes:      []GoalChange{},
		History:      whyNoHistory,
	}
	if h == nil || head == nil {
		return r, nil
	}
	selected := map[[2]string]bool{}
	earliest := model.Date(1 << 30)
	for _, o := range sr.Owners {
		selected[[2]string{o.Owner, o.Period}] = true
		if d, err := model.ParseDate(o.Start); err == nil && d < earliest {
			earliest = d
		}
	}
	if len(selected) == 0 {
		r.History = "git"
		return r, nil
	}
	changes, truncated, err := goalChanges(h, head, earliest, asOf, func(c change.Change) bool {
		owner, _, _ := cutOwner(c.Ref)
		return c.Goalpost() && c.AfterPeriodStart && selected[[2]string{owner, c.Period}]
	})
	if err != nil {
		return nil, err
	}
	r.Changes = changes
	r.History = "git"
	if truncated {
		r.History = "shallow"
	}
	return r, nil
}

func cutOwner(ref string) (owner, rest string, ok bool) {
	for i := 0; i < len(ref); i++ {
		if ref[i] == '/' {
			return ref[:i], ref[i+1:], true
		}
	}
	return ref, "", false
}

var errStop = history.ErrStop

// goalChanges walks from head back to the commits made before since, and
// returns the changes each commit made (against its first parent) that
// keep says to keep. Commits dated after asOf are skipped, so that a
// report as of a past date shows the history up to it.
func goalChanges(h *history.Repo, head *object.Commit, since, asOf model.Date, keep func(change.Change) bool) ([]GoalChange, bool, error) {
	cache := load.NewCache()
	var out []GoalChange
	truncated, err := h.Walk(head, func(c *object.Commit) error {
		info := history.CommitInfo(c)
		if model.DateOf(info.CommitDate) < since {
			return errStop
		}
		date := model.DateOf(info.Date)
		if date > asOf || len(c.ParentHashes) == 0 {
			return nil
		}
		files, err := h.Changed(c, load.Candidate)
		if err != nil || len(files) == 0 {
			return err
		}
		parent, err := c.Parent(0)
		if err != nil {
			return nil // beyond a shallow boundary
		}
		before, err := loadTree(h, parent, cache)
		if err != nil {
			return err
		}
		after, err := loadTree(h, c, cache)
		if err != nil {
			return err
		}
		d := change.Compare(before, after, change.Options{Date: date})
		own := d.Changes
		if len(c.ParentHashes) > 1 {
			if own, err = mergeOwn(h, c, after, cache, own); err != nil {
				return err
			}
		}
		for _, ch := range own {
			if keep(ch) {
				out = append(out, GoalChange{
					Commit: info.Hash, Short: info.Short, Date: date.String(),
					Author: info.Author, Subject: info.Subject, Change: ch,
				})
			}
		}
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return nil, false, err
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

// mergeOwn keeps, of the changes a merge commit c made against its first
// parent, those it made against every other parent too: the changes of the
// merge itself (a conflict resolved by hand), not those it brought in from
// the merged branch, whose own commits are listed where they were made. A
// parent beyond the boundary of a shallow clone does not count.
func mergeOwn(h *history.Repo, c *object.Commit, after *model.Repo, cache *load.Cache, changes []change.Change) ([]change.Change, error) {
	for i := 1; i < len(c.ParentHashes) && len(changes) > 0; i++ {
		p, err := c.Parent(i)
		if err != nil {
			continue // beyond a shallow boundary
		}
		other, err := loadTree(h, p, cache)
		if err != nil {
			return nil, err
		}
		also := map[changeKey]bool{}
		for _, ch := range change.Compare(other, after, change.Options{}).Changes {
			also[keyOf(ch)] = true
		}
		changes = slices.DeleteFunc(slices.Clone(changes), func(ch change.Change) bool { return !also[keyOf(ch)] })
	}
	return changes, nil
}

func loadTree(h *history.Repo, c *object.Commit, cache *load.Cache) (*model.Repo, error) {
	fsys, err := h.FS(c)
	if err != nil {
		return nil, err
	}
	repo, _, err := load.Load(fsys, load.Options{Cache: cache})
	return repo, err
}
