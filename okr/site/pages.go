package site

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/render"
	"github.com/okr-as-code/okr/okr/report"
	"github.com/okr-as-code/okr/okr/score"
	"github.com/okr-as-code/okr/okr/tree"
)

type kpisPageData struct {
	base
	KPIs []kpiView
}

func (s *site) kpisPage() kpisPageData {
	return kpisPageData{base: s.base("KPIs", "kpis"), KPIs: s.kpis}
}

type kpiPageData struct {
	base
	Category, Description string
	K                     *kpiView
	Chart                 *chart
	Rows                  []mRow
	From                  string
}

// kpiWindow is the days a KPI's chart spans: the period of the report
// (the quarter containing as-of unless --period chose another).
func (s *site) kpiWindow() (first, last model.Date) {
	first, err1 := model.ParseDate(s.in.Report.Start)
	last, err2 := model.ParseDate(s.in.Report.End)
	if err1 != nil || err2 != nil {
		return s.asOf - 91, s.asOf
	}
	return first, last
}

func (s *site) kpiPage(k *kpiView) kpiPageData {
	first, last := s.kpiWindow()
	p := kpiPageData{base: s.base(k.ID, "kpis"), K: k, From: first.String()}
	if k.KPI != nil {
		p.Category, p.Description = render.Text(k.KPI.Category), render.Text(k.KPI.Description)
	}
	c := &chart{ID: "kpi", Days: int(last - first), AsOf: math.NaN(), Line: true,
		FirstLabel: first.String(), LastLabel: last.String()}
	if s.asOf >= first && s.asOf <= last {
		c.AsOf = dayOffset(s.asOf, first)
	}
	for _, m := range s.in.Index.Series(k.ID, first, min(last, s.asOf)) {
		conf := -1
		row := mRow{At: render.Text(m.AtString()), Value: withUnit(m.Value, k.Unit), Note: render.Text(m.Note)}
		if m.HasConfidence {
			conf = int(m.Confidence)
			row.Confidence = strconv.Itoa(conf) + " " + model.ConfidenceWord(conf)
		}
		c.Marks = append(c.Marks, mark{point: point{Day: dayOffset(m.Day, first), Value: m.Value}, Current: m.Value, Confidence: conf})
		p.Rows = append(p.Rows, row)
	}
	c.Bands = kpiBands(k.KPIHealth)
	if k.Target != nil {
		c.Levels = append(c.Levels, level{"target", *k.Target, "c-target"})
	}
	if k.Warn != nil {
		c.Levels = append(c.Levels, level{"warn", *k.Warn, "c-warn"})
	}
	c.Title = k.Name
	desc := fmt.Sprintf("%s from %s to %s: ", k.Name, first, min(last, s.asOf))
	if n := len(c.Marks); n == 0 {
		desc += "no measurement."
	} else {
		desc += fmt.Sprintf("%d measurement(s), from %s to %s.", n, withUnit(c.Marks[0].Value, k.Unit), withUnit(c.Marks[n-1].Value, k.Unit))
	}
	if k.Target != nil {
		desc += " Target " + withUnit(*k.Target, k.Unit) + "."
	}
	if k.Warn != nil {
		desc += " Warn " + withUnit(*k.Warn, k.Unit) + "."
	}
	desc += " Health " + k.Health + "."
	c.Desc = desc
	p.Chart = c
	return p
}

// kpiBands are a KPI's health bands: green where it meets its target,
// yellow where it meets warn, red beyond.
func kpiBands(k *score.KPIHealth) []band {
	if k.Target == nil {
		return nil
	}
	inf := math.Inf(1)
	t := *k.Target
	if k.Direction == "decrease" {
		bs := []band{{-inf, t, "c-good"}}
		if k.Warn != nil && *k.Warn > t {
			return append(bs, band{t, *k.Warn, "c-warnband"}, band{*k.Warn, inf, "c-bad"})
		}
		return append(bs, band{t, inf, "c-bad"})
	}
	bs := []band{{t, inf, "c-good"}}
	if k.Warn != nil && *k.Warn < t {
		return append(bs, band{*k.Warn, t, "c-warnband"}, band{-inf, *k.Warn, "c-bad"})
	}
	return append(bs, band{-inf, t, "c-bad"})
}

// treeItem is one objective of the alignment page, nested.
type treeItem struct {
	*tree.Node
	Href     string
	Children []treeItem
}

type alignmentPageData struct {
	base
	Roots       []treeItem
	Unsupported []link
}

func (s *site) alignmentPage() alignmentPageData {
	p := alignmentPageData{base: s.base("Alignment", "alignment")}
	var conv func(n *tree.Node) treeItem
	conv = func(n *tree.Node) treeItem {
		it := treeItem{Node: n, Href: s.objLink[nodeKey(n.Period, n.Owner, n.Ref)]}
		for _, c := range n.Children {
			it.Children = append(it.Children, conv(c))
		}
		return it
	}
	for _, r := range s.tree.Roots {
		p.Roots = append(p.Roots, conv(r))
	}
	unsup := map[string]bool{}
	for _, ref := range s.tree.Unsupported {
		unsup[ref] = true
	}
	s.tree.Walk(func(n *tree.Node, depth int) {
		if unsup[n.Ref] && len(n.Children) == 0 && (n.Level == "company" || n.Level == "department") {
			p.Unsupported = append(p.Unsupported, link{s.objLink[nodeKey(n.Period, n.Owner, n.Ref)], n.Ref + " (" + n.Period + ")"})
		}
	})
	return p
}

type historyRow struct {
	O      *ownerView
	First  *histPoint
	Last   *histPoint
	Change string
	N      int
}

type historyGroup struct {
	Level string
	Rows  []historyRow
}

type historyPageData struct {
	base
	Groups    []historyGroup
	Changes   []report.GoalChange
	Truncated bool
	Commits   int
}

func (s *site) historyPage() historyPageData {
	p := historyPageData{base: s.base("History", "history"), Changes: s.in.Report.Changes,
		Truncated: s.truncated, Commits: s.commits}
	for _, g := range s.groups() {
		hg := historyGroup{Level: g.Level}
		for _, o := range g.Owners {
			pts := s.series[o.Key]
			r := historyRow{O: o, N: len(pts)}
			if len(pts) > 0 {
				r.First, r.Last = &pts[0], &pts[len(pts)-1]
				d, _ := strconv.ParseFloat(scoreText(r.Last.Score), 64)
				d0, _ := strconv.ParseFloat(scoreText(r.First.Score), 64)
				r.Change = strconv.FormatFloat(d-d0, 'f', 2, 64)
				if d-d0 >= 0 {
					r.Change = "+" + r.Change
				}
				if r.Change == "-0.00" || r.Change == "+-0.00" {
					r.Change = "+0.00"
				}
			}
			hg.Rows = append(hg.Rows, r)
		}
		p.Groups = append(p.Groups, hg)
	}
	return p
}

// overviewDue is how many check-ins due the overview lists (the most
// overdue); due.html lists them all.
const overviewDue = 20

// dueView is one check-in due, with the link to what is due.
type dueView struct {
	score.DueItem
	Href   string
	Person string // the person's name from People, with their id (render.PersonLabel)
}

func (s *site) dueViews() []dueView {
	if s.in.Due == nil {
		return nil
	}
	out := make([]dueView, len(s.in.Due.Due))
	for i, d := range s.in.Due.Due {
		d.Ref, d.Title, d.Owner, d.DocumentOwner, d.Period, d.File, d.Cadence, d.Kind =
			render.Text(d.Ref), render.Text(d.Title), render.Text(d.Owner), render.Text(d.DocumentOwner),
			render.Text(d.Period), render.Text(d.File), render.Text(d.Cadence), render.Text(d.Kind)
		if d.LastAt != nil {
			l := render.Text(*d.LastAt)
			d.LastAt = &l
		}
		v := dueView{DueItem: d, Person: render.Text(render.PersonLabel(d.Name, s.in.Due.Due[i].Owner))}
		if d.Kind == "kpi" {
			for j := range s.kpis {
				if s.kpis[j].ID == d.Ref {
					v.Href = s.kpis[j].Page
					break
				}
			}
		} else {
			v.Href = s.krLink[nodeKey(d.Period, d.DocumentOwner, d.Ref)]
		}
		out[i] = v
	}
	return out
}

// mostOverdue returns the n most overdue check-ins (ties: in the due
// order, by person, then ref).
func mostOverdue(due []dueView, n int) []dueView {
	out := slices.Clone(due)
	slices.SortStableFunc(out, func(a, b dueView) int { return cmp.Compare(b.OverdueDays, a.OverdueDays) })
	if len(out) > n {
		out = out[:n]
	}
	return out
}

type duePageData struct {
	base
	Due []dueView
}

func (s *site) duePage() duePageData {
	return duePageData{base: s.base("Check-ins due", "due"), Due: s.due}
}
