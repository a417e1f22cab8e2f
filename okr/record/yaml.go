package record

import (
	"bytes"
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

// appendYAML adds m to the values of the Measurements document for its
// metric in a YAML file, or a new document for it, editing the text so that
// the rest of the file stays byte for byte as it was.
func appendYAML(file string, data []byte, m Measurement) ([]byte, error) {
	docs, err := parseDocs(data)
	if err != nil {
		return nil, refusef("%s: %v; fix it first (see okr validate)", file, err)
	}
	l := newLines(data)
	md := findMeasurements(docs, m.Metric)
	if md == nil {
		return appendDocument(data, docs, l, m), nil
	}
	v := md.values
	if v == nil {
		return nil, refusef("%s:%d: the Measurements document of %q has no values; add `values: []` and record again", file, md.root.Line, m.Metric)
	}
	switch {
	case v.Kind == yaml.SequenceNode && v.Style&yaml.FlowStyle == 0 && len(v.Content) > 0:
		return appendBlock(data, l, v, m), nil
	case v.Kind == yaml.SequenceNode && v.Style&yaml.FlowStyle != 0:
		if out, ok := appendFlow(data, l, md, m); ok {
			return out, nil
		}
	case v.Kind == yaml.ScalarNode && v.ShortTag() == "!!null" && v.Tag != "" && md.root.Style&yaml.FlowStyle == 0:
		if out, ok := appendNull(data, l, md, m); ok {
			return out, nil
		}
	}
	return nil, refusef("%s:%d: the values of the Measurements document of %q are not a list okr can append to; fix them (see okr validate) or record with --file", file, v.Line, m.Metric)
}

// appendBlock adds an item after the last item of a block sequence, in the
// style of that item.
func appendBlock(data []byte, l *lines, seq *yaml.Node, m Measurement) []byte {
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
	var item string
	if last.Kind == yaml.MappingNode && last.Style&yaml.FlowStyle == 0 && last.Column-1 > dash {
		key := last.Column - 1
		var b strings.Builder
		b.WriteString(strings.Repeat(" ", dash) + "-" + strings.Repeat(" ", key-dash-1))
		for i, kv := range blockPairs(m) {
			if i > 0 {
				b.WriteString(strings.Repeat(" ", key))
			}
			b.WriteString(kv + eol)
		}
		item = b.String()
	} else {
		item = strings.Repeat(" ", dash) + "- " + flowItem(m) + eol
	}
	off, needBreak := l.after(end)
	if needBreak {
		item = eol + item
	}
	return insert(data, off, item)
}

// appendFlow adds an item to a flow sequence: an empty `values: []` on the
// line of its key becomes a block sequence, otherwise the item goes before
// the closing bracket.
func appendFlow(data []byte, l *lines, md *measDoc, m Measurement) ([]byte, bool) {
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
			b = append(b, strings.Repeat(" ", md.key.Column-1+2)+"- "+flowItem(m)+eol...)
			return append(b, data[lineEnd:]...), true
		}
	}
	switch {
	case lastSig < 0:
		return insert(data, open+1, flowItem(m)), true
	case data[lastSig] == ',':
		return insert(data, lastSig+1, " "+flowItem(m)), true
	}
	return insert(data, lastSig+1, ", "+flowItem(m)), true
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
func appendNull(data []byte, l *lines, md *measDoc, m Measurement) ([]byte, bool) {
	k, v := md.key, md.values
	if k == nil {
		return nil, false
	}
	eol := l.eol()
	item := strings.Repeat(" ", k.Column-1+2) + "- " + flowItem(m) + eol
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
func appendDocument(data []byte, docs []*yaml.Node, l *lines, m Measurement) []byte {
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
	b.WriteString(newDocument(m, eol))
	return append(append([]byte(nil), data...), b.String()...)
}

// newDocument is a Measurements document holding m.
func newDocument(m Measurement, eol string) string {
	return "apiVersion: " + model.APIVersion + eol +
		"kind: " + model.KindMeasurements + eol +
		"metric: " + yamlString(m.Metric) + eol +
		"values:" + eol +
		"  - " + flowItem(m) + eol
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
