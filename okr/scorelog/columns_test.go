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

// TestFinder: the index of each wanted key in each entry's scores, -1
// where the entry has no score for it; entries that share their keys and
// entries with equal but separate keys find the same.
func TestFinder(t *testing.T) {
	ab := []string{"2026-Q4/a", "2026-Q4/b"}
	entries := []Scores{
		NewScores(ab, []float64{1, 2}),
		NewScores(ab, []float64{3, 4}), // shared keys
		NewScores([]string{"2026-Q4/b", "2026/c"}, []float64{5, 6}),
		NewScores([]string{"2026-Q4/a", "2026-Q4/b"}, []float64{7, 8}), // equal keys, not shared
		NewScores(nil, nil),
	}
	f := NewFinder([]string{"2026-Q4/b", "2026/c", "2026-Q4/a"})
	want := [][]int{
		{1, -1, 0},
		{1, -1, 0},
		{0, 1, -1},
		{1, -1, 0},
		{-1, -1, -1},
	}
	// The values found: b, c, a of each entry (-1: none).
	values := [][]float64{{2, -1, 1}, {4, -1, 3}, {5, 6, -1}, {8, -1, 7}, {-1, -1, -1}}
	for i, s := range entries {
		idx := f.Indexes(s)
		if diff := cmp.Diff(want[i], idx); diff != "" {
			t.Errorf("entry %d: indexes (-want +got):\n%s", i, diff)
		}
		for k, j := range idx {
			if j >= 0 && s.Value(j) != values[i][k] {
				t.Errorf("entry %d, key %d: value %v, want %v", i, k, s.Value(j), values[i][k])
			}
		}
	}
}
