package score

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/okr-as-code/okr/okr/model"
)

// TestFit checks the least-squares fit and its band against values worked
// by hand.
func TestFit(t *testing.T) {
	type pt struct{ x, y float64 }
	tests := []struct {
		name            string
		pts             []pt
		X               float64
		f, low, high    float64
		wantBand, wantF bool
	}{
		{name: "no point", X: 91},
		{name: "one point", pts: []pt{{0, 10}}, X: 91},
		{name: "two points on one x", pts: []pt{{5, 10}, {5, 20}}, X: 91},
		{
			// b = (20 − 10) / 10 = 1, a = 10: f = 10 + 91 = 101.
			name: "two points: the line through them, no band",
			pts:  []pt{{0, 10}, {10, 20}}, X: 91, f: 101, wantF: true,
		},
		{
			// x̄ = 10, ȳ = 25, Σ(x−x̄)² = 200, Σ(x−x̄)(y−ȳ) = 150 + 100 = 250:
			// b = 1.25, a = 25 − 12.5 = 12.5, f = 12.5 + 1.25·91 = 126.25.
			// Residuals −2.5, 5, −2.5: Σ = 37.5, s = √(37.5 / 1);
			// se = s·√(1 + 1/3 + 81²/200) = √(37.5 × 34.13833…) = √1280.1875
			// = 35.7797079362; f ∓ 1.2816·se = 126.25 ∓ 45.855273691.
			name: "three points: a band",
			pts:  []pt{{0, 10}, {10, 30}, {20, 35}}, X: 91,
			f: 126.25, low: 80.394726309, high: 172.105273691, wantBand: true, wantF: true,
		},
		{
			// On a line: no residual, so the band is the forecast itself.
			name: "three points on a line: a band of width 0",
			pts:  []pt{{0, 0}, {1, 2}, {2, 4}}, X: 10,
			f: 20, low: 20, high: 20, wantBand: true, wantF: true,
		},
		{
			// Two dates, three points: x̄ = 2/3, Σ(x−x̄)² = 4/9 + 4/9 + 16/9
			// = 8/3, Σ(x−x̄)(y−ȳ) with ȳ = 4: (−2/3)(−2) + (−2/3)(2) +
			// (4/3)(0) = 0: b = 0, f = 4. Residuals −2, 2, 0: s = √(8/1);
			// se = √8·√(1 + 1/3 + (7/3)² / (8/3)) = √8·√(24/24 + 8/24 + 49/24)
			// = √(8 × 81/24) = √27.
			name: "a repeated date counts each measurement",
			pts:  []pt{{0, 2}, {0, 6}, {2, 4}}, X: 3,
			f: 4, low: 4 - 1.2816*math.Sqrt(27), high: 4 + 1.2816*math.Sqrt(27), wantBand: true, wantF: true,
		},
		{
			// Values around a billion keep their digits: b = 1, f = 1e9 + 91.
			name: "large values",
			pts:  []pt{{0, 1e9}, {10, 1e9 + 10}, {20, 1e9 + 20}}, X: 91,
			f: 1e9 + 91, low: 1e9 + 91, high: 1e9 + 91, wantBand: true, wantF: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fit Fit
			for _, p := range tt.pts {
				fit.Add(p.x, p.y)
			}
			f, low, high, band, ok := fit.At(tt.X)
			if ok != tt.wantF || band != tt.wantBand {
				t.Fatalf("At(%v): ok %v band %v, want ok %v band %v", tt.X, ok, band, tt.wantF, tt.wantBand)
			}
			if !ok {
				return
			}
			near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-6*max(1, math.Abs(b)) }
			if !near(f, tt.f) || (band && (!near(low, tt.low) || !near(high, tt.high))) {
				t.Errorf("At(%v) = %v [%v, %v], want %v [%v, %v]", tt.X, f, low, high, tt.f, tt.low, tt.high)
			}
		})
	}
}

func TestNeededPerWeek(t *testing.T) {
	some := model.Some
	up := &model.KeyResult{Type: model.Metric, Baseline: some(0), Target: some(100)}
	down := &model.KeyResult{Type: model.Metric, Baseline: some(800), Target: some(300)}
	atLeast := &model.KeyResult{Type: model.AtLeast, Target: some(50)}
	atMost := &model.KeyResult{Type: model.AtMost, Target: some(5)}
	tests := []struct {
		name    string
		kr      *model.KeyResult
		current float64
		r       int
		want    float64
		ok      bool
	}{
		{"metric up: (100 − 20) / 14 × 7 = 40", up, 20, 14, 40, true},
		{"metric up, one day left: (100 − 93) × 7 = 49", up, 93, 1, 49, true},
		{"metric up, target met", up, 100, 14, 0, true},
		{"metric up, beyond target", up, 130, 14, 0, true},
		{"metric down: (300 − 650) / 7 × 7 = −350", down, 650, 7, -350, true},
		{"metric down, target met", down, 300, 7, 0, true},
		{"at_least: (50 − 30) / 28 × 7 = 5", atLeast, 30, 28, 5, true},
		{"at_least met", atLeast, 50, 28, 0, true},
		{"at_most: (5 − 9) / 28 × 7 = −1", atMost, 9, 28, -1, true},
		{"at_most met", atMost, 3, 28, 0, true},
		{"no day left", up, 20, 0, 0, false},
		{"after the period", up, 20, -3, 0, false},
		{"milestone", &model.KeyResult{Type: model.Milestone}, 0, 14, 0, false},
		{"no target", &model.KeyResult{Type: model.AtLeast}, 0, 14, 0, false},
		{"infinite current", up, math.Inf(1), 14, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := NeededPerWeek(tt.kr, tt.current, tt.r)
			if ok != tt.ok || got != tt.want {
				t.Errorf("NeededPerWeek(%v, %d) = %v, %v; want %v, %v", tt.current, tt.r, got, ok, tt.want, tt.ok)
			}
		})
	}
}

// digits12 compares numbers to the 12 significant digits that the expected
// values are written with.
var digits12 = cmpopts.EquateApprox(1e-11, 1e-12)

// checkinCase is one key result of payments' 2026-Q4 document
// (2026-10-01 … 2026-12-31: X = 91, 92 days) scored as of asOf (default
// 2026-11-15: 46 days elapsed, r = 46 days left).
type checkinCase struct {
	name      string
	kr        *model.KeyResult
	committed bool
	ms        []model.Measurement
	asOf      string
	want      checkin
}

// checkin is what the check-in work adds to a key result's score.
type checkin struct {
	Forecast      *Forecast
	NeededPerWeek *float64
	Confidence    *int
	ConfidenceAt  *string
}

func withConf(m model.Measurement, c int8) model.Measurement {
	m.Confidence, m.HasConfidence = c, true
	return m
}

func TestCheckinKeyResult(t *testing.T) {
	const ref = "payments/checkout/kr"
	some := model.Some
	kr := func(typ string, mod func(*model.KeyResult)) *model.KeyResult {
		k := &model.KeyResult{ID: "kr", Title: "Key result kr", Type: typ}
		if mod != nil {
			mod(k)
		}
		return k
	}
	m := func(at string, v float64) model.Measurement { return meas(ref, at, v) }
	tests := []checkinCase{
		{
			// 10-01 is x = 0, 10-11 x = 10: b = 1, f = 10 + 91 = 101,
			// score 101/200 = 0.505 (yellow). Needed: (200 − 20) / 46 × 7
			// = 1260/46 = 27.3913043478.
			name: "2 points",
			kr:   metricKR("kr", 0, 200),
			ms:   []model.Measurement{m("2026-10-01", 10), m("2026-10-11", 20)},
			want: checkin{Forecast: &Forecast{Value: 101, Score: 0.505, Grade: Yellow}, NeededPerWeek: f(27.3913043478)},
		},
		{
			// As TestFit's "three points: a band": f = 126.25, score
			// 126.25/200 = 0.63125 (yellow), band 80.394726309 … 172.105273691.
			// Needed: (200 − 35) / 46 × 7 = 1155/46 = 25.1086956522.
			name: "3 points with a band",
			kr:   metricKR("kr", 0, 200),
			ms:   []model.Measurement{m("2026-10-01", 10), m("2026-10-11", 30), m("2026-10-21", 35)},
			want: checkin{Forecast: &Forecast{Value: 126.25, Low: f(80.394726309), High: f(172.105273691), Score: 0.63125, Grade: Yellow},
				NeededPerWeek: f(25.1086956522)},
		},
		{
			// One distinct date: no line. current is the latest instant, 15
			// at 18:00: (200 − 15) / 46 × 7 = 1295/46 = 28.152173913.
			name: "all on one date",
			kr:   metricKR("kr", 0, 200),
			ms:   []model.Measurement{m("2026-10-05", 10), m("2026-10-05", 20), m("2026-10-05T18:00:00Z", 15)},
			want: checkin{NeededPerWeek: f(28.152173913)},
		},
		{
			// current = 10 + 13 = 23 over 46 of 92 days: f = 23 × 92/46 = 46,
			// score 0.46 (yellow), no band. Needed: (100 − 23) / 46 × 7 =
			// 539/46 = 11.7173913043.
			name: "sum: run rate",
			kr:   withSum(metricKR("kr", 0, 100)),
			ms:   []model.Measurement{m("2026-10-05", 10), m("2026-11-10", 13)},
			want: checkin{Forecast: &Forecast{Value: 46, Score: 0.46, Grade: Yellow}, NeededPerWeek: f(11.7173913043)},
		},
		{
			// 46 days elapsed of 92 on 2026-11-15: f = 30 × 92/46 = 60 even
			// though the last measurement is weeks old.
			name: "sum: run rate over the days elapsed, not the days measured",
			kr:   withSum(metricKR("kr", 0, 100)),
			ms:   []model.Measurement{m("2026-10-01", 30)},
			want: checkin{Forecast: &Forecast{Value: 60, Score: 0.6, Grade: Yellow}, NeededPerWeek: f(10.6521739130)},
		},
		{
			// 800 at x = 0, 650 at x = 30: b = −5, f = 800 − 455 = 345,
			// score (800 − 345) / 500 = 0.91 (green). Needed: (300 − 650) /
			// 46 × 7 = −2450/46 = −53.2608695652.
			name: "decreasing metric",
			kr:   metricKR("kr", 800, 300),
			ms:   []model.Measurement{m("2026-10-01", 800), m("2026-10-31", 650)},
			want: checkin{Forecast: &Forecast{Value: 345, Score: 0.91, Grade: Green}, NeededPerWeek: f(-53.2608695652)},
		},
		{
			// 0 at x = 0, 62 at x = 31: b = 2, f = 182, between target 100
			// (0.7) and stretch 200 (1.0): 0.7 + 82/100 × 0.3 = 0.946; the
			// objective is committed, so yellow (green only at 1.0). Needed
			// (to the target, not the stretch): (100 − 62) / 46 × 7 = 266/46
			// = 5.78260869565.
			name: "commit and stretch levels, committed objective",
			kr: kr(model.Metric, func(k *model.KeyResult) {
				k.Baseline, k.Commit, k.Target, k.Stretch = some(0), some(40), some(100), some(200)
			}),
			committed: true,
			ms:        []model.Measurement{m("2026-10-01", 0), m("2026-11-01", 62)},
			want:      checkin{Forecast: &Forecast{Value: 182, Score: 0.946, Grade: Yellow}, NeededPerWeek: f(5.78260869565)},
		},
		{
			// 0 at x = 0, 5 at x = 30: b = 1/6, f = 91/6 = 15.1666666667,
			// between baseline 0 and commit 40: 15.1666…/40 × 0.3 = 0.11375
			// (red). Needed: (100 − 5) / 46 × 7 = 665/46 = 14.4565217391.
			name: "commit level: forecast below it",
			kr: kr(model.Metric, func(k *model.KeyResult) {
				k.Baseline, k.Commit, k.Target = some(0), some(40), some(100)
			}),
			ms:   []model.Measurement{m("2026-10-01", 0), m("2026-10-31", 5)},
			want: checkin{Forecast: &Forecast{Value: 15.1666666667, Score: 0.11375, Grade: Red}, NeededPerWeek: f(14.4565217391)},
		},
		{
			// 20 at x = 0, 30 at x = 20: b = 0.5, f = 20 + 45.5 = 65.5 ≥ 50:
			// score 1 (green). Needed: (50 − 30) / 46 × 7 = 140/46 = 3.04347826087.
			name: "at_least",
			kr:   kr(model.AtLeast, func(k *model.KeyResult) { k.Target = some(50) }),
			ms:   []model.Measurement{m("2026-10-01", 20), m("2026-10-21", 30)},
			want: checkin{Forecast: &Forecast{Value: 65.5, Score: 1, Grade: Green}, NeededPerWeek: f(3.04347826087)},
		},
		{
			// 10 at x = 0, 9 at x = 10: b = −0.1, f = 10 − 9.1 = 0.9 ≤ 5:
			// score 1. Needed: (5 − 9) / 46 × 7 = −28/46 = −0.608695652174.
			name: "at_most",
			kr:   kr(model.AtMost, func(k *model.KeyResult) { k.Target = some(5) }),
			ms:   []model.Measurement{m("2026-10-01", 10), m("2026-10-11", 9)},
			want: checkin{Forecast: &Forecast{Value: 0.9, Score: 1, Grade: Green}, NeededPerWeek: f(-0.608695652174)},
		},
		{
			// 3 at x = 0, 4 at x = 10: b = 0.1, f = 3 + 9.1 = 12.1 > 5:
			// score 0 (red); current 4 already meets the target: needed 0.
			name: "at_most met today, missed by the forecast",
			kr:   kr(model.AtMost, func(k *model.KeyResult) { k.Target = some(5) }),
			ms:   []model.Measurement{m("2026-10-01", 3), m("2026-10-11", 4)},
			want: checkin{Forecast: &Forecast{Value: 12.1, Score: 0, Grade: Red}, NeededPerWeek: f(0)},
		},
		{
			name: "before the period: nothing counts, no forecast, no current",
			kr:   metricKR("kr", 0, 200),
			ms:   []model.Measurement{m("2026-09-20", 5), m("2026-09-25", 10)},
			asOf: "2026-09-30",
			want: checkin{},
		},
		{
			// On 12-30, r = 1: (200 − 20) × 7 = 1260; the line as before.
			name: "the day before its last day",
			kr:   metricKR("kr", 0, 200),
			ms:   []model.Measurement{m("2026-10-01", 10), m("2026-10-11", 20)},
			asOf: "2026-12-30",
			want: checkin{Forecast: &Forecast{Value: 101, Score: 0.505, Grade: Yellow}, NeededPerWeek: f(1260)},
		},
		{
			name: "on its last day: no forecast, no day left",
			kr:   metricKR("kr", 0, 200),
			ms:   []model.Measurement{m("2026-10-01", 10), m("2026-10-11", 20), withConf(m("2026-12-31", 30), 4)},
			asOf: "2026-12-31",
			want: checkin{Confidence: n(4), ConfidenceAt: s("2026-12-31")},
		},
		{
			name: "after it",
			kr:   metricKR("kr", 0, 200),
			ms:   []model.Measurement{m("2026-10-01", 10), m("2026-10-11", 20)},
			asOf: "2027-01-15",
			want: checkin{},
		},
		{
			name: "milestone: neither forecast nor needed",
			kr:   kr(model.Milestone, nil),
			ms:   []model.Measurement{m("2026-10-01", 0), withConf(m("2026-10-11", 0), 3)},
			want: checkin{Confidence: n(3), ConfidenceAt: s("2026-10-11")},
		},
		{
			name: "no data",
			kr:   metricKR("kr", 0, 200),
			want: checkin{},
		},
		{
			// mean 15: no forecast for mean; (200 − 15) / 46 × 7 = 1295/46.
			name: "mean: no forecast",
			kr:   func() *model.KeyResult { k := metricKR("kr", 0, 200); k.Aggregate = model.Mean; return k }(),
			ms:   []model.Measurement{m("2026-10-01", 10), m("2026-10-11", 20)},
			want: checkin{NeededPerWeek: f(28.152173913)},
		},
		{
			// The latest counted measurement carrying one: 10-11's 8, not
			// 10-01's 5; 10-21 has none; 11-20 is after as-of. The three
			// lie on y = 10 + x: f = 101 with a band of width 0; needed
			// (200 − 30) / 46 × 7 = 1190/46 = 25.8695652174.
			name: "confidence: the latest that carries one",
			kr:   metricKR("kr", 0, 200),
			ms: []model.Measurement{withConf(m("2026-10-01", 10), 5), withConf(m("2026-10-11", 20), 8),
				m("2026-10-21", 30), withConf(m("2026-11-20", 40), 1)},
			want: checkin{Forecast: &Forecast{Value: 101, Low: f(101), High: f(101), Score: 0.505, Grade: Yellow},
				NeededPerWeek: f(25.8695652174), Confidence: n(8), ConfidenceAt: s("2026-10-11")},
		},
		{
			// Two on one date: the one read last (confidence 0, a real value).
			name: "confidence: a tie goes to the one read last, and 0 counts",
			kr:   kr(model.Milestone, nil),
			ms:   []model.Measurement{withConf(m("2026-10-05", 0), 9), withConf(m("2026-10-05", 1), 0)},
			want: checkin{Confidence: n(0), ConfidenceAt: s("2026-10-05")},
		},
	}
	runCheckin(t, ref, tests)
}

// TestCheckinKPI: a key result that reads a KPI takes the KPI's
// measurements and their confidence.
func TestCheckinKPI(t *testing.T) {
	k := metricKR("kr", 800, 300)
	k.KPI = "p95_ms"
	runCheckin(t, "p95_ms", []checkinCase{{
		// 800 at x = 0, 700 at x = 10, 650 at x = 20: x̄ = 10, ȳ = 716.67,
		// Σ(x−x̄)(y−ȳ) = (−10)(83.33) + 0 + (10)(−66.67) = −1500, Σ(x−x̄)² = 200:
		// b = −7.5, f = 716.67 − 7.5 × 81 = 109.166666667: beyond the target,
		// score 1. Residuals: ŷ = 791.67, 716.67, 641.67 → 8.33, −16.67, 8.33;
		// Σ = 416.67, s = √416.67 = 20.4124; se = s·√(1 + 1/3 + 81²/200)
		// = 20.4124 × 5.84280 = 119.2657; 1.2816 × se = 152.8509:
		// band 109.1667 ∓ 152.8509 = −43.6842 … 262.0176. Needed:
		// (300 − 650) / 46 × 7 = −53.2608695652.
		name: "KPI",
		kr:   k,
		ms: []model.Measurement{withConf(meas("p95_ms", "2026-10-01", 800), 2), meas("p95_ms", "2026-10-11", 700),
			withConf(meas("p95_ms", "2026-10-21", 650), 6)},
		want: checkin{Forecast: &Forecast{Value: 109.166666667, Low: f(-43.6842456368), High: f(262.01757897), Score: 1, Grade: Green},
			NeededPerWeek: f(-53.2608695652), Confidence: n(6), ConfidenceAt: s("2026-10-21")},
	}})
}

func runCheckin(t *testing.T, metric string, tests []checkinCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			typ := ""
			if tt.committed {
				typ = model.Committed
			}
			r := repo([]*model.Objectives{doc("payments", "2026-Q4", obj("checkout", typ, tt.kr))}, nil, tt.ms...)
			rep, err := Score(r, date(cmpOr(tt.asOf, "2026-11-15")), Options{Period: "2026-Q4"})
			if err != nil {
				t.Fatal(err)
			}
			k := rep.Owners[0].Objectives[0].KeyResults[0]
			got := checkin{Forecast: k.Forecast, NeededPerWeek: k.NeededPerWeek, Confidence: k.Confidence, ConfidenceAt: k.ConfidenceAt}
			if diff := cmp.Diff(tt.want, got, digits12); diff != "" {
				t.Errorf("check-in fields (-want +got):\n%s", diff)
			}
		})
	}
}

// TestForecastScores: objective and owner forecast scores are weighted
// means that take a key result's (an objective's) score where it has no
// forecast, and null when nothing in them has a forecast.
func TestForecastScores(t *testing.T) {
	// growth: forecast 101/200 = 0.505, weight 1; flat: mean aggregate, no
	// forecast, current 50 of 100 → score 0.5, weight 3.
	// Objective grow: (0.505 + 3 × 0.5) / 4 = 2.005/4 = 0.50125 (yellow);
	// score (0.1 + 1.5) / 4 = 0.4 (growth's current 20/200 = 0.1).
	growth := metricKR("growth", 0, 200)
	flat := metricKR("flat", 0, 100)
	flat.Aggregate, flat.Weight = model.Mean, 3
	// Objective keep (weight 2): a milestone, not done: score 0, no forecast.
	// Owner: (1 × 0.50125 + 2 × 0) / 3 = 0.167083333333 (red).
	keep := obj("keep", "", &model.KeyResult{ID: "ship", Title: "Ship", Type: model.Milestone})
	keep.Weight = 2
	d := doc("payments", "2026-Q4", obj("grow", "", growth, flat), keep)
	// search has no forecast anywhere: nulls.
	other := doc("search", "2026-Q4", obj("find", "", &model.KeyResult{ID: "ship", Title: "Ship", Type: model.Milestone}))
	r := repo([]*model.Objectives{d, other}, nil,
		meas("payments/grow/growth", "2026-10-01", 10), meas("payments/grow/growth", "2026-10-11", 20),
		meas("payments/grow/flat", "2026-10-01", 50))
	rep, err := Score(r, date("2026-11-15"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	type fs struct {
		Ref   string
		Score *float64
		Grade *string
	}
	var got []fs
	for _, o := range rep.Owners {
		got = append(got, fs{o.Owner, o.ForecastScore, o.ForecastGrade})
		for _, ob := range o.Objectives {
			got = append(got, fs{ob.Ref, ob.ForecastScore, ob.ForecastGrade})
		}
	}
	want := []fs{
		{"payments", f(0.167083333333), s(Red)},
		{"payments/grow", f(0.50125), s(Yellow)},
		{"payments/keep", nil, nil},
		{"search", nil, nil},
		{"search/find", nil, nil},
	}
	if diff := cmp.Diff(want, got, digits12); diff != "" {
		t.Errorf("forecast scores (-want +got):\n%s", diff)
	}
}

// TestScoreOwnerSelectsKeyResults: --owner alice keeps alice's documents
// whole and, from the others, only alice's key results, with the scores of
// the whole document.
func TestScoreOwnerSelectsKeyResults(t *testing.T) {
	a, b, c := metricKR("a", 0, 10), metricKR("b", 0, 10), metricKR("c", 0, 10)
	b.Owner = "alice"
	payments := doc("payments", "2026-Q4", obj("one", "", a), obj("two", "", b, c))
	mine := doc("alice", "2026-Q4", obj("own", "", metricKR("x", 0, 10)))
	none := doc("search", "2026-Q4", obj("s", "", metricKR("y", 0, 10)))
	r := repo([]*model.Objectives{payments, mine, none}, nil,
		meas("payments/one/a", "2026-10-05", 10), meas("payments/two/b", "2026-10-05", 5))
	rep, err := Score(r, date("2026-11-15"), Options{Owner: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range rep.Owners {
		got = append(got, o.Owner+" "+fmtFloat(o.Score))
		for _, ob := range o.Objectives {
			got = append(got, "  "+ob.Ref+" "+fmtFloat(ob.Score))
			for _, k := range ob.KeyResults {
				got = append(got, "    "+k.Ref+" "+k.Owner)
			}
		}
	}
	// payments: one = 1, two = (0.5 + 0) / 2 = 0.25; owner (1 + 0.25) / 2 = 0.625.
	want := []string{
		"alice 0",
		"  alice/own 0",
		"    alice/own/x ",
		"payments 0.625",
		"  payments/two 0.25",
		"    payments/two/b alice",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

// TestFitMatchesTwoPass holds the one-pass Fit to the textbook two-pass
// formulas of SPEC §2 on random series: days 0..91, values around a level
// from 0 to 1e9, with repeated dates.
func TestFitMatchesTwoPass(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 34))
	for iter := 0; iter < 2000; iter++ {
		n := 2 + rng.IntN(30)
		level := []float64{0, 1, 1e3, 1e6, 1e9}[rng.IntN(5)]
		xs, ys := make([]float64, n), make([]float64, n)
		var fit Fit
		for i := range xs {
			xs[i] = float64(rng.IntN(92))
			ys[i] = level + rng.NormFloat64()*math.Max(1, level/100) + xs[i]*rng.Float64()
			fit.Add(xs[i], ys[i])
		}
		X := 91.0
		var mx, my float64
		for i := range xs {
			mx += xs[i] / float64(n)
			my += ys[i] / float64(n)
		}
		var sxx, sxy float64
		for i := range xs {
			sxx += (xs[i] - mx) * (xs[i] - mx)
			sxy += (xs[i] - mx) * (ys[i] - my)
		}
		f, low, high, band, ok := fit.At(X)
		if ok != (sxx > 0) {
			t.Fatalf("%v, %v: ok %v with Σ(x−x̄)² = %v", xs, ys, ok, sxx)
		}
		if !ok {
			continue
		}
		b := sxy / sxx
		a := my - b*mx
		want := a + b*X
		scale := math.Max(1, math.Abs(level))
		if math.Abs(f-want) > 1e-9*scale {
			t.Fatalf("%v, %v: f = %v, two-pass %v", xs, ys, f, want)
		}
		if band != (n >= 3) {
			t.Fatalf("n = %d: band %v", n, band)
		}
		if !band {
			continue
		}
		var ssr float64
		for i := range xs {
			r := ys[i] - (a + b*xs[i])
			ssr += r * r
		}
		s := math.Sqrt(ssr / float64(n-2))
		se := s * math.Sqrt(1+1/float64(n)+(X-mx)*(X-mx)/sxx)
		if math.Abs(low-(want-1.2816*se)) > 1e-8*scale || math.Abs(high-(want+1.2816*se)) > 1e-8*scale {
			t.Fatalf("%v, %v: band [%v, %v], two-pass [%v, %v]", xs, ys, low, high, want-1.2816*se, want+1.2816*se)
		}
	}
}
