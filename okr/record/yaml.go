package record

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/okr-as-code/okr/okr/model"
	"go.yaml.in/yaml/v3"
)

// measDoc is the Measurements document of a metric in a YAML file.
type measDoc struct {
	root   *yaml.Node // the document's top-level mapping
	key    *yaml.Node // the "values" key, nil when absent
	values *yaml.Node // its value, nil when absent
}

// findMeasurements returns the last Measurements document for metric.
func findMeasurements(docs []*yaml.Node, metric string) *measDoc {
	var found *measDoc
	for _, d := range docs {
		if len(d.Content) != 1 || d.Content[0].Kind != yaml.MappingNode {
			continue
		}
		root := d.Content[0]
		var api, kind, name string
		md := &measDoc{root: root}
		for i := 0; i+1 < len(root.Content); i += 2 {
			k, v := root.Content[i], root.Content[i+1]
			switch k.Value {
			case "apiVersion":
				api = v.Value
			case "kind":
				kind = v.Value
			case "metric":
				if v.Kind == yaml.ScalarNode {
					name = v.Value
				}
			case "values":
				md.key, md.values = k, v
			}
		}
		if api == model.APIVersion && kind == model.KindMeasurements && name == metric {
			found = md
		}
	}
	return found
}

// lines indexes the lines of a file: starts[i] is the offset of line i+1.
type lines struct {
	data   []byte
	starts []int
	crlf   bool
}

func newLines(data []byte) *lines {
	l := &lines{data: data, starts: []int{0}}
	for i, c := range data {
		if c == '\n' && i+1 < len(data) {
			l.starts = append(l.starts, i+1)
		}
	}
	first, _, found := bytes.Cut(data, []byte("\n"))
	l.crlf = found && bytes.HasSuffix(first, []byte("\r"))
	return l
}

func (l *lines) n() int { return len(l.starts) }

// text returns line n (1-based) without its line break.
func (l *lines) text(n int) []byte {
	end := len(l.data)
	if n < len(l.starts) {
		end = l.starts[n]
	}
	return bytes.TrimRight(l.data[l.starts[n-1]:end], "\r\n")
}

// offset returns the byte offset of (line, column), both 1-based, the
// column counted in characters as the YAML parser counts it.
func (l *lines) offset(line, col int) int {
	off := l.starts[line-1]
	for c := 1; c < col && off < len(l.data); c++ {
		_, size := utf8.DecodeRune(l.data[off:])
		off += size
	}
	return off
}

// after returns the offset just after line n, and whether the file needs
// a line break before anything inserted there.
func (l *lines) after(n int) (int, bool) {
	if n < len(l.starts) {
		return l.starts[n], false
	}
	return len(l.data), len(l.data) > 0 && l.data[len(l.data)-1] != '\n'
}

func (l *lines) eol() string {
	if l.crlf {
		return "\r\n"
	}
	return "\n"
}

// eol returns the line break of data as newLines tells it (that of its
// first line) without indexing every line.
func eol(data []byte) string {
	if first, _, found := bytes.Cut(data, []byte("\n")); found && bytes.HasSuffix(first, []byte("\r")) {
		return "\r\n"
	}
	return "\n"
}

func indent(b []byte) int {
	n := 0
	for n < len(b) && b[n] == ' ' {
		n++
	}
	return n
}

// insert returns data with s inserted at off.
func insert(data []byte, off int, s string) []byte {
	out := make([]byte, 0, len(data)+len(s))
	out = append(out, data[:off]...)
	out = append(out, s...)
	return append(out, data[off:]...)
}

// appendYAML adds ms, measurements of one metric, to the values of the
// Measurements document for that metric in a YAML file, or a new document
// for it, editing the text so that the rest of the file stays byte for byte
// as it was.
func appendYAML(file string, data []byte, ms []Measurement) ([]byte, error) {
	m := ms[0]
	docs, err := parseDocs(data)
	if err != nil {
		return nil, refusef("%s: %v; fix it first (see okr validate)", file, err)
	}
	l := newLines(data)
	md := findMeasurements(docs, m.Metric)
	if md == nil {
		return appendDocument(data, docs, l, ms), nil
	}
	v := md.values
	if v == nil {
		return nil, refusef("%s:%d: the Measurements document of %q has no values; add `values: []` and record again", file, md.root.Line, m.Metric)
	}
	switch {
	case v.Kind == yaml.SequenceNode && v.Style&yaml.FlowStyle == 0 && len(v.Content) > 0:
		return appendBlock(data, l, v, ms), nil
	case v.Kind == yaml.SequenceNode && v.Style&yaml.FlowStyle != 0:
		if out, ok := appendFlow(data, l, md, ms); ok {
			return out, nil
		}
	case v.Kind == yaml.ScalarNode && v.ShortTag() == "!!null" && v.Tag != "" && md.root.Style&yaml.FlowStyle == 0:
		if out, ok := appendNull(data, l, md, ms); ok {
			return out, nil
		}
	}
	return nil, refusef("%s:%d: the values of the Measurements document of %q are not a list okr can append to; fix them (see okr validate) or record with --file", file, v.Line, m.Metric)
}

// appendBlock adds an item after the last item of a block sequence, in the
// style of that item.
func appendBlock(data []byte, l *lines, seq *yaml.Node, ms []Measurement) []byte {
	last := seq.Content[len(seq.Content)-1]
	dash := seq.Column - 1 // a block sequence starts at its first "-"
	end := last.Line
	for n := last.Line + 1; n <= l.n(); n++ {
		t := l.text(n)
		if len(bytes.TrimSpace(t)) == 0 {
			continue // a blank line belongs to the item only if more of it follows
		}
		if indent(t) <= dash {
			break
		}
		end = n
	}
	eol := l.eol()
	var b strings.Builder
	for _, m := range ms {
		if last.Kind == yaml.MappingNode && last.Style&yaml.FlowStyle == 0 && last.Column-1 > dash {
			key := last.Column - 1
			b.WriteString(strings.Repeat(" ", dash) + "-" + strings.Repeat(" ", key-dash-1))
			for i, kv := range blockPairs(m) {
				if i > 0 {
					b.WriteString(strings.Repeat(" ", key))
				}
				b.WriteString(kv + eol)
			}
		} else {
			b.WriteString(strings.Repeat(" ", dash) + "- " + flowItem(m) + eol)
		}
	}
	item := b.String()
	off, needBreak := l.after(end)
	if needBreak {
		item = eol + item
	}
	return insert(data, off, item)
}

// appendFlow adds an item to a flow sequence: an empty `values: []` on the
// line of its key becomes a block sequence, otherwise the item goes before
// the closing bracket.
func appendFlow(data []byte, l *lines, md *measDoc, ms []Measurement) ([]byte, bool) {
	seq := md.values
	open := l.offset(seq.Line, seq.Column)
	if open >= len(data) || data[open] != '[' {
		return nil, false
	}
	closing, lastSig := scanFlow(data, open)
	if closing < 0 {
		return nil, false
	}
	eol := l.eol()
	if len(seq.Content) == 0 && md.key != nil && md.key.Line == seq.Line && md.root.Style&yaml.FlowStyle == 0 {
		lineEnd, _ := l.after(seq.Line)
		rest := data[closing+1 : lineEnd]
		if t := bytes.TrimSpace(rest); (len(t) == 0 || t[0] == '#') && !bytes.Contains(data[open:closing], []byte("\n")) {
			var b []byte
			b = append(b, data[:l.starts[seq.Line-1]]...)
			b = append(b, bytes.TrimRight(data[l.starts[seq.Line-1]:open], " \t")...)
			if len(t) > 0 {
				b = append(b, ' ')
				b = append(b, t...)
			}
			b = append(b, eol...)
			b = append(b, blockItems(ms, md.key.Column-1+2, eol)...)
			return append(b, data[lineEnd:]...), true
		}
	}
	var items []string
	for _, m := range ms {
		items = append(items, flowItem(m))
	}
	all := strings.Join(items, ", ")
	switch {
	case lastSig < 0:
		return insert(data, open+1, all), true
	case data[lastSig] == ',':
		return insert(data, lastSig+1, " "+all), true
	}
	return insert(data, lastSig+1, ", "+all), true
}

// scanFlow finds the bracket that closes the flow collection opening at
// data[open], and the last significant byte inside it (-1 when it is
// empty), skipping quoted scalars and comments.
func scanFlow(data []byte, open int) (closing, lastSig int) {
	depth := 0
	lastSig = -1
	prev := byte('[') // the previous significant byte
	for i := open; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '#' && (i == 0 || data[i-1] == ' ' || data[i-1] == '\t' || data[i-1] == '\n' || data[i-1] == '\r'):
			for i < len(data) && data[i] != '\n' {
				i++
			}
			continue
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			continue
		case (c == '"' || c == '\'') && strings.IndexByte("[{,:?", prev) >= 0:
			j := i + 1
			for j < len(data) {
				if c == '"' && data[j] == '\\' {
					j += 2
					continue
				}
				if data[j] == c {
					if c == '\'' && j+1 < len(data) && data[j+1] == '\'' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			if j >= len(data) {
				return -1, -1
			}
			i = j
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
			if depth == 0 {
				return i, lastSig
			}
		}
		if i != open {
			lastSig = i
		}
		prev = c
	}
	return -1, -1
}

// appendNull turns `values:` (empty, ~ or null) into a list of one item.
func appendNull(data []byte, l *lines, md *measDoc, ms []Measurement) ([]byte, bool) {
	k, v := md.key, md.values
	if k == nil {
		return nil, false
	}
	eol := l.eol()
	item := blockItems(ms, k.Column-1+2, eol)
	if v.Value != "" {
		if v.Line != k.Line {
			return nil, false
		}
		off := l.offset(v.Line, v.Column)
		if !bytes.HasPrefix(data[off:], []byte(v.Value)) {
			return nil, false
		}
		lineEnd, _ := l.after(k.Line)
		var b []byte
		b = append(b, bytes.TrimRight(data[:off], " \t")...)
		rest := bytes.TrimSpace(data[off+len(v.Value) : lineEnd])
		if len(rest) > 0 {
			if rest[0] != '#' {
				return nil, false
			}
			b = append(b, ' ')
			b = append(b, rest...)
		}
		b = append(b, eol...)
		b = append(b, item...)
		return append(b, data[lineEnd:]...), true
	}
	off, needBreak := l.after(k.Line)
	if needBreak {
		item = eol + item
	}
	return insert(data, off, item), true
}

// appendDocument adds a Measurements document for the metric at the end.
func appendDocument(data []byte, docs []*yaml.Node, l *lines, ms []Measurement) []byte {
	eol := l.eol()
	var b strings.Builder
	if len(data) > 0 && data[len(data)-1] != '\n' {
		b.WriteString(eol)
	}
	for _, d := range docs {
		if len(d.Content) > 0 {
			b.WriteString("---" + eol)
			break
		}
	}
	b.WriteString(newDocument(ms, eol))
	return append(append([]byte(nil), data...), b.String()...)
}

// newDocument is a Measurements document holding ms, of one metric.
func newDocument(ms []Measurement, eol string) string {
	return "apiVersion: " + model.APIVersion + eol +
		"kind: " + model.KindMeasurements + eol +
		"metric: " + yamlString(ms[0].Metric) + eol +
		"values:" + eol +
		blockItems(ms, 2, eol)
}

// blockItems are ms as items of a block sequence whose "-" is at indent.
func blockItems(ms []Measurement, indent int, eol string) string {
	var b strings.Builder
	for _, m := range ms {
		b.WriteString(strings.Repeat(" ", indent) + "- " + flowItem(m) + eol)
	}
	return b.String()
}

// flowItem is m as a flow mapping: {at: …, value: …, note: …}.
func flowItem(m Measurement) string {
	return "{" + strings.Join(blockPairs(m), ", ") + "}"
}

func blockPairs(m Measurement) []string {
	kv := []string{"at: " + m.At, "value: " + m.ValueText()}
	if m.Note != "" {
		kv = append(kv, "note: "+yamlString(m.Note))
	}
	if m.HasConfidence {
		kv = append(kv, "confidence: "+m.confidenceText())
	}
	return kv
}

// yamlString writes s as a YAML scalar that reads back as the string s, in
// block and flow context alike: plain when that is safe, else double-quoted.
func yamlString(s string) string {
	if plainSafe(s) {
		return s
	}
	return strconv.Quote(s) // Go's escapes are all valid in YAML double-quoted scalars
}

func plainSafe(s string) bool {
	if s == "" || s != strings.TrimSpace(s) {
		return false
	}
	switch strings.ToLower(s) {
	case "true", "false", "null", "yes", "no", "on", "off", "y", "n":
		return false
	}
	for i, r := range s {
		switch {
		case unicode.IsLetter(r):
		case i == 0:
			return false
		case r >= '0' && r <= '9', r == ' ', strings.ContainsRune("_.-/%()'+&;=", r):
		default:
			return false
		}
	}
	return true
}

// replaceYAML writes e.M over the item of a Measurements document's
// values that starts at line e.Line: its value, and its note and
// confidence where e.M gives them (added to the item when it has none).
// Only those scalars change; the rest of the file stays byte for byte.
func replaceYAML(file string, data []byte, e Edit) ([]byte, error) {
	docs, err := parseDocs(data)
	if err != nil {
		return nil, refusef("%s: %v; fix it first (see okr validate)", file, err)
	}
	item := findItem(docs, e.M.Metric, e.Line, model.KeyOfAt(e.M.At))
	if item == nil {
		return nil, refusef("%s:%d no longer holds a measurement of %s; run okr record again", file, e.Line, e.M.Metric)
	}
	l := newLines(data)
	cannot := refusef("%s:%d: okr cannot rewrite this measurement (its value, note or confidence is not a plain one-line scalar); change it by hand", file, e.Line)
	var value, note, conf *yaml.Node
	for i := 0; i+1 < len(item.Content); i += 2 {
		switch item.Content[i].Value {
		case "value":
			value = item.Content[i+1]
		case "note":
			note = item.Content[i+1]
		case "confidence":
			conf = item.Content[i+1]
		}
	}
	type splice struct {
		off, end int
		text     string
	}
	var sp []splice
	set := func(n *yaml.Node, text string) bool {
		off, end, ok := scalarSpan(data, l, n)
		if ok {
			sp = append(sp, splice{off, end, text})
		}
		return ok
	}
	if value == nil || !set(value, e.M.ValueText()) {
		return nil, cannot
	}
	var missing []string // key: value pairs the item lacks
	if e.M.Note != "" {
		if note == nil {
			missing = append(missing, "note: "+yamlString(e.M.Note))
		} else if !set(note, yamlString(e.M.Note)) {
			return nil, cannot
		}
	}
	if e.M.HasConfidence {
		if conf == nil {
			missing = append(missing, "confidence: "+e.M.confidenceText())
		} else if !set(conf, e.M.confidenceText()) {
			return nil, cannot
		}
	}
	if len(missing) > 0 {
		if item.Style&yaml.FlowStyle != 0 {
			open := l.offset(item.Line, item.Column)
			if open >= len(data) || data[open] != '{' {
				return nil, cannot
			}
			closing, lastSig := scanFlow(data, open)
			switch {
			case closing < 0:
				return nil, cannot
			case lastSig < 0:
				sp = append(sp, splice{open + 1, open + 1, strings.Join(missing, ", ")})
			case data[lastSig] == ',':
				sp = append(sp, splice{lastSig + 1, lastSig + 1, " " + strings.Join(missing, ", ")})
			default:
				sp = append(sp, splice{lastSig + 1, lastSig + 1, ", " + strings.Join(missing, ", ")})
			}
		} else {
			// A new line for each, after the item's last line, at the
			// indentation of its keys.
			key := item.Column - 1
			end := item.Line
			for n := item.Line + 1; n <= l.n(); n++ {
				t := l.text(n)
				if len(bytes.TrimSpace(t)) == 0 {
					continue
				}
				if indent(t) < key {
					break
				}
				end = n
			}
			off, needBreak := l.after(end)
			var b strings.Builder
			if needBreak {
				b.WriteString(l.eol())
			}
			for _, kv := range missing {
				b.WriteString(strings.Repeat(" ", key) + kv + l.eol())
			}
			sp = append(sp, splice{off, off, b.String()})
		}
	}
	slices.SortFunc(sp, func(a, b splice) int { return b.off - a.off })
	out := slices.Clone(data)
	for _, s := range sp {
		out = slices.Concat(out[:s.off], []byte(s.text), out[s.end:])
	}
	return out, nil
}

// findItem returns the mapping item that starts at line of the values of
// a Measurements document for metric, with an at of key at (a flow
// sequence may hold several items on one line), or nil.
func findItem(docs []*yaml.Node, metric string, line int, at model.AtKey) *yaml.Node {
	for _, d := range docs {
		if len(d.Content) != 1 {
			continue
		}
		md := findMeasurements([]*yaml.Node{d}, metric)
		if md == nil || md.values == nil || md.values.Kind != yaml.SequenceNode {
			continue
		}
		for _, it := range md.values.Content {
			if it.Kind == yaml.MappingNode && it.Line == line && itemAt(it) == at {
				return it
			}
		}
	}
	return nil
}

// itemAt returns the AtKey of a values item's at (the zero key when it
// has none, or none okr reads).
func itemAt(it *yaml.Node) model.AtKey {
	for i := 0; i+1 < len(it.Content); i += 2 {
		if it.Content[i].Value == "at" && it.Content[i+1].Kind == yaml.ScalarNode {
			return model.KeyOfAt(it.Content[i+1].Value)
		}
	}
	return model.AtKey{}
}

// scalarSpan returns the offsets of a scalar written on one line: plain,
// single- or double-quoted, without tag or anchor.
func scalarSpan(data []byte, l *lines, n *yaml.Node) (int, int, bool) {
	if n.Kind != yaml.ScalarNode || n.Anchor != "" || n.Style&(yaml.TaggedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return 0, 0, false
	}
	off := l.offset(n.Line, n.Column)
	switch {
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		q := data[off]
		for j := off + 1; j < len(data); j++ {
			switch c := data[j]; {
			case c == '\n' || c == '\r':
				return 0, 0, false
			case q == '"' && c == '\\':
				j++
			case c == q && q == '\'' && j+1 < len(data) && data[j+1] == '\'':
				j++
			case c == q:
				return off, j + 1, true
			}
		}
		return 0, 0, false
	case bytes.HasPrefix(data[off:], []byte(n.Value)) && n.Value != "":
		return off, off + len(n.Value), true
	}
	return 0, 0, false
}
