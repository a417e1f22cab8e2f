package check

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/okr-as-code/okr/okr/model"
)

// TestMeasurementsAgree holds the measurement and stale-KPI checks, which
// index the key results by ref and the metrics by the address of their
// text, to the plain ones they replaced (refMeasurements, refStaleKPIs,
// kept here as they were), on random repositories whose ids repeat, are
// empty, hold '/', and collide with KPI ids, and whose refs are not always
// what the decoder would set.
func TestMeasurementsAgree(t *testing.T) {
	seen := map[string]int{}
	for seed := range 300 {
		r := rand.New(rand.NewPCG(uint64(seed), 7))
		repo := randomRepo(r)
		asOf := model.NewDate(2026, time1(r), 1+r.IntN(28))
		got := model.SortProblems(Check(repo, Options{AsOf: asOf}))
		want := model.SortProblems(refCheck(repo, Options{AsOf: asOf}))
		if d := cmp.Diff(want, got); d != "" {
			t.Fatalf("seed %d: (-plain +indexed)\n%s", seed, d)
		}
		for _, p := range got {
			for _, w := range []string{"no KPI or key result has that name", "whose period contains its date", "takes its values from KPI", "has no measurement", "was last measured"} {
				if strings.Contains(p.Message, w) {
					seen[w]++
				}
			}
		}
	}
	if len(seen) < 5 {
		t.Fatalf("the random repositories do not reach every problem: %v", seen)
	}
}

func time1(r *rand.Rand) time.Month { return time.Month(1 + r.IntN(12)) }

// refCheck is Check with the plain measurement and stale-KPI checks.
func refCheck(repo *model.Repo, opts Options) []model.Problem {
	c := &checker{repo: repo, fy: repo.Config.FiscalYearStartMonth, asOf: opts.AsOf}
	c.index()
	m := *c
	m.probs, m.hints = nil, map[string]string{}
	m.refMeasurements()
	m.refStaleKPIs()
	c.documents()
	c.alignment()
	return append(c.probs, m.probs...)
}

func randomRepo(r *rand.Rand) *model.Repo {
	pick := func(ss ...string) string { return ss[r.IntN(len(ss))] }
	owners := []string{"a", "b", "c/d", "", "team-1"}
	ids := []string{"x", "y", "", "x/y", "z"}
	periods := []string{"2026-Q1", "2026-Q2", "2026-H2", "2026", "", "2027-Q1"}
	fy := pick("1", "1", "4", "10")
	repo := &model.Repo{Config: model.DefaultConfig()}
	fmt.Sscan(fy, &repo.Config.FiscalYearStartMonth)
	var refs []string
	for range 1 + r.IntN(8) {
		d := &model.Objectives{Owner: pick(owners...), PeriodText: pick(periods...), Pos: model.Pos{File: "o.yaml", Line: 1 + r.IntN(50)}}
		if p, err := model.ParsePeriod(d.PeriodText); err == nil {
			d.Period = p
		}
		for range 1 + r.IntN(3) {
			o := &model.Objective{ID: pick(ids...), Parent: d, Pos: model.Pos{File: "o.yaml", Line: 1 + r.IntN(50)}}
			o.Ref = d.Owner + "/" + o.ID
			for range 1 + r.IntN(3) {
				kr := &model.KeyResult{ID: pick(ids...), Parent: o, Type: model.Metric, KPI: pick("", "", "k1", "a/x/x"), Pos: model.Pos{File: "o.yaml", Line: 1 + r.IntN(50)}}
				switch r.IntN(4) {
				case 0: // as a hand-made repository may leave it
				case 1:
					kr.Ref = "wrong/ref/here"
				default:
					kr.Ref = o.Ref + "/" + kr.ID
				}
				refs = append(refs, d.Owner+"/"+o.ID+"/"+kr.ID)
				o.KeyResults = append(o.KeyResults, kr)
			}
			d.Objectives = append(d.Objectives, o)
		}
		repo.Objectives = append(repo.Objectives, d)
	}
	for _, id := range []string{"k1", "k2", "a/x/x", ""} {
		if r.IntN(3) > 0 {
			repo.KPIs = append(repo.KPIs, &model.KPI{ID: id, Cadence: pick("weekly", "daily", "monthly", ""), Pos: model.Pos{File: "k.yaml", Line: 1 + r.IntN(50)}})
		}
	}
	metrics := append(refs, "k1", "k2", "k3", "a/x/x", "a/x", "a/x/x/x", "", "b/z/q")
	// Interned per file, as readRows does, and not: the same text at
	// other addresses.
	interned := map[string]string{}
	for i := range r.IntN(200) {
		file := pick("m1.csv", "m2.csv")
		metric := pick(metrics...)
		if r.IntN(2) == 0 {
			if s, ok := interned[file+"\x00"+metric]; ok {
				metric = s
			} else {
				metric = strings.Clone(metric)
				interned[file+"\x00"+metric] = metric
			}
		} else {
			metric = strings.Clone(metric)
		}
		day := model.NewDate(2025+r.IntN(3), time.Month(1+r.IntN(12)), 1+r.IntN(28))
		repo.Measurements = append(repo.Measurements, model.Measurement{
			Pos: model.Pos{File: file, Line: 2 + i, Column: 1}, Metric: metric, Day: day, At: day.Time(), Seq: i,
		})
	}
	return repo
}

// measurements checks that every measurement names a KPI or a key result of
// a document whose period contains its date, and not a KPI-linked one.
func (c *checker) refMeasurements() {
	type target struct {
		doc *model.Objectives
		kr  *model.KeyResult
	}
	cache := map[string][]target{}
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
	for i := range c.repo.Measurements {
		m := &c.repo.Measurements[i]
		if _, ok := c.kpis[m.Metric]; ok {
			continue
		}
		ts, ok := cache[m.Metric]
		if !ok {
			parts := strings.Split(m.Metric, "/")
			if len(parts) == 3 {
				for _, d := range c.byOwner[parts[0]] {
					for _, o := range d.Objectives {
						if o.ID != parts[1] {
							continue
						}
						for _, kr := range o.KeyResults {
							if kr.ID == parts[2] {
								ts = append(ts, target{d, kr})
							}
						}
					}
				}
			}
			cache[m.Metric] = ts
		}
		if len(ts) == 0 {
			if !c.unsureMetric(m.Metric) {
				report(m, "unknown")
			}
			continue
		}
		var hit *target
		for j := range ts {
			first, last := ts[j].doc.Period.Range(c.fy)
			if first <= m.Day && m.Day <= last {
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
			for _, t := range cache[k.metric] {
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

// staleKPIs warns about a KPI with no measurement within twice its cadence
// of the as-of date.
func (c *checker) refStaleKPIs() {
	last := make(map[string]model.Date, len(c.kpis)) // of the KPIs only: the rest are key results'
	for i := range c.repo.Measurements {
		m := &c.repo.Measurements[i]
		if m.Day > c.asOf {
			continue
		}
		if _, ok := c.kpis[m.Metric]; !ok {
			continue
		}
		if d, ok := last[m.Metric]; !ok || m.Day > d {
			last[m.Metric] = m.Day
		}
	}
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
