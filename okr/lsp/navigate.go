package lsp

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/render"
	"github.com/okr-as-code/okr/okr/score"
)

// target is what a position names: a key result, an objective, a KPI or
// an owner or person, written there or referred to.
type target struct {
	kpi     *model.KPI
	kpiID   string             // a KPI id named, known or not
	krs     []*model.KeyResult // the key results named (one a period for a ref)
	objs    []*model.Objective // the objectives named
	owner   string             // an owner or person id
	person  *model.Person      // the People entry the position is in, for its id or name
	metric  string             // the metric named (a KPI id or a key result ref)
	defined bool               // the position is the entity's own id or title
	rng     Range              // the token
}

// docPath returns the path from the root of a document's URI.
func (s *Server) docPath(uri string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.relPath(uri)
}

// positioned is the parameters of a request at a position of a document
// (hover, definition, references, completion).
type positioned interface {
	position() textDocumentPositionParams
}

func (p *textDocumentPositionParams) position() textDocumentPositionParams { return *p }

// cursorOf decodes a request's parameters into p and returns the cursor at
// its position: nil, and no error, when there is none (cursorAt); an
// InvalidParams error when the parameters do not decode.
func (s *Server) cursorOf(st *state, params json.RawMessage, p positioned) (*cursor, error) {
	if err := unmarshal(params, p); err != nil {
		return nil, errorf(codeInvalidParams, "%v", err)
	}
	at := p.position()
	return s.cursorAt(st, at.TextDocument.URI, at.Position), nil
}

// cursorAt returns the cursor at a position of a document, nil when the
// document is not under the root or cannot be read.
func (s *Server) cursorAt(st *state, uri string, p Position) *cursor {
	f, ok := s.docPath(uri)
	if !ok {
		return nil
	}
	t := st.text(f)
	if t == nil || p.Line < 0 || p.Line >= t.lines() {
		return nil
	}
	return newCursor(f, t, p, st.enc)
}

// targetAt returns what the cursor names, nil when nothing.
func (st *state) targetAt(c *cursor) *target {
	if c.csv {
		if c.line == 0 || c.cell != 0 || len(c.cells) == 0 || c.cells[0] == "" {
			return nil
		}
		a, b := c.cellSpan(0)
		at := ""
		if len(c.cells) > 1 {
			at = c.cells[1]
		}
		return st.metricTarget(c.cells[0], at, c.span(a, b, st.enc))
	}
	vr := c.span(c.valueStart, c.valueEnd, st.enc)
	if v := st.entityAt(c.file, c.line+1, c.key); v != nil && (c.key == "id" || c.key == "title" || c.key == "name") {
		t := &target{defined: true, rng: vr}
		switch v := v.(type) {
		case *model.KeyResult:
			t.krs = []*model.KeyResult{v}
		case *model.Objective:
			t.objs = []*model.Objective{v}
		case *model.KPI:
			t.kpi, t.kpiID = v, v.ID
		case *model.Person:
			if v.ID == "" {
				return nil
			}
			t.owner, t.person = v.ID, v
		}
		return t
	}
	if c.value == "" {
		return nil
	}
	if c.key == "team" {
		// A People entry's team: an owner id.
		if _, ok := st.entityAt(c.file, c.line+1, c.key).(*model.Person); ok {
			return &target{owner: c.value, rng: vr}
		}
		return nil
	}
	x := st.index()
	switch c.key {
	case "kpi":
		return &target{kpi: x.kpis[c.value], kpiID: c.value, metric: c.value, rng: vr}
	case "metric":
		return st.metricTarget(c.value, "", vr)
	case "aligns_to":
		return &target{objs: st.alignTargets(c), rng: vr}
	case "owner":
		return &target{owner: c.value, rng: vr}
	}
	return nil
}

// metricTarget is the target of a metric named by a measurement: a KPI,
// or the key results of that ref (the one whose period holds at, when at
// is a date that one holds).
func (st *state) metricTarget(metric, at string, rng Range) *target {
	x := st.index()
	t := &target{metric: metric, rng: rng}
	if k, ok := x.kpis[metric]; ok {
		t.kpi, t.kpiID = k, metric
		return t
	}
	t.krs = x.keyResults[metric]
	if _, day, err := model.ParseAt(at); err == nil && len(t.krs) > 1 {
		fy := st.repo().Config.FiscalYearStartMonth
		for _, kr := range t.krs {
			first, last := kr.Parent.Parent.Period.Range(fy)
			if !kr.Parent.Parent.Period.IsZero() && day >= first && day <= last {
				t.krs = []*model.KeyResult{kr}
				break
			}
		}
	}
	if len(t.krs) == 0 && strings.Count(metric, "/") != 2 {
		t.kpiID = metric // an unknown KPI id
	}
	return t
}

// alignTargets returns the objectives an aligns_to names: of those with
// its ref, the ones whose period contains the document's when there are.
func (st *state) alignTargets(c *cursor) []*model.Objective {
	objs := st.index().objectives[c.value]
	doc := st.docAt(c.file, c.line+1)
	if doc == nil || doc.Period.IsZero() {
		return objs
	}
	var in []*model.Objective
	for _, o := range objs {
		if p := o.Parent.Period; !p.IsZero() && p.Contains(doc.Period, st.repo().Config.FiscalYearStartMonth) {
			in = append(in, o)
		}
	}
	if len(in) > 0 {
		return in
	}
	return objs
}

// docAt returns the Objectives document of file f that holds line (1-based).
func (st *state) docAt(f string, line int) *model.Objectives {
	var at *model.Objectives
	for _, d := range st.repo().Objectives {
		if d.Pos.File == f && d.Pos.Line <= line && (at == nil || d.Pos.Line > at.Pos.Line) {
			at = d
		}
	}
	return at
}

func (s *Server) hover(st *state, params json.RawMessage) (any, error) {
	var p textDocumentPositionParams
	c, err := s.cursorOf(st, params, &p)
	if c == nil {
		return nil, err
	}
	t := st.targetAt(c)
	if t == nil {
		return nil, nil
	}
	var b strings.Builder
	switch {
	case len(t.krs) > 0:
		for i, kr := range t.krs {
			if i > 0 {
				b.WriteString("\n\n---\n\n")
			}
			st.hoverKeyResult(&b, kr)
		}
	case len(t.objs) > 0:
		for i, o := range t.objs {
			if i > 0 {
				b.WriteString("\n\n---\n\n")
			}
			st.hoverObjective(&b, o)
		}
	case t.kpiID != "":
		st.hoverKPI(&b, t.kpiID)
	case t.owner != "":
		st.hoverOwner(&b, t.owner, t.person)
	default:
		return nil, nil
	}
	fmt.Fprintf(&b, "\n\n*as of %s*", st.asOf)
	rng := t.rng
	return Hover{Contents: markupContent{Kind: "markdown", Value: b.String()}, Range: &rng}, nil
}

// num writes a number as okr displays a value copied from a file.
func num(v *float64, unit string) string {
	if v == nil {
		return "none"
	}
	s := render.Num(*v)
	if unit != "" {
		s += " " + render.Markdown(unit)
	}
	return s
}

// scoreOf returns the score of an objective, with its key results', nil
// when its document is not scored (its period is not valid).
func (st *state) scoreOf(o *model.Objective) *score.Objective {
	ow := st.scoreDoc(o.Parent)
	if ow == nil {
		return nil
	}
	for j := range ow.Objectives {
		if ow.Objectives[j].ID == o.ID {
			return &ow.Objectives[j]
		}
	}
	return nil
}

func (st *state) hoverKeyResult(b *strings.Builder, kr *model.KeyResult) {
	fmt.Fprintf(b, "**key result** %s  \n%s", render.MarkdownCode(kr.Ref), render.Markdown(kr.Title))
	so := st.scoreOf(kr.Parent)
	var k *score.KeyResult
	if so != nil {
		for i := range so.KeyResults {
			if so.KeyResults[i].ID == kr.ID {
				k = &so.KeyResults[i]
			}
		}
	}
	if k == nil {
		fmt.Fprintf(b, "\n\nnot scored: its document's period %s is not valid", render.MarkdownCode(kr.Parent.Parent.PeriodText))
		return
	}
	fmt.Fprintf(b, "\n\nscore **%.2f** · %s · %s", k.Score, k.Grade, k.Status)
	if k.NoData {
		b.WriteString(" · no data")
	}
	fmt.Fprintf(b, "  \ncurrent %s", num(k.Current, k.Unit))
	if k.Target != nil {
		fmt.Fprintf(b, " · target %s", num(k.Target, k.Unit))
	}
	if k.Baseline != nil {
		fmt.Fprintf(b, " · baseline %s", num(k.Baseline, k.Unit))
	}
	if f := k.Forecast; f != nil {
		fmt.Fprintf(b, "  \nforecast %s", render.Display(f.Value))
		if k.Unit != "" {
			b.WriteString(" " + render.Markdown(k.Unit))
		}
		if f.Low != nil && f.High != nil {
			fmt.Fprintf(b, " (%s–%s)", render.Display(*f.Low), render.Display(*f.High))
		}
		fmt.Fprintf(b, ", score %.2f %s", f.Score, f.Grade)
	}
	if k.Confidence != nil {
		fmt.Fprintf(b, "  \nconfidence %d %s", *k.Confidence, model.ConfidenceWord(*k.Confidence))
		if k.ConfidenceAt != nil {
			fmt.Fprintf(b, " (%s)", render.Markdown(*k.ConfidenceAt))
		}
	}
	if k.LastAt != nil {
		fmt.Fprintf(b, "  \nlast check-in %s (%d counted)", render.Markdown(*k.LastAt), k.Measurements)
	} else {
		b.WriteString("  \nno check-in yet")
	}
}

func (st *state) hoverObjective(b *strings.Builder, o *model.Objective) {
	fmt.Fprintf(b, "**objective** %s  \n%s", render.MarkdownCode(o.Ref), render.Markdown(o.Title))
	so := st.scoreOf(o)
	if so == nil {
		fmt.Fprintf(b, "\n\nnot scored: its document's period %s is not valid", render.MarkdownCode(o.Parent.PeriodText))
		return
	}
	fmt.Fprintf(b, "\n\nscore **%.2f** · %s · %s · %s\n", so.Score, so.Grade, so.Status, render.Markdown(o.Parent.PeriodText))
	for _, k := range so.KeyResults {
		fmt.Fprintf(b, "\n- %s %.2f %s: %s", render.MarkdownCode(k.ID), k.Score, k.Grade, render.Markdown(k.Title))
	}
}

func (st *state) hoverKPI(b *strings.Builder, id string) {
	h := st.kpiHealth(id)
	if h == nil {
		fmt.Fprintf(b, "**KPI** %s: no KPI has this id", render.MarkdownCode(id))
		return
	}
	fmt.Fprintf(b, "**KPI** %s  \n%s\n\nhealth **%s**", render.MarkdownCode(h.ID), render.Markdown(h.Name), h.Health)
	if h.Stale {
		b.WriteString(" · stale")
	}
	if h.LastAt != nil {
		fmt.Fprintf(b, "  \nlast %s on %s", num(h.Last, h.Unit), render.Markdown(*h.LastAt))
	} else {
		b.WriteString("  \nno measurement yet")
	}
	if h.Target != nil {
		fmt.Fprintf(b, "  \ntarget %s (%s)", num(h.Target, h.Unit), h.Direction)
	}
}

// hoverOwner writes what an owner or person id is: the person's name and
// team from People (SPEC §5), the Objectives documents and KPIs the id
// owns, the key results it owns, and the people whose team it is. On a
// People entry, person is that entry (of a repeated id, not the first).
func (st *state) hoverOwner(b *strings.Builder, owner string, person *model.Person) {
	repo := st.repo()
	var periods []string
	krs := 0
	for _, d := range repo.Objectives {
		if d.Owner == owner {
			periods = append(periods, render.Markdown(d.PeriodText))
		}
		for _, o := range d.Objectives {
			for _, kr := range o.KeyResults {
				if kr.Owner == owner {
					krs++
				}
			}
		}
	}
	kpis := 0
	for _, k := range repo.KPIs {
		if k.Owner == owner {
			kpis++
		}
	}
	var members []string
	for _, p := range repo.People {
		switch {
		case p.Team != owner || p.ID == "":
		case p.Name == "":
			members = append(members, render.MarkdownCode(p.ID))
		default:
			members = append(members, render.Markdown(p.Name)+" ("+render.MarkdownCode(p.ID)+")")
		}
	}
	people := st.index().people
	if person == nil {
		person = people.Get(owner)
	}
	if p := person; p != nil {
		fmt.Fprintf(b, "**person** %s", render.MarkdownCode(owner))
		var about []string
		if p.Name != "" {
			about = append(about, render.Markdown(p.Name))
		}
		if p.Team != "" {
			about = append(about, "team "+render.MarkdownCode(p.Team))
		}
		if len(about) > 0 {
			fmt.Fprintf(b, "  \n%s", strings.Join(about, " · "))
		}
	} else {
		fmt.Fprintf(b, "**owner** %s", render.MarkdownCode(owner))
		if people.Present && len(periods) == 0 && kpis == 0 {
			b.WriteString("  \nnot a person of a People document")
		}
	}
	if len(periods) > 0 {
		fmt.Fprintf(b, "  \nObjectives for %s", strings.Join(periods, ", "))
	}
	if kpis > 0 {
		fmt.Fprintf(b, "  \n%d KPI(s)", kpis)
	}
	if krs > 0 {
		fmt.Fprintf(b, "  \n%d key result(s)", krs)
	}
	if len(periods) == 0 && kpis == 0 && krs == 0 {
		b.WriteString("  \nowns no Objectives document, KPI or key result")
	}
	if len(members) > 0 {
		fmt.Fprintf(b, "  \nteam of %s", strings.Join(members, ", "))
	}
}

// idLocation returns the location of an entity's id value.
func (s *Server) idLocation(st *state, f model.Fields, def model.Pos) (Location, bool) {
	p := f.At("id", def)
	if p.File == "" || p.Line == 0 {
		return Location{}, false
	}
	t := st.text(p.File)
	if t == nil {
		return Location{}, false
	}
	return Location{URI: s.fileURI(st, p.File), Range: t.problemRange(p.Line, p.Column, false, false, st.enc)}, true
}

func (s *Server) definition(st *state, params json.RawMessage) (any, error) {
	var p textDocumentPositionParams
	c, err := s.cursorOf(st, params, &p)
	if c == nil {
		return nil, err
	}
	t := st.targetAt(c)
	if t == nil {
		return nil, nil
	}
	locs := []Location{}
	add := func(f model.Fields, def model.Pos) {
		if l, ok := s.idLocation(st, f, def); ok {
			locs = append(locs, l)
		}
	}
	switch {
	case t.kpi != nil:
		add(t.kpi.Fields, t.kpi.Pos)
	case len(t.krs) > 0:
		for _, kr := range t.krs {
			add(kr.Fields, kr.Pos)
		}
	case len(t.objs) > 0:
		for _, o := range t.objs {
			add(o.Fields, o.Pos)
		}
	case t.owner != "" && !t.defined:
		locs = s.ownerLocations(st, t.owner, c)
	}
	if len(locs) == 0 {
		return nil, nil
	}
	return locs, nil
}

// ownerLocations returns where an owner or person id is defined: a
// person's People entry (its id line); else, for an owner, the owner:
// lines of the Objectives documents and KPIs it owns but the one under
// the cursor c (a People entry's team: names one of those).
func (s *Server) ownerLocations(st *state, owner string, c *cursor) []Location {
	if p := st.index().people.Get(owner); p != nil {
		if l, ok := s.idLocation(st, p.Fields, p.Pos); ok {
			return []Location{l}
		}
		return nil
	}
	var locs []Location
	add := func(f model.Fields) {
		if p, ok := f.Get("owner"); ok && (p.File != c.file || p.Line != c.line+1) {
			if l, ok := s.fieldLocation(st, f, "owner"); ok {
				locs = append(locs, l)
			}
		}
	}
	repo := st.repo()
	for _, d := range repo.Objectives {
		if d.Owner == owner {
			add(d.Fields)
		}
	}
	for _, k := range repo.KPIs {
		if k.Owner == owner {
			add(k.Fields)
		}
	}
	return locs
}

func (s *Server) references(st *state, params json.RawMessage) (any, error) {
	var p referenceParams
	c, err := s.cursorOf(st, params, &p)
	if c == nil {
		return nil, err
	}
	t := st.targetAt(c)
	if t == nil {
		return nil, nil
	}
	metric := t.metric
	var defs []model.Fields
	var defPos []model.Pos
	switch {
	case t.kpiID != "":
		metric = t.kpiID
		if t.kpi != nil {
			defs, defPos = append(defs, t.kpi.Fields), append(defPos, t.kpi.Pos)
		}
	case len(t.krs) > 0:
		metric = t.krs[0].Ref
		for _, kr := range t.krs {
			defs, defPos = append(defs, kr.Fields), append(defPos, kr.Pos)
		}
	}
	if metric == "" {
		return nil, nil
	}
	locs := []Location{}
	if p.Context.IncludeDeclaration {
		for i := range defs {
			if l, ok := s.idLocation(st, defs[i], defPos[i]); ok {
				locs = append(locs, l)
			}
		}
	}
	repo := st.repo()
	if t.kpiID != "" {
		// Every key result that reads the KPI.
		for _, d := range repo.Objectives {
			for _, o := range d.Objectives {
				for _, kr := range o.KeyResults {
					if kr.KPI == metric {
						if l, ok := s.fieldLocation(st, kr.Fields, "kpi"); ok {
							locs = append(locs, l)
						}
					}
				}
			}
		}
	}
	// A key result ref that several documents of one owner share (one a
	// period) names, in a measurement, the key result of the document
	// whose period holds the measurement's day (SPEC §1): of one of them,
	// only those.
	var first, last model.Date
	inPeriod := false
	if t.kpiID == "" && len(t.krs) == 1 && len(st.index().keyResults[metric]) > 1 {
		if p := t.krs[0].Parent.Parent.Period; !p.IsZero() {
			first, last = p.Range(repo.Config.FiscalYearStartMonth)
			inPeriod = true
		}
	}
	// Every CSV row and every Measurements document that names it: a
	// document once, at its metric: line.
	seenDoc := map[model.Pos]bool{}
	for i := range repo.Measurements {
		m := &repo.Measurements[i]
		if m.Metric != metric || inPeriod && (m.Day < first || m.Day > last) {
			continue
		}
		if strings.HasSuffix(m.Pos.File, ".csv") {
			if l, ok := s.lineLocation(st, m.Pos.File, m.Pos.Line, 0, len(metric)); ok {
				locs = append(locs, l)
			}
			continue
		}
		if line, ok := st.metricLine(m.Pos); ok && !seenDoc[model.Pos{File: m.Pos.File, Line: line}] {
			seenDoc[model.Pos{File: m.Pos.File, Line: line}] = true
			if l, ok := s.valueLocation(st, m.Pos.File, line); ok {
				locs = append(locs, l)
			}
		}
	}
	return locs, nil
}

// fieldLocation returns the location of a field's value.
func (s *Server) fieldLocation(st *state, f model.Fields, key string) (Location, bool) {
	p, ok := f.Get(key)
	if !ok {
		return Location{}, false
	}
	t := st.text(p.File)
	if t == nil {
		return Location{}, false
	}
	return Location{URI: s.fileURI(st, p.File), Range: t.problemRange(p.Line, p.Column, false, false, st.enc)}, true
}

// lineLocation returns the location of bytes [a, b) of line (1-based).
func (s *Server) lineLocation(st *state, f string, line, a, b int) (Location, bool) {
	t := st.text(f)
	if t == nil || line < 1 {
		return Location{}, false
	}
	return Location{URI: s.fileURI(st, f), Range: Range{Start: t.position(line-1, a, st.enc), End: t.position(line-1, b, st.enc)}}, true
}

// valueLocation returns the location of the value of the key on line
// (1-based) of f.
func (s *Server) valueLocation(st *state, f string, line int) (Location, bool) {
	t := st.text(f)
	if t == nil {
		return Location{}, false
	}
	c := newCursor(f, t, Position{Line: line - 1}, st.enc)
	return s.lineLocation(st, f, line, c.valueStart, c.valueEnd)
}

// metricLine returns the line of the metric: key of the Measurements
// document that holds the measurement at p: the nearest such line above.
func (st *state) metricLine(p model.Pos) (int, bool) {
	t := st.text(p.File)
	if t == nil {
		return 0, false
	}
	for i := min(p.Line-1, t.lines()-1); i >= 0; i-- {
		l := t.line(i)
		if strings.HasPrefix(l, "metric:") {
			return i + 1, true
		}
		if strings.HasPrefix(l, "---") {
			break
		}
	}
	return 0, false
}
