package gen_test

import (
	"fmt"

	"github.com/okr-as-code/okr/okr/gen"
)

func ExampleScale() {
	cfg, err := gen.Scale("small")
	if err != nil {
		panic(err)
	}
	fmt.Printf("%+v\n", cfg)
	// Output:
	// {Owners:20 Quarters:4 ObjectivesPer:4 KeyResultsPer:4 KPIs:20 Measurements:10000 Commits:100 Year:2026 Seed:1}
}
