package change

import (
	"cmp"
	"math"
	"slices"

	"github.com/okr-as-code/okr/okr/model"
)

// MeasurementChange is a check-in (a measurement) that the head added or
// removed. A measurement whose note, value or confidence changed is one
// removed and one added; one that moved to another file is no change.
type MeasurementChange struct {
	Metric string  `json:"metric"`
	At     string  `json:"at"` // as written: a date or an RFC 3339 timestamp
	Value  float64 `json:"value"`
	Note   string  `json:"note"` // "" when none
	// Confidence is 0..10, nil when the measurement carries none.
	Confidence *int   `json:"confidence"`
	File       string `json:"file"` // the file that holds it: the head's for added, the base's for removed
	Line       int    `json:"line"`
	Kind       Kind   `json:"kind"` // added or removed
	// Unit is the unit of the metric (its KPI's or key result's), "" when
	// it has none.
	Unit string `json:"unit"`
}

// measurementKey is what makes two measurements the same check-in.
type measurementKey struct {
	metric, at, note string
	value            uint64
	confidence       int8 // -1 when absent
}

func keyOf(m *model.Measurement) measurementKey {
	conf := int8(-1)
	if m.HasConfidence {
		conf = m.Confidence
	}
	return measurementKey{metric: m.Metric, at: m.AtString(), note: m.Note, value: math.Float64bits(m.Value), confidence: conf}
}

// measurements lists the measurements of head that base lacks (added) and
// those of base that head lacks (removed), counting repeats: a check-in
// written twice and once is one removed. The rows each file shares on both
// sides at its start and end are skipped without building keys, so that a
// diff of a repository of a million rows where a few were appended costs
// little more than reading it.
func measurements(base, head *model.Repo) []MeasurementChange {
	bf, hf := byFile(base.Measurements), byFile(head.Measurements)
	counts := map[measurementKey]int{}
	// The rows of each file that differ between the sides: what lies
	// between the rows both sides share at the start and at the end (a
	// check-in appended to a file is its last row alone).
	var bs, hs []*model.Measurement
	for _, file := range sortedKeys(bf, hf) {
		b, h := bf[file], hf[file]
		p := 0
		for p < len(b) && p < len(h) && sameMeasurement(b[p], h[p]) {
			p++
		}
		q := 0
		for q < len(b)-p && q < len(h)-p && sameMeasurement(b[len(b)-1-q], h[len(h)-1-q]) {
			q++
		}
		bs = append(bs, b[p:len(b)-q]...)
		hs = append(hs, h[p:len(h)-q]...)
	}
	if len(bs) == 0 && len(hs) == 0 {
		return []MeasurementChange{}
	}
	for _, m := range bs {
		counts[keyOf(m)]++
	}
	var added []*model.Measurement
	for _, m := range hs {
		k := keyOf(m)
		if counts[k] > 0 {
			counts[k]--
			continue
		}
		added = append(added, m)
	}
	units := unitsOf(head, base)
	out := []MeasurementChange{}
	// The base's measurements left over, in read order: a metric's
	// repeated check-in is removed last-first.
	for i := len(bs) - 1; i >= 0; i-- {
		m := bs[i]
		k := keyOf(m)
		if counts[k] == 0 {
			continue
		}
		counts[k]--
		out = append(out, measurementChange(m, Removed, units))
	}
	for _, m := range added {
		out = append(out, measurementChange(m, Added, units))
	}
	slices.SortFunc(out, func(a, b MeasurementChange) int {
		return cmp.Or(
			cmp.Compare(a.Metric, b.Metric),
			cmp.Compare(a.At, b.At),
			cmp.Compare(kindRank(a.Kind), kindRank(b.Kind)),
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Value, b.Value),
			cmp.Compare(a.Note, b.Note),
		)
	})
	return out
}

func measurementChange(m *model.Measurement, kind Kind, units map[string]string) MeasurementChange {
	c := MeasurementChange{
		Metric: m.Metric, At: m.AtString(), Value: m.Value, Note: m.Note,
		File: m.Pos.File, Line: m.Pos.Line, Kind: kind, Unit: units[m.Metric],
	}
	if m.HasConfidence {
		v := int(m.Confidence)
		c.Confidence = &v
	}
	return c
}

// sortedKeys returns the files of both maps, sorted.
func sortedKeys(a, b map[string][]*model.Measurement) []string {
	keys := make([]string, 0, len(a)+len(b))
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// byFile groups measurements by the file that holds them, in read order.
func byFile(ms []model.Measurement) map[string][]*model.Measurement {
	out := map[string][]*model.Measurement{}
	for i := range ms {
		m := &ms[i]
		out[m.Pos.File] = append(out[m.Pos.File], m)
	}
	return out
}

func sameMeasurement(x, y *model.Measurement) bool {
	return x == y || // one parse shared by both repositories
		x.Metric == y.Metric && x.AtText == y.AtText && x.Day == y.Day && math.Float64bits(x.Value) == math.Float64bits(y.Value) &&
			x.Note == y.Note && x.HasConfidence == y.HasConfidence && x.Confidence == y.Confidence
}

// unitsOf maps each metric (KPI id, or key result ref of a key result that
// reads no KPI) to its unit, taken from the first repository that defines
// the metric with a unit.
func unitsOf(repos ...*model.Repo) map[string]string {
	out := map[string]string{}
	set := func(metric, unit string) {
		if _, ok := out[metric]; !ok && unit != "" {
			out[metric] = unit
		}
	}
	for _, r := range repos {
		for _, k := range r.KPIs {
			set(k.ID, k.Unit)
		}
		for _, d := range r.Objectives {
			for _, o := range d.Objectives {
				for _, kr := range o.KeyResults {
					if kr.KPI == "" {
						set(kr.Ref, kr.Unit)
					}
				}
			}
		}
	}
	return out
}
