package digest

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/okr-as-code/okr/okr/change"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/score"
)

// Digest is the week's news. Its JSON is `okr digest --format json`
// (SPEC §5); every list is [] when empty, never null.
type Digest struct {
	AsOf         string `json:"as_of"`
	Organization string `json:"organization"`
	// Base is the commit the digest compares with; nil when there is
	// none (NoBase says why).
	Base    *Base   `json:"base"`
	Summary Summary `json:"summary"`
	// Moved are the goalposts moved since BASE (okr diff's flagged
	// changes), each with the author of the commit that made it.
	Moved           []Moved          `json:"moved"`
	AtRisk          []AtRisk         `json:"at_risk"`
	ScoreChanges    []ScoreChange    `json:"score_changes"`
	Checkins        []Checkins       `json:"checkins"`
	ConfidenceDrops []ConfidenceDrop `json:"confidence_drops"`
	Due             []score.DueItem  `json:"due"`
	KPIs            []KPIChange      `json:"kpis"`
	// URL is the dashboard's overview (--link), "" without one.
	URL string `json:"url,omitempty"`
	// DueURL is the dashboard's due page, "" without --link.
	DueURL string `json:"due_url,omitempty"`

	// NoBase says why there is no BASE ("" when there is one), for the
	// line that stands in for the sections that need one.
	NoBase string `json:"-"`
	// People are the people the digest names, by id: their names and
	// the ids that mention them.
	People map[string]model.Person `json:"-"`
	// Command is the command line that shows every item, for the line
	// that says how many a writer left out.
	Command string `json:"-"`
}

// Base is the commit a digest compares with.
type Base struct {
	Commit string `json:"commit"`
	Date   string `json:"date"` // the day it landed, YYYY-MM-DD
}

// Summary is the headline's numbers.
type Summary struct {
	Owners int `json:"owners"`
	// MeanScore is the mean of the owners' scores now; MeanScoreBefore
	// that of the same Objectives documents then (nil without a BASE or
	// when none of them existed then).
	MeanScore       *float64 `json:"mean_score"`
	MeanScoreBefore *float64 `json:"mean_score_before"`
	Green           int      `json:"green"`
	Yellow          int      `json:"yellow"`
	Red             int      `json:"red"`
}

// Moved is one moved goalpost: a change as okr diff reports it, with the
// author of the commit that made it (nil for a change in the work tree).
type Moved struct {
	change.Change
	Author *string `json:"author"`
	URL    string  `json:"url,omitempty"`
}

// AtRisk is a key result whose status is off-track or whose forecast
// grade is red, now.
type AtRisk struct {
	Ref           string   `json:"ref"`
	Title         string   `json:"title"`
	Owner         string   `json:"owner"` // the person: the key result's owner, else its document's
	Period        string   `json:"period"`
	Score         float64  `json:"score"`
	ForecastScore *float64 `json:"forecast_score"`
	Status        string   `json:"status"`
	Confidence    *int     `json:"confidence"`
	URL           string   `json:"url,omitempty"`
}

// ScoreChange is an owner's or an objective's score then and now, whose
// displayed values differ.
type ScoreChange struct {
	Ref    string  `json:"ref"`
	Period string  `json:"period"`
	Old    float64 `json:"old"`
	New    float64 `json:"new"`
	URL    string  `json:"url,omitempty"`
}

// Checkins is how many measurements dated after BASE's day, up to the
// as-of date, a person's key results and KPIs received.
type Checkins struct {
	Person string `json:"person"`
	Count  int    `json:"count"`
}

// ConfidenceDrop is a key result whose confidence now is 3 or more below
// its confidence then.
type ConfidenceDrop struct {
	Ref    string `json:"ref"`
	Period string `json:"period"`
	Old    int    `json:"old"`
	New    int    `json:"new"`
	URL    string `json:"url,omitempty"`
}

// KPIChange is a KPI whose health turned red, or that turned stale.
type KPIChange struct {
	ID           string  `json:"id"`
	Name         string  `json:"name"`
	Health       string  `json:"health"`
	HealthBefore *string `json:"health_before"`
	Stale        bool    `json:"stale"`
	StaleBefore  *bool   `json:"stale_before"`
	URL          string  `json:"url,omitempty"`
}

// Input is what Build reads: the repository now and, when there is a
// BASE, then.
type Input struct {
	Now  *model.Repo
	AsOf model.Date
	// Then is BASE's tree; nil without a BASE (NoBase says why).
	Then       *model.Repo
	BaseCommit string
	BaseDay    model.Date // the day BASE landed: then's as-of date
	NoBase     string
	// Authors, when not nil, names the author of the commit that made each
	// moved goalpost (nil for a change in the work tree). It is called
	// once, with the moved goalposts in the digest's order.
	Authors func([]change.Change) ([]*string, error)
}

// Options select what a digest shows.
type Options struct {
	Owner  string // as okr score --owner
	Period string // as okr score --period
	// Link is the dashboard's address (--link), without a trailing '/';
	// "" for no links.
	Link string
	// Command is the command line that shows every item.
	Command string
}

// confidenceDrop is how far a confidence must fall to be news.
const confidenceDrop = 3

// Build assembles the digest. Its only error is an Options.Period that
// is not valid, or the error of Input.Authors.
func Build(in Input, opts Options) (*Digest, error) {
	sel := score.Options{Owner: opts.Owner, Period: opts.Period}
	ix := score.NewIndex(in.Now)
	now, err := ix.Score(in.AsOf, sel)
	if err != nil {
		return nil, err
	}
	due, err := ix.Due(in.AsOf, sel)
	if err != nil {
		return nil, err
	}
	d := &Digest{
		AsOf:            in.AsOf.String(),
		Organization:    in.Now.Config.Organization,
		Moved:           []Moved{},
		AtRisk:          []AtRisk{},
		ScoreChanges:    []ScoreChange{},
		Checkins:        []Checkins{},
		ConfidenceDrops: []ConfidenceDrop{},
		Due:             due.Due,
		KPIs:            []KPIChange{},
		NoBase:          in.NoBase,
		People:          map[string]model.Person{},
		Command:         opts.Command,
	}
	l := links(opts.Link)
	d.URL, d.DueURL = l.page("index.html"), l.page("due.html")
	d.Summary = summary(now)
	d.AtRisk = atRisk(now, l)

	var then *score.Report
	var thenKPIs *score.KPIReport
	if in.Then != nil {
		d.Base = &Base{Commit: in.BaseCommit, Date: in.BaseDay.String()}
		tix := score.NewIndex(in.Then)
		// The same documents, then: every period, narrowed to the
		// (owner, period) pairs selected now.
		all, err := tix.Score(in.BaseDay, score.Options{Owner: opts.Owner, Period: score.AllPeriods})
		if err != nil {
			return nil, err
		}
		then = sameDocuments(all, now)
		thenKPIs = tix.KPIs(in.BaseDay, score.Options{Owner: opts.Owner})
		d.Summary.MeanScoreBefore = meanScore(then)
		d.ScoreChanges = scoreChanges(then, now, l)
		d.ConfidenceDrops = confidenceDrops(then, now, l)
		d.Checkins = checkins(in.Now, now, ix, in.BaseDay, in.AsOf, opts.Owner)
		d.KPIs = kpiChanges(thenKPIs, ix.KPIs(in.AsOf, score.Options{Owner: opts.Owner}), l)
		if d.Moved, err = moved(in, now, all, opts, l); err != nil {
			return nil, err
		}
	}
	people := model.PeopleOf(in.Now)
	for _, id := range d.persons() {
		if p := people.Get(id); p != nil {
			d.People[id] = *p
		}
	}
	return d, nil
}

// persons lists the people the digest names.
func (d *Digest) persons() []string {
	var ids []string
	for _, r := range d.AtRisk {
		ids = append(ids, r.Owner)
	}
	for _, c := range d.Checkins {
		ids = append(ids, c.Person)
	}
	for _, x := range d.Due {
		ids = append(ids, x.Owner)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// Name is the name of person id: their People name, else the id.
func (d *Digest) Name(id string) string {
	if p, ok := d.People[id]; ok && p.Name != "" {
		return p.Name
	}
	return id
}

func summary(now *score.Report) Summary {
	s := Summary{Owners: len(now.Owners), MeanScore: meanScore(now)}
	for _, o := range now.Owners {
		switch o.Grade {
		case "green":
			s.Green++
		case "yellow":
			s.Yellow++
		default:
			s.Red++
		}
	}
	return s
}

func meanScore(r *score.Report) *float64 {
	if r == nil || len(r.Owners) == 0 {
		return nil
	}
	sum := 0.0
	for _, o := range r.Owners {
		sum += o.Score
	}
	m := sum / float64(len(r.Owners))
	return &m
}

// docKey names one Objectives document.
func docKey(owner, period string) string { return period + "/" + owner }

// sameDocuments keeps, of all, the documents that now holds.
func sameDocuments(all, now *score.Report) *score.Report {
	keep := map[string]bool{}
	for _, o := range now.Owners {
		keep[docKey(o.Owner, o.Period)] = true
	}
	out := &score.Report{AsOf: all.AsOf}
	for _, o := range all.Owners {
		if keep[docKey(o.Owner, o.Period)] {
			out.Owners = append(out.Owners, o)
		}
	}
	return out
}

// person is who owes a key result's check-ins: its owner, else its
// document's owner (as okr due groups).
func person(o *score.Owner, k *score.KeyResult) string {
	return cmp.Or(k.Owner, o.Owner)
}

func atRisk(now *score.Report, l links) []AtRisk {
	out := []AtRisk{}
	for i := range now.Owners {
		o := &now.Owners[i]
		for j := range o.Objectives {
			ob := &o.Objectives[j]
			for k := range ob.KeyResults {
				kr := &ob.KeyResults[k]
				red := kr.Forecast != nil && kr.Forecast.Grade == "red"
				if kr.Status != "off-track" && !red {
					continue
				}
				var fs *float64
				if kr.Forecast != nil {
					v := kr.Forecast.Score
					fs = &v
				}
				out = append(out, AtRisk{
					Ref: kr.Ref, Title: kr.Title, Owner: person(o, kr), Period: o.Period,
					Score: kr.Score, ForecastScore: fs, Status: kr.Status, Confidence: kr.Confidence,
					URL: l.keyResult(o.Owner, o.Period, ob.ID, kr.ID),
				})
			}
		}
	}
	key := func(a AtRisk) float64 {
		if a.ForecastScore != nil {
			return *a.ForecastScore
		}
		return a.Score
	}
	slices.SortStableFunc(out, func(a, b AtRisk) int {
		return cmp.Or(cmp.Compare(key(a), key(b)), change.CompareRefs(a.Ref, b.Ref), cmp.Compare(a.Period, b.Period))
	})
	return out
}

// hundredths is a score as displayed, in hundredths: 0.725 shown as 0.72
// (strconv's rounding of the binary value) is 72.
func hundredths(v float64) int64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	s := strconv.FormatFloat(v, 'f', 2, 64)
	n, _ := strconv.ParseInt(strings.Replace(s, ".", "", 1), 10, 64)
	return n
}

func scoreChanges(then, now *score.Report, l links) []ScoreChange {
	old := map[string]float64{}
	for _, o := range then.Owners {
		old[docKey(o.Owner, o.Period)] = o.Score
		for _, ob := range o.Objectives {
			old[docKey(ob.Ref, o.Period)] = ob.Score
		}
	}
	out := []ScoreChange{}
	add := func(ref, period, owner string, v float64, anchor string) {
		was, ok := old[docKey(ref, period)]
		if !ok || hundredths(was) == hundredths(v) {
			return
		}
		out = append(out, ScoreChange{Ref: ref, Period: period, Old: was, New: v, URL: l.owner(owner, period, anchor)})
	}
	for _, o := range now.Owners {
		add(o.Owner, o.Period, o.Owner, o.Score, "")
		for _, ob := range o.Objectives {
			add(ob.Ref, o.Period, o.Owner, ob.Score, "")
		}
	}
	size := func(c ScoreChange) int64 {
		d := hundredths(c.New) - hundredths(c.Old)
		if d < 0 {
			d = -d
		}
		return d
	}
	slices.SortStableFunc(out, func(a, b ScoreChange) int {
		return cmp.Or(cmp.Compare(size(b), size(a)), change.CompareRefs(a.Ref, b.Ref), cmp.Compare(a.Period, b.Period))
	})
	return out
}

func confidenceDrops(then, now *score.Report, l links) []ConfidenceDrop {
	old := map[string]int{}
	for _, o := range then.Owners {
		for _, ob := range o.Objectives {
			for _, kr := range ob.KeyResults {
				if kr.Confidence != nil {
					old[docKey(kr.Ref, o.Period)] = *kr.Confidence
				}
			}
		}
	}
	out := []ConfidenceDrop{}
	for _, o := range now.Owners {
		for _, ob := range o.Objectives {
			for _, kr := range ob.KeyResults {
				was, ok := old[docKey(kr.Ref, o.Period)]
				if !ok || kr.Confidence == nil || *kr.Confidence > was-confidenceDrop {
					continue
				}
				out = append(out, ConfidenceDrop{Ref: kr.Ref, Period: o.Period, Old: was, New: *kr.Confidence,
					URL: l.keyResult(o.Owner, o.Period, ob.ID, kr.ID)})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b ConfidenceDrop) int {
		return cmp.Or(cmp.Compare(b.Old-b.New, a.Old-a.New), change.CompareRefs(a.Ref, b.Ref), cmp.Compare(a.Period, b.Period))
	})
	return out
}

// checkins counts, for each person, the measurements dated after since
// and up to asOf of their key results (of the selected documents, those
// that take no KPI, within their period) and of their KPIs (as okr due
// selects KPIs).
func checkins(repo *model.Repo, now *score.Report, ix *score.Index, since, asOf model.Date, owner string) []Checkins {
	counts := map[string]int{}
	fy := repo.Config.FiscalYearStartMonth
	for _, o := range now.Owners {
		p, err := model.ParsePeriod(o.Period)
		if err != nil {
			continue
		}
		first, last := p.Range(fy)
		from, to := max(since+1, first), min(asOf, last)
		if from > to {
			continue
		}
		for _, ob := range o.Objectives {
			for _, kr := range ob.KeyResults {
				if kr.KPI != "" {
					continue
				}
				if n := len(ix.Series(kr.Ref, from, to)); n > 0 {
					counts[person(&o, &kr)] += n
				}
			}
		}
	}
	for _, k := range repo.KPIs {
		if k.ID == "" || (owner != "" && k.Owner != owner) {
			continue
		}
		if n := len(ix.Series(k.ID, since+1, asOf)); n > 0 {
			counts[k.Owner] += n
		}
	}
	out := []Checkins{}
	for p, n := range counts {
		out = append(out, Checkins{Person: p, Count: n})
	}
	slices.SortFunc(out, func(a, b Checkins) int { return cmp.Compare(a.Person, b.Person) })
	return out
}

func kpiChanges(then, now *score.KPIReport, l links) []KPIChange {
	old := map[string]score.KPIHealth{}
	for _, k := range then.KPIs {
		if _, ok := old[k.ID]; !ok {
			old[k.ID] = k
		}
	}
	out := []KPIChange{}
	seen := map[string]bool{}
	for _, k := range now.KPIs {
		if seen[k.ID] {
			continue
		}
		seen[k.ID] = true
		was, ok := old[k.ID]
		turnedRed := k.Health == "red" && (!ok || was.Health != "red")
		turnedStale := k.Stale && (!ok || !was.Stale)
		if !turnedRed && !turnedStale {
			continue
		}
		c := KPIChange{ID: k.ID, Name: k.Name, Health: k.Health, Stale: k.Stale, URL: l.page("kpi-" + k.ID + ".html")}
		if ok {
			h, s := was.Health, was.Stale
			c.HealthBefore, c.StaleBefore = &h, &s
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b KPIChange) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// moved lists the goalposts moved since BASE, as okr diff flags them
// (a change to a key result's levels, or a goal added or removed, made
// on or after the first day of its period: in the work tree, on the
// as-of date), of the documents selected now and of those removed since
// BASE that the same selection would take: then holds every document of
// BASE's tree that the owner selects. With --owner O, a document that O
// does not own is selected for O's key results only (as okr score
// narrows its rows), so its goalposts are those of O's key results.
func moved(in Input, now, then *score.Report, opts Options, l links) ([]Moved, error) {
	period := opts.Period
	theirs := map[string]bool{} // with --owner, the key results selected, now or then
	for _, r := range []*score.Report{now, then} {
		if opts.Owner == "" {
			break
		}
		for _, o := range r.Owners {
			for _, ob := range o.Objectives {
				for _, kr := range ob.KeyResults {
					theirs[docKey(kr.Ref, o.Period)] = true
				}
			}
		}
	}
	d := change.Compare(in.Then, in.Now, change.Options{Date: in.AsOf})
	selected, present := map[string]bool{}, map[string]bool{}
	for _, o := range now.Owners {
		selected[docKey(o.Owner, o.Period)] = true
		present[docKey(o.Owner, o.Period)] = true
	}
	asOf := in.AsOf.String()
	for _, o := range then.Owners {
		switch period {
		case "":
			if asOf < o.Start || asOf > o.End {
				continue
			}
		case score.AllPeriods:
		default:
			if o.Period != period {
				continue
			}
		}
		selected[docKey(o.Owner, o.Period)] = true
	}
	var chs []change.Change
	for _, c := range d.Changes {
		owner, _, _ := strings.Cut(c.Ref, "/")
		if !c.Goalpost() || !c.AfterPeriodStart || !selected[docKey(owner, c.Period)] {
			continue
		}
		if opts.Owner != "" && owner != opts.Owner && !theirs[docKey(c.Ref, c.Period)] {
			continue
		}
		chs = append(chs, c)
	}
	out := make([]Moved, len(chs))
	var authors []*string
	if in.Authors != nil && len(chs) > 0 {
		var err error
		if authors, err = in.Authors(chs); err != nil {
			return nil, err
		}
	}
	for i, c := range chs {
		out[i] = Moved{Change: c}
		if owner, _, _ := strings.Cut(c.Ref, "/"); present[docKey(owner, c.Period)] {
			out[i].URL = l.ref(c.Ref, c.Period) // a removed document has no page
		}
		if i < len(authors) {
			out[i].Author = authors[i]
		}
	}
	return out, nil
}
