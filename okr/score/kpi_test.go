package score

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/okr-as-code/okr/okr/model"
)

func TestKPIs(t *testing.T) {
	const id = "metric"
	kpi := func(dir string, target, warn model.Num, cadence string) *model.KPI {
		return &model.KPI{ID: id, Name: "A metric", Owner: "payments", Unit: "ms", Direction: dir, Target: target, Warn: warn, Cadence: cadence}
	}
	some, unset := model.Some, model.Num{}
	// want fills the fields every case shares from the KPI.
	want := func(k *model.KPI, h KPIHealth) KPIHealth {
		h.ID, h.Name, h.Owner, h.Unit, h.Direction, h.Cadence = k.ID, k.Name, k.Owner, k.Unit, k.Direction, k.Cadence
		h.Target, h.Warn = optional(k.Target), optional(k.Warn)
		return h
	}
	one := func(at string, v float64) []model.Measurement { return []model.Measurement{meas(id, at, v)} }
	health := func(v float64) KPIHealth {
		return KPIHealth{Last: f(v), LastAt: s("2026-11-10"), Trend: None, AgeDays: n(5), Measurements: 1}
	}
	with := func(h KPIHealth, health string) KPIHealth { h.Health = health; return h }
	tests := []struct {
		name string
		kpi  *model.KPI
		ms   []model.Measurement
		want KPIHealth // as of 2026-11-15
	}{
		{"increase: at target is green", kpi(model.Increase, some(100), some(80), "weekly"),
			one("2026-11-10", 100), with(health(100), Green)},
		{"increase: beyond target is green", kpi(model.Increase, some(100), some(80), "weekly"),
			one("2026-11-10", 120), with(health(120), Green)},
		{"increase: at warn is yellow", kpi(model.Increase, some(100), some(80), "weekly"),
			one("2026-11-10", 80), with(health(80), Yellow)},
		{"increase: short of warn is red", kpi(model.Increase, some(100), some(80), "weekly"),
			one("2026-11-10", 79.9), with(health(79.9), Red)},
		{"increase without warn: short of target is red", kpi(model.Increase, some(100), unset, "weekly"),
			one("2026-11-10", 99), with(health(99), Red)},
		{"decrease: at target is green", kpi(model.Decrease, some(300), some(500), "weekly"),
			one("2026-11-10", 300), with(health(300), Green)},
		{"decrease: below target is green", kpi(model.Decrease, some(300), some(500), "weekly"),
			one("2026-11-10", 250), with(health(250), Green)},
		{"decrease: at warn is yellow", kpi(model.Decrease, some(300), some(500), "weekly"),
			one("2026-11-10", 500), with(health(500), Yellow)},
		{"decrease: beyond warn is red", kpi(model.Decrease, some(300), some(500), "weekly"),
			one("2026-11-10", 501), with(health(501), Red)},
		{"decrease without warn: above target is red", kpi(model.Decrease, some(300), unset, "weekly"),
			one("2026-11-10", 301), with(health(301), Red)},
		{"no target: unknown", kpi(model.Increase, unset, some(80), "weekly"),
			one("2026-11-10", 100), with(health(100), Unknown)},
		{"no measurement: unknown and stale", kpi(model.Increase, some(100), unset, "weekly"),
			nil, KPIHealth{Trend: None, Health: Unknown, Stale: true}},
		{"no measurement and no cadence: not stale", kpi(model.Increase, some(100), unset, ""),
			nil, KPIHealth{Trend: None, Health: Unknown}},
		{"only measurements after as-of: none", kpi(model.Increase, some(100), unset, "weekly"),
			[]model.Measurement{meas(id, "2026-11-16", 1), meas(id, "2026-11-16T00:00:00+14:00", 2)},
			KPIHealth{Trend: None, Health: Unknown, Stale: true}},
		{"daily: exactly 1 day old is fresh", kpi(model.Increase, some(1), unset, "daily"),
			one("2026-11-14", 1), KPIHealth{Last: f(1), LastAt: s("2026-11-14"), Trend: None, Health: Green, AgeDays: n(1), Measurements: 1}},
		{"daily: 2 days old is stale", kpi(model.Increase, some(1), unset, "daily"),
			one("2026-11-13", 1), KPIHealth{Last: f(1), LastAt: s("2026-11-13"), Trend: None, Health: Green, Stale: true, AgeDays: n(2), Measurements: 1}},
		{"weekly: exactly 7 days old is fresh", kpi(model.Increase, some(1), unset, "weekly"),
			one("2026-11-08", 1), KPIHealth{Last: f(1), LastAt: s("2026-11-08"), Trend: None, Health: Green, AgeDays: n(7), Measurements: 1}},
		{"weekly: 8 days old is stale", kpi(model.Increase, some(1), unset, "weekly"),
			one("2026-11-07", 1), KPIHealth{Last: f(1), LastAt: s("2026-11-07"), Trend: None, Health: Green, Stale: true, AgeDays: n(8), Measurements: 1}},
		{"monthly: exactly 31 days old is fresh", kpi(model.Increase, some(1), unset, "monthly"),
			one("2026-10-15", 1), KPIHealth{Last: f(1), LastAt: s("2026-10-15"), Trend: None, Health: Green, AgeDays: n(31), Measurements: 1}},
		{"monthly: 32 days old is stale", kpi(model.Increase, some(1), unset, "monthly"),
			one("2026-10-14", 1), KPIHealth{Last: f(1), LastAt: s("2026-10-14"), Trend: None, Health: Green, Stale: true, AgeDays: n(32), Measurements: 1}},
		{"quarterly: exactly 92 days old is fresh", kpi(model.Increase, some(1), unset, "quarterly"),
			one("2026-08-15", 1), KPIHealth{Last: f(1), LastAt: s("2026-08-15"), Trend: None, Health: Green, AgeDays: n(92), Measurements: 1}},
		{"quarterly: 93 days old is stale", kpi(model.Increase, some(1), unset, "quarterly"),
			one("2026-08-14", 1), KPIHealth{Last: f(1), LastAt: s("2026-08-14"), Trend: None, Health: Green, Stale: true, AgeDays: n(93), Measurements: 1}},
		{"measured on as-of: 0 days old", kpi(model.Increase, some(1), unset, "daily"),
			one("2026-11-15", 1), KPIHealth{Last: f(1), LastAt: s("2026-11-15"), Trend: None, Health: Green, AgeDays: n(0), Measurements: 1}},
		{"last and previous by at, not read order: trend down", kpi(model.Decrease, some(300), unset, "weekly"),
			[]model.Measurement{meas(id, "2026-11-10", 400), meas(id, "2026-11-01", 500), meas(id, "2026-11-03", 450), meas(id, "2026-11-20", 100)},
			KPIHealth{Last: f(400), LastAt: s("2026-11-10"), Previous: f(450), PreviousAt: s("2026-11-03"), Trend: Down, Health: Red, AgeDays: n(5), Measurements: 3}},
		{"trend up", kpi(model.Increase, some(10), unset, "weekly"),
			[]model.Measurement{meas(id, "2026-11-01", 5), meas(id, "2026-11-10", 12)},
			KPIHealth{Last: f(12), LastAt: s("2026-11-10"), Previous: f(5), PreviousAt: s("2026-11-01"), Trend: Up, Health: Green, AgeDays: n(5), Measurements: 2}},
		{"a tie on at: the one read last is last, trend flat", kpi(model.Increase, some(10), unset, "weekly"),
			[]model.Measurement{meas(id, "2026-11-10", 7), meas(id, "2026-11-10", 7), meas(id, "2026-11-10", 7)},
			KPIHealth{Last: f(7), LastAt: s("2026-11-10"), Previous: f(7), PreviousAt: s("2026-11-10"), Trend: Flat, Health: Red, AgeDays: n(5), Measurements: 3}},
		{"a tie on at: previous is the one read before", kpi(model.Increase, some(10), unset, "weekly"),
			[]model.Measurement{meas(id, "2026-11-10", 8), meas(id, "2026-11-10", 12)},
			KPIHealth{Last: f(12), LastAt: s("2026-11-10"), Previous: f(8), PreviousAt: s("2026-11-10"), Trend: Up, Health: Green, AgeDays: n(5), Measurements: 2}},
		{"timestamps count by their date as written", kpi(model.Increase, some(10), unset, "daily"),
			[]model.Measurement{
				meas(id, "2026-11-15T23:00:00-10:00", 11), // 2026-11-16T09:00Z, written on as-of
				meas(id, "2026-11-16T00:00:00+14:00", 1),  // 2026-11-15T10:00Z, written after as-of
				meas(id, "2026-11-01", 3),
			},
			KPIHealth{Last: f(11), LastAt: s("2026-11-15T23:00:00-10:00"), Previous: f(3), PreviousAt: s("2026-11-01"), Trend: Up, Health: Green, AgeDays: n(0), Measurements: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A measurement of another metric, earlier and later, must not interfere.
			ms := append([]model.Measurement{meas("other", "2026-11-12", 1e9)}, tt.ms...)
			ms = append(ms, meas("zzz", "2026-11-12", -1e9))
			r := repo(nil, []*model.KPI{tt.kpi}, ms...)
			got := KPIs(r, date("2026-11-15"), Options{})
			if diff := cmp.Diff(want(tt.kpi, tt.want), got.KPIs[0]); diff != "" {
				t.Errorf("KPI (-want +got):\n%s", diff)
			}
		})
	}
}

func TestKPIsOrderAndOwner(t *testing.T) {
	k := func(id, owner string) *model.KPI { return &model.KPI{ID: id, Owner: owner, Direction: model.Increase} }
	r := repo(nil, []*model.KPI{k("nps", "cx"), k("arr", "sales"), k("churn", "cx")})
	ids := func(rep *KPIReport) []string {
		out := []string{}
		for _, h := range rep.KPIs {
			out = append(out, h.ID)
		}
		return out
	}
	if diff := cmp.Diff([]string{"arr", "churn", "nps"}, ids(KPIs(r, date("2026-11-15"), Options{}))); diff != "" {
		t.Errorf("all KPIs (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"churn", "nps"}, ids(KPIs(r, date("2026-11-15"), Options{Owner: "cx"}))); diff != "" {
		t.Errorf("owner cx (-want +got):\n%s", diff)
	}
	empty := KPIs(repo(nil, nil), date("2026-11-15"), Options{})
	if empty.KPIs == nil || empty.AsOf != "2026-11-15" {
		t.Errorf("empty report = %+v, want as_of 2026-11-15 and an empty list", empty)
	}
}
