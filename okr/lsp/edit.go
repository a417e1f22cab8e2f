package lsp

import (
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/okr-as-code/okr/okr/format"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/render"
	"github.com/okr-as-code/okr/okr/source"
)

// listKeys are the keys whose items are mappings of another kind.
var listKeys = map[string]string{
	"objectives":  model.MappingObjective,
	"key_results": model.MappingKeyResult,
	"values":      model.MappingValue,
	"grades":      model.MappingGrades,
	"people":      model.MappingPerson,
}

// mappingAt returns the kind of mapping (a key of model.KeyOrder) that a
// key at byte column indent of line i (0-based) belongs to, as far as the
// indentation of the lines above shows; "" when it is none of okr's.
func mappingAt(t *text, f string, i, indent int) string {
	for j := i - 1; j >= 0; j-- {
		l := t.line(j)
		trimmed := strings.TrimLeft(l, " ")
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if strings.HasPrefix(l, "---") {
			break
		}
		if dc := len(l) - len(trimmed); dc < indent {
			k := keyEnd(trimmed)
			if k > 0 && strings.TrimSpace(scalarText(trimmed[k+1:])) == "" {
				return listKeys[strings.TrimSpace(trimmed[:k])]
			}
		}
	}
	if indent > 0 {
		return ""
	}
	if f == source.ConfigFile {
		return model.MappingConfig
	}
	return docKind(t, i)
}

// presentKeys returns the keys of the mapping whose keys stand at byte
// column indent around line i (0-based), that line's own left out: a key
// written twice is an error, so completion offers the others.
func presentKeys(t *text, i, indent int) map[string]bool {
	keys := map[string]bool{}
	// visit reads line j: it returns false at the end of the mapping.
	visit := func(j int, up bool) bool {
		l := t.line(j)
		trimmed := strings.TrimLeft(l, " ")
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			return true
		}
		if strings.HasPrefix(l, "---") {
			return false
		}
		dc := len(l) - len(trimmed) // the line's first character
		kc := dc                    // its key's, after any "- "
		for strings.HasPrefix(l[kc:], "- ") {
			kc += 2
			for kc < len(l) && l[kc] == ' ' {
				kc++
			}
		}
		switch {
		case kc == indent:
			if dc < kc && !up {
				return false // the next item of the list
			}
			if k := keyEnd(l[kc:]); k > 0 {
				keys[unquote(strings.TrimSpace(l[kc:kc+k]))] = true
			}
			return dc == kc // an item's first key ends the way up
		case dc < indent:
			return false // the parent
		}
		return true // deeper: a value of a key of the mapping
	}
	for j := i - 1; j >= 0 && visit(j, true); j-- {
	}
	for j := i + 1; j < t.lines() && visit(j, false); j++ {
	}
	return keys
}

// docKind returns the kind: of the YAML document that holds line i.
func docKind(t *text, i int) string {
	first, last := i, i
	for first > 0 && !strings.HasPrefix(t.line(first), "---") {
		first--
	}
	for last+1 < t.lines() && !strings.HasPrefix(t.line(last+1), "---") {
		last++
	}
	for j := first; j <= last; j++ {
		if v, ok := strings.CutPrefix(t.line(j), "kind:"); ok {
			return unquote(scalarText(strings.TrimSpace(v)))
		}
	}
	return ""
}

func (s *Server) completion(st *state, params json.RawMessage) (any, error) {
	var p textDocumentPositionParams
	c, err := s.cursorOf(st, params, &p)
	if c == nil {
		return nil, err
	}
	x := st.index()
	words := func(kind int, detail string, ws []string) []CompletionItem {
		items := make([]CompletionItem, 0, len(ws))
		for _, w := range ws {
			items = append(items, CompletionItem{Label: w, Kind: kind, Detail: detail})
		}
		return items
	}
	metrics := func() []CompletionItem {
		// KPI ids, and the refs of key results that take no KPI (a
		// measurement of one that does is an error, SPEC §1).
		var refs []string
		for ref, krs := range x.keyResults {
			if slices.ContainsFunc(krs, func(kr *model.KeyResult) bool { return kr.KPI == "" }) {
				refs = append(refs, ref)
			}
		}
		slices.Sort(refs)
		items := words(completionKindReference, "KPI", slices.Sorted(mapKeys(x.kpis)))
		return append(items, words(completionKindReference, "key result", refs)...)
	}
	var items []CompletionItem
	switch {
	case c.csv:
		if c.line > 0 && c.cell == 0 {
			items = metrics()
		}
	case c.key != "" && !c.onKey:
		ctx := mappingAt(c.text, c.file, c.line, c.indent)
		switch c.key {
		case "type":
			if ctx == model.MappingObjective {
				items = words(completionKindEnumValue, "objective type", model.ObjectiveTypes)
			} else {
				items = words(completionKindEnumValue, "key result type", model.KeyResultTypes)
			}
		case "level":
			items = words(completionKindEnumValue, "level", model.Levels)
		case "aggregate":
			items = words(completionKindEnumValue, "aggregate", model.Aggregates)
		case "cadence", "checkin_cadence":
			items = words(completionKindEnumValue, "cadence", model.Cadences)
		case "direction":
			items = words(completionKindEnumValue, "direction", model.Directions)
		case "indicator":
			items = words(completionKindEnumValue, "indicator", model.Indicators)
		case "kind":
			items = words(completionKindEnumValue, "kind", model.Kinds)
		case "apiVersion":
			items = words(completionKindEnumValue, "apiVersion", []string{model.APIVersion})
		case "kpi":
			items = words(completionKindReference, "KPI", slices.Sorted(mapKeys(x.kpis)))
		case "metric":
			items = metrics()
		case "aligns_to":
			items = words(completionKindReference, "objective", st.alignable(c))
		case "owner":
			// Every owner and person id; a person's with their name.
			items = words(completionKindValue, "owner", x.owners)
			for i := range items {
				if p := x.people.Get(items[i].Label); p != nil {
					items[i].Detail = render.Text(p.Name)
				}
			}
		case "team":
			if ctx == model.MappingPerson {
				items = words(completionKindValue, "owner", x.docOwners)
			}
		}
	default:
		ctx := mappingAt(c.text, c.file, c.line, c.indent)
		present := presentKeys(c.text, c.line, c.indent)
		for _, k := range model.KeyOrder[ctx] {
			if !present[k] {
				items = append(items, CompletionItem{Label: k, Kind: completionKindProperty, Detail: ctx, InsertText: k + ": "})
			}
		}
	}
	if items == nil {
		items = []CompletionItem{}
	}
	list := completionList{Items: items}
	if len(items) > maxCompletions {
		// A large repository has tens of thousands of key result refs:
		// those that start with what is typed, at most maxCompletions, and
		// the client asks again as more is typed.
		prefix := c.typed()
		list.Items = slices.DeleteFunc(items, func(it CompletionItem) bool { return !strings.HasPrefix(it.Label, prefix) })
		if len(list.Items) > maxCompletions {
			list.Items, list.IsIncomplete = list.Items[:maxCompletions], true
		}
	}
	return list, nil
}

// maxCompletions bounds the items of one completion list.
const maxCompletions = 1000

// typed returns what is typed of the word under the cursor, up to it: of
// the CSV cell, the value or the key.
func (c *cursor) typed() string {
	l := c.text.line(c.line)
	off := min(c.off, len(l))
	start := c.indent
	switch {
	case c.csv:
		start = strings.LastIndexByte(l[:off], ',') + 1
	case c.key != "" && !c.onKey:
		start = c.valueStart
	}
	if start > off {
		return ""
	}
	return strings.TrimLeft(l[start:off], `"' `)
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// alignable returns the objective refs an aligns_to at the cursor may
// name: those of documents whose period contains the cursor's document's
// period (its own included), every one when that period is not known.
func (st *state) alignable(c *cursor) []string {
	var period model.Period
	for j := c.line; j >= 0; j-- {
		l := c.text.line(j)
		if strings.HasPrefix(l, "---") && j < c.line {
			break
		}
		if v, ok := strings.CutPrefix(l, "period:"); ok {
			period, _ = model.ParsePeriod(unquote(scalarText(strings.TrimSpace(v))))
			break
		}
	}
	fy := st.repo().Config.FiscalYearStartMonth
	seen := map[string]bool{}
	// Not the objective whose aligns_to this is: aligned to itself, it
	// would be a cycle.
	if o, ok := st.entityAt(c.file, c.line+1, "aligns_to").(*model.Objective); ok {
		seen[o.Ref] = true
	}
	var refs []string
	for _, d := range st.repo().Objectives {
		if !period.IsZero() && (d.Period.IsZero() || !d.Period.Contains(period, fy)) {
			continue
		}
		for _, o := range d.Objectives {
			if o.ID != "" && !seen[o.Ref] {
				seen[o.Ref] = true
				refs = append(refs, o.Ref)
			}
		}
	}
	slices.Sort(refs)
	return refs
}

var (
	didYouMean   = regexp.MustCompile(`; did you mean ("(?:[^"\\]|\\.)*")\?`)
	missingField = regexp.MustCompile(`is missing required fields? ((?:"(?:[^"\\]|\\.)*"(?:, )?)+)`)
	quoted       = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)
	headerAs     = regexp.MustCompile(`write the header as: (.+)$`)
)

// fixes returns the quick fixes of a problem of the file whose text is t:
// what the problem's own message suggests (okr's messages name the fix:
// "did you mean", "write: apiVersion: okr/v1", "write the header as",
// "is missing required field"), as edits.
func fixes(p model.Problem, t *text, e encoding) []struct {
	title string
	edits []TextEdit
} {
	type fix = struct {
		title string
		edits []TextEdit
	}
	if p.Line < 1 || p.Line > t.lines() {
		return nil
	}
	tok := t.problemRange(p.Line, p.Column, false, strings.HasSuffix(p.File, ".csv"), e)
	lineStart := Position{Line: p.Line - 1}
	var out []fix
	if m := didYouMean.FindStringSubmatch(p.Message); m != nil {
		if s, err := strconv.Unquote(m[1]); err == nil {
			if r, ok := misspelt(p, t, tok, e); ok {
				out = append(out, fix{"Change to " + strconv.Quote(s), []TextEdit{{Range: r, NewText: s}}})
			}
		}
	}
	if p.Rule == "near-miss" {
		switch {
		case strings.Contains(p.Message, "is not spelt apiVersion"):
			out = append(out, fix{"Write apiVersion", []TextEdit{{Range: tok, NewText: "apiVersion"}}})
		case strings.Contains(p.Message, "is not okr's"):
			out = append(out, fix{"Write apiVersion: " + model.APIVersion, []TextEdit{{Range: tok, NewText: model.APIVersion}}})
		case strings.Contains(p.Message, "has no apiVersion"):
			out = append(out, fix{"Add apiVersion: " + model.APIVersion, []TextEdit{{Range: Range{Start: lineStart, End: lineStart}, NewText: "apiVersion: " + model.APIVersion + "\n"}}})
		}
		if m := headerAs.FindStringSubmatch(p.Message); m != nil {
			h := m[1]
			if strings.Contains(p.Message, "looks like a measurement row") {
				out = append(out, fix{"Add the header " + h, []TextEdit{{Range: Range{Start: lineStart, End: lineStart}, NewText: h + "\n"}}})
			} else {
				l := t.line(p.Line - 1)
				whole := Range{Start: lineStart, End: t.position(p.Line-1, len(l), e)}
				out = append(out, fix{"Write the header as " + h, []TextEdit{{Range: whole, NewText: h}}})
			}
		}
	}
	if m := missingField.FindStringSubmatch(p.Message); m != nil {
		var fields []string
		for _, q := range quoted.FindAllString(m[1], -1) {
			if s, err := strconv.Unquote(q); err == nil {
				fields = append(fields, s)
			}
		}
		if len(fields) > 0 {
			// Before the mapping's first key, at its column: on the line of
			// a "- " item, after the dash; in a flow mapping ({…}), after
			// its brace.
			l := t.line(p.Line - 1)
			start := byteOffset(l, tok.Start.Character, e)
			indent := strings.Repeat(" ", utf8.RuneCountInString(l[:start]))
			var b strings.Builder
			at := tok.Start
			if start < len(l) && l[start] == '{' {
				at = t.position(p.Line-1, start+1, e)
				for _, f := range fields {
					b.WriteString(f + ": , ")
				}
			} else {
				for _, f := range fields {
					b.WriteString(f + ": \n" + indent)
				}
			}
			out = append(out, fix{"Add " + strings.Join(fields, ", "), []TextEdit{{Range: Range{Start: at, End: at}, NewText: b.String()}}})
		}
	}
	return out
}

// misspelt returns the range of the word a "did you mean" problem names
// as written (quoted in its message): the token at the problem, or, for a
// measurement of a Measurements document (the problem is at its first
// value), the document's metric: value above it; false when neither is
// that word, so that a fix never replaces anything else.
func misspelt(p model.Problem, t *text, tok Range, e encoding) (Range, bool) {
	names := func(word string) bool {
		return word != "" && strings.Contains(p.Message, strconv.Quote(unquote(strings.TrimSpace(word))))
	}
	l := t.line(tok.Start.Line)
	if a, b := byteOffset(l, tok.Start.Character, e), byteOffset(l, tok.End.Character, e); a < b && names(l[a:b]) {
		return tok, true
	}
	if p.Rule != "measurement" || strings.HasSuffix(p.File, ".csv") {
		return Range{}, false
	}
	for j := tok.Start.Line; j >= 0; j-- {
		if l := t.line(j); strings.HasPrefix(l, "---") {
			break
		}
		c := newCursor(p.File, t, Position{Line: j}, e)
		if c.key == "metric" && c.indent == 0 && names(c.value) {
			return c.span(c.valueStart, c.valueEnd, e), true
		}
	}
	return Range{}, false
}

func (s *Server) codeAction(st *state, params json.RawMessage) (any, error) {
	var p codeActionParams
	if err := unmarshal(params, &p); err != nil {
		return nil, errorf(codeInvalidParams, "%v", err)
	}
	f, ok := s.docPath(p.TextDocument.URI)
	if !ok {
		return nil, nil
	}
	t := st.text(f)
	if t == nil {
		return nil, nil
	}
	actions := []CodeAction{}
	for _, prob := range st.byFile[f] {
		d := st.diagnostic(t, prob)
		// A problem on a line the range touches: a cursor anywhere on the
		// line of a problem is offered its fix.
		if d.Range.Start.Line > p.Range.End.Line || d.Range.End.Line < p.Range.Start.Line {
			continue
		}
		for _, fx := range fixes(prob, t, st.enc) {
			actions = append(actions, CodeAction{
				Title:       fx.title,
				Kind:        "quickfix",
				Diagnostics: []Diagnostic{d},
				IsPreferred: true,
				Edit:        workspaceEdit{Changes: map[string][]TextEdit{p.TextDocument.URI: fx.edits}},
			})
		}
	}
	return actions, nil
}

func before(a, b Position) bool {
	return a.Line < b.Line || (a.Line == b.Line && a.Character < b.Character)
}

func (s *Server) documentSymbol(st *state, params json.RawMessage) (any, error) {
	var p struct {
		TextDocument textDocumentIdentifier `json:"textDocument"`
	}
	if err := unmarshal(params, &p); err != nil {
		return nil, errorf(codeInvalidParams, "%v", err)
	}
	f, ok := s.docPath(p.TextDocument.URI)
	if !ok {
		return nil, nil
	}
	t := st.text(f)
	if t == nil {
		return nil, nil
	}
	syms := []DocumentSymbol{}
	lineRange := func(first, last int) Range {
		last = min(max(last, first), t.lines())
		return Range{Start: Position{Line: first - 1}, End: t.position(last-1, len(t.line(last-1)), st.enc)}
	}
	sel := func(fs model.Fields, key string, def model.Pos) Range {
		pos := fs.At(key, def)
		return t.problemRange(pos.Line, pos.Column, false, false, st.enc)
	}
	for _, d := range st.repo().Objectives {
		if d.Pos.File != f {
			continue
		}
		for _, o := range d.Objectives {
			first, last := span(o.Fields, o.Pos)
			sym := DocumentSymbol{Name: name(o.ID, o.Ref), Detail: o.Title, Kind: symbolKindClass, SelectionRange: sel(o.Fields, "id", o.Pos)}
			for _, kr := range o.KeyResults {
				kf, kl := span(kr.Fields, kr.Pos)
				last = max(last, kl)
				sym.Children = append(sym.Children, DocumentSymbol{Name: name(kr.ID, kr.Ref), Detail: kr.Title, Kind: symbolKindField,
					Range: lineRange(kf, kl), SelectionRange: sel(kr.Fields, "id", kr.Pos)})
			}
			sym.Range = lineRange(first, last)
			if !inside(sym.SelectionRange, sym.Range) {
				sym.SelectionRange = sym.Range
			}
			syms = append(syms, sym)
		}
	}
	for _, k := range st.repo().KPIs {
		if k.Pos.File != f {
			continue
		}
		first, last := span(k.Fields, k.Pos)
		sym := DocumentSymbol{Name: name(k.ID, "KPI"), Detail: k.Name, Kind: symbolKindEvent, Range: lineRange(first, last), SelectionRange: sel(k.Fields, "id", k.Pos)}
		if !inside(sym.SelectionRange, sym.Range) {
			sym.SelectionRange = sym.Range
		}
		syms = append(syms, sym)
	}
	return syms, nil
}

// name is an id, or def when it is empty (LSP refuses an empty name).
func name(id, def string) string {
	if id == "" {
		return def
	}
	return id
}

// span returns the first and last lines of an entity's fields.
func span(fs model.Fields, p model.Pos) (int, int) {
	first, last := p.Line, p.Line
	for _, f := range fs.List {
		first, last = min(first, int(f.Line)), max(last, int(f.Line))
	}
	return max(first, 1), max(last, 1)
}

func inside(in, out Range) bool {
	return !before(in.Start, out.Start) && !before(out.End, in.End)
}

func (s *Server) formatting(st *state, params json.RawMessage) (any, error) {
	var p documentFormattingParams
	if err := unmarshal(params, &p); err != nil {
		return nil, errorf(codeInvalidParams, "%v", err)
	}
	f, ok := s.docPath(p.TextDocument.URI)
	if !ok || !(strings.HasSuffix(f, ".yaml") || strings.HasSuffix(f, ".yml")) || f == source.ConfigFile {
		return []TextEdit{}, nil
	}
	t := st.text(f)
	if t == nil {
		return []TextEdit{}, nil
	}
	out, err := format.Source([]byte(t.s))
	if err != nil || string(out) == t.s {
		return []TextEdit{}, nil
	}
	last := t.lines() - 1
	end := t.position(last, len(t.line(last)), st.enc)
	if strings.HasSuffix(t.s, "\r") {
		end.Character++
	}
	return []TextEdit{{Range: Range{End: end}, NewText: string(out)}}, nil
}
