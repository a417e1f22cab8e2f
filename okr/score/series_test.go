package score

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/okr-as-code/okr/okr/model"
)

func TestIndexSeries(t *testing.T) {
	m := func(metric, at string, v float64, seq int) model.Measurement {
		tm, day, err := model.ParseAt(at)
		if err != nil {
			t.Fatal(err)
		}
		return model.Measurement{Metric: metric, At: tm, Day: day, Value: v, Seq: seq}
	}
	repo := &model.Repo{Measurements: []model.Measurement{
		m("k", "2026-10-05", 5, 0),
		m("other", "2026-10-06", 99, 1),
		m("k", "2026-09-30", 1, 2), // before the window
		m("k", "2026-10-01", 2, 3), // its first day
		m("k", "2026-10-05", 6, 4), // same day as 5, read later
		// The civil date as written counts, not the instant in UTC.
		m("k", "2026-10-31T23:30:00-05:00", 7, 5),
		m("k", "2026-11-01", 8, 6), // after the window
	}}
	first, _ := model.ParseDate("2026-10-01")
	last, _ := model.ParseDate("2026-10-31")
	var got []float64
	for _, x := range NewIndex(repo).Series("k", first, last) {
		got = append(got, x.Value)
	}
	if diff := cmp.Diff([]float64{2, 5, 6, 7}, got); diff != "" {
		t.Errorf("series (-want +got):\n%s", diff)
	}
	if s := NewIndex(repo).Series("none", first, last); len(s) != 0 {
		t.Errorf("unknown metric: %v", s)
	}
}
