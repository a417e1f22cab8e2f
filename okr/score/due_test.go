package score

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/okr-as-code/okr/okr/model"
)

// dueRepo: payments' 2026-Q4 (2026-10-01 … 2026-12-31) and 2026-Q3
// documents, alice's own 2026-Q4 one, and three KPIs; okr.yaml says
// checkin_cadence: biweekly.
func dueRepo() *model.Repo {
	weekly := metricKR("weekly", 0, 10)
	weekly.Cadence = "weekly"
	fresh := metricKR("fresh", 0, 10)
	fresh.Cadence = "weekly"
	never := metricKR("never", 0, 10)
	never.Owner = "alice"
	never.Cadence = "monthly"
	viaKPI := metricKR("via-kpi", 800, 300)
	viaKPI.KPI = "p95_ms"
	config := metricKR("config", 0, 10) // okr.yaml's biweekly
	payments := doc("payments", "2026-Q4", obj("checkout", "", weekly, fresh, never, viaKPI, config))
	old := doc("payments", "2026-Q3", obj("old", "", metricKR("gone", 0, 10)))
	mine := doc("alice", "2026-Q4", obj("own", "", metricKR("x", 0, 10)))
	kpis := []*model.KPI{
		{ID: "p95_ms", Name: "Checkout p95", Owner: "payments", Cadence: "weekly", Direction: model.Decrease},
		{ID: "nps", Name: "NPS", Owner: "growth", Cadence: "monthly", Direction: model.Increase},
		{ID: "unmeasured", Name: "Never measured", Owner: "growth", Cadence: "daily", Direction: model.Increase},
		{ID: "no_cadence", Name: "No cadence", Owner: "growth", Direction: model.Increase},
	}
	r := repo([]*model.Objectives{payments, old, mine}, kpis,
		meas("payments/checkout/weekly", "2026-11-01", 1),
		meas("payments/checkout/weekly", "2026-11-07", 2), // since 8 > 7: due by 1
		meas("payments/checkout/weekly", "2026-11-20", 3), // after as-of: does not count
		meas("payments/checkout/fresh", "2026-11-08", 2),  // since 7: not due
		meas("payments/checkout/config", "2026-10-31", 2), // since 15 > 14: due by 1
		meas("p95_ms", "2026-10-30", 700),                 // since 16 > 7: due by 9
		meas("nps", "2026-08-01", 40),                     // since 106 > 31: due by 75
		meas("no_cadence", "2026-01-01", 1),
		meas("payments/old/gone", "2026-07-01", 1), // Q3: its period does not contain as-of
		meas("alice/own/x", "2026-11-14", 1),       // since 1: not due
	)
	r.Config.CheckinCadence = "biweekly"
	return r
}

func TestDue(t *testing.T) {
	asOf := date("2026-11-15")
	kr := func(ref, title, owner, docOwner, cadence string, last *string, since, over int) DueItem {
		return DueItem{Kind: DueKeyResult, Ref: ref, Title: title, Owner: owner, DocumentOwner: docOwner,
			Period: "2026-Q4", File: docOwner + "/2026-Q4.yaml", Cadence: cadence, LastAt: last, SinceDays: since, OverdueDays: over}
	}
	// never has no measurement: last is 2026-09-30, since 46, monthly 31: due by 15.
	never := kr("payments/checkout/never", "Key result never", "alice", "payments", "monthly", nil, 46, 15)
	nps := DueItem{Kind: DueKPI, Ref: "nps", Title: "NPS", Owner: "growth", DocumentOwner: "growth",
		Cadence: "monthly", LastAt: s("2026-08-01"), SinceDays: 106, OverdueDays: 75}
	p95 := DueItem{Kind: DueKPI, Ref: "p95_ms", Title: "Checkout p95", Owner: "payments", DocumentOwner: "payments",
		Cadence: "weekly", LastAt: s("2026-10-30"), SinceDays: 16, OverdueDays: 9}
	config := kr("payments/checkout/config", "Key result config", "payments", "payments", "biweekly", s("2026-10-31"), 15, 1)
	weekly := kr("payments/checkout/weekly", "Key result weekly", "payments", "payments", "weekly", s("2026-11-07"), 8, 1)
	tests := []struct {
		name string
		opts Options
		want []DueItem
		docs int
	}{
		{
			// By person (alice, growth, payments), most overdue first, then
			// ref: config before weekly at 1 day each.
			name: "every document containing as-of, every KPI",
			want: []DueItem{never, nps, p95, config, weekly},
			docs: 2,
		},
		{
			name: "all periods: still only the documents whose period contains as-of",
			opts: Options{Period: AllPeriods},
			want: []DueItem{never, nps, p95, config, weekly},
			docs: 3,
		},
		{
			name: "a period that does not contain as-of",
			opts: Options{Period: "2026-Q3"},
			want: []DueItem{nps, p95},
			docs: 1,
		},
		{
			// alice's document (nothing due) and her key result in payments';
			// no KPI is hers.
			name: "owner: a person",
			opts: Options{Owner: "alice"},
			want: []DueItem{never},
			docs: 2,
		},
		{
			// payments' own document is whole: never (alice's) is listed
			// under alice.
			name: "owner: a team, with its KPIs",
			opts: Options{Owner: "payments"},
			want: []DueItem{never, p95, config, weekly},
			docs: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Due(dueRepo(), asOf, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			// Without a People document a person's name is their id.
			for i := range tt.want {
				tt.want[i].Name = tt.want[i].Owner
			}
			want := &DueReport{AsOf: "2026-11-15", Due: tt.want, Documents: tt.docs}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("due (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDueEdges(t *testing.T) {
	// On the first day of the period a key result without measurements
	// has since 1 (last is the day before): not due until day 8 for a
	// weekly cadence.
	k := metricKR("k", 0, 10)
	r := repo([]*model.Objectives{doc("payments", "2026-Q4", obj("o", "", k))}, nil)
	for _, tt := range []struct {
		asOf string
		over int // 0: not due
	}{
		{"2026-09-30", 0},  // before the period: not listed
		{"2026-10-01", 0},  // since 1
		{"2026-10-07", 0},  // since 7
		{"2026-10-08", 1},  // since 8
		{"2026-12-31", 85}, // since 92
		{"2027-01-01", 0},  // after the period: not listed
	} {
		got, err := Due(r, date(tt.asOf), Options{Period: AllPeriods})
		if err != nil {
			t.Fatal(err)
		}
		over := 0
		if len(got.Due) == 1 {
			over = got.Due[0].OverdueDays
		}
		if len(got.Due) > 1 || over != tt.over {
			t.Errorf("as of %s: %+v, want overdue %d", tt.asOf, got.Due, tt.over)
		}
	}
	if _, err := Due(r, date("2026-11-15"), Options{Period: "2026-Q5"}); err == nil {
		t.Error("Due with period 2026-Q5: no error")
	}
}

func TestCadence(t *testing.T) {
	cfg := model.DefaultConfig()
	monthly := model.DefaultConfig()
	monthly.CheckinCadence = "monthly"
	for _, tt := range []struct {
		kr   string
		cfg  model.Config
		want string
	}{
		{"", cfg, "weekly"},
		{"daily", cfg, "daily"},
		{"", monthly, "monthly"},
		{"biweekly", monthly, "biweekly"},
		{"fortnightly", monthly, "monthly"}, // a validation error: passed over
		{"", model.Config{}, "weekly"},
	} {
		if got := Cadence(&model.KeyResult{Cadence: tt.kr}, tt.cfg); got != tt.want {
			t.Errorf("Cadence(%q, %q) = %q, want %q", tt.kr, tt.cfg.CheckinCadence, got, tt.want)
		}
	}
}
