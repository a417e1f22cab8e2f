package score

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/okr-as-code/okr/okr/model"
)

// syntheticRepo builds a repository of the size in SPEC §4: owners × 4
// quarters of 2026 × 4 objectives × 4 key results (128,000 for 2,000
// owners), one KPI per owner, and 1,000,000 measurements for 2,000 owners:
// 9 per key result that has its own measurements and 68 per KPI. The first
// key result of each objective follows its owner's KPI. Measurements come
// as a loader would read them: one file per owner, rows in time order with
// the owner's metrics interleaved, each metric a fresh string.
func syntheticRepo(owners int) *model.Repo {
	r := &model.Repo{Config: model.DefaultConfig()}
	type row struct {
		metric string
		day    model.Date
		value  float64
	}
	rows := make([]row, 0, 500)
	for o := range owners {
		owner := fmt.Sprintf("team-%04d", o)
		kpi := owner + ".latency_ms"
		r.KPIs = append(r.KPIs, &model.KPI{ID: kpi, Name: "Latency", Owner: owner, Unit: "ms",
			Direction: model.Decrease, Target: model.Some(300), Warn: model.Some(500), Cadence: "weekly"})
		rows = rows[:0]
		for q := 1; q <= 4; q++ {
			p := model.Period{Year: 2026, Kind: model.Quarter, N: q}
			first, _ := p.Range(1)
			doc := &model.Objectives{Pos: model.Pos{File: fmt.Sprintf("teams/%s/%s.yaml", owner, p), Line: 1},
				Owner: owner, Level: "team", PeriodText: p.String(), Period: p}
			for i := range 4 {
				ob := &model.Objective{ID: fmt.Sprintf("objective-%d", i), Title: "Objective", Type: model.Aspirational, Weight: 1, Parent: doc}
				ob.Ref = owner + "/" + ob.ID
				if i == 3 {
					ob.Type = model.Committed
				}
				for k := range 4 {
					kr := &model.KeyResult{ID: fmt.Sprintf("kr-%d", k), Title: "Key result", Type: model.Metric,
						Baseline: model.Some(0), Target: model.Some(100), Aggregate: model.Last, Weight: 1, Parent: ob}
					kr.Ref = ob.Ref + "/" + kr.ID
					switch k {
					case 0:
						kr.KPI, kr.Baseline, kr.Target = kpi, model.Some(800), model.Some(300)
					case 1:
						kr.Aggregate = model.Sum
					case 2:
						kr.Type, kr.Commit, kr.Stretch = model.Metric, model.Some(30), model.Some(150)
					}
					ob.KeyResults = append(ob.KeyResults, kr)
					if kr.KPI == "" {
						for step := range 9 {
							rows = append(rows, row{kr.Ref, first + model.Date(step*10), float64(step * 11)})
						}
					}
				}
				doc.Objectives = append(doc.Objectives, ob)
			}
			r.Objectives = append(r.Objectives, doc)
		}
		jan1 := model.NewDate(2026, time.January, 1)
		for step := range 68 {
			rows = append(rows, row{kpi, jan1 + model.Date(step*5+o%5), float64(800 - step*7)})
		}
		// One file per owner, in time order (stable: ties keep metric order).
		sortByDay(rows, func(r row) model.Date { return r.day })
		for _, x := range rows {
			r.Measurements = append(r.Measurements, model.Measurement{
				Metric: strings.Clone(x.metric), AtText: x.day.String(), At: x.day.Time(), Day: x.day,
				Value: x.value, Seq: len(r.Measurements),
			})
		}
	}
	return r
}

// sortByDay sorts s by day, stably, with one bucket per day: it keeps the
// benchmark's setup fast.
func sortByDay[T any](s []T, day func(T) model.Date) {
	if len(s) == 0 {
		return
	}
	lo, hi := day(s[0]), day(s[0])
	for _, x := range s {
		lo, hi = min(lo, day(x)), max(hi, day(x))
	}
	buckets := make([][]T, hi-lo+1)
	for _, x := range s {
		buckets[day(x)-lo] = append(buckets[day(x)-lo], x)
	}
	s = s[:0]
	for _, b := range buckets {
		s = append(s, b...)
	}
}

func TestSyntheticRepoSize(t *testing.T) {
	r := syntheticRepo(20)
	krs := 0
	for _, d := range r.Objectives {
		for _, o := range d.Objectives {
			krs += len(o.KeyResults)
		}
	}
	if krs != 1280 || len(r.Measurements) != 10000 || len(r.KPIs) != 20 {
		t.Fatalf("20 owners: %d key results, %d measurements, %d KPIs; want 1280, 10000, 20", krs, len(r.Measurements), len(r.KPIs))
	}
	rep, err := Score(r, date("2026-12-31"), Options{Period: AllPeriods})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range rep.Owners {
		for _, ob := range o.Objectives {
			for _, kr := range ob.KeyResults {
				if kr.NoData {
					t.Fatalf("%s %s: no data", o.Period, kr.Ref)
				}
			}
		}
	}
}

// BenchmarkScore scores the SPEC §4 repository: 2,000 owners, 128,000 key
// results, 2,000 KPIs, 1,000,000 measurements. "full" is what `okr score
// --period all` and `okr kpi` cost together after loading: index, score
// every document, KPI health.
func BenchmarkScore(b *testing.B) {
	r := syntheticRepo(2000)
	asOf := date("2026-11-15")
	b.Run("full", func(b *testing.B) {
		for b.Loop() {
			ix := NewIndex(r)
			if _, err := ix.Score(asOf, Options{Period: AllPeriods}); err != nil {
				b.Fatal(err)
			}
			ix.KPIs(asOf, Options{})
		}
	})
	b.Run("index", func(b *testing.B) {
		for b.Loop() {
			NewIndex(r)
		}
	})
	ix := NewIndex(r)
	b.Run("score-all", func(b *testing.B) {
		for b.Loop() {
			if _, err := ix.Score(asOf, Options{Period: AllPeriods}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("score-current", func(b *testing.B) {
		for b.Loop() {
			if _, err := ix.Score(asOf, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("kpis", func(b *testing.B) {
		for b.Loop() {
			ix.KPIs(asOf, Options{})
		}
	})
}
