package site

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/score"
)

func TestPaceLine(t *testing.T) {
	some := model.Some
	tests := []struct {
		name      string
		kr        model.KeyResult
		committed bool
		days      int
		want      []point
	}{{
		// 100 days, 0 → 100: expected on day 0 is 0.7/100 = 0.007, the
		// value 0.7; on day 99 it is 0.7, the value 70.
		name: "aspirational, baseline to target",
		kr:   model.KeyResult{Baseline: some(0), Target: some(100)},
		days: 100,
		want: []point{{0, 0.7}, {99, 70}},
	}, {
		// committed: expected 1/100 = 0.01 → 1, and 1.0 on day 99 → 100.
		name: "committed reaches the target on the last day",
		kr:   model.KeyResult{Baseline: some(0), Target: some(100)}, committed: true,
		days: 100,
		want: []point{{0, 1}, {99, 100}},
	}, {
		// Decreasing, 800 → 300 with commit 600 (0.3): expected 0.007 →
		// 800 − 0.007/0.3·200 = 795.333…; 0.3 is reached on day
		// 0.3·100/0.7 − 1 = 41.857…, at 600; on day 99, 0.7 lies between
		// commit (0.3) and target (1.0): 600 − (0.4/0.7)·300 = 428.571….
		name: "a commit level bends the line",
		kr:   model.KeyResult{Baseline: some(800), Commit: some(600), Target: some(300)},
		days: 100,
		want: []point{{0, 800 - 0.007/0.3*200}, {0.3*100/0.7 - 1, 600}, {99, 600 - 0.4/0.7*300}},
	}, {
		// With a stretch, the target scores 0.7: the aspirational line
		// ends at the target on the last day.
		name: "with a stretch the line ends at the target",
		kr:   model.KeyResult{Baseline: some(0), Target: some(70), Stretch: some(100)},
		days: 10,
		want: []point{{0, 7}, {9, 70}},
	}, {
		name: "baseline equal to target: no line",
		kr:   model.KeyResult{Baseline: some(5), Target: some(5)},
		days: 10,
	}, {
		name: "no baseline: no line",
		kr:   model.KeyResult{Target: some(5)},
		days: 10,
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := paceLine(&tc.kr, tc.committed, tc.days)
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
				t.Errorf("pace (-want +got):\n%s", diff)
			}
			// Every point scores the expected score of its day.
			k := 0.7
			if tc.committed {
				k = 1
			}
			for _, p := range got {
				want := k * (p.Day + 1) / float64(tc.days)
				if s := score.MetricScore(p.Value, tc.kr.Baseline, tc.kr.Commit, tc.kr.Target, tc.kr.Stretch); s < want-1e-9 || s > want+1e-9 {
					t.Errorf("day %v: value %v scores %v, want the expected %v", p.Day, p.Value, s, want)
				}
			}
		})
	}
}
