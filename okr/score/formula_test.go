package score

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/okr-as-code/okr/okr/model"
)

var approx = cmpopts.EquateApprox(0, 1e-12)

// xy is a current value and its score.
type xy struct{ X, Score float64 }

func TestMetricScore(t *testing.T) {
	var unset model.Num
	some := model.Some
	tests := []struct {
		name                              string
		baseline, commit, target, stretch model.Num
		points                            []xy // current → score, hand-computed
	}{
		{
			name:     "increasing baseline to target",
			baseline: some(0), target: some(100),
			points: []xy{{-50, 0}, {0, 0}, {25, 0.25}, {50, 0.5}, {100, 1}, {150, 1}, {math.Inf(1), 1}, {math.Inf(-1), 0}},
		},
		{
			name:     "decreasing baseline to target: lower is better",
			baseline: some(800), target: some(300),
			points: []xy{{900, 0}, {800, 0}, {700, 0.2}, {550, 0.5}, {300, 1}, {200, 1}, {0, 1}},
		},
		{
			name:     "increasing with commit",
			baseline: some(0), commit: some(40), target: some(100),
			points: []xy{{-1, 0}, {0, 0}, {20, 0.15}, {40, 0.3}, {70, 0.65}, {100, 1}, {101, 1}},
		},
		{
			name:     "increasing with stretch: target is 0.7",
			baseline: some(0), target: some(100), stretch: some(200),
			points: []xy{{0, 0}, {50, 0.35}, {100, 0.7}, {150, 0.85}, {200, 1}, {300, 1}},
		},
		{
			name:     "increasing with commit, target and stretch",
			baseline: some(0), commit: some(40), target: some(100), stretch: some(200),
			points: []xy{{-10, 0}, {0, 0}, {20, 0.15}, {40, 0.3}, {70, 0.5}, {100, 0.7}, {150, 0.85}, {200, 1}, {250, 1}},
		},
		{
			name:     "decreasing with commit, target and stretch",
			baseline: some(800), commit: some(600), target: some(300), stretch: some(200),
			points: []xy{{1000, 0}, {800, 0}, {700, 0.15}, {600, 0.3}, {450, 0.5}, {300, 0.7}, {250, 0.85}, {200, 1}, {100, 1}},
		},
		{
			name:     "decreasing with commit only",
			baseline: some(10), commit: some(8), target: some(0),
			points: []xy{{11, 0}, {9, 0.15}, {8, 0.3}, {4, 0.65}, {0, 1}, {-5, 1}},
		},
		{
			name:     "negative levels",
			baseline: some(-10), target: some(-5),
			points: []xy{{-20, 0}, {-7.5, 0.5}, {-5, 1}},
		},
		{
			name:     "invalid: baseline equals target",
			baseline: some(5), target: some(5),
			points: []xy{{4, 0}, {5, 1}, {6, 0}},
		},
		{
			name:     "invalid: commit and stretch on the wrong side are ignored",
			baseline: some(0), commit: some(150), target: some(100), stretch: some(50),
			points: []xy{{50, 0.5}, {100, 1}},
		},
		{
			name:     "NaN current",
			baseline: some(0), target: some(1),
			points: []xy{{math.NaN(), 0}},
		},
		{
			name:     "unset target",
			baseline: some(0), target: unset,
			points: []xy{{10, 0}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []xy
			for _, p := range tt.points {
				got = append(got, xy{p.X, MetricScore(p.X, tt.baseline, tt.commit, tt.target, tt.stretch)})
			}
			if diff := cmp.Diff(tt.points, got, approx, cmpopts.EquateNaNs()); diff != "" {
				t.Errorf("scores (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMetricScoreExactAtLevels(t *testing.T) {
	// The levels themselves score exactly 0, 0.3, 0.7 and 1, with no
	// floating-point residue, so that a committed key result at its target
	// grades green.
	b, c, tg, st := model.Some(0.1), model.Some(0.7), model.Some(1.3), model.Some(2.9)
	got := []float64{
		MetricScore(0.1, b, c, tg, st),
		MetricScore(0.7, b, c, tg, st),
		MetricScore(1.3, b, c, tg, st),
		MetricScore(2.9, b, c, tg, st),
		MetricScore(1.3, b, model.Num{}, tg, model.Num{}),
	}
	if diff := cmp.Diff([]float64{0, 0.3, 0.7, 1, 1}, got); diff != "" {
		t.Errorf("scores at the levels (-want +got):\n%s", diff)
	}
}

func TestKeyResultScore(t *testing.T) {
	tests := []struct {
		name    string
		kr      model.KeyResult
		current float64
		want    float64
	}{
		{"metric", model.KeyResult{Type: model.Metric, Baseline: model.Some(0), Target: model.Some(10)}, 4, 0.4},
		{"empty type is metric", model.KeyResult{Baseline: model.Some(0), Target: model.Some(10)}, 4, 0.4},
		{"at_least below", model.KeyResult{Type: model.AtLeast, Target: model.Some(10)}, 9.99, 0},
		{"at_least equal", model.KeyResult{Type: model.AtLeast, Target: model.Some(10)}, 10, 1},
		{"at_least above", model.KeyResult{Type: model.AtLeast, Target: model.Some(10)}, 11, 1},
		{"at_most below", model.KeyResult{Type: model.AtMost, Target: model.Some(10)}, 9, 1},
		{"at_most equal", model.KeyResult{Type: model.AtMost, Target: model.Some(10)}, 10, 1},
		{"at_most above", model.KeyResult{Type: model.AtMost, Target: model.Some(10)}, 10.01, 0},
		{"milestone not done", model.KeyResult{Type: model.Milestone}, 0, 0},
		{"milestone partial", model.KeyResult{Type: model.Milestone}, 0.99, 0},
		{"milestone done", model.KeyResult{Type: model.Milestone}, 1, 1},
		{"milestone over", model.KeyResult{Type: model.Milestone}, 2, 1},
		{"unknown type", model.KeyResult{Type: "guess", Target: model.Some(1)}, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := KeyResultScore(&tt.kr, tt.current); got != tt.want {
				t.Errorf("KeyResultScore(%v) = %v, want %v", tt.current, got, tt.want)
			}
		})
	}
}

func TestGrade(t *testing.T) {
	cfg := model.DefaultConfig() // green 0.7, yellow 0.4
	custom := model.Config{Green: 0.8, Yellow: 0.5}
	tests := []struct {
		name      string
		score     float64
		committed bool
		cfg       model.Config
		want      string
	}{
		{"aspirational 1.0", 1, false, cfg, Green},
		{"aspirational at green", 0.7, false, cfg, Green},
		{"aspirational at green after rounding error", (0.7 + 0.7 + 0.7) / 3, false, cfg, Green},
		{"aspirational below green", 0.69, false, cfg, Yellow},
		{"aspirational at yellow", 0.4, false, cfg, Yellow},
		{"aspirational below yellow", 0.39, false, cfg, Red},
		{"aspirational 0", 0, false, cfg, Red},
		{"committed 1.0", 1, true, cfg, Green},
		{"committed 0.99", 0.99, true, cfg, Yellow},
		{"committed at green", 0.7, true, cfg, Yellow},
		{"committed below green", 0.69, true, cfg, Red},
		{"committed at yellow bound is red", 0.4, true, cfg, Red},
		{"custom bounds green", 0.8, false, custom, Green},
		{"custom bounds yellow", 0.79, false, custom, Yellow},
		{"custom bounds red", 0.49, false, custom, Red},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Grade(tt.score, tt.committed, tt.cfg); got != tt.want {
				t.Errorf("Grade(%v, committed=%v) = %q, want %q", tt.score, tt.committed, got, tt.want)
			}
		})
	}
}

func TestStatus(t *testing.T) {
	// 2026-Q4 runs 2026-10-01 … 2026-12-31: 92 days.
	first, last := date("2026-10-01"), date("2026-12-31")
	tests := []struct {
		name      string
		asOf      string
		score     float64
		committed bool
		want      string
	}{
		{"day before the first day", "2026-09-30", 1, false, NotStarted},
		{"first day: expected 0.7/92, score 0 is within 0.2", "2026-10-01", 0, false, AtRisk},
		{"first day: score above expected", "2026-10-01", 0.01, false, OnTrack},
		{"first day committed: expected 1/92 = 0.01087", "2026-10-01", 0.0109, true, OnTrack},
		{"first day committed: just below expected", "2026-10-01", 0.0108, true, AtRisk},
		{"first day aspirational: expected 0.7/92 = 0.00761", "2026-10-01", 0.0077, false, OnTrack},
		{"first day aspirational: just below expected", "2026-10-01", 0.0076, false, AtRisk},
		{"middle: e = 46/92, expected 0.35, at it", "2026-11-15", 0.35, false, OnTrack},
		{"middle: just below expected", "2026-11-15", 0.34, false, AtRisk},
		{"middle: at expected - 0.2", "2026-11-15", 0.15, false, AtRisk},
		{"middle: below expected - 0.2", "2026-11-15", 0.14, false, OffTrack},
		{"middle committed: expected 0.5", "2026-11-15", 0.5, true, OnTrack},
		{"middle committed: at-risk", "2026-11-15", 0.3, true, AtRisk},
		{"middle committed: off-track", "2026-11-15", 0.29, true, OffTrack},
		{"day before the last day: expected 0.7·91/92 = 0.69239", "2026-12-30", 0.6924, false, OnTrack},
		{"day before the last day: just below expected", "2026-12-30", 0.6923, false, AtRisk},
		{"last day: expected 0.7", "2026-12-31", 0.7, false, OnTrack},
		{"last day: just below", "2026-12-31", 0.69, false, AtRisk},
		{"last day: at expected - 0.2", "2026-12-31", 0.5, false, AtRisk},
		{"last day: below expected - 0.2", "2026-12-31", 0.49, false, OffTrack},
		{"last day committed: 1.0", "2026-12-31", 1, true, OnTrack},
		{"last day committed: 0.8", "2026-12-31", 0.8, true, AtRisk},
		{"last day committed: 0.79", "2026-12-31", 0.79, true, OffTrack},
		{"day after the last day", "2027-01-01", 0, false, Closed},
		{"day after the last day committed", "2027-01-01", 1, true, Closed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Status(tt.score, tt.committed, first, last, date(tt.asOf)); got != tt.want {
				t.Errorf("Status(%v, committed=%v, as of %s) = %q, want %q", tt.score, tt.committed, tt.asOf, got, tt.want)
			}
		})
	}
}
