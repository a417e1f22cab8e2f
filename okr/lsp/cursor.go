package lsp

import (
	"maps"
	"slices"
	"strings"

	"github.com/okr-as-code/okr/okr/model"
)

// cursor is what lies under a position of a document: the line, and the
// YAML key and value on it or the CSV cell.
type cursor struct {
	file string
	line int // 0-based
	text *text
	off  int // byte offset within the line
	csv  bool

	// YAML: the key on the line ("" when none) and its value, with their
	// byte spans in the line; onKey says the cursor is on the key.
	key                  string
	keyStart, keyEnd     int
	value                string
	valueStart, valueEnd int
	onKey                bool
	indent               int // byte column of the key (after any "- ")

	// CSV: the cell under the cursor, 0-based, and the row's cells.
	cell  int
	cells []string
}

// newCursor reads the position p of file f, whose text is t.
func newCursor(f string, t *text, p Position, e encoding) *cursor {
	c := &cursor{file: f, line: p.Line, text: t, csv: strings.HasSuffix(f, ".csv")}
	l := t.line(p.Line)
	c.off = byteOffset(l, p.Character, e)
	if c.csv {
		for _, cell := range strings.Split(l, ",") {
			c.cells = append(c.cells, strings.Trim(strings.TrimSpace(cell), `"`))
		}
		c.cell = strings.Count(l[:min(c.off, len(l))], ",")
		return c
	}
	i := 0
	for i < len(l) && l[i] == ' ' {
		i++
	}
	for i+1 < len(l) && l[i] == '-' && (l[i+1] == ' ') {
		i += 2
		for i < len(l) && l[i] == ' ' {
			i++
		}
	}
	if i == len(l)-1 && l[i] == '-' {
		i++
	}
	c.indent = i
	if p, ok := flowPairAt(l, c.off); ok {
		// In a flow mapping ({id: k, kpi: nps}): the pair under the cursor.
		c.key, c.keyStart, c.keyEnd = unquote(l[p.ks:p.ke]), p.ks, p.ke
		c.value, c.valueStart, c.valueEnd = unquote(l[p.vs:p.ve]), p.vs, p.ve
		c.onKey = c.off < c.keyEnd+1
		return c
	}
	rest := l[i:]
	k := keyEnd(rest)
	if k < 0 {
		c.valueStart, c.valueEnd = i, i+len(scalarText(rest))
		c.value = unquote(scalarText(rest))
		return c
	}
	c.key = unquote(strings.TrimSpace(rest[:k]))
	c.keyStart, c.keyEnd = i, i+k
	v := k + 1
	for v < len(rest) && rest[v] == ' ' {
		v++
	}
	raw := scalarText(rest[v:])
	c.value = unquote(raw)
	c.valueStart, c.valueEnd = i+v, i+v+len(raw)
	c.onKey = c.off < c.keyEnd+1
	return c
}

// flowPair is a key: value pair of a flow mapping: the byte spans of its
// key and its value (an empty span after the colon when it has none).
type flowPair struct{ ks, ke, vs, ve int }

// flowPairAt returns the pair of the innermost flow mapping of line l
// that holds byte offset off, with its key; false when off is not inside a
// flow mapping's pair that has a key. A value that is itself a flow
// collection spans to its closing bracket.
func flowPairAt(l string, off int) (flowPair, bool) {
	// The innermost collection open at off: its opening bracket.
	var open []int
	for i := 0; i < len(l) && i <= off; i++ {
		switch c := l[i]; {
		case c == '"' || c == '\'':
			if i > 0 && !strings.ContainsRune(" \t{[,:", rune(l[i-1])) {
				continue // a quote inside a plain scalar
			}
			i = tokenEnd(l, i, false) - 1
		case c == '#' && i > 0 && (l[i-1] == ' ' || l[i-1] == '\t'):
			i = len(l)
		case c == '{' || c == '[':
			open = append(open, i)
		case (c == '}' || c == ']') && len(open) > 0 && i < off:
			open = open[:len(open)-1]
		}
	}
	// The innermost mapping: in a sequence inside it ({aligns_to: [a, b]}),
	// its pair that holds the sequence.
	mapping := -1
	for _, o := range open {
		if l[o] == '{' {
			mapping = o
		}
	}
	if mapping < 0 {
		return flowPair{}, false
	}
	// Its pairs, one after another, to the one that holds off.
	i := mapping + 1
	for i < len(l) {
		for i < len(l) && (l[i] == ' ' || l[i] == '\t') {
			i++
		}
		if i >= len(l) || l[i] == '}' {
			return flowPair{}, false
		}
		p := flowPair{ks: i, ke: tokenEnd(l, i, false)}
		next := p.ke
		if p.ke < len(l) && l[p.ke] == ':' {
			v := p.ke + 1
			for v < len(l) && (l[v] == ' ' || l[v] == '\t') {
				v++
			}
			p.vs = v
			if v < len(l) && (l[v] == '{' || l[v] == '[') {
				p.ve = closing(l, v)
			} else {
				p.ve = tokenEnd(l, v, false)
			}
			if p.ve < p.vs {
				p.ve = p.vs
			}
			next = p.ve
		}
		// The pair ends at the comma or brace after it.
		end := next
		for end < len(l) && l[end] != ',' && l[end] != '}' {
			end++
		}
		if off <= end || end >= len(l) || l[end] == '}' {
			if p.ke >= len(l) || l[p.ke] != ':' || off < p.ks {
				return flowPair{}, false // a pair without a key, or between pairs
			}
			return p, true
		}
		i = end + 1
	}
	return flowPair{}, false
}

// closing returns the offset just after the bracket that closes the flow
// collection opening at l[open], or len(l) when the line ends first.
func closing(l string, open int) int {
	depth := 0
	for i := open; i < len(l); i++ {
		switch c := l[i]; {
		case c == '"' || c == '\'':
			i = tokenEnd(l, i, false) - 1
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			if depth--; depth == 0 {
				return i + 1
			}
		}
	}
	return len(l)
}

// keyEnd returns the index of the colon that ends the key at the start of
// s ("key: value" or "key:"), or -1.
func keyEnd(s string) int {
	if strings.HasPrefix(s, "#") || strings.HasPrefix(s, "{") || strings.HasPrefix(s, "[") {
		return -1
	}
	q := byte(0)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			if i == 0 {
				q = c
			}
		case c == ':' && (i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\t'):
			return i
		case c == '#' && i > 0 && s[i-1] == ' ':
			return -1
		}
	}
	return -1
}

// scalarText returns the scalar at the start of s, without a trailing
// comment and spaces.
func scalarText(s string) string {
	return s[:tokenEnd(s, 0, false)]
}

// unquote strips one pair of matching quotes.
func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// span returns the Range of bytes [a, b) of the cursor's line.
func (c *cursor) span(a, b int, e encoding) Range {
	return Range{Start: c.text.position(c.line, a, e), End: c.text.position(c.line, b, e)}
}

// cellSpan returns the byte span of CSV cell i of the cursor's line.
func (c *cursor) cellSpan(i int) (int, int) {
	l := c.text.line(c.line)
	start := 0
	for j := 0; j < i; j++ {
		k := strings.IndexByte(l[start:], ',')
		if k < 0 {
			return len(l), len(l)
		}
		start += k + 1
	}
	end := strings.IndexByte(l[start:], ',')
	if end < 0 {
		return start, len(l)
	}
	return start, start + end
}

// index finds the entities of the analysed repository by id, ref and
// position; built once per analysis.
type index struct {
	kpis       map[string]*model.KPI
	keyResults map[string][]*model.KeyResult
	objectives map[string][]*model.Objective
	owners     []string // every owner and person id, sorted
	people     model.People
	// docOwners are the owners of an Objectives document or a KPI: the
	// ids a People entry's team: may name (SPEC §5).
	docOwners []string // sorted
}

// entityAt returns the key result, objective, KPI or person of file f
// whose key (id, title or name) is on line (1-based), nil when none is.
func (st *state) entityAt(f string, line int, key string) any {
	on := func(fs model.Fields) bool {
		p, ok := fs.Get(key)
		return ok && p.Line == line && p.File == f
	}
	repo := st.repo()
	for _, d := range repo.Objectives {
		if d.Pos.File != f {
			continue
		}
		for _, o := range d.Objectives {
			if on(o.Fields) {
				return o
			}
			for _, kr := range o.KeyResults {
				if on(kr.Fields) {
					return kr
				}
			}
		}
	}
	for _, k := range repo.KPIs {
		if k.Pos.File == f && on(k.Fields) {
			return k
		}
	}
	for _, p := range repo.People {
		if p.Pos.File == f && on(p.Fields) {
			return p
		}
	}
	return nil
}

// index returns the analysis's index, built once, when a request first
// needs it.
func (st *state) index() *index {
	st.indexOnce.Do(func() { st.idx = buildIndex(st.repo()) })
	return st.idx
}

func buildIndex(repo *model.Repo) *index {
	x := &index{kpis: map[string]*model.KPI{}, keyResults: map[string][]*model.KeyResult{}, objectives: map[string][]*model.Objective{}, people: model.PeopleOf(repo)}
	owners, docOwners := map[string]bool{}, map[string]bool{}
	for _, k := range repo.KPIs {
		if _, dup := x.kpis[k.ID]; !dup {
			x.kpis[k.ID] = k
		}
		if k.Owner != "" {
			owners[k.Owner], docOwners[k.Owner] = true, true
		}
	}
	for _, d := range repo.Objectives {
		if d.Owner != "" {
			owners[d.Owner], docOwners[d.Owner] = true, true
		}
		for _, o := range d.Objectives {
			x.objectives[o.Ref] = append(x.objectives[o.Ref], o)
			for _, kr := range o.KeyResults {
				x.keyResults[kr.Ref] = append(x.keyResults[kr.Ref], kr)
				if kr.Owner != "" {
					owners[kr.Owner] = true
				}
			}
		}
	}
	for _, p := range repo.People {
		if p.ID != "" {
			owners[p.ID] = true
		}
	}
	x.owners = slices.Sorted(maps.Keys(owners))
	x.docOwners = slices.Sorted(maps.Keys(docOwners))
	return x
}
