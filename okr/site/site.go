package site

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/okr-as-code/okr/okr/load"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/render"
	"github.com/okr-as-code/okr/okr/report"
	"github.com/okr-as-code/okr/okr/score"
	"github.com/okr-as-code/okr/okr/scorelog"
	"github.com/okr-as-code/okr/okr/tree"
	"github.com/okr-as-code/okr/schema"
)

// Input is what a site is built from.
type Input struct {
	// Index indexes the repository that Report scored.
	Index *score.Index
	// Report holds the selected documents' scores, the KPIs, and the
	// goalposts moved after their period began (report.Build).
	Report *report.Report
	// Log is the score history of the revision the work tree is on; nil
	// outside a git repository.
	Log *scorelog.Log
	// Due lists the check-ins due (score.Index.Due); nil for none.
	Due *score.DueReport
	// Wait, when not nil, returns the Log and fills in the history of
	// Report (its Changes and History: report.Report.StartHistory), which
	// are read while what needs no history is rendered: the KPIs, the
	// alignment tree, the check-ins due and the top of each owner's page. Build calls it once,
	// before it renders the others, and sets Log to what it returns; the
	// site has a history (a History page) whatever that is.
	Wait func() (*scorelog.Log, error)
}

// Marker is the name of the file that marks a directory as a site okr
// wrote: okr replaces such a directory and never reads it as OKR input
// (the loader's one definition of it).
const Marker = load.SiteMarker

// Build renders every page of the site and passes each file to emit (from
// several goroutines at once: it must be safe for concurrent use), by
// name relative to the site's directory ("index.html", "kpis.html", …):
// the overview, a page per selected Objectives document, the KPIs (a page
// each), the alignment tree, the history (with Log), okr.schema.json and
// the marker file. The same input gives the same files, byte for byte.
//
// Build sets in.Log to nil once it has read the scores it needs from it,
// so that the log (gigabytes at the scale of SPEC §4) can be collected
// while the pages are rendered.
func Build(in *Input, emit func(name string, data []byte) error) error {
	s, err := newSite(in)
	if err != nil {
		return err
	}
	// First the pages that need no history, then, once in.Wait has read
	// it, the others (the overview, the owners' pages and the history).
	early := []job{{"kpis.html", "kpis", func() any { return s.kpisPage() }}}
	for i := range s.kpis {
		k := &s.kpis[i]
		early = append(early, job{k.Page, "kpi", func() any { return s.kpiPage(k) }})
	}
	early = append(early, job{"alignment.html", "alignment", func() any { return s.alignmentPage() }})
	early = append(early, job{"due.html", "due", func() any { return s.duePage() }})
	if in.Wait == nil {
		jobs := append(early, job{"index.html", "overview", func() any { return s.overview() }})
		for i := range s.owners {
			o := &s.owners[i]
			jobs = append(jobs, job{o.Page, "owner", func() any { return s.ownerPage(o) }})
		}
		if s.git {
			jobs = append(jobs, job{"history.html", "history", func() any { return s.historyPage() }})
		}
		if err := renderPages(jobs, emit); err != nil {
			return err
		}
	} else if err := s.buildWaiting(in, early, emit); err != nil {
		return err
	}
	if err := emit("okr.schema.json", schema.JSON); err != nil {
		return err
	}
	return emit(Marker, markerText)
}

// buildWaiting renders the site while in.Wait reads its history: first,
// meanwhile, the pages that need no history (early), written as they are
// rendered, and the top of each owner's page (its objectives and charts,
// the most of it), held in memory; then, with the history, the overview,
// the history page and the rest of each owner's page (its score history
// and moved goalposts). An error reading the history is returned once the
// early pages are written (Dir.Write then leaves the site's directory as
// it was).
func (s *site) buildWaiting(in *Input, early []job, emit func(name string, data []byte) error) error {
	tops := make([]ownerPageData, len(s.owners))
	owner := make(map[string]int, len(s.owners)) // page → owner
	for i := range s.owners {
		o := &s.owners[i]
		owner[o.Page] = i
		early = append(early, job{o.Page, "owner-top", func() any {
			tops[i] = s.ownerTop(o)
			return &tops[i]
		}})
	}
	held := map[string][]byte{} // the owner pages' tops
	done := make(chan error, 1)
	// One worker (so held needs no lock): the history is the longest to
	// read, and needs the rest of the machine.
	go func() {
		done <- renderWith(1, early, func(name string, data []byte) error {
			i, ok := owner[name]
			if !ok {
				return emit(name, data)
			}
			held[name] = bytes.Clone(data)
			tops[i].Objectives = nil // drawn: the tail needs none of it
			return nil
		})
	}()
	var err error
	in.Log, err = in.Wait()
	if rerr := <-done; err == nil {
		err = rerr
	}
	if err != nil {
		return err
	}
	s.readHistory(in)
	late := []job{{"index.html", "overview", func() any { return s.overview() }}}
	for i := range s.owners {
		o := &s.owners[i]
		late = append(late, job{o.Page, "owner-tail", func() any {
			s.ownerTail(&tops[i], o)
			p := tops[i]
			tops[i] = ownerPageData{}
			return p
		}})
	}
	late = append(late, job{"history.html", "history", func() any { return s.historyPage() }})
	return renderPages(late, func(name string, data []byte) error {
		if _, ok := owner[name]; ok {
			data = append(held[name], data...)
		}
		return emit(name, data)
	})
}

// A job is a page to render: its file, its template and its data.
type job struct {
	name, tmpl string
	data       func() any
}

// renderPages renders the pages of jobs with as many workers as there are
// CPUs, each with its own buffer, and passes each to emit, which must be
// safe for concurrent use. Which page is written first changes no byte of
// any page. It returns the first error.
func renderPages(jobs []job, emit func(name string, data []byte) error) error {
	return renderWith(runtime.GOMAXPROCS(0), jobs, emit)
}

// renderWith is renderPages with at most workers workers.
func renderWith(workers int, jobs []job, emit func(name string, data []byte) error) error {
	var (
		next     atomic.Int64
		errOnce  sync.Once
		firstErr error
		wg       sync.WaitGroup
	)
	fail := func(err error) {
		errOnce.Do(func() { firstErr = err })
		next.Store(int64(len(jobs))) // stop the others
	}
	for range max(1, min(workers, len(jobs))) {
		wg.Go(func() {
			var buf bytes.Buffer
			for {
				i := next.Add(1) - 1
				if i >= int64(len(jobs)) {
					return
				}
				j := jobs[i]
				buf.Reset()
				if err := pages.ExecuteTemplate(&buf, j.tmpl, j.data()); err != nil {
					fail(fmt.Errorf("%s: %w", j.name, err))
					return
				}
				if err := emit(j.name, buf.Bytes()); err != nil {
					fail(err)
					return
				}
			}
		})
	}
	wg.Wait()
	return firstErr
}

// site is the state shared by the pages.
type site struct {
	in        Input
	repo      *model.Repo
	asOf      model.Date
	org       string
	owners    []ownerView
	byKey     map[string]*ownerView // "<period>/<owner>"
	kpis      []kpiView
	git       bool                   // the site has a history
	truncated bool                   // the history is shallow
	commits   int                    // how many commits the log lists
	series    map[string][]histPoint // "<period>/<owner>" → its score per commit
	tree      *tree.Tree

	objLink  map[string]string // nodeKey → page#anchor
	krLink   map[string]string // nodeKey of a key result ref → page#anchor
	due      []dueView
	people   model.People      // who the owner ids are, for their names
	parent   map[string]link   // nodeKey → the objective it aligns to
	children map[string][]link // nodeKey → the objectives that align to it, by ref
}

// ownerView is one Objectives document and its page.
type ownerView struct {
	*score.Owner
	Doc   *model.Objectives
	Page  string // file name of its page
	Key   string // "<period>/<owner>"
	first model.Date
	last  model.Date
	Spark *sparkline
}

// kpiView is one KPI and its page.
type kpiView struct {
	*score.KPIHealth
	KPI  *model.KPI
	Page string
}

func newSite(in *Input) (*site, error) {
	asOf, err := model.ParseDate(in.Report.AsOf)
	if err != nil {
		return nil, err
	}
	repo := in.Index.Repo()
	clean(in.Report)
	s := &site{in: *in, repo: repo, asOf: asOf, org: repo.Config.Organization, git: in.Log != nil || in.Wait != nil,
		byKey: map[string]*ownerView{}, people: model.PeopleOf(repo)}
	// Each score.Owner is the document of that file, owner and period;
	// documents that share all three (a validation error) are taken in
	// order.
	docs := map[string][]*model.Objectives{}
	for _, d := range repo.Objectives {
		k := d.Pos.File + "\x00" + d.Owner + "\x00" + d.Period.String()
		docs[k] = append(docs[k], d)
	}
	names := map[string]bool{}
	sr := in.Report.Scores
	s.owners = make([]ownerView, len(sr.Owners))
	for i := range sr.Owners {
		o := &sr.Owners[i]
		k := o.File + "\x00" + o.Owner + "\x00" + o.Period
		d := docs[k][0]
		docs[k] = docs[k][1:]
		first, last := d.Period.Range(repo.Config.FiscalYearStartMonth)
		s.owners[i] = ownerView{Owner: o, Doc: d, Key: o.Period + "/" + o.Owner,
			Page: unique(names, "owner-"+fileSafe(o.Owner)+"-"+fileSafe(o.Period)), first: first, last: last}
		if _, dup := s.byKey[s.owners[i].Key]; !dup {
			s.byKey[s.owners[i].Key] = &s.owners[i]
		}
	}
	kr := in.Report.KPIs
	kpiDefs := map[string]*model.KPI{}
	for _, k := range repo.KPIs {
		if _, ok := kpiDefs[k.ID]; !ok {
			kpiDefs[k.ID] = k
		}
	}
	s.kpis = make([]kpiView, len(kr.KPIs))
	for i := range kr.KPIs {
		k := &kr.KPIs[i]
		s.kpis[i] = kpiView{KPIHealth: k, KPI: kpiDefs[k.ID], Page: unique(names, "kpi-"+fileSafe(k.ID))}
	}
	s.tree = tree.Build(sr)
	s.indexTree()
	s.due = s.dueViews()
	if in.Wait == nil {
		s.readHistory(in)
	}
	return s, nil
}

// readHistory reads the scores the pages draw from in.Log, which it then
// lets go, and takes the goal changes from in.Report.
func (s *site) readHistory(in *Input) {
	cleanChanges(in.Report.Changes)
	if l := in.Log; l != nil {
		s.series = ownerSeries(l, s.owners, s.asOf)
		s.truncated, s.commits = l.Truncated, len(l.Commits)
		in.Log, s.in.Log = nil, nil
		for i := range s.owners {
			o := &s.owners[i]
			pts := s.series[o.Key]
			if len(pts) == 0 {
				continue
			}
			sp := &sparkline{Days: int(o.last - o.first)}
			for _, p := range pts {
				sp.Points = append(sp.Points, point{Day: dayOffset(p.Day, o.first), Value: p.Score})
			}
			sp.Title = fmt.Sprintf("%s %s: score %s on %s, %s on %s (%d commits that changed it)", o.Owner.Owner, o.Period,
				scoreText(pts[0].Score), pts[0].Day, scoreText(pts[len(pts)-1].Score), pts[len(pts)-1].Day, len(pts))
			o.Spark = sp
		}
	}
}

// fileSafe keeps the characters a file name may safely hold; each other
// byte becomes "_". A leading dot is replaced too, so that no page is a
// hidden file (or the marker).
func fileSafe(s string) string {
	b := []byte(s)
	for i, c := range b {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || (c == '.' && i > 0)
		if !ok {
			b[i] = '_'
		}
	}
	if len(b) > 80 {
		b = b[:80]
	}
	return string(b)
}

// unique returns base + ".html", or base-2.html, base-3.html, … when taken
// (names compared without case, for case-insensitive file systems).
func unique(taken map[string]bool, base string) string {
	name := base + ".html"
	for n := 2; taken[strings.ToLower(name)]; n++ {
		name = base + "-" + strconv.Itoa(n) + ".html"
	}
	taken[strings.ToLower(name)] = true
	return name
}

// scoreText shows a score with two decimals.
func scoreText(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	if s == "-0.00" {
		return "0.00"
	}
	return s
}

// withUnit is a value and its unit: "300 ms", "45%".
func withUnit(v float64, unit string) string {
	n := Label(v)
	switch unit {
	case "":
		return n
	case "%":
		return n + "%"
	}
	return n + " " + unit
}

// levelOrder gives the overview's groups their order.
func levelOrder(l string) int {
	switch l {
	case "company":
		return 0
	case "department":
		return 1
	case "team":
		return 2
	case "individual":
		return 3
	}
	return 4
}

// levelGroup is the owners of one level.
type levelGroup struct {
	Level  string
	Owners []*ownerView
}

func (s *site) groups() []levelGroup {
	var gs []levelGroup
	byLevel := map[string]int{}
	for i := range s.owners {
		o := &s.owners[i]
		g, ok := byLevel[o.Level]
		if !ok {
			g = len(gs)
			byLevel[o.Level] = g
			gs = append(gs, levelGroup{Level: o.Level})
		}
		gs[g].Owners = append(gs[g].Owners, o)
	}
	slices.SortStableFunc(gs, func(a, b levelGroup) int {
		return cmp.Or(cmp.Compare(levelOrder(a.Level), levelOrder(b.Level)), cmp.Compare(a.Level, b.Level))
	})
	return gs
}

// base is what every page's layout shows.
type base struct {
	Title string
	Org   string
	AsOf  string
	Nav   string // the active tab
	CSS   template.CSS
	Git   bool // the history page exists
}

func (s *site) base(title, nav string) base {
	return base{Title: title, Org: s.org, AsOf: s.asOf.String(), Nav: nav, CSS: template.CSS(css), Git: s.git}
}

type overviewPage struct {
	base
	Groups      []levelGroup
	Owners      int
	Due         []dueView // the most overdue, at most overviewDue
	DueAll      int
	AtRisk      []*kpiView
	History     string
	Mean        float64
	Green       int
	Yellow, Red int
}

func (s *site) overview() overviewPage {
	p := overviewPage{base: s.base("Overview", "overview"), Groups: s.groups(), History: s.in.Report.History, Owners: len(s.owners)}
	var sum float64
	for _, o := range s.owners {
		sum += o.Score
		switch o.Grade {
		case score.Green:
			p.Green++
		case score.Yellow:
			p.Yellow++
		default:
			p.Red++
		}
	}
	if len(s.owners) > 0 {
		p.Mean = sum / float64(len(s.owners))
	}
	p.DueAll = len(s.due)
	p.Due = mostOverdue(s.due, overviewDue)
	for i := range s.kpis {
		if k := &s.kpis[i]; k.Health == score.Red || k.Health == score.Yellow {
			p.AtRisk = append(p.AtRisk, k)
		}
	}
	return p
}

// krView is one key result on its owner's page.
type krView struct {
	*score.KeyResult
	Person string // the person who checks in, "" when none
	Anchor string
	// KRAnchor is kr-<objective>.<kr>, the anchor okr digest --link
	// links the key result with (SPEC §5).
	KRAnchor string
	// ForecastText, NeededText and ConfidenceText show the forecast (with
	// its band, score and grade), the needed per week and the confidence;
	// "" without one.
	ForecastText, NeededText, ConfidenceText string
	Chart                                    *chart
	Rows                                     []mRow
}

// mRow is one counted measurement in a key result's table.
type mRow struct {
	At         string
	Value      string
	Current    string
	Confidence string
	Note       string
}

type objView struct {
	*score.Objective
	Anchor   string
	Parent   *link // the objective it aligns to, nil when not on the site
	Children []link
	KRs      []krView
}

type link struct {
	Href, Text string
}

type ownerPageData struct {
	base
	O          *ownerView
	Objectives []objView
	History    []histPoint
	Changes    []report.GoalChange
}

func (s *site) ownerPage(o *ownerView) ownerPageData {
	p := s.ownerTop(o)
	s.ownerTail(&p, o)
	return p
}

// ownerTail fills in the part of an owner's page that draws its history:
// the score of each commit and the moved goalposts.
func (s *site) ownerTail(p *ownerPageData, o *ownerView) {
	p.History = slices.Clone(s.series[o.Key])
	slices.Reverse(p.History) // newest first
	for _, ch := range s.in.Report.Changes {
		if ch.Period == o.Period && (ch.Ref == o.Owner.Owner || strings.HasPrefix(ch.Ref, o.Owner.Owner+"/")) {
			p.Changes = append(p.Changes, ch)
		}
	}
}

// ownerTop is the part of an owner's page that needs no history: its
// objectives and key results, with their charts.
func (s *site) ownerTop(o *ownerView) ownerPageData {
	p := ownerPageData{base: s.base(o.Owner.Owner+" "+o.Period, "owners"), O: o}
	end := min(s.asOf, o.last)
	days := int(o.last - o.first)
	for j := range o.Objectives {
		ob := &o.Objectives[j]
		mo := o.Doc.Objectives[j]
		committed := mo.Type == model.Committed
		k := nodeKey(o.Period, o.Owner.Owner, ob.Ref)
		ov := objView{Objective: ob, Anchor: "o" + strconv.Itoa(j+1), Children: s.children[k]}
		if p, ok := s.parent[k]; ok {
			ov.Parent = &p
		}
		for k := range ob.KeyResults {
			kr := &ob.KeyResults[k]
			mk := mo.KeyResults[k]
			kv := krView{KeyResult: kr, Anchor: ov.Anchor + "k" + strconv.Itoa(k+1),
				KRAnchor: KeyResultAnchor(mo.ID, mk.ID)}
			if mk.Owner != "" {
				kv.Person = render.Text(render.PersonLabel(s.people.Name(mk.Owner), mk.Owner))
			}
			ms := s.in.Index.Series(mk.Metric(), o.first, end)
			c := &chart{ID: kv.Anchor, Days: days, AsOf: math.NaN(), Line: true,
				FirstLabel: o.first.String(), LastLabel: o.last.String()}
			if s.asOf >= o.first && s.asOf <= o.last {
				c.AsOf = dayOffset(s.asOf, o.first)
			}
			agg := newRunning(kr.Aggregate)
			for _, m := range ms {
				cur := agg.add(m.Value)
				conf := -1
				if m.HasConfidence {
					conf = int(m.Confidence)
				}
				c.Marks = append(c.Marks, mark{point: point{Day: dayOffset(m.Day, o.first), Value: m.Value}, Current: cur, Confidence: conf})
				row := mRow{At: render.Text(m.AtString()), Value: withUnit(m.Value, kr.Unit), Current: withUnit(cur, kr.Unit), Note: render.Text(m.Note)}
				if m.HasConfidence {
					row.Confidence = strconv.Itoa(conf) + " " + model.ConfidenceWord(conf)
				}
				kv.Rows = append(kv.Rows, row)
			}
			if kr.Type == model.Metric || kr.Type == "" {
				for _, l := range []struct {
					name, class string
					n           model.Num
				}{{"baseline", "c-baseline", mk.Baseline}, {"commit", "c-commit", mk.Commit}, {"target", "c-target", mk.Target}, {"stretch", "c-stretch", mk.Stretch}} {
					if l.n.Set {
						c.Levels = append(c.Levels, level{l.name, l.n.V, l.class})
					}
				}
				c.Pace = paceLine(mk, committed, days+1)
			} else if mk.Target.Set && kr.Type != model.Milestone {
				c.Levels = append(c.Levels, level{"target", mk.Target.V, "c-target"})
			} else if kr.Type == model.Milestone {
				c.Levels = append(c.Levels, level{"done", 1, "c-target"})
			}
			c.Forecast = forecastOf(kr)
			if f := kr.Forecast; f != nil {
				kv.ForecastText = withUnit(f.Value, kr.Unit)
				if f.Low != nil && f.High != nil {
					kv.ForecastText += " (" + withUnit(*f.Low, kr.Unit) + " to " + withUnit(*f.High, kr.Unit) + ")"
				}
				kv.ForecastText += ", score " + scoreText(f.Score) + " " + f.Grade
			}
			if n := kr.NeededPerWeek; n != nil {
				kv.NeededText = withUnit(*n, kr.Unit)
			}
			if c := kr.Confidence; c != nil {
				kv.ConfidenceText = strconv.Itoa(*c) + " " + model.ConfidenceWord(*c)
				if kr.ConfidenceAt != nil {
					kv.ConfidenceText += " on " + render.Text(*kr.ConfidenceAt)
				}
			}
			c.Title = kr.Title
			c.Desc = s.krDesc(kr, c, o)
			kv.Chart = c
			ov.KRs = append(ov.KRs, kv)
		}
		p.Objectives = append(p.Objectives, ov)
	}
	return p
}

// krDesc is the text alternative of a key result's chart.
func (s *site) krDesc(kr *score.KeyResult, c *chart, o *ownerView) string {
	var b strings.Builder
	switch n := len(c.Marks); n {
	case 0:
		fmt.Fprintf(&b, "No counted measurement from %s to %s.", o.first, min(s.asOf, o.last))
	default:
		m0, m1 := c.Marks[0], c.Marks[n-1]
		fmt.Fprintf(&b, "%d counted measurement(s) from %s (%s) to %s (%s); current %s.", n,
			o.first+model.Date(m0.Day), withUnit(m0.Value, kr.Unit), o.first+model.Date(m1.Day), withUnit(m1.Value, kr.Unit), withUnit(m1.Current, kr.Unit))
	}
	for _, l := range c.Levels {
		fmt.Fprintf(&b, " %s %s.", strings.ToUpper(l.Name[:1])+l.Name[1:], withUnit(l.Value, kr.Unit))
	}
	if len(c.Pace) > 1 && !math.IsNaN(c.AsOf) {
		fmt.Fprintf(&b, " Pace as of %s: %s.", s.asOf, withUnit(paceAt(c.Pace, c.AsOf), kr.Unit))
	}
	if f := c.Forecast; f != nil {
		fmt.Fprintf(&b, " Forecast on %s: %s", o.last, withUnit(f.Value, kr.Unit))
		if !math.IsNaN(f.Low) {
			fmt.Fprintf(&b, " (%s to %s)", withUnit(f.Low, kr.Unit), withUnit(f.High, kr.Unit))
		}
		b.WriteString(".")
	}
	fmt.Fprintf(&b, " Score %s, %s, %s.", scoreText(kr.Score), kr.Grade, kr.Status)
	return b.String()
}

// paceAt is the pace line's value on day d.
func paceAt(line []point, d float64) float64 {
	if d <= line[0].Day {
		return line[0].Value
	}
	for i := 1; i < len(line); i++ {
		p, q := line[i-1], line[i]
		if d <= q.Day {
			return p.Value + (d-p.Day)/(q.Day-p.Day)*(q.Value-p.Value)
		}
	}
	return line[len(line)-1].Value
}

// running is a key result's aggregate, as of each measurement in turn.
type running struct {
	kind string
	n    int
	v    float64
}

func newRunning(kind string) *running { return &running{kind: kind} }

func (r *running) add(x float64) float64 {
	r.n++
	switch {
	case r.kind == model.Sum:
		r.v += x
	case r.kind == model.Max && r.n > 1:
		r.v = math.Max(r.v, x)
	case r.kind == model.Min && r.n > 1:
		r.v = math.Min(r.v, x)
	case r.kind == model.Mean:
		r.v += (x - r.v) / float64(r.n)
	default:
		r.v = x
	}
	return r.v
}

// nodeKey names an objective of the site: its document and ref.
func nodeKey(period, owner, ref string) string { return period + "/" + owner + "\x00" + ref }

// indexTree records, for each objective of the tree, its link and its
// parent's and children's links.
func (s *site) indexTree() {
	s.objLink = map[string]string{}
	s.krLink = map[string]string{}
	s.parent = map[string]link{}
	s.children = map[string][]link{}
	for i := range s.owners {
		o := &s.owners[i]
		for j := range o.Objectives {
			k := nodeKey(o.Period, o.Owner.Owner, o.Objectives[j].Ref)
			if _, dup := s.objLink[k]; !dup {
				s.objLink[k] = o.Page + "#o" + strconv.Itoa(j+1)
			}
			for kk, kr := range o.Objectives[j].KeyResults {
				s.krLink[nodeKey(o.Period, o.Owner.Owner, kr.Ref)] = o.Page + "#o" + strconv.Itoa(j+1) + "k" + strconv.Itoa(kk+1)
			}
		}
	}
	s.tree.Walk(func(n *tree.Node, depth int) {
		k := nodeKey(n.Period, n.Owner, n.Ref)
		for _, c := range n.Children {
			ck := nodeKey(c.Period, c.Owner, c.Ref)
			s.parent[ck] = link{s.objLink[k], n.Ref + " (" + n.Period + ")"}
			s.children[k] = append(s.children[k], link{s.objLink[ck], c.Ref + " (" + c.Period + ")"})
		}
	})
}

// KeyResultAnchor is the anchor of a key result's section on its owner's
// page: kr-<objective>.<kr> (SPEC §5; objective and key result ids hold no
// '.', so no two collide).
func KeyResultAnchor(objective, kr string) string {
	return "kr-" + objective + "." + kr
}
