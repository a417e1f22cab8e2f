package sheet

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/okr-as-code/okr/okr/format"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/source"
)

// MeasurementsFile is where okr import writes the current values.
const MeasurementsFile = "measurements/imported.csv"

// Plan is what an import would write: files by path relative to the root,
// in the layout okr fmt writes; and every problem found, at its cell.
type Plan struct {
	Files    map[string][]byte
	Problems []Problem
}

// Errors counts the plan's errors.
func (p *Plan) Errors() int {
	n := 0
	for _, q := range p.Problems {
		if q.Severity == "error" {
			n++
		}
	}
	return n
}

var (
	ownerRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)
	kpiRe   = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]*$`)
)

// sheetCols maps a sheet's known columns to their index.
type sheetCols map[string]int

// columns matches a header against the known columns (compared without
// case, spaces, '_' and '-'); an unknown or repeated column is a problem.
func columns(g *Grid, known []string, required [][]string, probs *[]Problem) sheetCols {
	byNorm := map[string]string{}
	for _, k := range known {
		byNorm[normHeader(k)] = k
	}
	cols := sheetCols{}
	for i, h := range g.Header {
		if h.Text == "" {
			continue
		}
		k, ok := byNorm[normHeader(h.Text)]
		switch {
		case !ok:
			*probs = append(*probs, errorAt(h.At(), "unknown column %q: the columns of %s are %s", h.Text, sheetName(g), strings.Join(known, ", ")))
		case cols.has(k):
			*probs = append(*probs, errorAt(h.At(), "column %s appears twice", k))
		default:
			cols[k] = i
		}
	}
	for _, any := range required {
		if !slices.ContainsFunc(any, cols.has) {
			at := Pos{}
			if len(g.Header) > 0 {
				at = g.Header[0].At()
			}
			*probs = append(*probs, errorAt(at, "no column %s: %s needs it", strings.Join(any, " or "), sheetName(g)))
		}
	}
	return cols
}

func (c sheetCols) has(k string) bool { _, ok := c[k]; return ok }

func sheetName(g *Grid) string {
	if g.Name == "" {
		return "the Goals layout"
	}
	return "sheet " + g.Name
}

// cell is the cell of column k in row, empty (at the column's position)
// when the row is shorter or the column is absent.
func (c sheetCols) cell(row []Raw, k string, header []Raw) Raw {
	i, ok := c[k]
	if !ok {
		return Raw{}
	}
	if i < len(row) {
		return row[i]
	}
	if len(row) == 0 {
		return Raw{}
	}
	r := Raw{src: row[0].src, row: row[0].row}
	if i < len(header) {
		r.col = header[i].col
	}
	return r
}

// origin is where a generated value came from: its cell.
type origin = Raw

// The documents being built.
type (
	impDoc struct {
		owner, period string
		level         origin
		ownerAt       Raw
		periodAt      Raw
		objs          []*impObj
		byTitle       map[string]*impObj
		byID          map[string]*impObj
		file          string
	}
	impObj struct {
		id         origin // the id, or the title it was made from
		idText     string
		title      origin
		typ        origin
		alignsTo   origin
		weight     origin
		weightText string
		krs        []*impKR
		krIDs      map[string]bool
	}
	impKR struct {
		row    []Raw
		id     origin
		idText string
		fields []krField // in the order written
	}
	krField struct {
		key  string
		text string
		num  bool
		at   Raw
	}
	impKPI struct {
		id     string
		row    []Raw
		fields []krField
	}
	impMeasurement struct {
		metric, at, value string
		cell              Raw // the current cell
	}
)

// fieldOf reads the cell of column col as the field key of a key result
// or KPI: its text, or for a number field the number as written. It
// returns false for an empty cell, and for a cell that is not a number
// where one is wanted, which it adds to probs.
func fieldOf(cell Raw, key, col string, num bool, probs *[]Problem) (krField, bool) {
	if cell.Text == "" {
		return krField{}, false
	}
	text := cell.Text
	if num {
		t, _, err := ParseNumber(cell.Text)
		if err != nil {
			*probs = append(*probs, errorAt(cell.At(), "%s: %v", col, err))
			return krField{}, false
		}
		text = t
	}
	return krField{key: key, text: text, num: num, at: cell}, true
}

// goalsKRFields are the key-result keys and their columns, in SPEC
// order; numbers are marked.
var goalsKRFields = []struct {
	key, col string
	num      bool
}{
	{"title", "title", false}, {"type", "type", false}, {"kpi", "kpi", false},
	{"baseline", "baseline", true}, {"commit", "commit", true}, {"target", "target", true}, {"stretch", "stretch", true},
	{"unit", "unit", false}, {"aggregate", "aggregate", false}, {"weight", "weight", true},
	{"owner", "kr_owner", false}, {"cadence", "cadence", false},
}

var kpiFields = []struct {
	key string
	num bool
}{
	{"id", false}, {"name", false}, {"owner", false}, {"unit", false}, {"direction", false}, {"target", true}, {"warn", true},
	{"cadence", false}, {"category", false}, {"indicator", false}, {"description", false},
}

// Import turns a book into the files okr import writes: one Objectives
// document per (owner, period) at objectives/<owner>/<period>.yaml, one
// KPI document per KPI at kpis/<id>.yaml, and the current values in
// measurements/imported.csv, each as okr fmt writes it. Every problem is
// collected at its cell, including what the checks find in the
// repository (repo, with the problems probs found reading it, as of asOf)
// with the new files in it.
func Import(b *Book, repo *model.Repo, probs []model.Problem, asOf model.Date) *Plan {
	p := &Plan{Files: map[string][]byte{}, Problems: slices.Clone(b.Problems)}
	if b.Goals == nil || b.Goals.Header == nil {
		p.Problems = append(p.Problems, errorAt(Pos{}, "no header row: the first row names the columns (%s)", strings.Join(GoalsColumns, ", ")))
		return p
	}
	read := p.Errors() // the cells the reader could not use (formulas without a value, merges)
	gc := columns(b.Goals, GoalsColumns, [][]string{{"owner"}, {"period"}, {"objective", "objective_title"}, {"key_result", "title"}}, &p.Problems)
	var kc sheetCols
	if b.KPIs != nil && b.KPIs.Header != nil {
		kc = columns(b.KPIs, KPIColumns, [][]string{{"id"}}, &p.Problems)
	}
	if p.Errors() > read {
		return p // the columns are not known: the rows cannot be read
	}
	unread := map[Pos]bool{}
	for _, q := range b.Problems {
		unread[q.At] = true
	}
	docs, ms := importGoals(b.Goals, gc, unread, &p.Problems)
	var kpis []*impKPI
	if kc != nil {
		kpis = importKPIs(b.KPIs, kc, &p.Problems)
	}
	// Files, and where each line came from.
	lines := map[string]map[int]Raw{}
	for _, d := range docs {
		data, err := docYAML(d)
		if err != nil {
			p.Problems = append(p.Problems, errorAt(d.ownerAt.At(), "cannot write %s: %v", d.file, err))
			continue
		}
		p.Files[d.file] = data
	}
	for _, k := range kpis {
		data, err := kpiYAML(k)
		if err != nil {
			p.Problems = append(p.Problems, errorAt(k.row[0].At(), "cannot write kpis/%s.yaml: %v", k.id, err))
			continue
		}
		p.Files["kpis/"+k.id+".yaml"] = data
	}
	if len(ms) > 0 {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		_ = w.Write([]string{"metric", "at", "value"})
		m := map[int]Raw{}
		for i, x := range ms {
			_ = w.Write([]string{x.metric, x.at, x.value})
			m[i+2] = x.cell
		}
		w.Flush()
		p.Files[MeasurementsFile] = buf.Bytes()
		lines[MeasurementsFile] = m
	}
	newRepo, newProbs := source.Files(p.Files)
	mapLines(newRepo, docs, kpis, lines)
	all := merge(repo, newRepo)
	checked := source.Check(all, append(slices.Clone(probs), newProbs...), asOf)
	before := map[string]bool{}
	for _, q := range source.Check(repo, probs, asOf) {
		before[problemKey(q)] = true
	}
	// One mistake, one error: a row that has an import error already
	// (a number that does not read, so the field was left out) gets no
	// schema error (that field missing) from the checks; a schema error
	// at the cell of a field that was written (a direction "up") is a
	// mistake of its own, reported still.
	bad := map[Pos]bool{}
	for _, q := range p.Problems {
		bad[Pos{File: q.At.File, Sheet: q.At.Sheet, Row: q.At.Row}] = true
	}
	written := map[Pos]bool{}
	for _, d := range docs {
		for _, o := range d.objs {
			for _, k := range o.krs {
				for _, f := range k.fields {
					written[f.at.At()] = true
				}
			}
		}
	}
	for _, k := range kpis {
		for _, f := range k.fields {
			if f.key != "id" { // the document's own line: where a field missing is reported
				written[f.at.At()] = true
			}
		}
	}
	for _, q := range checked {
		if m, ok := lines[q.File]; ok {
			at := lineCell(m, q.Line)
			if q.Rule == "schema" && bad[Pos{File: at.File, Sheet: at.Sheet, Row: at.Row}] && !written[at] {
				continue
			}
			p.Problems = append(p.Problems, Problem{At: at, Severity: string(q.Severity), Rule: q.Rule, Message: q.Message})
			continue
		}
		if before[problemKey(q)] {
			continue // there before the import
		}
		p.Problems = append(p.Problems, Problem{At: Pos{File: q.File, Row: q.Line, Col: q.Column}, Severity: string(q.Severity), Rule: q.Rule, Message: q.Message})
	}
	sortProblems(p.Problems)
	return p
}

func problemKey(q model.Problem) string {
	return fmt.Sprintf("%s\x00%d\x00%d\x00%s\x00%s", q.File, q.Line, q.Column, q.Rule, q.Message)
}

// lineCell is the cell of a generated file's line: the cell registered at
// that line, else at the nearest line before it.
func lineCell(m map[int]Raw, line int) Pos {
	for l := line; l > 0; l-- {
		if r, ok := m[l]; ok {
			return r.At()
		}
	}
	for _, r := range m {
		return r.At()
	}
	return Pos{}
}

// sortProblems orders problems by file, sheet, row and column, stably.
func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i].At, ps[j].At
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Sheet != b.Sheet {
			return a.Sheet < b.Sheet
		}
		if a.Row != b.Row {
			return a.Row < b.Row
		}
		return a.Col < b.Col
	})
}

// merge is the repository with the new documents in it, after the
// documents already there: where the checks find a clash (a KPI id, an
// owner and period), they report it at the later one, the new file, and so
// at the cell it came from.
func merge(a, b *model.Repo) *model.Repo {
	m := *a
	m.Objectives = append(slices.Clone(a.Objectives), b.Objectives...)
	m.KPIs = append(slices.Clone(a.KPIs), b.KPIs...)
	m.Measurements = append(slices.Clone(a.Measurements), b.Measurements...)
	for i := range m.Measurements {
		m.Measurements[i].Seq = i + 1
	}
	m.Files = append(slices.Clone(a.Files), b.Files...)
	return &m
}

// importGoals reads the Goals rows into documents and measurements. The
// cells in unread have a problem of the reader already (a formula without
// a value): one mistake, one error.
func importGoals(g *Grid, c sheetCols, unread map[Pos]bool, probs *[]Problem) ([]*impDoc, []impMeasurement) {
	var docs []*impDoc
	byKey := map[[2]string]*impDoc{}
	var ms []impMeasurement
	kpiAt := map[[2]string]impMeasurement{}
	get := func(row []Raw, k string) Raw { return c.cell(row, k, g.Header) }
	for _, row := range g.Rows {
		owner, period := get(row, "owner"), get(row, "period")
		ok := true
		switch {
		case owner.Text == "":
			*probs = append(*probs, errorAt(owner.At(), "no owner: each row names the team or person whose goal it is, such as \"payments\""))
			ok = false
		case !ownerRe.MatchString(owner.Text):
			*probs = append(*probs, errorAt(owner.At(), "owner %q is not valid: use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, such as \"payments\"", owner.Text))
			ok = false
		}
		switch _, err := model.ParsePeriod(period.Text); {
		case period.Text == "":
			*probs = append(*probs, errorAt(period.At(), "no period: each row names the period of its goal, such as 2026-Q4"))
			ok = false
		case err != nil || strings.ContainsAny(period.Text, "/\\"):
			*probs = append(*probs, errorAt(period.At(), "period %q is not valid: write YYYY-Qn, YYYY-Hn or YYYY (2026-Q4)", period.Text))
			ok = false
		}
		if !ok {
			continue
		}
		key := [2]string{owner.Text, period.Text}
		d := byKey[key]
		if d == nil {
			d = &impDoc{owner: owner.Text, period: period.Text, ownerAt: owner, periodAt: period, level: get(row, "level"),
				byTitle: map[string]*impObj{}, byID: map[string]*impObj{},
				file: path.Join("objectives", owner.Text, period.Text+".yaml")}
			byKey[key] = d
			docs = append(docs, d)
		} else {
			agree(&d.level, get(row, "level"), "level", "the rows of one owner and period", probs)
		}
		// The objective: by id, else by title.
		oid, otitle := get(row, "objective"), get(row, "objective_title")
		var ob *impObj
		switch {
		case oid.Text != "":
			ob = d.byID[oid.Text]
		case otitle.Text != "":
			ob = d.byTitle[otitle.Text]
		default:
			*probs = append(*probs, errorAt(oid.At(), "no objective: give its id (objective) or its title (objective_title)"))
			continue
		}
		if ob == nil {
			ob = &impObj{id: oid, idText: oid.Text, title: otitle, typ: get(row, "objective_type"), alignsTo: get(row, "aligns_to"),
				weight: get(row, "objective_weight"), krIDs: map[string]bool{}}
			if ob.idText == "" {
				ob.id = otitle
				ob.idText = Slug(otitle.Text, func(id string) bool { return d.byID[id] != nil })
				if ob.idText == "" {
					*probs = append(*probs, errorAt(otitle.At(), "cannot make an objective id from the title %q: write one in objective", otitle.Text))
					continue
				}
			}
			if ob.weight.Text != "" {
				t, _, err := ParseNumber(ob.weight.Text)
				if err != nil {
					*probs = append(*probs, errorAt(ob.weight.At(), "objective_weight: %v", err))
				}
				ob.weightText = t
			}
			d.byID[ob.idText] = ob
			if otitle.Text != "" && d.byTitle[otitle.Text] == nil {
				d.byTitle[otitle.Text] = ob
			}
			d.objs = append(d.objs, ob)
		} else {
			what := "the rows of objective " + ob.idText
			agree(&ob.title, otitle, "objective_title", what, probs)
			agree(&ob.typ, get(row, "objective_type"), "objective_type", what, probs)
			agree(&ob.alignsTo, get(row, "aligns_to"), "aligns_to", what, probs)
			w := ob.weight
			agreeNum(&ob.weight, get(row, "objective_weight"), "objective_weight", what, probs)
			if w.Text == "" && ob.weight.Text != "" {
				ob.weightText, _, _ = ParseNumber(ob.weight.Text)
			}
		}
		// The key result.
		kid, ktitle := get(row, "key_result"), get(row, "title")
		kr := &impKR{row: row, id: kid, idText: kid.Text}
		if kr.idText == "" {
			kr.id = ktitle
			kr.idText = Slug(ktitle.Text, func(id string) bool { return ob.krIDs[id] })
			if kr.idText == "" {
				*probs = append(*probs, errorAt(ktitle.At(), "cannot make a key result id from the title %q: write one in key_result", ktitle.Text))
				continue
			}
		}
		ob.krIDs[kr.idText] = true
		for _, f := range goalsKRFields {
			if fl, ok := fieldOf(get(row, f.col), f.key, f.col, f.num, probs); ok {
				kr.fields = append(kr.fields, fl)
			}
		}
		ob.krs = append(ob.krs, kr)
		// Its current value, as a measurement.
		cur, curAt := get(row, "current"), get(row, "current_at")
		switch {
		case cur.Text == "" && curAt.Text == "", unread[cur.At()], unread[curAt.At()]:
			continue
		case cur.Text == "":
			*probs = append(*probs, errorAt(curAt.At(), "current_at without current: write the value measured that day, or leave both empty"))
			continue
		case curAt.Text == "":
			*probs = append(*probs, errorAt(cur.At(), "current without current_at: write the date it was measured (YYYY-MM-DD)"))
			continue
		}
		value, _, err := ParseNumber(cur.Text)
		if err != nil {
			*probs = append(*probs, errorAt(cur.At(), "current: %v", err))
			continue
		}
		at, err := ParseDate(curAt.Text)
		if err != nil {
			*probs = append(*probs, errorAt(curAt.At(), "current_at: %v", err))
			continue
		}
		m := impMeasurement{metric: owner.Text + "/" + ob.idText + "/" + kr.idText, at: at, value: value, cell: cur}
		if k := get(row, "kpi"); k.Text != "" {
			m.metric = k.Text
			if prev, ok := kpiAt[[2]string{k.Text, at}]; ok {
				if prev.value != value {
					*probs = append(*probs, errorAt(cur.At(), "KPI %s has %s at %s here and %s at %s: the rows that read one KPI must give it one value a day",
						k.Text, value, at, prev.value, prev.cell.At()))
				}
				continue
			}
			kpiAt[[2]string{k.Text, at}] = m
		}
		ms = append(ms, m)
	}
	return docs, ms
}

// agree reports a cell that differs from the first cell of its group
// that is not empty (an empty cell agrees with any); the first such cell
// is the group's.
func agree(first *Raw, cell Raw, col, what string, probs *[]Problem) {
	if first.Text == "" {
		if cell.Text != "" {
			*first = cell
		}
		return
	}
	if cell.Text == "" || cell.Text == first.Text {
		return
	}
	*probs = append(*probs, errorAt(cell.At(), "%s %q differs from %q at %s: %s must agree", col, cell.Text, first.Text, first.At(), what))
}

// agreeNum is agree for numbers: 2 and 2.0 agree.
func agreeNum(first *Raw, cell Raw, col, what string, probs *[]Problem) {
	_, a, e1 := ParseNumber(first.Text)
	_, b, e2 := ParseNumber(cell.Text)
	if e1 == nil && e2 == nil && a == b {
		return
	}
	agree(first, cell, col, what, probs)
}

// importKPIs reads the KPIs rows.
func importKPIs(g *Grid, c sheetCols, probs *[]Problem) []*impKPI {
	var out []*impKPI
	seen := map[string]Raw{}
	for _, row := range g.Rows {
		id := c.cell(row, "id", g.Header)
		if !kpiRe.MatchString(id.Text) {
			*probs = append(*probs, errorAt(id.At(), "KPI id %q is not valid: use lower-case letters, digits, '_', '.' and '-', starting with a letter or digit, such as \"checkout_p95_ms\"", id.Text))
			continue
		}
		if prev, ok := seen[id.Text]; ok {
			*probs = append(*probs, errorAt(id.At(), "KPI %s is already on the row of %s: one row per KPI", id.Text, prev.At()))
			continue
		}
		seen[id.Text] = id
		k := &impKPI{id: id.Text, row: row}
		for _, f := range kpiFields {
			if fl, ok := fieldOf(c.cell(row, f.key, g.Header), f.key, f.key, f.num, probs); ok {
				k.fields = append(k.fields, fl)
			}
		}
		out = append(out, k)
	}
	return out
}

// The YAML of the documents, through okr fmt's formatter.

func scalar(text string, num bool) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Value: text, Tag: "!!str"}
	if num {
		n.Tag = "!!float"
		if !strings.Contains(text, ".") {
			n.Tag = "!!int"
		}
	}
	return n
}

func mapping(pairs ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.MappingNode, Content: pairs}
}

func pair(m *yaml.Node, key string, v *yaml.Node) {
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key, Tag: "!!str"}, v)
}

func docYAML(d *impDoc) ([]byte, error) {
	m := mapping()
	pair(m, "apiVersion", scalar("okr/v1", false))
	pair(m, "kind", scalar(model.KindObjectives, false))
	pair(m, "owner", scalar(d.owner, false))
	if d.level.Text != "" && d.level.Text != "team" {
		pair(m, "level", scalar(d.level.Text, false))
	}
	pair(m, "period", scalar(d.period, false))
	objs := &yaml.Node{Kind: yaml.SequenceNode}
	for _, ob := range d.objs {
		om := mapping()
		pair(om, "id", scalar(ob.idText, false))
		pair(om, "title", scalar(ob.title.Text, false))
		if ob.typ.Text != "" && ob.typ.Text != model.Aspirational {
			pair(om, "type", scalar(ob.typ.Text, false))
		}
		if ob.alignsTo.Text != "" {
			pair(om, "aligns_to", scalar(ob.alignsTo.Text, false))
		}
		if ob.weightText != "" && ob.weightText != "1" {
			pair(om, "weight", scalar(ob.weightText, true))
		}
		krs := &yaml.Node{Kind: yaml.SequenceNode}
		for _, kr := range ob.krs {
			km := mapping()
			pair(km, "id", scalar(kr.idText, false))
			for _, f := range kr.fields {
				if (f.key == "weight" && f.text == "1") || (f.key == "aggregate" && f.text == model.Last) {
					continue // the defaults
				}
				pair(km, f.key, scalar(f.text, f.num))
			}
			krs.Content = append(krs.Content, km)
		}
		pair(om, "key_results", krs)
		objs.Content = append(objs.Content, om)
	}
	pair(m, "objectives", objs)
	return encode(m)
}

func kpiYAML(k *impKPI) ([]byte, error) {
	m := mapping()
	pair(m, "apiVersion", scalar("okr/v1", false))
	pair(m, "kind", scalar(model.KindKPI, false))
	for _, f := range k.fields {
		pair(m, f.key, scalar(f.text, f.num))
	}
	return encode(m)
}

// encode writes a document and formats it as okr fmt does.
func encode(m *yaml.Node) ([]byte, error) {
	b, err := format.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{m}})
	if err != nil {
		return nil, err
	}
	return format.Source(b)
}

// mapLines registers, for each line of the generated YAML files, the cell
// it came from: read back, the documents are in the order written.
func mapLines(r *model.Repo, docs []*impDoc, kpis []*impKPI, lines map[string]map[int]Raw) {
	byFile := map[string]*impDoc{}
	for _, d := range docs {
		byFile[d.file] = d
	}
	objCol := map[string]func(*impObj) Raw{
		"id": func(o *impObj) Raw { return o.id }, "title": func(o *impObj) Raw { return o.title },
		"type": func(o *impObj) Raw { return o.typ }, "aligns_to": func(o *impObj) Raw { return o.alignsTo },
		"weight": func(o *impObj) Raw { return o.weight },
	}
	for _, md := range r.Objectives {
		d := byFile[md.Pos.File]
		if d == nil {
			continue
		}
		m := lines[d.file]
		if m == nil {
			m = map[int]Raw{}
			lines[d.file] = m
		}
		m[md.Pos.Line] = d.ownerAt
		for _, f := range md.Fields.List {
			switch f.Key {
			case "owner":
				m[int(f.Line)] = d.ownerAt
			case "period":
				m[int(f.Line)] = d.periodAt
			case "level":
				m[int(f.Line)] = d.level
			}
		}
		for i, mo := range md.Objectives {
			if i >= len(d.objs) {
				break
			}
			o := d.objs[i]
			m[mo.Pos.Line] = o.id
			for _, f := range mo.Fields.List {
				if get, ok := objCol[f.Key]; ok && get(o).At().File != "" {
					m[int(f.Line)] = get(o)
				}
			}
			for j, mk := range mo.KeyResults {
				if j >= len(o.krs) {
					break
				}
				k := o.krs[j]
				m[mk.Pos.Line] = k.id
				for _, f := range mk.Fields.List {
					for _, kf := range k.fields {
						if kf.key == f.Key {
							m[int(f.Line)] = kf.at
						}
					}
					if f.Key == "id" {
						m[int(f.Line)] = k.id
					}
				}
			}
		}
	}
	for _, mk := range r.KPIs {
		for _, k := range kpis {
			if "kpis/"+k.id+".yaml" != mk.Pos.File {
				continue
			}
			m := map[int]Raw{mk.Pos.Line: k.row[0]}
			for _, f := range mk.Fields.List {
				for _, kf := range k.fields {
					if kf.key == f.Key {
						m[int(f.Line)] = kf.at
					}
				}
			}
			lines[mk.Pos.File] = m
		}
	}
}
