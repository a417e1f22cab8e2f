package rollover_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/okr-as-code/okr/okr/load"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/rollover"
)

func Example() {
	dir, err := os.MkdirTemp("", "okr-rollover")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	files := map[string]string{
		"teams/payments/2026-Q4.yaml": `apiVersion: okr/v1
kind: Objectives
owner: payments
period: 2026-Q4
objectives:
  - id: checkout
    title: Make checkout effortless
    key_results:
      - id: latency
        title: Cut checkout p95 latency
        baseline: 800
        commit: 600
        target: 300
        unit: ms
`,
		"measurements/payments.csv": "metric,at,value,note\npayments/checkout/latency,2026-12-14,540,\n",
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	repo, _, err := load.Dir(dir, load.Options{})
	if err != nil {
		log.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer root.Close()

	q1, _ := model.ParsePeriod("2027-Q1")
	plan, err := rollover.MakePlan(root.FS(), repo, rollover.Options{
		From: rollover.Previous(q1), To: q1, AsOf: model.NewDate(2027, 1, 4),
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range plan.Files {
		if err := rollover.Write(dir, f); err != nil {
			log.Fatal(err)
		}
		fmt.Println("wrote", f.Path)
		for _, n := range f.Notes {
			fmt.Printf("  %s: %s\n", n.Ref, n.Message)
		}
		fmt.Printf("\n%s", f.Content)
	}
	// Output:
	// wrote teams/payments/2027-Q1.yaml
	//   payments/checkout/latency: baseline 800 → 540
	//   payments/checkout/latency: commit 600 dropped: the new baseline 540 is already at or past it
	//
	// # rolled over from teams/payments/2026-Q4.yaml (2026-Q4) on 2027-01-04
	//
	// apiVersion: okr/v1
	// kind: Objectives
	// owner: payments
	// period: 2027-Q1
	// objectives:
	//   - id: checkout
	//     title: Make checkout effortless
	//     key_results:
	//       - id: latency
	//         title: Cut checkout p95 latency
	//         baseline: 540
	//         target: 300
	//         unit: ms
}
