package load

import (
	"math"

	"github.com/okr-as-code/okr/okr/model"
)

// packedRows holds a parsed file's measurements in 32 bytes each instead
// of a model.Measurement's 128, and without pointers, so that the garbage
// collector never scans them: a file parsed once and kept (okr log keeps
// every file of a commit parsed through 10,000 commits; okr diff keeps two
// revisions) holds its rows this way, and they become model.Measurements
// again when a repository is assembled or a row is read. The file, the
// metric and the note are indices into tables of the file's distinct
// strings. A row that would not come back exactly as it was read (a
// timestamp, whose instant and zone a day does not give; a position or a
// day out of range) is kept whole, in full.
type packedRows struct {
	file    string
	metrics []string // the distinct metrics of the rows, in first-seen order
	notes   []string // the distinct notes, in first-seen order
	full    []model.Measurement
	rows    []packedRow
}

// packedRow is one measurement: metric ≥ 0 indexes metrics; metric < 0 is
// the row full[-metric-1].
type packedRow struct {
	value         float64
	line, column  int32
	metric        int32
	note          int32 // 0: no note; else notes[note-1]
	day           model.Date
	confidence    int8
	hasConfidence bool
}

// packRows packs ms, the measurements of file in file order (Seq not
// set), after the rows of base (an earlier version of the file whose rows
// ms follows; nil for none), whose tables are extended, never changed.
func packRows(file string, base *packedRows, ms []model.Measurement) *packedRows {
	p := &packedRows{file: file}
	if base != nil {
		p.metrics = base.metrics[:len(base.metrics):len(base.metrics)]
		p.notes = base.notes[:len(base.notes):len(base.notes)]
		p.full = base.full[:len(base.full):len(base.full)]
		p.rows = make([]packedRow, len(base.rows), len(base.rows)+len(ms))
		copy(p.rows, base.rows)
	} else {
		p.rows = make([]packedRow, 0, len(ms))
	}
	metrics := make(map[string]int32, len(p.metrics)+8)
	for i, m := range p.metrics {
		metrics[m] = int32(i)
	}
	notes := map[string]int32{}
	for i, n := range p.notes {
		notes[n] = int32(i + 1)
	}
	for _, m := range ms {
		if !packable(file, &m) {
			p.full = append(p.full, m)
			p.rows = append(p.rows, packedRow{metric: -int32(len(p.full))})
			continue
		}
		mi, ok := metrics[m.Metric]
		if !ok {
			mi = int32(len(p.metrics))
			metrics[m.Metric] = mi
			p.metrics = append(p.metrics, m.Metric)
		}
		var ni int32
		if m.Note != "" {
			if ni, ok = notes[m.Note]; !ok {
				p.notes = append(p.notes, m.Note)
				ni = int32(len(p.notes))
				notes[m.Note] = ni
			}
		}
		p.rows = append(p.rows, packedRow{
			value: m.Value, line: int32(m.Pos.Line), column: int32(m.Pos.Column),
			metric: mi, note: ni, day: m.Day,
			confidence: m.Confidence, hasConfidence: m.HasConfidence,
		})
	}
	return p
}

// packable reports whether m comes back from a packedRow exactly as it is.
func packable(file string, m *model.Measurement) bool {
	return m.Pos.File == file && m.AtText == "" && m.Seq == 0 &&
		fits32(m.Pos.Line) && fits32(m.Pos.Column) && m.At == m.Day.Time()
}

func fits32(n int) bool { return n >= math.MinInt32 && n <= math.MaxInt32 }

// len returns the number of rows.
func (p *packedRows) len() int {
	if p == nil {
		return 0
	}
	return len(p.rows)
}

// at returns row i as read (Seq not set).
func (p *packedRows) at(i int) model.Measurement {
	r := &p.rows[i]
	if r.metric < 0 {
		return p.full[-r.metric-1]
	}
	m := model.Measurement{
		Pos:    model.Pos{File: p.file, Line: int(r.line), Column: int(r.column)},
		Metric: p.metrics[r.metric],
		At:     r.day.Time(),
		Value:  r.value, Day: r.day,
		Confidence: r.confidence, HasConfidence: r.hasConfidence,
	}
	if r.note > 0 {
		m.Note = p.notes[r.note-1]
	}
	return m
}

// metric returns the metric of row i.
func (p *packedRows) metric(i int) string {
	r := &p.rows[i]
	if r.metric < 0 {
		return p.full[-r.metric-1].Metric
	}
	return p.metrics[r.metric]
}

// unpackInto writes the rows into dst[:p.len()], numbered from seq.
func (p *packedRows) unpackInto(dst []model.Measurement, seq int) {
	for i := range p.rows {
		dst[i] = p.at(i)
		dst[i].Seq = seq + i
	}
}

// all returns the rows as model.Measurements (Seq not set), in a new
// slice.
func (p *packedRows) all() []model.Measurement {
	out := make([]model.Measurement, p.len())
	for i := range out {
		out[i] = p.at(i)
	}
	return out
}

// series returns the rows grouped by metric, as file.Series: for each
// metric the indices of its rows in file order, each group a full slice of
// one array. The rows' metrics are counted by their index in the table,
// with no lookup of a name a row.
func (p *packedRows) series() map[string][]int32 {
	names := p.metrics[:len(p.metrics):len(p.metrics)]
	ids := make([]int32, len(p.rows))
	var extra map[string]int32 // the metrics of rows kept whole
	for i := range p.rows {
		id := p.rows[i].metric
		if id < 0 {
			if extra == nil {
				extra = make(map[string]int32, len(names))
				for k, n := range names {
					extra[n] = int32(k)
				}
			}
			m := p.full[-id-1].Metric
			k, ok := extra[m]
			if !ok {
				k = int32(len(names))
				extra[m] = k
				names = append(names, m)
			}
			id = k
		}
		ids[i] = id
	}
	start := make([]int32, len(names)+1)
	for _, id := range ids {
		start[id+1]++
	}
	groups := 0
	for k := range names {
		if start[k+1] > 0 {
			groups++
		}
		start[k+1] += start[k]
	}
	all := make([]int32, len(ids))
	next := start[:len(names):len(names)]
	next = append([]int32(nil), next...)
	for i, id := range ids {
		all[next[id]] = int32(i)
		next[id]++
	}
	out := make(map[string][]int32, groups)
	for k, n := range names {
		if a, b := start[k], start[k+1]; b > a {
			out[n] = all[a:b:b]
		}
	}
	return out
}
