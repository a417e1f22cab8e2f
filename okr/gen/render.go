package gen

import (
	"strconv"
)

// Renderers append bytes; they never use fmt, so that a million rows render
// in well under a second.

// appendVal writes v steps of 10^-dec as the shortest decimal: 1250 with two
// decimals is 12.5.
func appendVal(b []byte, v int64, dec int) []byte {
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	if dec == 0 {
		return strconv.AppendInt(b, v, 10)
	}
	p := pow10[dec]
	b = strconv.AppendInt(b, v/p, 10)
	f := v % p
	if f == 0 {
		return b
	}
	var digits [4]byte
	for i := dec - 1; i >= 0; i-- {
		digits[i] = byte('0' + f%10)
		f /= 10
	}
	n := dec
	for digits[n-1] == '0' {
		n--
	}
	b = append(b, '.')
	return append(b, digits[:n]...)
}

func appendField(b []byte, indent, key, value string) []byte {
	b = append(b, indent...)
	b = append(b, key...)
	b = append(b, ": "...)
	b = append(b, value...)
	return append(b, '\n')
}

func appendNum(b []byte, indent, key string, v int64, dec int) []byte {
	b = append(b, indent...)
	b = append(b, key...)
	b = append(b, ": "...)
	b = appendVal(b, v, dec)
	return append(b, '\n')
}

var verbs = [2][3]string{{"Cut", "Reduce", "Bring down"}, {"Raise", "Grow", "Lift"}}

// currentTarget is the target a key result shows: its original one while a
// planned change is pending.
func (kr *keyResult) currentTarget() int64 {
	if kr.pending {
		return kr.orig
	}
	return kr.target
}

func (kr *keyResult) appendTitle(b []byte, yearly bool) []byte {
	t := kr.currentTarget()
	switch kr.kind {
	case krMetric:
		up := 0
		if kr.m.dir > 0 {
			up = 1
		}
		b = append(b, verbs[up][kr.verb]...)
		b = append(b, ' ')
		b = append(b, kr.m.lower...)
		b = append(b, " from "...)
		b = appendVal(b, kr.baseline, kr.m.dec)
		b = append(b, kr.m.suffix...)
		b = append(b, " to "...)
		b = appendVal(b, t, kr.m.dec)
		return append(b, kr.m.suffix...)
	case krAtLeast, krAtMost:
		if kr.m.sum {
			b = append(b, "At most "...)
			b = appendVal(b, t, kr.m.dec)
			b = append(b, ' ')
			b = append(b, kr.m.lower...)
			if yearly {
				return append(b, " this year"...)
			}
			return append(b, " this quarter"...)
		}
		b = append(b, "Keep "...)
		b = append(b, kr.m.lower...)
		if kr.kind == krAtLeast {
			b = append(b, " at or above "...)
		} else {
			b = append(b, " at or below "...)
		}
		b = appendVal(b, t, kr.m.dec)
		return append(b, kr.m.suffix...)
	default:
		return append(b, kr.ms.title...)
	}
}

func (m *model) appendObjectives(b []byte, d *objDoc) []byte {
	b = append(b, "# Objectives of "...)
	b = append(b, d.owner...)
	b = append(b, " for "...)
	b = append(b, d.period...)
	b = append(b, "\napiVersion: okr/v1\nkind: Objectives\n"...)
	b = appendField(b, "", "owner", d.owner)
	b = appendField(b, "", "level", d.level)
	b = appendField(b, "", "period", d.period)
	b = append(b, "objectives:\n"...)
	yearly := d.level == "company"
	for oi := range d.objectives {
		ob := &d.objectives[oi]
		b = appendField(b, "  - ", "id", ob.id)
		b = appendField(b, "    ", "title", ob.title)
		if ob.desc > 0 {
			b = appendField(b, "    ", "description", descriptions[ob.desc-1])
		}
		if ob.committed {
			b = appendField(b, "    ", "type", "committed")
		}
		if ob.alignsTo != "" {
			b = appendField(b, "    ", "aligns_to", ob.alignsTo)
		}
		if ob.weight != 1 {
			b = appendNum(b, "    ", "weight", int64(ob.weight), 0)
		}
		b = append(b, "    key_results:\n"...)
		for ki := range ob.krs {
			kr := &ob.krs[ki]
			const in = "        "
			b = appendField(b, "      - ", "id", kr.id)
			b = append(b, in+"title: "...)
			b = kr.appendTitle(b, yearly)
			b = append(b, '\n')
			if kr.kind != krMetric {
				b = appendField(b, in, "type", kindNames[kr.kind])
			}
			if kr.kpi >= 0 {
				b = appendField(b, in, "kpi", m.kpis[kr.kpi].id)
			}
			if kr.m != nil {
				dec := kr.m.dec
				if kr.kind == krMetric || kr.hasBase {
					b = appendNum(b, in, "baseline", kr.baseline, dec)
				}
				if kr.hasLevels {
					b = appendNum(b, in, "commit", kr.commit, dec)
				}
				b = appendNum(b, in, "target", kr.currentTarget(), dec)
				if kr.hasLevels {
					b = appendNum(b, in, "stretch", kr.stretch, dec)
				}
				b = appendField(b, in, "unit", kr.m.unit)
			}
			if kr.aggregate != "last" {
				b = appendField(b, in, "aggregate", kr.aggregate)
			}
			if kr.weight != 1 {
				b = appendNum(b, in, "weight", int64(kr.weight), 0)
			}
			if kr.owner != "" {
				b = appendField(b, in, "owner", kr.owner)
			}
		}
	}
	return b
}

// kpiGroups is the number of kpis/area-NNN.yaml files.
func (m *model) kpiGroups() int { return (len(m.kpis) + kpisPerFile - 1) / kpisPerFile }

func (m *model) kpiPath(g int) string {
	return "kpis/area-" + pad(g+1, max(3, len(strconv.Itoa(m.kpiGroups())))) + ".yaml"
}

func (m *model) appendKPIs(b []byte, g int) []byte {
	b = append(b, "# KPI catalogue, area "...)
	b = append(b, strconv.Itoa(g+1)...)
	b = append(b, '\n')
	for i := g * kpisPerFile; i < min((g+1)*kpisPerFile, len(m.kpis)); i++ {
		k := &m.kpis[i]
		if i > g*kpisPerFile {
			b = append(b, "---\n"...)
		}
		b = append(b, "apiVersion: okr/v1\nkind: KPI\n"...)
		b = appendField(b, "", "id", k.id)
		b = appendField(b, "", "name", k.name)
		b = appendField(b, "", "owner", m.owners[k.owner])
		b = appendField(b, "", "unit", k.m.unit)
		if k.m.dir > 0 {
			b = append(b, "direction: increase\n"...)
		} else {
			b = append(b, "direction: decrease\n"...)
		}
		b = appendNum(b, "", "target", k.target, k.m.dec)
		b = appendNum(b, "", "warn", k.warn, k.m.dec)
		b = appendField(b, "", "cadence", cadenceNames[k.cadence])
		b = appendField(b, "", "category", k.m.category)
		b = appendField(b, "", "indicator", k.m.indicator)
		if k.desc > 0 {
			b = appendField(b, "", "description", descriptions[k.desc-1])
		}
	}
	return b
}

const csvHeader = "metric,at,value,note\n"

// renderCSV renders a CSV measurement file whole and records where each row
// ends, so that any prefix of it (a check-in in history) is a slice.
func (m *model) renderCSV(f *mfile) {
	b := make([]byte, 0, len(csvHeader)+len(f.rows)*80)
	b = append(b, csvHeader...)
	f.ends = make([]int32, 0, len(f.rows)+1)
	f.ends = append(f.ends, int32(len(b)))
	for _, row := range f.rows {
		s := &m.series[m.rowSeries[row]]
		b = append(b, s.metric...)
		b = append(b, ',')
		b = append(b, m.dates[m.rowDay[row]]...)
		b = append(b, ',')
		b = appendVal(b, m.rowVal[row], s.dec)
		b = append(b, ',')
		if n := m.rowNote[row]; n > 0 {
			b = append(b, rowNotes[n-1]...)
		}
		b = append(b, '\n')
		f.ends = append(f.ends, int32(len(b)))
	}
	f.csv = b
}

// appendMeasurementsYAML renders a YAML measurement file holding the rows
// of f on or before day last, one Measurements document per series.
func (m *model) appendMeasurementsYAML(b []byte, f *mfile, last int) []byte {
	first := true
	for _, si := range f.series {
		s := &m.series[si]
		if s.lo == s.hi || int(m.rowDay[s.lo]) > last {
			continue
		}
		if !first {
			b = append(b, "---\n"...)
		}
		first = false
		b = append(b, "apiVersion: okr/v1\nkind: Measurements\n"...)
		b = appendField(b, "", "metric", s.metric)
		b = append(b, "values:\n"...)
		for row := s.lo; row < s.hi && int(m.rowDay[row]) <= last; row++ {
			b = append(b, "  - {at: "...)
			b = append(b, m.dates[m.rowDay[row]]...)
			b = append(b, ", value: "...)
			b = appendVal(b, m.rowVal[row], s.dec)
			if n := m.rowNote[row]; n > 0 {
				b = append(b, ", note: "...)
				b = append(b, rowNotes[n-1]...)
			}
			b = append(b, "}\n"...)
		}
	}
	return b
}

// content appends measurement file f holding its first k rows (in day order).
func (m *model) content(b []byte, f *mfile, k int) []byte {
	if !f.yaml {
		return append(b, f.csv[:f.ends[k]]...)
	}
	if k == 0 {
		return b
	}
	return m.appendMeasurementsYAML(b, f, int(m.rowDay[f.rows[k-1]]))
}

const okrYAML = `# Repository config. Generated by okrgen for benchmarks.
organization: Acme
fiscal_year_start_month: 1
grades:
  green: 0.7
  yellow: 0.4
ignore: ["archive/**"]
`

func (m *model) appendNotes(b []byte, k int) []byte {
	b = append(b, notesHeader...)
	for _, line := range m.notes[:k] {
		b = append(b, line...)
	}
	return b
}
