package site

import (
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/okr-as-code/okr/okr/model"
)

const big = 1.7e308

// TestTicksExtremes: ranges that overflow when subtracted, and ranges
// finer than float64 distinguishes, give a few finite ticks and return.
func TestTicksExtremes(t *testing.T) {
	// (Max − (−Max)) / 4 overflows; on halves 8.99e307, rounded up to the
	// step 10 × 1e307 (1.0000000000000004e308 in float64): −1e308, 0, 1e308.
	if diff := cmp.Diff([]float64{-1e308, 0, 1e308}, ticks(-math.MaxFloat64, math.MaxFloat64, 4), cmpopts.EquateApprox(1e-15, 0)); diff != "" {
		t.Errorf("ticks(-Max, Max) (-want +got):\n%s", diff)
	}
	// 1 to 1 + 1 ulp (what a KPI measured 1 and 1.0000000000000002 spans,
	// its padding lost to rounding): the step 1e-16 added to 1 gives 1
	// again, which looped for ever; each tick once, increasing, within a
	// step of the range (k × 1e-16 rounds to the nearest float64).
	lo, hi := 1.0, 1.0000000000000002
	got := ticks(lo, hi, 4)
	if len(got) == 0 || len(got) > 16 {
		t.Fatalf("ticks(%v, %v) = %v: want a few", lo, hi, got)
	}
	for i, v := range got {
		if v < lo-1e-16 || v > hi+1e-16 || i > 0 && v <= got[i-1] {
			t.Errorf("ticks(%v, %v) = %v: out of range or not increasing", lo, hi, got)
		}
	}
	// 5e-324 to 1.5e-323: the step, 1e-323 / 4, is half the smallest
	// subnormal and rounds to 0: no tick (rather than a loop that never
	// advances).
	if got := ticks(5e-324, 1.5e-323, 4); len(got) != 0 {
		t.Errorf("ticks(5e-324, 1.5e-323) = %v: want none", got)
	}
}

// TestChartExtremes: a chart of values at ±1.7e308, of identical values
// and of subnormal values has only finite coordinates, and its marks are
// where the scale puts them.
func TestChartExtremes(t *testing.T) {
	mk := func(day, v float64) mark { return mark{point: point{day, v}, Current: v, Confidence: -1} }
	wide := model.KeyResult{Baseline: model.Some(-big), Target: model.Some(big)}
	tests := []struct {
		name  string
		marks []mark
		kr    model.KeyResult
		fc    *forecast
		cy    []string // the marks' cy, hand-worked
	}{
		{
			// The values span 2M, which overflows: the pad is 0.16·(M/2 + M/2)
			// = 2.72e307, so y runs from −Max to Max (clamped). On halves a
			// value v lies (Max/2 − v/2)/Max of the 216 plot units below the
			// top (14): M at 0.02717 → 19.9, −M at 0.97283 → 224.1, 0 at 0.5
			// → 122.
			name:  "-1.7e308 to 1.7e308",
			marks: []mark{mk(4, big), mk(5, -big), mk(6, 0)},
			kr:    wide,
			fc:    &forecast{Value: -big / 3, Low: math.NaN(), High: math.NaN()},
			cy:    []string{"19.9", "224.1", "122"},
		},
		{
			// 0 (the baseline) to M, padded by 0.08·M = 1.36e307 each way,
			// the top clamped to Max (1.7977e308): hi − lo = Max + 1.36e307
			// overflows, so on halves M is at (Max/2 − M/2)/(Max/2 +
			// 0.68e307) = 0.04885/0.96685 = 0.0505 of 216 below the top (14):
			// 24.9.
			name:  "all 1.7e308",
			marks: []mark{mk(0, big), mk(1, big)},
			kr:    model.KeyResult{Baseline: model.Some(0), Target: model.Some(big)},
			cy:    []string{"24.9", "24.9"},
		},
		{
			// 0 and 5e-324 padded by 1 (lo == hi for neither: hi − lo = 5e-324,
			// pad 4e-325 → 0): 0 at the bottom (230), 5e-324 at the top (14).
			name:  "subnormal",
			marks: []mark{mk(0, 0), mk(1, 5e-324)},
			kr:    model.KeyResult{Baseline: model.Some(0), Target: model.Some(5e-324)},
			cy:    []string{"230", "14"},
		},
	}
	bad := regexp.MustCompile(`NaN|Inf`)
	cy := regexp.MustCompile(`<circle class="c-pt" cx="[^"]*" cy="([^"]*)"`)
	for _, tt := range tests {
		kr := tt.kr
		c := chart{ID: "c", Title: "t", Desc: "d", Days: 91, AsOf: 10, Marks: tt.marks, Line: true,
			Levels:   []level{{"baseline", kr.Baseline.V, "c-base"}, {"target", kr.Target.V, "c-target"}},
			Pace:     paceLine(&kr, false, 92),
			Forecast: tt.fc}
		svg := string(c.SVG())
		if m := bad.FindString(svg); m != "" {
			t.Errorf("%s: the SVG holds %s:\n%s", tt.name, m, svg)
		}
		var got []string
		for _, m := range cy.FindAllStringSubmatch(svg, -1) {
			got = append(got, m[1])
		}
		if diff := cmp.Diff(tt.cy, got); diff != "" {
			t.Errorf("%s: marks' cy (-want +got):\n%s", tt.name, diff)
		}
		if !strings.Contains(svg, `<polyline class="c-pace"`) {
			t.Errorf("%s: no pace line:\n%s", tt.name, svg)
		}
	}
}

// TestPaceLineExtremes: from −M to M, the pace value at expected score e
// is −M·(1 − e) + M·e: on day 0 of 100 (e = 0.007) −0.986M, on day 99
// (e = 0.7) 0.4M; q − p = 2M overflows, the mean does not.
func TestPaceLineExtremes(t *testing.T) {
	kr := model.KeyResult{Baseline: model.Some(-big), Target: model.Some(big)}
	got := paceLine(&kr, false, 100)
	want := []point{{0, -big * (1 - 2*0.007)}, {99, big * 0.4}}
	if len(got) != 2 {
		t.Fatalf("paceLine = %v, want %v", got, want)
	}
	for i := range want {
		if got[i].Day != want[i].Day || math.Abs(got[i].Value-want[i].Value) > 1e-12*big {
			t.Errorf("paceLine = %v, want %v", got, want)
		}
	}
}
