package scorelog

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestColumns places each entry's scores in the log's columns, whether an
// entry shares the keys of the one before it, has equal keys of its own, or
// other keys.
func TestColumns(t *testing.T) {
	ab := []string{"2026-Q4/a", "2026-Q4/b"}
	l := &Log{Commits: []Entry{
		{Scores: NewScores(ab, []float64{1, 2})},
		{Scores: NewScores(ab, []float64{3, 4})}, // the same keys, shared
		{Scores: NewScores([]string{"2026-Q4/b", "2026/c"}, []float64{5, 6})},
		{Scores: NewScores([]string{"2026-Q4/a", "2026-Q4/b"}, []float64{7, 8})}, // equal keys, not shared
		{Scores: NewScores(nil, nil)},
	}}
	c := l.Columns()
	// A year before its quarters: 2026/c is the first column.
	if diff := cmp.Diff([]string{"2026/c", "2026-Q4/a", "2026-Q4/b"}, c.Keys); diff != "" {
		t.Fatalf("Keys (-want +got):\n%s", diff)
	}
	want := []struct{ order, col []int }{
		{[]int{0, 1}, []int{1, 2}},
		{[]int{0, 1}, []int{1, 2}},
		{[]int{1, 0}, []int{2, 0}}, // 2026/c (j=1) in column 0 comes first
		{[]int{0, 1}, []int{1, 2}},
		{[]int{}, []int{}},
	}
	for i, e := range l.Commits {
		order, col := c.Place(e.Scores)
		if diff := cmp.Diff(want[i].order, order); diff != "" {
			t.Errorf("entry %d: order (-want +got):\n%s", i, diff)
		}
		if diff := cmp.Diff(want[i].col, col); diff != "" {
			t.Errorf("entry %d: columns (-want +got):\n%s", i, diff)
		}
	}
}
