package score

import (
	"math"
	"testing"

	"github.com/okr-as-code/okr/okr/model"
)

// Extreme finite values: ±1.7e308 (M below), whose differences, sums and
// squares overflow float64; 5e-324, the smallest subnormal; weights of
// 1e308; identical values. Every expectation is worked by hand below.

const big = 1.7e308 // M

// near reports whether got is want within 1e-12 relative (exact for 0 and
// for the subnormals, which the tests state exactly).
func near(got, want float64) bool {
	if want == 0 || math.Abs(want) < 1e-300 {
		return got == want
	}
	return math.Abs(got-want) <= 1e-12*math.Abs(want)
}

func TestMetricScoreExtremes(t *testing.T) {
	some := model.Some
	var unset model.Num
	tests := []struct {
		name             string
		baseline, target model.Num
		commit           model.Num
		points           []xy
	}{
		{
			// target − baseline = 2M overflows; on halves: (x/2 + M/2) / M.
			// 0 → (M/2)/M = 0.5; M/2 → (3M/4)/M = 0.75; −M/2 → 0.25.
			name:     "from -1.7e308 to 1.7e308",
			baseline: some(-big), target: some(big),
			points: []xy{{-big, 0}, {-big / 2, 0.25}, {0, 0.5}, {big / 2, 0.75}, {big, 1}, {math.MaxFloat64, 1}, {-math.MaxFloat64, 0}},
		},
		{
			// Decreasing: negated, the same line.
			name:     "from 1.7e308 down to -1.7e308",
			baseline: some(big), target: some(-big),
			points: []xy{{big, 0}, {big / 2, 0.25}, {0, 0.5}, {-big, 1}},
		},
		{
			// baseline → commit spans M (0.3), commit → target spans M (0.7
			// more); neither difference overflows, but −M → M would:
			// −M/2 → 0.15, M/2 → 0.3 + 0.35 = 0.65.
			name:     "with a commit at 0",
			baseline: some(-big), commit: some(0), target: some(big),
			points: []xy{{-big / 2, 0.15}, {0, 0.3}, {big / 2, 0.65}},
		},
		{
			// (1e-323 − 5e-324) / (1.5e-323 − 5e-324) = 1 unit / 2 units:
			// exact in subnormals, which the direct form keeps.
			name:     "subnormal levels",
			baseline: some(5e-324), target: some(1.5e-323),
			points: []xy{{0, 0}, {5e-324, 0}, {1e-323, 0.5}, {1.5e-323, 1}},
		},
		{
			name:     "from 0 to 5e-324",
			baseline: some(0), target: some(5e-324),
			points: []xy{{0, 0}, {5e-324, 1}, {-5e-324, 0}},
		},
	}
	for _, tt := range tests {
		for _, p := range tt.points {
			if got := MetricScore(p.X, tt.baseline, tt.commit, tt.target, unset); !near(got, p.Score) {
				t.Errorf("%s: MetricScore(%v) = %v, want %v", tt.name, p.X, got, p.Score)
			}
		}
	}
}

func TestNeededPerWeekExtremes(t *testing.T) {
	some := model.Some
	wide := &model.KeyResult{Type: model.Metric, Baseline: some(-big), Target: some(big)}
	tiny := &model.KeyResult{Type: model.Metric, Baseline: some(0), Target: some(1e-323)}
	tests := []struct {
		name    string
		kr      *model.KeyResult
		current float64
		r       int
		want    float64
		ok      bool
	}{
		// (M − (−M)) / 82 × 7 = 2M × 7/82 = 2.9024390243902439e307: on
		// halves, (M/2 + M/2) / 82 × 14.
		{"2M to go in 82 days", wide, -big, 82, 2 * big * 7 / 82, true},
		// 2M × 7 per week exceeds float64: no value.
		{"2M to go in a day", wide, -big, 1, 0, false},
		// M / 1 × 7 = 1.19e309 exceeds float64 as well.
		{"M to go in a day", wide, 0, 1, 0, false},
		// M/10 to go in a day: 0.7M, finite.
		{"0.1M to go in a day", wide, big * 0.9, 1, big * 0.1 * 7, true},
		{"at the target", wide, big, 1, 0, true},
		// (1e-323 − 5e-324) / 1 × 7 = 1 unit × 7 = 3.5e-323, exact.
		{"one subnormal unit", tiny, 5e-324, 1, 3.5e-323, true},
	}
	for _, tt := range tests {
		got, ok := NeededPerWeek(tt.kr, tt.current, tt.r)
		if ok != tt.ok || !near(got, tt.want) {
			t.Errorf("%s: NeededPerWeek = %v, %v; want %v, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFitExtremes(t *testing.T) {
	type pt struct{ x, y float64 }
	tests := []struct {
		name         string
		pts          []pt
		X            float64
		f, low, high float64
		band, ok     bool
	}{
		{
			// x̄ = 1, ȳ = −M/3; Σ(x−x̄)(y−ȳ) = (−1)(−2M/3) + 0 + (1)(−2M/3)
			// = 0: b = 0, f = −M/3 = −5.6667e307. Residuals −2M/3, 4M/3,
			// −2M/3: s = M·√(24/9) = 2.78e308, beyond float64 already, so
			// the band (f ∓ 1.2816·se, se > s) is beyond it: no band.
			name: "-1.7e308, 1.7e308, -1.7e308",
			pts:  []pt{{0, -big}, {1, big}, {2, -big}}, X: 91,
			f: -big / 3, ok: true,
		},
		{
			// On the line y = M/10 + x·M/100: at 0, 10, 20 it is 0.1M, 0.2M,
			// 0.3M (differences above 2^480: scaled); f at 50 = 0.6M, no
			// residual: the band is f itself.
			name: "a line of large values",
			pts:  []pt{{0, big / 10}, {10, big / 5}, {20, big * 0.3}}, X: 50,
			f: big * 0.6, low: big * 0.6, high: big * 0.6, band: true, ok: true,
		},
		{
			// b = (M − 0)/1 = M: f = M·91, beyond float64: no forecast.
			name: "a slope that leaves float64",
			pts:  []pt{{0, 0}, {1, big}}, X: 91,
		},
		{
			// Identical values: b = 0, no residual: f = low = high = M.
			name: "identical 1.7e308",
			pts:  []pt{{0, big}, {1, big}, {2, big}}, X: 91,
			f: big, low: big, high: big, band: true, ok: true,
		},
		{
			name: "identical -1.7e308",
			pts:  []pt{{0, -big}, {1, -big}, {2, -big}}, X: 91,
			f: -big, low: -big, high: -big, band: true, ok: true,
		},
		{
			// y − y₀ = 0 throughout: f = y₀ = 5e-324 exactly.
			name: "identical 5e-324",
			pts:  []pt{{0, 5e-324}, {1, 5e-324}, {2, 5e-324}}, X: 91,
			f: 5e-324, low: 5e-324, high: 5e-324, band: true, ok: true,
		},
	}
	for _, tt := range tests {
		var fit Fit
		for _, p := range tt.pts {
			fit.Add(p.x, p.y)
		}
		f, low, high, band, ok := fit.At(tt.X)
		if ok != tt.ok || band != tt.band {
			t.Errorf("%s: At = %v [%v, %v] band %v ok %v; want band %v ok %v", tt.name, f, low, high, band, ok, tt.band, tt.ok)
			continue
		}
		if ok && (!near(f, tt.f) || band && (!near(low, tt.low) || !near(high, tt.high))) {
			t.Errorf("%s: At = %v [%v, %v], want %v [%v, %v]", tt.name, f, low, high, tt.f, tt.low, tt.high)
		}
	}
}

func TestAggregateExtremes(t *testing.T) {
	tests := []struct {
		name   string
		kind   string
		values []float64
		want   float64
	}{
		// M + M overflows in passing, − M brings it back: M.
		{"sum back within range", model.Sum, []float64{big, big, -big}, big},
		// 2M is beyond float64: +Inf (okr shows no current for it).
		{"sum beyond range", model.Sum, []float64{big, big}, math.Inf(1)},
		{"sum below range", model.Sum, []float64{-big, -big}, math.Inf(-1)},
		// (M + M + M) / 3 = M, though M + M overflows.
		{"mean of 1.7e308", model.Mean, []float64{big, big, big}, big},
		// (−M + M) / 2 = 0; (M + M − M + 0)/4 = M/4.
		{"mean of -1.7e308 and 1.7e308", model.Mean, []float64{-big, big}, 0},
		{"mean through an overflow", model.Mean, []float64{big, big, -big, 0}, big / 4},
		// Subnormals sum exactly: 5e-324 + 5e-324 = 1e-323; their mean is
		// 5e-324.
		{"sum of 5e-324", model.Sum, []float64{5e-324, 5e-324}, 1e-323},
		{"mean of 5e-324", model.Mean, []float64{5e-324, 5e-324}, 5e-324},
		{"max", model.Max, []float64{-big, big, 5e-324}, big},
		{"min", model.Min, []float64{-big, big, 5e-324}, -big},
	}
	for _, tt := range tests {
		a := aggregate{kind: tt.kind}
		for _, v := range tt.values {
			a.add(v)
		}
		got, ok := a.value()
		if !ok || !(near(got, tt.want) || got == tt.want) {
			t.Errorf("%s: %s of %v = %v, want %v", tt.name, tt.kind, tt.values, got, tt.want)
		}
	}
}

// TestRunRateExtremes: M × 92 overflows; M / 46 × 92 = 2M does too (no
// forecast); M/4 / 46 × 92 = M/2 does not.
func TestRunRateExtremes(t *testing.T) {
	if got := RunRate(big/4, 46, 92); !near(got, big/2) {
		t.Errorf("RunRate(M/4, 46, 92) = %v, want %v", got, big/2)
	}
	if got := RunRate(big, 46, 92); !math.IsInf(got, 1) {
		t.Errorf("RunRate(M, 46, 92) = %v, want +Inf", got)
	}
}

// TestScoreExtremeWeights scores documents whose weights overflow when
// added (1e308 + 1e308) or underflow when multiplied (5e-324 × 0.25).
func TestScoreExtremeWeights(t *testing.T) {
	kr := func(id string, w float64) *model.KeyResult {
		k := metricKR(id, 0, 100)
		k.Weight = w
		return k
	}
	weighted := func(id string, w float64, krs ...*model.KeyResult) *model.Objective {
		o := obj(id, model.Aspirational, krs...)
		o.Weight = w
		return o
	}
	tests := []struct {
		name    string
		objs    []*model.Objective
		values  map[string]float64 // ref → current
		want    float64            // the owner's score
		wantObj []float64
	}{
		{
			// (1e308·0.25 + 1e308·0) / (1e308 + 1e308) = 0.125.
			name:    "two objectives of weight 1e308",
			objs:    []*model.Objective{weighted("a", 1e308, kr("k", 1)), weighted("b", 1e308, kr("k", 1))},
			values:  map[string]float64{"o/a/k": 25, "o/b/k": 0},
			want:    0.125,
			wantObj: []float64{0.25, 0},
		},
		{
			// Key results of weight 1e308: (0.5 + 1) / 2 = 0.75.
			name:    "two key results of weight 1e308",
			objs:    []*model.Objective{weighted("a", 1, kr("k", 1e308), kr("l", 1e308))},
			values:  map[string]float64{"o/a/k": 50, "o/a/l": 100},
			want:    0.75,
			wantObj: []float64{0.75},
		},
		{
			// (5e-324·0.25 + 5e-324·0.75) / 1e-323 = 0.5; unscaled, each
			// product underflows to 0.
			name:    "weights of 5e-324",
			objs:    []*model.Objective{weighted("a", 1, kr("k", 5e-324), kr("l", 5e-324))},
			values:  map[string]float64{"o/a/k": 25, "o/a/l": 75},
			want:    0.5,
			wantObj: []float64{0.5},
		},
		{
			// 1e308 beside 5e-324: (1e308·1 + 5e-324·0) / (1e308 + 5e-324)
			// = 1 to float64's precision.
			name:    "1e308 beside 5e-324",
			objs:    []*model.Objective{weighted("a", 1e308, kr("k", 1)), weighted("b", 5e-324, kr("k", 1))},
			values:  map[string]float64{"o/a/k": 100, "o/b/k": 0},
			want:    1,
			wantObj: []float64{1, 0},
		},
		{
			// 3·1e308 and 1e308, scores 1 and 0: 3/4 = 0.75.
			name:    "unequal weights near the top",
			objs:    []*model.Objective{weighted("a", 1.5e308, kr("k", 1)), weighted("b", 5e307, kr("k", 1))},
			values:  map[string]float64{"o/a/k": 100, "o/b/k": 0},
			want:    0.75,
			wantObj: []float64{1, 0},
		},
	}
	for _, tt := range tests {
		d := doc("o", "2026-Q4", tt.objs...)
		var ms []model.Measurement
		for _, o := range tt.objs {
			for _, k := range o.KeyResults {
				ms = append(ms, meas(k.Ref, "2026-10-10", tt.values[k.Ref]))
			}
		}
		r := repo([]*model.Objectives{d}, nil, ms...)
		got, err := Score(r, date("2026-12-31"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		ow := got.Owners[0]
		if !near(ow.Score, tt.want) {
			t.Errorf("%s: owner score %v, want %v", tt.name, ow.Score, tt.want)
		}
		for i, w := range tt.wantObj {
			if !near(ow.Objectives[i].Score, w) {
				t.Errorf("%s: objective %s scored %v, want %v", tt.name, ow.Objectives[i].ID, ow.Objectives[i].Score, w)
			}
		}
		if os := NewIndex(r).OwnerScore(d, date("2026-12-31")); os != ow.Score {
			t.Errorf("%s: OwnerScore %v, Score %v", tt.name, os, ow.Score)
		}
	}
}

// TestScoreExtremeForecast is SPEC §2 end to end at ±1.7e308: as of
// 2026-10-10 (10 days into 2026-Q4, 82 left), check-ins −M, M, −M on the
// first three days. current −M scores 0; the forecast is −M/3 (TestFitExtremes),
// which scores (−M/3 + M) / 2M = 1/3, with no band; needed per week
// 2M / 82 × 7.
func TestScoreExtremeForecast(t *testing.T) {
	k := metricKR("k", -big, big)
	d := doc("o", "2026-Q4", obj("a", model.Aspirational, k))
	r := repo([]*model.Objectives{d}, nil,
		meas("o/a/k", "2026-10-01", -big), meas("o/a/k", "2026-10-02", big), meas("o/a/k", "2026-10-03", -big))
	got, err := Score(r, date("2026-10-10"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	kr := got.Owners[0].Objectives[0].KeyResults[0]
	if kr.Current == nil || *kr.Current != -big || kr.Score != 0 {
		t.Errorf("current %v score %v, want -1.7e308 and 0", kr.Current, kr.Score)
	}
	if kr.Forecast == nil || !near(kr.Forecast.Value, -big/3) || !near(kr.Forecast.Score, 1.0/3) || kr.Forecast.Low != nil || kr.Forecast.High != nil {
		t.Errorf("forecast %+v, want value -M/3, score 1/3, no band", kr.Forecast)
	}
	if kr.NeededPerWeek == nil || !near(*kr.NeededPerWeek, 2*big*7/82) {
		t.Errorf("needed per week %v, want %v", kr.NeededPerWeek, 2*big*7/82)
	}
	// A sum beyond float64 has no current (and so no needed per week, no
	// forecast) but scores as its limit: beyond the target, 1.
	s := metricKR("s", 0, big)
	s.Aggregate = model.Sum
	d = doc("o", "2026-Q4", obj("a", model.Aspirational, s))
	r = repo([]*model.Objectives{d}, nil, meas("o/a/s", "2026-10-01", big), meas("o/a/s", "2026-10-02", big))
	got, err = Score(r, date("2026-10-10"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	sk := got.Owners[0].Objectives[0].KeyResults[0]
	if sk.Current != nil || sk.NeededPerWeek != nil || sk.Forecast != nil || sk.Score != 1 || sk.NoData {
		t.Errorf("sum beyond float64: current %v needed %v forecast %v score %v no_data %v; want nil, nil, nil, 1, false",
			sk.Current, sk.NeededPerWeek, sk.Forecast, sk.Score, sk.NoData)
	}
}
