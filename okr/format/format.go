package format

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"

	"github.com/okr-as-code/okr/okr/model"
	"go.yaml.in/yaml/v3"
)

// Key orders of the canonical layout: model.KeyOrder, as SPEC §1 shows them.
var (
	objectivesKeys   = model.KeyOrder[model.KindObjectives]
	objectiveKeys    = model.KeyOrder[model.MappingObjective]
	keyResultKeys    = model.KeyOrder[model.MappingKeyResult]
	kpiKeys          = model.KeyOrder[model.KindKPI]
	measurementsKeys = model.KeyOrder[model.KindMeasurements]
	valueKeys        = model.KeyOrder[model.MappingValue]
	peopleKeys       = model.KeyOrder[model.KindPeople]
	personKeys       = model.KeyOrder[model.MappingPerson]
)

// Error is a file that Source cannot format; the file should be left as it is.
type Error struct {
	Line int // 1-based line of the problem in the file, 0 when unknown
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

// Source formats the content of one YAML file. It returns src itself when
// the file holds no OKR document to rewrite, and an *Error when the file
// cannot be formatted (it does not parse, or formatting would change its
// meaning or drop a comment).
func Source(src []byte) ([]byte, error) {
	// The whole file must parse first: a file that does not is reported
	// by okr validate and left alone here.
	if err := parseAll(src); err != nil {
		return nil, err
	}
	bom := []byte("\xef\xbb\xbf")
	hasBOM := bytes.HasPrefix(src, bom)
	body := bytes.TrimPrefix(src, bom)
	crlf := firstLineCRLF(body)

	var out bytes.Buffer
	if hasBOM {
		out.Write(bom)
	}
	changed := false
	for _, seg := range segments(body) {
		formatted, err := formatSegment(seg, crlf)
		if err != nil {
			return nil, err
		}
		if formatted == nil {
			out.Write(seg.text)
			continue
		}
		changed = true
		out.Write(formatted)
	}
	if !changed {
		return src, nil
	}
	return out.Bytes(), nil
}

// parseAll checks that the whole stream parses.
func parseAll(src []byte) error {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if err == nil {
			continue
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		return syntaxError(err)
	}
}

// syntaxError turns a yaml error into an *Error with its line.
func syntaxError(err error) *Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var line int
	if n, _ := fmt.Sscanf(msg, "line %d:", &line); n == 1 {
		_, rest, _ := strings.Cut(msg, ": ")
		return &Error{Line: line, Msg: "invalid YAML: " + rest}
	}
	return &Error{Msg: "invalid YAML: " + msg}
}

func firstLineCRLF(b []byte) bool {
	line, _, found := bytes.Cut(b, []byte("\n"))
	return found && bytes.HasSuffix(line, []byte("\r"))
}

// A segment is one document's text: its "---" or "..." marker line, if any,
// and the lines up to the next marker. Markers at column 0 can never appear
// inside a scalar, so splitting on them is exact.
type segment struct {
	text   []byte
	line   int  // 1-based line of the segment's first line in the file
	marker bool // the first line is a marker
}

func isMarker(line []byte) bool {
	if !bytes.HasPrefix(line, []byte("---")) && !bytes.HasPrefix(line, []byte("...")) {
		return false
	}
	return len(line) == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r' || line[3] == '\n'
}

func segments(src []byte) []segment {
	var segs []segment
	cur := segment{line: 1}
	start := 0
	line := 1
	for i := 0; i < len(src); {
		j := bytes.IndexByte(src[i:], '\n')
		end := len(src)
		if j >= 0 {
			end = i + j + 1
		}
		if isMarker(src[i:end]) && i > start {
			cur.text = src[start:i]
			segs = append(segs, cur)
			cur = segment{line: line}
			start = i
		}
		if i == start {
			cur.marker = isMarker(src[i:end])
		}
		i = end
		line++
	}
	cur.text = src[start:]
	return append(segs, cur)
}

// markerLine returns the segment's marker line, or nil.
func (s segment) markerLine() []byte {
	if !s.marker {
		return nil
	}
	if i := bytes.IndexByte(s.text, '\n'); i >= 0 {
		return s.text[:i+1]
	}
	return s.text
}

// formatSegment returns the canonical text of an OKR document's segment, or
// nil when the segment is to be kept as it is.
func formatSegment(seg segment, crlf bool) ([]byte, error) {
	if bytes.HasPrefix(seg.text, []byte("...")) {
		return nil, nil // after a document end marker: only comments and directives
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(seg.text, &doc); err != nil {
		e := syntaxError(err)
		if e.Line > 0 {
			e.Line += seg.line - 1
		}
		return nil, e
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, nil
	}
	root := doc.Content[0]
	kind, ok := okrKind(root)
	if !ok || hasAnchors(&doc) {
		return nil, nil
	}
	marker := seg.markerLine()
	if marker != nil && !onlyComment(marker[3:]) {
		return nil, &Error{Line: seg.line, Msg: "document content on the '---' line; move it to the next line so that okr fmt can format this document"}
	}

	canonical(root, kind)
	body, err := encode(&doc)
	if err != nil {
		return nil, &Error{Line: seg.line, Msg: fmt.Sprintf("cannot format this document: %v", err)}
	}
	if crlf {
		body = bytes.ReplaceAll(body, []byte("\n"), []byte("\r\n"))
	}
	// A comment on the marker line belongs to the document's first key,
	// and the encoder writes it above that key.
	var out []byte
	if marker != nil {
		out = []byte("---\n")
		if crlf {
			out = []byte("---\r\n")
		}
	}
	out = append(out, body...)
	if bytes.Equal(out, seg.text) {
		return nil, nil
	}
	if err := same(seg.text, out); err != nil {
		return nil, &Error{Line: seg.line, Msg: err.Error()}
	}
	return out, nil
}

func onlyComment(b []byte) bool {
	t := bytes.TrimSpace(b)
	return len(t) == 0 || t[0] == '#'
}

// okrKind returns the kind of an okr/v1 document of a kind this package
// knows.
func okrKind(root *yaml.Node) (string, bool) {
	if root.Kind != yaml.MappingNode {
		return "", false
	}
	var api, kind string
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if v.Kind != yaml.ScalarNode {
			continue
		}
		switch k.Value {
		case "apiVersion":
			api = v.Value
		case "kind":
			kind = v.Value
		}
	}
	if api != model.APIVersion {
		return "", false
	}
	switch kind {
	case model.KindObjectives, model.KindKPI, model.KindMeasurements, model.KindPeople:
		return kind, true
	}
	return "", false
}

// hasAnchors reports whether the tree uses anchors, aliases or merge keys,
// whose meaning can depend on the order of keys: such documents are kept
// as they are.
func hasAnchors(n *yaml.Node) bool {
	if n.Kind == yaml.AliasNode || n.Anchor != "" || n.Tag == "!!merge" {
		return true
	}
	for _, c := range n.Content {
		if hasAnchors(c) {
			return true
		}
	}
	return false
}

// canonical reorders keys and sets the styles of the canonical layout.
func canonical(root *yaml.Node, kind string) {
	block(root)
	switch kind {
	case model.KindObjectives:
		sortKeys(root, objectivesKeys)
		for _, o := range items(MapValue(root, "objectives")) {
			sortKeys(o, objectiveKeys)
			for _, kr := range items(MapValue(o, "key_results")) {
				sortKeys(kr, keyResultKeys)
			}
		}
	case model.KindKPI:
		sortKeys(root, kpiKeys)
	case model.KindMeasurements:
		sortKeys(root, measurementsKeys)
		for _, v := range items(MapValue(root, "values")) {
			sortKeys(v, valueKeys)
			if flowable(v) {
				v.Style |= yaml.FlowStyle
			}
		}
	case model.KindPeople:
		sortKeys(root, peopleKeys)
		for _, p := range items(MapValue(root, "people")) {
			sortKeys(p, personKeys)
		}
	}
}

// block sets every mapping and sequence to block style.
func block(n *yaml.Node) {
	if n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode {
		n.Style &^= yaml.FlowStyle
	}
	for _, c := range n.Content {
		block(c)
	}
}

// flowable reports whether a measurement value can be written on one line
// in flow style without losing a comment or a block scalar's layout. A
// single line comment inside it moves to the end of the line.
func flowable(v *yaml.Node) bool {
	if v.Kind != yaml.MappingNode || v.FootComment != "" {
		return false
	}
	var line *yaml.Node
	for _, c := range v.Content {
		if c.Kind != yaml.ScalarNode || c.HeadComment != "" || c.FootComment != "" ||
			c.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 || strings.Contains(c.Value, "\n") {
			return false
		}
		if c.LineComment != "" {
			if line != nil || v.LineComment != "" {
				return false
			}
			line = c
		}
	}
	if line != nil {
		v.LineComment, line.LineComment = line.LineComment, ""
	}
	return true
}

// MapValue returns the value of key in mapping m, or nil (for m nil or
// not a mapping too).
func MapValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// items returns the mapping items of a sequence.
func items(s *yaml.Node) []*yaml.Node {
	if s == nil || s.Kind != yaml.SequenceNode {
		return nil
	}
	var out []*yaml.Node
	for _, c := range s.Content {
		if c.Kind == yaml.MappingNode {
			out = append(out, c)
		}
	}
	return out
}

// sortKeys orders a mapping's keys: known keys in the given order, then the
// others in their original order. Repeated keys keep their relative order.
func sortKeys(m *yaml.Node, order []string) {
	if m == nil || m.Kind != yaml.MappingNode {
		return
	}
	type kv struct {
		k, v *yaml.Node
		rank int
	}
	if len(m.Content) < 2 {
		return
	}
	pairs := make([]kv, 0, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		rank := len(order) + i
		if j := slices.Index(order, k.Value); j >= 0 && k.Kind == yaml.ScalarNode {
			rank = j
		}
		pairs = append(pairs, kv{k, m.Content[i+1], rank})
	}
	first := pairs[0].k
	slices.SortStableFunc(pairs, func(a, b kv) int { return a.rank - b.rank })
	// A comment above the first key is about the whole mapping (a file's
	// header, an objective's note): it stays on top.
	if nf := pairs[0].k; nf != first && first.HeadComment != "" {
		nf.HeadComment = strings.TrimPrefix(first.HeadComment+"\n"+nf.HeadComment, "\n")
		nf.HeadComment = strings.TrimSuffix(nf.HeadComment, "\n")
		first.HeadComment = ""
	}
	m.Content = m.Content[:0]
	for _, p := range pairs {
		m.Content = append(m.Content, p.k, p.v)
	}
}

// encode writes doc in the canonical layout (Encode).
func encode(doc *yaml.Node) ([]byte, error) {
	return Encode(doc)
}

// Encode writes documents as one YAML stream, indented by two spaces, as
// okr fmt writes them. Characters beyond the Basic Multilingual Plane
// (most emoji) are written as themselves: go-yaml takes them for
// unprintable and would write "\U0001F600" in double quotes
// (yaml/go-yaml#354), so each is encoded as a private-use character that
// the documents do not hold, which go-yaml prints as it is and quotes only
// where it would quote the emoji were it printable, and put back after
// (astral). The documents are left as they were.
func Encode(docs ...*yaml.Node) ([]byte, error) {
	all := &yaml.Node{Content: docs}
	a := newAstral(all)
	if a != nil {
		a.swap(all, a.to)
		defer a.swap(all, a.from)
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	for _, d := range docs {
		if err := enc.Encode(d); err != nil {
			return nil, err
		}
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	if a == nil {
		return buf.Bytes(), nil
	}
	return a.restore(buf.Bytes()), nil
}

// same checks that the formatted text means what the original did: the
// same data and the same comments.
func same(orig, formatted []byte) error {
	var a, b any
	if err := yaml.Unmarshal(orig, &a); err != nil {
		return fmt.Errorf("cannot format this document: %v", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if err := yaml.Unmarshal(formatted, &b); err != nil || !reflect.DeepEqual(a, b) {
		return errors.New("formatting would change the meaning of this document; leaving it as it is")
	}
	ca, err1 := comments(orig)
	cb, err2 := comments(formatted)
	if err1 != nil || err2 != nil || !slices.Equal(ca, cb) {
		return errors.New("formatting would move a comment out of this document or drop it; leaving it as it is")
	}
	return nil
}

// comments returns the comment lines of a document, sorted.
func comments(src []byte) ([]string, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, err
	}
	var out []string
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		for _, c := range []string{n.HeadComment, n.LineComment, n.FootComment} {
			for _, l := range strings.Split(c, "\n") {
				if l = strings.TrimSpace(l); l != "" {
					out = append(out, l)
				}
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&doc)
	slices.Sort(out)
	return out, nil
}

// astral maps the characters beyond the Basic Multilingual Plane of a
// document to private-use characters (U+E000 to U+F8FF) it does not hold,
// and back.
type astral struct {
	to, from map[rune]rune
}

// newAstral returns the mapping for doc's scalars and comments, or nil
// when they hold no character beyond the BMP, or more distinct ones than
// there are private-use characters left.
func newAstral(doc *yaml.Node) *astral {
	var wide []rune
	used := map[rune]bool{}
	walkText(doc, func(s string) string {
		for _, r := range s {
			switch {
			case r > 0xFFFF:
				if !used[r] {
					wide = append(wide, r)
				}
				used[r] = true
			case r >= 0xE000 && r <= 0xF8FF:
				used[r] = true
			}
		}
		return s
	})
	if len(wide) == 0 {
		return nil
	}
	a := &astral{to: map[rune]rune{}, from: map[rune]rune{}}
	next := rune(0xE000)
	for _, r := range wide {
		for used[next] {
			next++
		}
		if next > 0xF8FF {
			return nil
		}
		a.to[r], a.from[next] = next, r
		next++
	}
	return a
}

// swap replaces the characters of m in doc's scalars and comments.
func (a *astral) swap(doc *yaml.Node, m map[rune]rune) {
	walkText(doc, func(s string) string {
		return strings.Map(func(r rune) rune {
			if to, ok := m[r]; ok {
				return to
			}
			return r
		}, s)
	})
}

// restore puts the document's own characters back in encoded text.
func (a *astral) restore(out []byte) []byte {
	return bytes.Map(func(r rune) rune {
		if to, ok := a.from[r]; ok {
			return to
		}
		return r
	}, out)
}

// walkText calls f on the value and the comments of every node of the
// tree, and keeps what it returns.
func walkText(n *yaml.Node, f func(string) string) {
	n.Value = f(n.Value)
	n.HeadComment, n.LineComment, n.FootComment = f(n.HeadComment), f(n.LineComment), f(n.FootComment)
	for _, c := range n.Content {
		walkText(c, f)
	}
}
