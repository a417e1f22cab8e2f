package report

import (
	"cmp"
	"reflect"
	"slices"

	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/okr-as-code/okr/okr/change"
	"github.com/okr-as-code/okr/okr/history"
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
	// Checkins holds, for each key result of Scores by ref, its counted
	// measurements (those its score reads: of its metric, from its
	// period's first day to the as-of date or the period's last day) in
	// date order, then read order: the series its sparkline draws.
	Checkins map[string][]Checkin `json:"checkins"`
	// Due lists the check-ins due as of AsOf among the selected documents
	// (SPEC §2 "Check-ins due"), by person, most overdue first.
	Due *score.DueReport `json:"due"`
	// Changes are the goalposts (baselines, targets, levels, added and
	// removed goals) of the selected documents moved after their period
	// began, newest first.
	Changes []GoalChange `json:"changes"`
	// History says where Changes come from: "git" when the history was
	// read, "shallow" when it was cut short by a shallow clone, or why it
	// is unavailable.
	History string `json:"history"`
}

// Checkin is one counted measurement of a key result.
type Checkin struct {
	At         string  `json:"at"` // YYYY-MM-DD
	Value      float64 `json:"value"`
	Confidence *int    `json:"confidence"` // null when the check-in carries none
}

// GoalChange is one change, the commit that made it and the day it
// landed.
type GoalChange struct {
	// Commit is the commit that made the change: the commit itself on the
	// first-parent history, or for a change a merge brought in, the
	// commit of the merged branch that made it (the merge when none did,
	// as when a conflict was resolved by hand).
	Commit  string `json:"commit"`
	Short   string `json:"short"`
	Author  string `json:"author"`  // Commit's author
	Subject string `json:"subject"` // Commit's subject
	// AuthorDate is Commit's author date, YYYY-MM-DD in its time zone:
	// when the change says it was written.
	AuthorDate string `json:"author_date"`
	// Date is the day the change landed, YYYY-MM-DD: the committer date,
	// in its own time zone, of the commit on the reported revision's
	// first-parent history that brought it in (Landed). The change is
	// after its period began when Date is.
	Date        string `json:"date"`
	Landed      string `json:"landed"`
	LandedShort string `json:"landed_short"`
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
	due, err := ix.Due(asOf, sel)
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
		Checkins:     Checkins(repo, sr, asOf),
		Due:          due,
		Changes:      []GoalChange{},
		History:      whyNoHistory,
	}
	if h == nil || head == nil {
		return r, nil
	}
	if err := r.ReadHistory(h, head); err != nil {
		return nil, err
	}
	return r, nil
}

// ReadHistory reads into a report built without history (Build with a nil
// h) the goal changes of head's history, as Build with h and head would.
func (r *Report) ReadHistory(h *history.Repo, head *object.Commit) error {
	return r.StartHistory(h, head)()
}

// StartHistory starts reading the goal changes of head's history for a
// report built without history, in the background, and returns the
// function that waits for them and puts them in the report (Changes and
// History). What to read is decided before it returns, so the report's
// scores may then change (okr site escapes their text) while it reads;
// its Changes and History must not be read before finish returns.
// okr site draws what needs no history in the meantime.
func (r *Report) StartHistory(h *history.Repo, head *object.Commit) (finish func() error) {
	asOf, err := model.ParseDate(r.AsOf)
	if err != nil {
		return func() error { return err }
	}
	selected := map[[2]string]bool{}
	earliest := model.Date(1 << 30)
	for _, o := range r.Scores.Owners {
		selected[[2]string{o.Owner, o.Period}] = true
		if d, err := model.ParseDate(o.Start); err == nil && d < earliest {
			earliest = d
		}
	}
	if len(selected) == 0 {
		return func() error {
			r.History = "git"
			return nil
		}
	}
	type walked struct {
		changes   []GoalChange
		truncated bool
		err       error
	}
	done := make(chan walked, 1)
	go func() {
		var w walked
		w.changes, w.truncated, w.err = goalChanges(h, head, earliest, asOf, func(c change.Change) bool {
			owner, _, _ := cutOwner(c.Ref)
			return c.Goalpost() && c.AfterPeriodStart && selected[[2]string{owner, c.Period}]
		})
		done <- w
	}()
	return func() error {
		w := <-done
		if w.err != nil {
			return w.err
		}
		r.Changes = w.changes
		r.History = "git"
		if w.truncated {
			r.History = "shallow"
		}
		return nil
	}
}

func cutOwner(ref string) (owner, rest string, ok bool) {
	for i := 0; i < len(ref); i++ {
		if ref[i] == '/' {
			return ref[:i], ref[i+1:], true
		}
	}
	return ref, "", false
}

// Checkins returns the counted measurements of every key result of sr, a
// score report of repo as of asOf, by ref.
func Checkins(repo *model.Repo, sr *score.Report, asOf model.Date) map[string][]Checkin {
	want := map[string]bool{}
	for _, o := range sr.Owners {
		for _, ob := range o.Objectives {
			for _, k := range ob.KeyResults {
				want[metricOf(k)] = true
			}
		}
	}
	byMetric := map[string][]model.Measurement{}
	for _, m := range repo.Measurements {
		if want[m.Metric] {
			byMetric[m.Metric] = append(byMetric[m.Metric], m)
		}
	}
	for _, ms := range byMetric {
		slices.SortStableFunc(ms, func(a, b model.Measurement) int {
			return cmp.Or(cmp.Compare(a.Day, b.Day), cmp.Compare(a.Seq, b.Seq))
		})
	}
	out := map[string][]Checkin{}
	for _, o := range sr.Owners {
		first, err1 := model.ParseDate(o.Start)
		last, err2 := model.ParseDate(o.End)
		if err1 != nil || err2 != nil {
			continue
		}
		last = min(last, asOf)
		for _, ob := range o.Objectives {
			for _, k := range ob.KeyResults {
				cs := []Checkin{}
				for _, m := range byMetric[metricOf(k)] {
					if m.Day < first || m.Day > last {
						continue
					}
					c := Checkin{At: m.Day.String(), Value: m.Value}
					if m.HasConfidence {
						v := int(m.Confidence)
						c.Confidence = &v
					}
					cs = append(cs, c)
				}
				out[k.Ref] = cs
			}
		}
	}
	return out
}

// metricOf is the metric whose measurements a key result counts.
func metricOf(k score.KeyResult) string {
	if k.KPI != "" {
		return k.KPI
	}
	return k.Ref
}

// GoalChangesSince returns the goal changes (change.Change.Goalpost) of
// head's first-parent history that landed on or after since, newest
// first, each with the commit that made it, as okr report dates and
// attributes them (okr digest names the author of each moved goalpost).
func GoalChangesSince(h *history.Repo, head *object.Commit, since, asOf model.Date) ([]GoalChange, error) {
	out, _, err := goalChanges(h, head, since, asOf, change.Change.Goalpost)
	return out, err
}

// SameChange reports whether a and b are the same change to the same
// new value, whatever their positions and dates.
func SameChange(a, b change.Change) bool {
	return keyOf(a) == keyOf(b) && reflect.DeepEqual(a.New, b.New)
}
