package check

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/okr-as-code/okr/okr/model"
)

func TestSameDay(t *testing.T) {
	kpis := `apiVersion: okr/v1
kind: KPI
id: p95
name: P95
direction: decrease
---
apiVersion: okr/v1
kind: KPI
id: sales
name: Sales
direction: increase
`
	// sales is read with aggregate: sum, by a key result of its KPI
	okrs := `apiVersion: okr/v1
kind: Objectives
owner: pay
period: 2026-Q4
objectives:
  - id: grow
    title: Grow
    key_results:
      - {id: sold, title: Sold, kpi: sales, type: at_least, target: 10, aggregate: sum}
      - {id: fast, title: Fast, kpi: p95, type: at_most, target: 300}
`
	got := run(t, map[string]string{
		"kpis.yaml": kpis,
		"okrs.yaml": okrs,
		// a.csv: lines 2 and 3 differ on 2026-10-05 (720 in b.csv too);
		// 2026-10-06 twice with one value (700 = 700.0) is no warning;
		// two timestamps of one instant (10:00Z = 12:00+02:00) differ;
		// a date and a timestamp of that day are two ats;
		// sales is additive: no warning
		"a.csv": "metric,at,value\np95,2026-10-05,700\np95,2026-10-05,710\np95,2026-10-06,700\np95,2026-10-06,700.0\n" +
			"p95,2026-10-07T10:00:00Z,1\np95,2026-10-07T12:00:00+02:00,2\np95,2026-10-07,3\nsales,2026-10-05,1\nsales,2026-10-05,2\n",
		"b.csv": "metric,at,value\np95,2026-10-05,720\n",
	})
	var same []model.Problem
	for _, p := range got {
		if p.Rule == RuleSameDay {
			same = append(same, p)
		}
	}
	want := []model.Problem{
		W("a.csv", 2, 1, RuleSameDay, "p95 has 3 values at 2026-10-05 (700 at a.csv:2, 710 at a.csv:3, 720 at b.csv:2); only the one read last counts (b.csv:2): keep one value per day and delete the others, or give each a time if they are of different moments"),
		W("a.csv", 6, 1, RuleSameDay, "p95 has 2 values at 2026-10-07T10:00:00Z (1 at a.csv:6, 2 at a.csv:7); only the one read last counts (a.csv:7): keep one value per day and delete the others, or give each a time if they are of different moments"),
	}
	if diff := cmp.Diff(want, same); diff != "" {
		t.Errorf("same-day warnings (-want +got):\n%s", diff)
	}
}
