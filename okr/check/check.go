package check

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unsafe"

	"github.com/okr-as-code/okr/okr/model"
)

// Rule names of the problems this package reports.
const (
	RuleDuplicate     = "duplicate"
	RuleReference     = "reference"
	RuleAlignment     = "alignment"
	RuleCycle         = "alignment-cycle"
	RuleLevels        = "levels"
	RuleMeasurement   = "measurement"
	RuleTooManyObj    = "too-many-objectives"
	RuleKRCount       = "key-result-count"
	RuleNumericTitle  = "numeric-objective-title"
	RuleMilestoneOnly = "milestone-only-objective"
	RuleStaleKPI      = "stale-kpi"
)

const (
	maxObjectives = 5
	minKeyResults = 2
	maxKeyResults = 5
)

// Options tune Check.
type Options struct {
	// AsOf is the date the stale-KPI warning is judged at.
	AsOf model.Date
}

// Check returns the semantic problems of repo, in no particular order.
func Check(repo *model.Repo, opts Options) []model.Problem {
	c := &checker{repo: repo, fy: repo.Config.FiscalYearStartMonth, asOf: opts.AsOf}
	c.index()
	// The measurement checks read the indexes only; they run beside the
	// document checks with their own problems and hints.
	m := *c
	m.probs, m.hints = nil, map[string]string{}
	same := make(chan []model.Problem, 1)
	go func() { same <- sameDay(repo) }()
	done := make(chan struct{})
	go func() {
		defer close(done)
		m.measurements()
		m.staleKPIs()
	}()
	c.documents()
	c.alignment()
	c.people()
	<-done
	return append(append(c.probs, m.probs...), <-same...)
}

type checker struct {
	repo  *model.Repo
	fy    int
	asOf  model.Date
	probs []model.Problem

	kpis    map[string]*model.KPI
	kpiIDs  []string
	byOwner map[string][]*model.Objectives
	owners  []string // the keys of byOwner, sorted
	hints   map[string]string

	// What documents with errors may define but do not say (SPEC §1: one
	// mistake gives one error): references into it are not judged.
	unsure      map[string]bool // owners with a document whose period is invalid, an objective without id, or a file that does not parse
	unsureObj   map[string]bool // objective refs with a key result without id
	unsureOwner bool            // an Objectives document has no owner
	unsureKPI   bool            // a KPI document has no id
	unreadKPI   map[string]bool // KPI ids of files that do not parse

	// lastKPI is, after measurements, the last day each KPI was measured
	// on or before asOf.
	lastKPI map[string]model.Date
}

func (c *checker) errorf(p model.Pos, rule, format string, args ...any) {
	c.probs = append(c.probs, model.Errorf(p, rule, format, args...))
}

func (c *checker) warnf(p model.Pos, rule, format string, args ...any) {
	c.probs = append(c.probs, model.Warnf(p, rule, format, args...))
}

func (c *checker) index() {
	c.kpis = make(map[string]*model.KPI, len(c.repo.KPIs))
	for _, k := range c.repo.KPIs {
		if k.ID == "" {
			continue
		}
		if first, ok := c.kpis[k.ID]; ok {
			c.errorf(k.Fields.At("id", k.Pos), RuleDuplicate, "KPI id %q is already defined at %s; KPI ids are unique in the repository", k.ID, first.Fields.At("id", first.Pos))
			continue
		}
		c.kpis[k.ID] = k
		c.kpiIDs = append(c.kpiIDs, k.ID)
	}
	sort.Strings(c.kpiIDs)
	c.byOwner = map[string][]*model.Objectives{}
	c.unsure = map[string]bool{}
	c.unsureObj = map[string]bool{}
	c.unreadKPI = map[string]bool{}
	c.hints = map[string]string{}
	for _, k := range c.repo.KPIs {
		if k.ID == "" {
			c.unsureKPI = true
		}
	}
	for _, id := range c.repo.UnreadKPIs {
		c.unreadKPI[id] = true
	}
	for _, o := range c.repo.UnreadOwners {
		c.unsure[o] = true
	}
	for _, d := range c.repo.Objectives {
		if d.Owner == "" {
			c.unsureOwner = true
		}
		for _, o := range d.Objectives {
			if o.ID == "" {
				c.unsure[d.Owner] = true
			}
			for _, kr := range o.KeyResults {
				if kr.ID == "" {
					c.unsureObj[o.Ref] = true
				}
			}
		}
	}
	type ownerPeriod struct{ owner, period string }
	seen := map[ownerPeriod]*model.Objectives{}
	for _, d := range c.repo.Objectives {
		if d.Period.IsZero() {
			// The schema reports the period; references into this
			// document cannot be judged.
			c.unsure[d.Owner] = true
			continue
		}
		if d.Owner == "" {
			continue
		}
		key := ownerPeriod{d.Owner, d.Period.String()}
		if first, ok := seen[key]; ok {
			c.errorf(d.Fields.At("owner", d.Pos), RuleDuplicate, "owner %q already has an Objectives document for %s at %s; merge the two", d.Owner, key.period, first.Fields.At("owner", first.Pos))
		} else {
			seen[key] = d
		}
		if len(c.byOwner[d.Owner]) == 0 {
			c.owners = append(c.owners, d.Owner)
		}
		c.byOwner[d.Owner] = append(c.byOwner[d.Owner], d)
	}
	sort.Strings(c.owners)
}

func (c *checker) documents() {
	for _, d := range c.repo.Objectives {
		if len(d.Objectives) > maxObjectives {
			c.warnf(d.Fields.At("objectives", d.Pos), RuleTooManyObj, "%d objectives for %s in %s; keep to at most %d so that each gets attention", len(d.Objectives), d.Owner, d.PeriodText, maxObjectives)
		}
		ids := map[string]*model.Objective{}
		for _, o := range d.Objectives {
			if o.ID != "" {
				if first, ok := ids[o.ID]; ok {
					c.errorf(o.Fields.At("id", o.Pos), RuleDuplicate, "objective id %q is already used at line %d of this document", o.ID, first.Fields.At("id", first.Pos).Line)
				} else {
					ids[o.ID] = o
				}
			}
			c.objective(o)
		}
	}
}

func (c *checker) objective(o *model.Objective) {
	if n := len(o.KeyResults); n > 0 && (n < minKeyResults || n > maxKeyResults) {
		c.warnf(o.Fields.At("key_results", o.Pos), RuleKRCount, "objective %q has %d key result(s); aim for %d to %d", o.ID, n, minKeyResults, maxKeyResults)
	}
	if strings.IndexFunc(o.Title, unicode.IsDigit) >= 0 {
		c.warnf(o.Fields.At("title", o.Pos), RuleNumericTitle, "objective title %q carries a number; objectives are qualitative, put numbers in key results", o.Title)
	}
	milestones := 0
	krIDs := map[string]*model.KeyResult{}
	for _, kr := range o.KeyResults {
		if kr.Type == model.Milestone {
			milestones++
		}
		if kr.ID != "" {
			if first, ok := krIDs[kr.ID]; ok {
				c.errorf(kr.Fields.At("id", kr.Pos), RuleDuplicate, "key result id %q is already used in objective %q at line %d", kr.ID, o.ID, first.Fields.At("id", first.Pos).Line)
			} else {
				krIDs[kr.ID] = kr
			}
		}
		c.keyResult(kr)
	}
	if milestones > 0 && milestones == len(o.KeyResults) {
		c.warnf(o.Fields.At("key_results", o.Pos), RuleMilestoneOnly, "objective %q has only milestone key results; milestones are tasks, add a key result that measures an outcome", o.ID)
	}
}

func (c *checker) keyResult(kr *model.KeyResult) {
	if kr.KPI != "" && !c.unsureKPI && !c.unreadKPI[kr.KPI] {
		if _, ok := c.kpis[kr.KPI]; !ok {
			c.errorf(kr.Fields.At("kpi", kr.Pos), RuleReference, "key result %q names KPI %q, which is not defined%s", kr.ID, kr.KPI, c.suggestKPI(kr.KPI))
		}
	}
	if kr.Type != model.Metric {
		return
	}
	type level struct {
		name string
		n    model.Num
	}
	var room [4]level // on the stack
	levels := room[:0]
	for _, l := range []level{{"baseline", kr.Baseline}, {"commit", kr.Commit}, {"target", kr.Target}, {"stretch", kr.Stretch}} {
		if l.n.Set && l.n.Finite() {
			levels = append(levels, l)
		}
	}
	if kr.Baseline.Set && kr.Target.Set && kr.Baseline.Finite() && kr.Target.Finite() && kr.Baseline.V == kr.Target.V {
		c.errorf(kr.Fields.At("target", kr.Pos), RuleLevels, "target equals baseline (%g): a metric key result must move from its baseline", kr.Target.V)
		return
	}
	if len(levels) < 2 {
		return
	}
	up := levels[1].n.V > levels[0].n.V
	for i := 1; i < len(levels); i++ {
		prev, cur := levels[i-1], levels[i]
		if (up && cur.n.V > prev.n.V) || (!up && cur.n.V < prev.n.V) {
			continue
		}
		var names []string
		for _, l := range levels {
			names = append(names, fmt.Sprintf("%s %g", l.name, l.n.V))
		}
		c.errorf(kr.Fields.At(cur.name, kr.Pos), RuleLevels, "levels must run strictly one way (all increasing or all decreasing): %s", strings.Join(names, ", "))
		return
	}
}

// findObjective looks for the objective owner/id: it returns the first one
// found (nil when there is none), and the one whose document's period
// contains p (nil when none does).
func (c *checker) findObjective(owner, id string, p model.Period) (found, match *model.Objective) {
	for _, d := range c.byOwner[owner] {
		for _, o := range d.Objectives {
			if o.ID != id {
				continue
			}
			if found == nil {
				found = o
			}
			if !p.IsZero() && d.Period.Contains(p, c.fy) {
				return found, o
			}
		}
	}
	return found, nil
}

func (c *checker) alignment() {
	parent := map[*model.Objective]*model.Objective{}
	var order []*model.Objective
	for _, d := range c.repo.Objectives {
		for _, o := range d.Objectives {
			if o.AlignsTo == "" {
				continue
			}
			at := o.Fields.At("aligns_to", o.Pos)
			owner, id, ok := strings.Cut(o.AlignsTo, "/")
			if !ok || strings.Contains(id, "/") {
				continue // the schema reports the shape
			}
			found, match := c.findObjective(owner, id, d.Period)
			switch {
			case d.Period.IsZero():
				// The schema reports the period; the period containment
				// cannot be judged, but a parent that is nowhere can.
				if found == nil && !c.unsure[owner] && !c.unsureOwner {
					c.errorf(at, RuleReference, "objective %q aligns to %q, which is not defined%s", o.ID, o.AlignsTo, c.suggestRef(o.AlignsTo, 1))
				}
			case match != nil:
				parent[o] = match
				order = append(order, o)
			case found != nil:
				c.errorf(at, RuleAlignment, "objective %q (%s) aligns to %q (%s), whose period does not contain %s; align to an objective of a period that contains it", o.ID, d.PeriodText, o.AlignsTo, found.Parent.PeriodText, d.PeriodText)
			case c.unsure[owner] || c.unsureOwner:
			default:
				c.errorf(at, RuleReference, "objective %q aligns to %q, which is not defined%s", o.ID, o.AlignsTo, c.suggestRef(o.AlignsTo, 1))
			}
		}
	}
	// Cycles: follow parents; each objective is on at most one path.
	state := map[*model.Objective]int{} // 0 new, 1 on the current path, 2 done
	for _, start := range order {
		var path []*model.Objective
		o := start
		for o != nil && state[o] == 0 {
			state[o] = 1
			path = append(path, o)
			o = parent[o]
		}
		if o != nil && state[o] == 1 {
			var refs []string
			i := len(path) - 1
			for path[i] != o {
				i--
			}
			for _, p := range path[i:] {
				refs = append(refs, p.Ref)
			}
			refs = append(refs, o.Ref)
			c.errorf(o.Fields.At("aligns_to", o.Pos), RuleCycle, "alignment forms a cycle: %s; remove one of these aligns_to", strings.Join(refs, " → "))
		}
		for _, p := range path {
			state[p] = 2
		}
	}
}

// measurements checks that every measurement names a KPI or a key result of
// a document whose period contains its date, and not a KPI-linked one. It
// also notes, for staleKPIs, the last day each KPI was measured on or
// before the as-of date.
func (c *checker) measurements() {
	names := c.metricNames()
	none := &resolved{}
	// Rows of a file share their metric's string (readRows interns
	// them), so a few recent metrics, by the address of their text, spare
	// most lookups by name.
	var recent [256]struct {
		p *byte
		n int
		r *resolved
	}
	type fileMetric struct{ file, metric, why string }
	reported := map[fileMetric]int{}
	var firsts []fileMetric
	firstPos := map[fileMetric]model.Pos{}
	report := func(m *model.Measurement, why string) {
		k := fileMetric{m.Pos.File, m.Metric, why}
		if reported[k] == 0 {
			firsts = append(firsts, k)
			firstPos[k] = m.Pos
		}
		reported[k]++
	}
	c.lastKPI = make(map[string]model.Date, len(c.kpis))
	for i := range c.repo.Measurements {
		m := &c.repo.Measurements[i]
		p := unsafe.StringData(m.Metric)
		slot := &recent[(uintptr(unsafe.Pointer(p))>>4^uintptr(unsafe.Pointer(p))>>12)&255]
		cur := slot.r
		if cur == nil || slot.p != p || slot.n != len(m.Metric) {
			if cur = names[m.Metric]; cur == nil {
				cur = none
			}
			slot.p, slot.n, slot.r = p, len(m.Metric), cur
		}
		if cur.kpi {
			if m.Day <= c.asOf {
				if d, ok := c.lastKPI[m.Metric]; !ok || m.Day > d {
					c.lastKPI[m.Metric] = m.Day
				}
			}
			continue
		}
		ts := cur.ts
		if len(ts) == 0 {
			if !c.unsureMetric(m.Metric) {
				report(m, "unknown")
			}
			continue
		}
		var hit *target
		for j := range ts {
			if ts[j].first <= m.Day && m.Day <= ts[j].last {
				hit = &ts[j]
				break
			}
		}
		switch {
		case hit == nil && c.unsureMetric(m.Metric):
			// a document of its owner that cannot be judged may hold it
		case hit == nil:
			report(m, "period")
		case hit.kr.KPI != "":
			report(m, "kpi:"+hit.kr.KPI)
		}
	}
	for _, k := range firsts {
		more := ""
		if n := reported[k] - 1; n > 0 {
			more = fmt.Sprintf(" (and %d more measurement(s) of it in this file)", n)
		}
		p := firstPos[k]
		switch {
		case k.why == "unknown":
			hint := c.suggestKPI(k.metric)
			if strings.Count(k.metric, "/") == 2 {
				hint = c.suggestRef(k.metric, 2)
			}
			c.errorf(p, RuleMeasurement, "measurement of %q: no KPI or key result has that name%s%s", k.metric, hint, more)
		case k.why == "period":
			owner, _, _ := strings.Cut(k.metric, "/")
			var periods []string
			for _, t := range names[k.metric].ts {
				periods = append(periods, t.doc.PeriodText)
			}
			where := "its document is for " + periods[0] + ": date the measurement within that period"
			if len(periods) > 1 {
				where = "its documents are for " + strings.Join(periods, ", ") + ": date the measurement within one of those periods"
			}
			c.errorf(p, RuleMeasurement, "measurement of %q: no Objectives document of %q whose period contains its date has that key result; %s%s", k.metric, owner, where, more)
		default:
			kpi := strings.TrimPrefix(k.why, "kpi:")
			c.errorf(p, RuleMeasurement, "measurement of %q: that key result takes its values from KPI %q; record them under %q instead%s", k.metric, kpi, kpi, more)
		}
	}
}

// target is a key result a measurement's metric names, with the first and
// last day of its document's period.
type target struct {
	doc         *model.Objectives
	kr          *model.KeyResult
	first, last model.Date
}

// resolved is what a measurement's metric names.
type resolved struct {
	kpi bool     // a KPI
	ts  []target // else the key results of that ref
}

// metricNames returns what each name a measurement's metric may have
// names: every KPI id, and every key result's ref owner/objective/kr with
// its targets, in the order of the documents, objectives and key results.
// Only key results whose owner, objective id and id hold no '/' of their
// own have a ref, so that a ref names exactly the key results whose owner,
// objective id and id it splits into at its two '/'. A KPI id that is also
// a ref names the KPI. Each document's period is computed once.
func (c *checker) metricNames() map[string]*resolved {
	n := 0
	for _, d := range c.repo.Objectives {
		for _, o := range d.Objectives {
			n += len(o.KeyResults)
		}
	}
	names := make(map[string]*resolved, n+len(c.kpis))
	flat := make([]target, 0, n) // never grows: the targets stay put
	rs := make([]resolved, 0, n)
	for _, d := range c.repo.Objectives {
		if d.Period.IsZero() || d.Owner == "" || strings.Contains(d.Owner, "/") {
			continue // not in byOwner, or never named by a ref of three parts
		}
		first, last := d.Period.Range(c.fy)
		for _, o := range d.Objectives {
			if strings.Contains(o.ID, "/") {
				continue
			}
			for _, kr := range o.KeyResults {
				if strings.Contains(kr.ID, "/") {
					continue
				}
				ref := model.KeyResultRef(kr.Ref, d.Owner, o.ID, kr.ID)
				t := target{d, kr, first, last}
				if r := names[ref]; r != nil {
					r.ts = append(r.ts[:len(r.ts):len(r.ts)], t)
					continue
				}
				flat = append(flat, t)
				rs = append(rs, resolved{ts: flat[len(flat)-1:]})
				names[ref] = &rs[len(rs)-1]
			}
		}
	}
	kpi := &resolved{kpi: true}
	for id := range c.kpis {
		names[id] = kpi
	}
	return names
}

// unsureMetric reports whether a metric may name what a document with
// errors defines without saying so: then it is not reported as unknown.
func (c *checker) unsureMetric(metric string) bool {
	owner, rest, isRef := strings.Cut(metric, "/")
	if !isRef {
		return c.unsureKPI || c.unreadKPI[metric] || c.unsure[owner]
	}
	obj, _, _ := strings.Cut(rest, "/")
	return c.unsureOwner || c.unsure[owner] || c.unsureObj[owner+"/"+obj]
}

// staleKPIs warns about a KPI with no measurement within twice its cadence
// of the as-of date; it runs after measurements, which notes the days.
func (c *checker) staleKPIs() {
	last := c.lastKPI
	for _, id := range c.kpiIDs {
		k := c.kpis[id]
		days := model.CadenceDays(k.Cadence)
		if days == 0 {
			continue
		}
		d, ok := last[id]
		at := k.Fields.At("cadence", k.Pos)
		switch {
		case !ok:
			c.warnf(at, RuleStaleKPI, "KPI %q (%s) has no measurement on or before %s; record one with `okr record %s VALUE`", id, k.Cadence, c.asOf, id)
		case int(c.asOf-d) > staleFactor*days:
			c.warnf(at, RuleStaleKPI, "KPI %q (%s) was last measured on %s, more than %d days before %s; record a new value with `okr record %s VALUE`", id, k.Cadence, d, staleFactor*days, c.asOf, id)
		}
	}
}

const staleFactor = 2

// suggest returns "; did you mean X?" for the candidate nearest s, or "".
func suggest(s string, candidates []string) string {
	if best := nearest(s, candidates); best != "" {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	return ""
}

// nearest is model.Nearest over the candidates whose length could be close
// enough, which spares most edit-distance computations in a large repository.
func nearest(s string, candidates []string) string {
	limit := max(1, len(s)/3)
	var close []string
	for _, c := range candidates {
		if d := len(c) - len(s); d <= limit && d >= -limit {
			close = append(close, c)
		}
	}
	return model.Nearest(s, close, 0)
}

// suggestKPI suggests a KPI id for an unknown one, memoised.
func (c *checker) suggestKPI(id string) string {
	key := "kpi\x00" + id
	if h, ok := c.hints[key]; ok {
		return h
	}
	h := suggest(id, c.kpiIDs)
	c.hints[key] = h
	return h
}

// suggestRef suggests a ref for an unknown one: an objective ref
// owner/objective (depth 1) or a key result ref owner/objective/kr (depth 2).
// It looks among the refs of the owner, or of the owner nearest to it, so that
// a large repository costs no more than a small one. Memoised.
func (c *checker) suggestRef(ref string, depth int) string {
	key := strconv.Itoa(depth) + "\x00" + ref
	if h, ok := c.hints[key]; ok {
		return h
	}
	owner, _, _ := strings.Cut(ref, "/")
	if _, ok := c.byOwner[owner]; !ok {
		owner = nearest(owner, c.owners)
	}
	var refs []string
	seen := map[string]bool{}
	for _, d := range c.byOwner[owner] {
		for _, o := range d.Objectives {
			if o.ID == "" {
				continue // no ref to suggest
			}
			if depth == 1 {
				if !seen[o.Ref] {
					seen[o.Ref] = true
					refs = append(refs, o.Ref)
				}
				continue
			}
			for _, kr := range o.KeyResults {
				if kr.ID != "" && !seen[kr.Ref] {
					seen[kr.Ref] = true
					refs = append(refs, kr.Ref)
				}
			}
		}
	}
	h := suggest(ref, refs)
	c.hints[key] = h
	return h
}
