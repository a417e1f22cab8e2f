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
	// Output:
	// payments 2026-Q4: 0.60 yellow on-track
	// payments/effortless-checkout/p95-latency: current 500 ms from 3 measurements, score 0.60
}
