package load

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/okr-as-code/okr/okr/model"
)

// samePacked fails t unless p holds want, row for row, exactly (a value's
// bits included: NaN and -0 too).
func samePacked(t *testing.T, p *packedRows, want []model.Measurement) {
	t.Helper()
	if p.len() != len(want) {
		t.Fatalf("%d rows packed, want %d", p.len(), len(want))
	}
	for i, w := range want {
		g := p.at(i)
		if math.Float64bits(g.Value) != math.Float64bits(w.Value) {
			t.Errorf("row %d: value %v, want %v", i, g.Value, w.Value)
		}
		g.Value, w.Value = 0, 0
		if g != w {
			t.Errorf("row %d:\n got %#v\nwant %#v", i, g, w)
		}
		if m := p.metric(i); m != want[i].Metric {
			t.Errorf("row %d: metric %q, want %q", i, m, want[i].Metric)
		}
	}
	if d := cmp.Diff(want, p.all(), cmp.Comparer(sameFloat), cmpopts.EquateEmpty()); d != "" {
		t.Errorf("all (-want +got):\n%s", d)
	}
	sameSeries(t, p.series(), want)
}

// sameSeries fails t unless series groups the indices of ms by metric, in
// order, each group a slice with no room to grow into the next.
func sameSeries(t *testing.T, series map[string][]int32, ms []model.Measurement) {
	t.Helper()
	want := map[string][]int32{}
	for i, m := range ms {
		want[m.Metric] = append(want[m.Metric], int32(i))
	}
	if d := cmp.Diff(want, series, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("series (-want +got):\n%s", d)
	}
	for m, s := range series {
		if cap(s) != len(s) {
			t.Errorf("series %s: len %d, cap %d", m, len(s), cap(s))
		}
	}
}

func TestPackRows(t *testing.T) {
	day := model.NewDate(2026, 10, 5)
	plain := func(line int, metric string, v float64) model.Measurement {
		return model.Measurement{Pos: model.Pos{File: "m.csv", Line: line, Column: 1}, Metric: metric, At: day.Time(), Day: day, Value: v}
	}
	stamp, _ := time.Parse(time.RFC3339, "2026-10-05T14:00:00+02:00")
	withNote := plain(3, "a", 2)
	withNote.Note = "after the launch"
	confident := plain(4, "b", 3)
	confident.Confidence, confident.HasConfidence = 7, true
	zeroConfidence := plain(5, "b", 4)
	zeroConfidence.HasConfidence = true // confidence 0 is not no confidence
	timestamp := plain(6, "a", 5)
	timestamp.At, timestamp.AtText = stamp, "2026-10-05T14:00:00+02:00" // kept whole: a day does not give the zone
	otherFile := plain(7, "a", 6)
	otherFile.Pos.File = "other.csv" // kept whole
	farLine := plain(1<<40, "a", 7)  // kept whole: the line does not fit 32 bits
	yamlRow := plain(8, "c", 8)
	yamlRow.Pos.Column = 7 // a YAML measurement's column
	sameNote := plain(9, "c", 9)
	sameNote.Note = withNote.Note
	negZero := plain(10, "a", math.Copysign(0, -1))
	nan := plain(11, "a", math.NaN())
	atOtherDay := plain(12, "a", 10)
	atOtherDay.At = model.NewDate(2026, 10, 6).Time() // At and Day disagree: kept whole

	cases := []struct {
		name  string
		rows  []model.Measurement
		whole int // rows kept whole
	}{
		{"none", nil, 0},
		{"plain rows", []model.Measurement{plain(2, "a", 1), plain(3, "b", 2), plain(4, "a", -3.5)}, 0},
		{"notes and confidence", []model.Measurement{withNote, confident, zeroConfidence, sameNote, yamlRow}, 0},
		{"what does not pack", []model.Measurement{timestamp, otherFile, farLine, atOtherDay}, 4},
		{"odd values", []model.Measurement{negZero, nan}, 0},
		{"all mixed", []model.Measurement{plain(2, "a", 1), timestamp, withNote, otherFile, confident, sameNote}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := packRows("m.csv", nil, c.rows)
			samePacked(t, p, c.rows)
			if len(p.full) != c.whole {
				t.Errorf("%d rows kept whole, want %d", len(p.full), c.whole)
			}
			// Two notes alike are one entry in the table.
			if c.name == "notes and confidence" && len(p.notes) != 1 {
				t.Errorf("notes table %q, want one entry", p.notes)
			}
		})
	}
}

// TestPackRowsAfter: rows packed after an earlier version's extend its
// tables and leave the earlier version as it was.
func TestPackRowsAfter(t *testing.T) {
	ms := parseRows(t, "metric,at,value,note\na,2026-01-01,1,\nb,2026-01-02,2,first\n")
	more := parseRows(t, "metric,at,value,note\na,2026-01-01,1,\nb,2026-01-02,2,first\nc,2026-01-03,3,second\na,2026-01-04,4,first\n")[2:]
	base := packRows("m.csv", nil, ms)
	next := packRows("m.csv", base, more)
	samePacked(t, base, ms)
	samePacked(t, next, append(append([]model.Measurement{}, ms...), more...))
	if len(base.metrics) != 2 || len(base.notes) != 1 {
		t.Errorf("the earlier version's tables changed: metrics %q, notes %q", base.metrics, base.notes)
	}
	// A third version after the same base (a branch) does not see the
	// second's strings.
	other := packRows("m.csv", base, parseRows(t, "metric,at,value,note\nd,2026-01-05,5,third\n"))
	if got := other.at(2); got.Metric != "d" || got.Note != "third" {
		t.Errorf("a branch after the same base reads %q %q, want d third", got.Metric, got.Note)
	}
	samePacked(t, next, append(append([]model.Measurement{}, ms...), more...))
}

// parseRows reads CSV rows as the plain reader does, unpacked.
func parseRows(t *testing.T, text string) []model.Measurement {
	t.Helper()
	ms, probs, _ := parseCSVAppendable("m.csv", []byte(text))
	if len(probs) > 0 {
		t.Fatalf("problems: %v", probs)
	}
	return ms
}

// FuzzPackRows holds the packed rows of any measurement file to the rows
// read from it, whole and packed in two parts (an earlier version and the
// rows appended to it: split after the first row, or, late, at a place the
// file's length picks).
func FuzzPackRows(f *testing.F) {
	f.Add([]byte("metric,at,value,note\na,2026-01-01,1,\nb,2026-01-02T10:00:00+02:00,2,n\n"), true)
	f.Add([]byte("metric,at,value,confidence,note\na,2026-01-01,-0,0,\"q,uoted\"\nb,2026-01-02,1e300,10,n\n"), false)
	seeds(f, ".csv")
	f.Fuzz(func(t *testing.T, data []byte, late bool) {
		if len(data) > 1<<16 {
			return
		}
		if !measurementHeader(data) {
			return // not a measurement file: no rows
		}
		r := parseData("m.csv", data)
		if len(r.measurements) > 0 {
			t.Fatal("parseData left rows unpacked")
		}
		ms, _, _ := parseCSVAppendable("m.csv", data)
		if d := cmp.Diff(ms, r.packed.all(), cmp.Comparer(sameFloat)); d != "" {
			t.Fatalf("packed rows differ from the rows read (-read +packed):\n%s", d)
		}
		if len(ms) == 0 {
			return
		}
		k := 1
		if late {
			k = len(data) % (len(ms) + 1)
		}
		two := packRows("m.csv", packRows("m.csv", nil, ms[:k]), ms[k:])
		if d := cmp.Diff(ms, two.all(), cmp.Comparer(sameFloat)); d != "" {
			t.Fatalf("rows packed after the first %d differ (-read +packed):\n%s", k, d)
		}
		sameSeries(t, two.series(), ms)
	})
}

func sameFloat(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }
