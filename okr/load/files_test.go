package load

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFileSeries(t *testing.T) {
	f := ParseBytes("m.csv", []byte("metric,at,value\nb,2026-01-01,1\na,2026-01-02,2\nb,2026-01-03,3\nc,2026-01-04,4\nb,2026-01-05,5\na,2026-01-06,6\n"))
	got := map[string][]float64{}
	for metric, ms := range f.Series() {
		for _, i := range ms {
			m := f.Measurements()[i]
			if m.Metric != metric {
				t.Errorf("series %s holds a measurement of %s", metric, m.Metric)
			}
			got[metric] = append(got[metric], m.Value)
		}
		if cap(ms) != len(ms) {
			t.Errorf("series %s has room to grow into the next one: len %d, cap %d", metric, len(ms), cap(ms))
		}
	}
	want := map[string][]float64{"a": {2, 6}, "b": {1, 3, 5}, "c": {4}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Series (-want +got):\n%s", diff)
	}
	if len(ParseBytes("e.csv", []byte("metric,at,value\n")).Series()) != 0 {
		t.Error("a file without rows has series")
	}
}
