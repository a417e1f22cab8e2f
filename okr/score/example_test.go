package score_test

import (
	"fmt"

	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/score"
)

func Example() {
	q4, _ := model.ParsePeriod("2026-Q4")
	doc := &model.Objectives{Owner: "payments", Level: "team", PeriodText: "2026-Q4", Period: q4}
	checkout := &model.Objective{ID: "effortless-checkout", Ref: "payments/effortless-checkout",
		Title: "Make checkout effortless", Type: model.Aspirational, Weight: 1, Parent: doc}
	latency := &model.KeyResult{ID: "p95-latency", Ref: "payments/effortless-checkout/p95-latency",
		Title: "Cut checkout p95 latency from 800 ms to 300 ms", Type: model.Metric,
		Baseline: model.Some(800), Target: model.Some(300), Unit: "ms", Aggregate: model.Last, Weight: 1, Parent: checkout}
	checkout.KeyResults = []*model.KeyResult{latency}
	doc.Objectives = []*model.Objective{checkout}

	var ms []model.Measurement
	for i, row := range []struct {
		at    string
		value float64
	}{{"2026-10-05", 780}, {"2026-10-12", 700}, {"2026-11-09", 500}} {
		t, d, _ := model.ParseAt(row.at)
		ms = append(ms, model.Measurement{Metric: latency.Ref, AtText: row.at, At: t, Day: d, Value: row.value, Seq: i})
	}
	repo := &model.Repo{Config: model.DefaultConfig(), Objectives: []*model.Objectives{doc}, Measurements: ms}

	asOf, _ := model.ParseDate("2026-11-15")
	r, err := score.Score(repo, asOf, score.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	o := r.Owners[0]
	kr := o.Objectives[0].KeyResults[0]
	fmt.Printf("%s %s: %.2f %s %s\n", o.Owner, o.Period, o.Score, o.Grade, o.Status)
	fmt.Printf("%s: current %v %s from %d measurements, score %.2f\n", kr.Ref, *kr.Current, kr.Unit, kr.Measurements, kr.Score)
	// The line through (4, 780), (11, 700), (39, 500) at day 91 of 2026-Q4;
	// (300 − 500) / 46 days left × 7 per week. Nothing is due: the last
	// check-in is 6 days old.
	fc := kr.Forecast
	fmt.Printf("forecast %.1f %s (80%%: %.1f to %.1f), score %.2f %s; needed per week %.1f %s\n",
		fc.Value, kr.Unit, *fc.Low, *fc.High, fc.Score, fc.Grade, *kr.NeededPerWeek, kr.Unit)

	due, _ := score.Due(repo, asOf, score.Options{})
	for _, d := range due.Due {
		fmt.Printf("due: %s (%s), last %s, %d days overdue\n", d.Ref, d.Cadence, *d.LastAt, d.OverdueDays)
	}
	// Output:
	// payments 2026-Q4: 0.60 yellow on-track
	// payments/effortless-checkout/p95-latency: current 500 ms from 3 measurements, score 0.60
	// forecast 93.9 ms (80%: 22.3 to 165.5), score 1.00 green; needed per week -30.4 ms
}

// ExampleDue: a weekly check-in last made 8 days ago is 1 day overdue.
func ExampleDue() {
	q4, _ := model.ParsePeriod("2026-Q4")
	doc := &model.Objectives{Owner: "payments", PeriodText: "2026-Q4", Period: q4}
	o := &model.Objective{ID: "launch", Ref: "payments/launch", Title: "Launch", Weight: 1, Parent: doc}
	kr := &model.KeyResult{ID: "sepa", Ref: "payments/launch/sepa", Title: "Launch SEPA", Type: model.Milestone,
		Weight: 1, Owner: "chen", Cadence: "weekly", Parent: o}
	o.KeyResults = []*model.KeyResult{kr}
	doc.Objectives = []*model.Objective{o}
	at, day, _ := model.ParseAt("2026-11-07")
	repo := &model.Repo{Config: model.DefaultConfig(), Objectives: []*model.Objectives{doc},
		Measurements: []model.Measurement{{Metric: kr.Ref, At: at, Day: day, Value: 0}}}
	asOf, _ := model.ParseDate("2026-11-15")
	r, _ := score.Due(repo, asOf, score.Options{})
	for _, d := range r.Due {
		fmt.Printf("%s owes %s: %s, since %d days, %d overdue\n", d.Owner, d.Ref, d.Cadence, d.SinceDays, d.OverdueDays)
	}
	// Output:
	// chen owes payments/launch/sepa: weekly, since 8 days, 1 overdue
}
