// Package fastyaml parses the plain layout most okr files are written in
// (block mappings and sequences, plain and simply quoted scalars, one-line
// flow collections, comments, "---" between documents) into the very
// yaml.Node trees go-yaml builds for them, with the same kinds, tags,
// styles, values, lines and columns, several times faster.
//
// It gives up (ok == false) on anything else: anchors, aliases, tags, block
// scalars, multi-line scalars, escapes, tabs, CR, control characters, odd
// indentation, and every syntax error. The caller then parses the input with
// go-yaml, which also writes the error messages. So it only ever saves work;
// a differential test and a fuzz target hold it to go-yaml's answers.
//
// Comments are not kept: the trees are for reading documents, not for
// rewriting them.
package fastyaml

import (
	"encoding/binary"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"

	"go.yaml.in/yaml/v3"
)

// maxDepth bounds nesting, so that no input can make the parser recurse
// deeply; deeper documents go to go-yaml, which has its own limit.
const maxDepth = 100

// maxKey is the longest key this package takes; go-yaml refuses implicit
// keys longer than 1024 characters.
const maxKey = 1000

// Parse returns the documents of data, or false when data is outside the
// layout this package reads.
func Parse(data []byte) (docs []*yaml.Node, ok bool) {
	return new(Parser).Parse(data)
}

// A Parser parses like [Parse], reusing its memory from one call to the
// next: the trees a call returns are valid only until the next call. The
// zero value is ready to use; a Parser is not safe for concurrent use.
type Parser struct {
	nodes  [][]yaml.Node  // chunks of nodes
	ni, nj int            // the next free node is nodes[ni][nj]
	ptrs   [][]*yaml.Node // chunks of Content slices
	pi, pj int            // the next free pointer is ptrs[pi][pj]
	kids   []*yaml.Node   // the children of the collections being parsed
}

const (
	nodeChunk = 1024
	ptrChunk  = 4096
)

// Parse returns the documents of data, or false when data is outside the
// layout this package reads. The trees are valid until the next call.
func (ps *Parser) Parse(data []byte) (docs []*yaml.Node, ok bool) {
	return ps.parse(data, "")
}

// ParseShared is Parse without copying data: the nodes' values are
// substrings of data itself, so the caller must never change data after
// the call (a buffer it read a file into and hands on to nothing else).
func (ps *Parser) ParseShared(data []byte) (docs []*yaml.Node, ok bool) {
	return ps.parse(data, unsafe.String(unsafe.SliceData(data), len(data)))
}

// parse parses data, whose text is src, or a copy of data when src is "".
func (ps *Parser) parse(data []byte, src string) (docs []*yaml.Node, ok bool) {
	ascii, ok := printable(data)
	if !ok {
		return nil, false
	}
	if src == "" {
		src = string(data)
	}
	ps.ni, ps.nj, ps.pi, ps.pj = 0, 0, 0, 0
	p := &parser{Parser: ps, src: src, ascii: ascii}
	defer func() { clear(ps.kids); ps.kids = ps.kids[:0] }()
	p.next()
	for !p.eof {
		doc := p.node(yaml.DocumentNode, "", "", p.lineNo, 1)
		if p.marker == markerStart {
			p.next()
			if p.eof || p.marker != markerNone {
				return nil, false // empty document
			}
		} else if p.marker != markerNone {
			return nil, false
		} else {
			doc.Column = p.col(p.ls + p.ind)
		}
		root, ok := p.block(p.ind)
		if !ok || (!p.eof && p.marker != markerStart) {
			return nil, false
		}
		doc.Content = []*yaml.Node{root}
		docs = append(docs, doc)
	}
	return docs, true
}

const (
	markerNone  = iota
	markerStart // "---"
	markerEnd   // "..."
)

type parser struct {
	*Parser
	src   string
	ascii bool // src has only ASCII characters, so columns are byte offsets

	// The current content line (not blank, not only a comment).
	ls, le int // offsets of its first byte and of its end (its '\n' or len(src))
	lineNo int // its number, from 1
	ind    int // its indentation in spaces; -1 on a document marker
	marker int
	eof    bool

	next0 int // offset of the line after the current one
	line0 int // number of the line at next0, minus one
	depth int
}

// printable reports whether data has only characters go-yaml accepts
// without complaint and that this package's column arithmetic handles: no
// control characters but '\n', no tab, no CR, no byte-order mark, no
// Unicode line or paragraph separators; and whether it is all ASCII.
func printable(data []byte) (ascii, ok bool) {
	// Eight bytes at a time while they are printable ASCII or '\n' (the
	// whole of most files), then byte by byte (printableBytes).
	i := 0
	for ; i+8 <= len(data); i += 8 {
		if !plain8(binary.LittleEndian.Uint64(data[i:])) {
			break
		}
	}
	return printableBytes(data, i)
}

// plain8 reports whether the eight bytes of w are each printable ASCII
// (0x20 to 0x7e) or '\n'. For bytes below 0x80, adding 0x60 sets a byte's
// high bit exactly when it is 0x20 or more, and adding 0x7f to its xor with
// c exactly when it is not c; no sum carries into the next byte.
func plain8(w uint64) bool {
	const (
		ones = 0x0101010101010101
		high = 0x8080808080808080
	)
	if w&high != 0 {
		return false
	}
	atLeast20 := (w + 0x60*ones) & high
	notNL := ((w ^ '\n'*ones) + 0x7f*ones) & high
	notDel := ((w ^ 0x7f*ones) + 0x7f*ones) & high
	bad := (^atLeast20 & notNL) | (^notDel & high)
	return bad == 0
}

// printableBytes is printable of data whose first from bytes are
// printable ASCII or '\n'.
func printableBytes(data []byte, from int) (ascii, ok bool) {
	ascii = true
	for i := from; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\n') || c == 0x7f {
				return false, false
			}
			i++
			continue
		}
		ascii = false
		r, n := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			return false, false
		case r < 0xA0, r == 0x2028, r == 0x2029, r == 0xFEFF, r >= 0xD800 && r < 0xE000, r == 0xFFFE, r == 0xFFFF:
			return false, false
		}
		i += n
	}
	return ascii, true
}

// next moves to the next content line, skipping blank lines and lines that
// hold only a comment.
func (p *parser) next() {
	for {
		if p.next0 >= len(p.src) {
			p.eof, p.marker, p.ind = true, markerNone, -1
			p.ls, p.le = len(p.src), len(p.src)
			return
		}
		ls := p.next0
		le := strings.IndexByte(p.src[ls:], '\n')
		if le < 0 {
			le = len(p.src)
			p.next0 = le
		} else {
			le += ls
			p.next0 = le + 1
		}
		p.line0++
		i := ls
		for i < le && p.src[i] == ' ' {
			i++
		}
		if i == le || p.src[i] == '#' {
			continue
		}
		p.ls, p.le, p.lineNo, p.ind, p.marker = ls, le, p.line0, i-ls, markerNone
		if i == ls && le-ls >= 3 {
			switch p.src[ls : ls+3] {
			case "---":
				p.marker = markerStart
			case "...":
				p.marker = markerEnd
			}
			if p.marker != markerNone {
				if le-ls > 3 && p.src[ls+3] != ' ' {
					p.marker = markerNone // a scalar such as "---x"
				} else {
					p.ind = -1
					if p.marker == markerStart && !restEmpty(p.src, ls+3, le) {
						p.marker = markerEnd // content after "---": not ours
					}
				}
			}
		}
		return
	}
}

// restEmpty reports whether src[i:le] holds only spaces and perhaps a
// comment that a space separates from what came before.
func restEmpty(src string, i, le int) bool {
	j := i
	for j < le && src[j] == ' ' {
		j++
	}
	return j == le || (src[j] == '#' && j > i)
}

func (p *parser) col(off int) int {
	if p.ascii {
		return off - p.ls + 1
	}
	return utf8.RuneCountInString(p.src[p.ls:off]) + 1
}

func (p *parser) node(kind yaml.Kind, tag, value string, line, col int) *yaml.Node {
	if p.ni == len(p.nodes) {
		p.nodes = append(p.nodes, make([]yaml.Node, nodeChunk))
	}
	n := &p.nodes[p.ni][p.nj]
	// Field by field, not *n = yaml.Node{...}: the whole node's write
	// barriers cost more than the parsing while the collector runs. The
	// fields not set here (anchor, alias, comments) this package never
	// sets, so a reused node has them zero still.
	n.Kind, n.Style, n.Tag, n.Value, n.Content = kind, 0, tag, value, nil
	n.Line, n.Column = line, col
	if p.nj++; p.nj == nodeChunk {
		p.ni, p.nj = p.ni+1, 0
	}
	return n
}

// block parses the block collection whose first line is the current one,
// indented by ind.
func (p *parser) block(ind int) (*yaml.Node, bool) {
	if p.depth++; p.depth > maxDepth {
		return nil, false
	}
	defer func() { p.depth-- }()
	if p.dash(p.ls + ind) {
		return p.sequence(ind)
	}
	return p.mapping(p.ls+ind, ind)
}

// dash reports whether a block sequence entry starts at offset i.
func (p *parser) dash(i int) bool {
	return i < p.le && p.src[i] == '-' && (i+1 == p.le || p.src[i+1] == ' ')
}

// content appends kids[from:] to n as its Content and drops them from the
// shared stack.
func (p *parser) content(n *yaml.Node, from int) {
	k := len(p.kids) - from
	if k == 0 {
		n.Content = nil
		return
	}
	for p.pi < len(p.ptrs) && p.pj+k > len(p.ptrs[p.pi]) {
		p.pi, p.pj = p.pi+1, 0 // the rest of this chunk is too small
	}
	if p.pi == len(p.ptrs) {
		p.ptrs = append(p.ptrs, make([]*yaml.Node, max(ptrChunk, k)))
	}
	n.Content = p.ptrs[p.pi][p.pj : p.pj+k : p.pj+k]
	copy(n.Content, p.kids[from:])
	p.pj += k
	clear(p.kids[from:])
	p.kids = p.kids[:from]
}

// mapping parses a block mapping whose first key starts at offset at of the
// current line, its keys indented by ind.
func (p *parser) mapping(at, ind int) (*yaml.Node, bool) {
	m := p.node(yaml.MappingNode, "!!map", "", p.lineNo, p.col(at))
	from := len(p.kids)
	for {
		colon := p.key(at)
		if colon < 0 {
			return nil, false
		}
		k := p.node(yaml.ScalarNode, "!!str", p.src[at:colon], p.lineNo, p.col(at))
		var v *yaml.Node
		j := colon + 1
		for j < p.le && p.src[j] == ' ' {
			j++
		}
		if j == p.le || p.src[j] == '#' {
			// The value is on the lines that follow, or null.
			line, col := p.lineNo, p.col(colon+1)
			p.next()
			switch {
			case p.ind > ind:
				var ok bool
				if v, ok = p.block(p.ind); !ok {
					return nil, false
				}
			case p.ind == ind && p.dash(p.ls+ind):
				p.depth++
				var ok bool
				v, ok = p.sequence(ind)
				p.depth--
				if !ok {
					return nil, false
				}
			default:
				v = p.node(yaml.ScalarNode, "!!null", "", line, col)
			}
		} else {
			var ok bool
			if v, ok = p.inline(j); !ok {
				return nil, false
			}
			p.next()
		}
		p.kids = append(p.kids, k, v)
		if p.ind < ind {
			break
		}
		if p.ind > ind || p.dash(p.ls+ind) {
			return nil, false
		}
		at = p.ls + ind
	}
	p.content(m, from)
	return m, true
}

// sequence parses a block sequence whose dashes are indented by ind, the
// first on the current line.
func (p *parser) sequence(ind int) (*yaml.Node, bool) {
	s := p.node(yaml.SequenceNode, "!!seq", "", p.lineNo, p.col(p.ls+ind))
	from := len(p.kids)
	for {
		d := p.ls + ind
		j := d + 1
		for j < p.le && p.src[j] == ' ' {
			j++
		}
		if j == p.le || p.src[j] == '#' || p.dash(j) {
			return nil, false // an empty entry, or a nested one on this line
		}
		var item *yaml.Node
		var ok bool
		if p.key(j) >= 0 {
			p.depth++
			item, ok = p.mapping(j, j-p.ls)
			p.depth--
		} else if item, ok = p.inline(j); ok {
			p.next()
		}
		if !ok || p.depth > maxDepth {
			return nil, false
		}
		p.kids = append(p.kids, item)
		if p.ind < ind || (p.ind == ind && !p.dash(p.ls+ind)) {
			break // the end, or the next key of the mapping this sequence is the value of
		}
		if p.ind > ind {
			return nil, false
		}
	}
	p.content(s, from)
	return s, true
}

// key returns the offset of the ':' ending a simple mapping key at offset
// i of the current line, or -1. A simple key is a plain scalar of letters,
// digits and "_-./" that starts with a letter or '_', resolves to a
// string, and is followed by ": " or ":" at the end of the line.
func (p *parser) key(i int) int {
	src := p.src
	j := i
	for j < p.le && keyChar(src[j]) {
		j++
	}
	if j == i || j == p.le || src[j] != ':' || (j+1 < p.le && src[j+1] != ' ') || j-i > maxKey {
		return -1
	}
	c := src[i]
	if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_') {
		return -1
	}
	if tag, ok := resolve(src[i:j]); !ok || tag != "!!str" {
		return -1
	}
	return j
}

func keyChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.' || c == '/'
}

// inline parses a value that starts at offset i of the current line and
// ends with it.
func (p *parser) inline(i int) (*yaml.Node, bool) {
	switch p.src[i] {
	case '{', '[':
		n, end, ok := p.flow(i)
		if !ok || !restEmpty(p.src, end, p.le) {
			return nil, false
		}
		return n, true
	case '"', '\'':
		n, end, ok := p.quoted(i)
		if !ok || !restEmpty(p.src, end, p.le) {
			return nil, false
		}
		return n, true
	}
	if !plainStart(p.src, i, p.le) {
		return nil, false
	}
	// One pass for the comment, " #", and for ": ", which a plain scalar
	// must not hold: a ": " whose space is trimmed below leaves the value
	// ending with ':', refused all the same.
	end := p.le
	for j := i; j+1 < p.le; j++ {
		switch c, next := p.src[j], p.src[j+1]; {
		case c == ' ' && next == '#':
			end = j
		case c == ':' && next == ' ':
			return nil, false
		default:
			continue
		}
		break
	}
	for end > i && p.src[end-1] == ' ' {
		end--
	}
	v := p.src[i:end]
	if v[len(v)-1] == ':' {
		return nil, false
	}
	tag, ok := resolve(v)
	if !ok {
		return nil, false
	}
	return p.node(yaml.ScalarNode, tag, v, p.lineNo, p.col(i)), true
}

// plainStart reports whether a plain scalar may start at offset i: not
// with an indicator, except '-' before a digit.
func plainStart(src string, i, le int) bool {
	switch src[i] {
	case '-':
		return i+1 < le && src[i+1] >= '0' && src[i+1] <= '9'
	case '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	}
	return true
}

// quoted parses a one-line quoted scalar without escapes (but ” in single
// quotes) at offset i, returning the offset after its closing quote.
func (p *parser) quoted(i int) (*yaml.Node, int, bool) {
	src := p.src
	q := src[i]
	style := yaml.DoubleQuotedStyle
	if q == '\'' {
		style = yaml.SingleQuotedStyle
	}
	var b []byte // the value, when it had to be unescaped
	start := i + 1
	for j := start; j < p.le; j++ {
		switch c := src[j]; {
		case c == '\\' && q == '"':
			return nil, 0, false
		case c == q:
			if q == '\'' && j+1 < p.le && src[j+1] == '\'' {
				b = append(b, src[start:j+1]...)
				start = j + 2
				j++
				continue
			}
			var v string
			if b != nil {
				v = string(append(b, src[start:j]...))
			} else {
				v = src[start:j]
			}
			n := p.node(yaml.ScalarNode, "!!str", v, p.lineNo, p.col(i))
			n.Style = style
			return n, j + 1, true
		}
	}
	return nil, 0, false // continues on the next line
}

// flow parses a one-line flow mapping or sequence of scalars at offset i,
// returning the offset after its closing bracket.
func (p *parser) flow(i int) (*yaml.Node, int, bool) {
	src := p.src
	n := p.node(yaml.MappingNode, "!!map", "", p.lineNo, p.col(i))
	closing := byte('}')
	if src[i] == '[' {
		n.Kind, n.Tag, closing = yaml.SequenceNode, "!!seq", ']'
	}
	n.Style = yaml.FlowStyle
	from := len(p.kids)
	j := skipSpaces(src, i+1, p.le)
	if j < p.le && src[j] == closing {
		p.content(n, from)
		return n, j + 1, true
	}
	for {
		if j >= p.le {
			return nil, 0, false
		}
		if closing == '}' {
			k := j
			for j < p.le && keyChar(src[j]) {
				j++
			}
			if j == k || j+1 >= p.le || src[j] != ':' || src[j+1] != ' ' || j-k > maxKey {
				return nil, 0, false
			}
			if c := src[k]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_') {
				return nil, 0, false
			}
			if tag, ok := resolve(src[k:j]); !ok || tag != "!!str" {
				return nil, 0, false
			}
			p.kids = append(p.kids, p.node(yaml.ScalarNode, "!!str", src[k:j], p.lineNo, p.col(k)))
			j = skipSpaces(src, j+1, p.le)
			if j >= p.le {
				return nil, 0, false
			}
		}
		v, end, ok := p.flowScalar(j)
		if !ok {
			return nil, 0, false
		}
		p.kids = append(p.kids, v)
		j = skipSpaces(src, end, p.le)
		if j >= p.le {
			return nil, 0, false
		}
		switch src[j] {
		case closing:
			p.content(n, from)
			return n, j + 1, true
		case ',':
			j = skipSpaces(src, j+1, p.le)
			if j >= p.le || src[j] == closing {
				return nil, 0, false // a trailing comma
			}
		default:
			return nil, 0, false
		}
	}
}

// flowScalar parses a quoted or plain scalar inside a flow collection.
func (p *parser) flowScalar(i int) (*yaml.Node, int, bool) {
	src := p.src
	if c := src[i]; c == '"' || c == '\'' {
		return p.quoted(i)
	}
	if !plainStart(src, i, p.le) {
		return nil, 0, false
	}
	j := i
	for j < p.le {
		c := src[j]
		if c == ',' || c == ']' || c == '}' {
			break
		}
		if c == ':' || c == '?' || c == '[' || c == '{' || (c == '#' && src[j-1] == ' ') {
			return nil, 0, false
		}
		j++
	}
	end := j
	for end > i && src[end-1] == ' ' {
		end--
	}
	v := src[i:end]
	tag, ok := resolve(v)
	if !ok {
		return nil, 0, false
	}
	return p.node(yaml.ScalarNode, tag, v, p.lineNo, p.col(i)), end, true
}

func skipSpaces(src string, i, le int) int {
	for i < le && src[i] == ' ' {
		i++
	}
	return i
}

// resolve returns the tag go-yaml gives the non-empty plain scalar s, or
// false when s is not one of the forms this package is sure about.
func resolve(s string) (string, bool) {
	switch c := s[0]; {
	case c >= '0' && c <= '9', c == '-', c == '+':
		return resolveNumeric(s)
	case c == '.', c == '<':
		return "", false // floats like .5 and .inf, the merge key
	case c == '~':
		if s == "~" {
			return "!!null", true
		}
	case strings.IndexByte("yYnNtTfFoO", c) >= 0:
		switch s {
		case "true", "True", "TRUE", "false", "False", "FALSE":
			return "!!bool", true
		case "null", "Null", "NULL":
			return "!!null", true
		}
	}
	return "!!str", true
}

// resolveNumeric handles plain scalars that start with a digit or a sign:
// decimal integers, decimal fractions, dates, and text with a space in it.
func resolveNumeric(s string) (string, bool) {
	i := 0
	if s[0] == '-' || s[0] == '+' {
		i = 1
	}
	digits := i
	for digits < len(s) && s[digits] >= '0' && s[digits] <= '9' {
		digits++
	}
	n := digits - i
	switch {
	case n == 0:
	case digits == len(s):
		if (n == 1 || s[i] != '0') && n <= 18 {
			return "!!int", true
		}
	case s[digits] == '.':
		f := digits + 1
		for f < len(s) && s[f] >= '0' && s[f] <= '9' {
			f++
		}
		if f == len(s) && f > digits+1 && (n == 1 || s[i] != '0') {
			return "!!float", true
		}
	case i == 0 && n == 4 && s[4] == '-':
		if len(s) == 10 && s[7] == '-' && isDigits(s[5:7]) && isDigits(s[8:10]) {
			if _, err := time.Parse("2006-1-2", s); err == nil {
				return "!!timestamp", true
			}
		}
		if len(s) > 5 && (s[5] < '0' || s[5] > '9') {
			// Like the period 2026-Q3: every timestamp form has a digit
			// here, and no number has a '-' there.
			return "!!str", true
		}
		return "", false
	}
	// Anything else with a space in it is text: no number or timestamp
	// form go-yaml knows has a space, except timestamps, which start with
	// four digits and '-' (handled above).
	if strings.IndexByte(s, ' ') >= 0 && !(n == 4 && i == 0 && s[4] == '-') {
		return "!!str", true
	}
	return "", false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
