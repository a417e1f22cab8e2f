package change_test

import (
	"fmt"
	"testing/fstest"

	"github.com/okr-as-code/okr/okr/change"
	"github.com/okr-as-code/okr/okr/load"
	"github.com/okr-as-code/okr/okr/model"
)

func Example() {
	const doc = `apiVersion: okr/v1
kind: Objectives
owner: payments
period: 2026-Q4
objectives:
  - id: effortless-checkout
    title: Make checkout effortless
    key_results:
      - id: p95-latency
        title: Cut checkout p95 latency
        baseline: 800
        target: %d
        unit: ms
`
	const csv = "metric,at,value\npayments/effortless-checkout/p95-latency,2026-11-09,550\n"
	base, _, _ := load.Load(fstest.MapFS{
		"payments.yaml": {Data: fmt.Appendf(nil, doc, 300)},
		"data.csv":      {Data: []byte(csv)},
	}, load.Options{})
	// The head lowers the goal and moves the file (only the target
	// changed), and records a check-in.
	head, _, _ := load.Load(fstest.MapFS{
		"teams/payments/2026-Q4.yaml": {Data: fmt.Appendf(nil, doc, 400)},
		"data.csv":                    {Data: []byte(csv)},
		"checkins.csv":                {Data: []byte("metric,at,value,note\npayments/effortless-checkout/p95-latency,2026-11-16,500,CDN\n")},
	}, load.Options{})

	day, _ := model.ParseDate("2026-11-15")
	d := change.Compare(base, head, change.Options{
		Base: "main", Head: "work tree",
		Date:   day, // when the head's changes were made
		Scores: change.ScoresAsOf(day),
		AsOf:   day,
		// and the check-ins added or removed
		Measurements: true,
	})
	for _, c := range d.Changes {
		fmt.Printf("%s %s %s: %v → %v, after the period began: %v, %s\n",
			c.Period, c.Ref, c.Field, c.Old, c.New, c.AfterPeriodStart, c.Direction)
	}
	for _, s := range d.Scores {
		fmt.Printf("%s %s: score %.2f → %.2f\n", s.Period, s.Ref, *s.Old, *s.New)
	}
	for _, m := range d.Measurements {
		fmt.Printf("check-in %s: %s %s %v %s, %s\n", m.Kind, m.Metric, m.At, m.Value, m.Unit, m.Note)
	}
	// Output:
	// 2026-Q4 payments/effortless-checkout/p95-latency target: 300 → 400, after the period began: true, easier
	// 2026-Q4 payments: score 0.50 → 0.62
	// 2026-Q4 payments/effortless-checkout: score 0.50 → 0.62
	// 2026-Q4 payments/effortless-checkout/p95-latency: score 0.50 → 0.62
	// check-in added: payments/effortless-checkout/p95-latency 2026-11-16 500 ms, CDN
}
