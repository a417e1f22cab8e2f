package tree_test

import (
	"os"

	"github.com/okr-as-code/okr/okr/render"
	"github.com/okr-as-code/okr/okr/score"
	"github.com/okr-as-code/okr/okr/tree"
)

func ExampleBuild() {
	r := &score.Report{AsOf: "2026-11-15", Owners: []score.Owner{
		{Owner: "acme", Level: "company", Period: "2026", Start: "2026-01-01", End: "2026-12-31",
			Objectives: []score.Objective{
				{Ref: "acme/grow", Title: "Grow revenue", Score: 0.5, Grade: "yellow", Status: "at-risk"},
				{Ref: "acme/trust", Title: "Be trusted", Score: 1, Grade: "green", Status: "on-track"},
			}},
		{Owner: "payments", Level: "team", Period: "2026-Q4", Start: "2026-10-01", End: "2026-12-31",
			Objectives: []score.Objective{
				{Ref: "payments/checkout", Title: "Make checkout effortless", AlignsTo: "acme/grow", Score: 0.6, Grade: "yellow", Status: "on-track"},
			}},
	}}
	render.Tree(os.Stdout, "text", tree.Build(r))
	// Output:
	// as of 2026-11-15
	// acme/grow (2026): Grow revenue — 0.50 yellow, at-risk
	// └── payments/checkout (2026-Q4): Make checkout effortless — 0.60 yellow, on-track
	// acme/trust (2026): Be trusted — 1.00 green, on-track
	//
	// unsupported (company and department objectives that nothing aligns to):
	//   acme/trust
}
