package load

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/okr-as-code/okr/okr/model"
	"go.yaml.in/yaml/v3"
)

// The decoder checks each value against its rule as it reads it, and
// reports, with the position of the node it concerns, what the JSON Schema
// would refuse: unknown and missing fields, values of the wrong type, words
// that are not one of a field's, text that does not match its pattern,
// numbers out of range, and the levels a key result's type asks for.

// add records a problem, unless the document already has as many as the
// file may report.
func (d *decoder) add(at model.Pos, rule, format string, args ...any) {
	if !d.full() {
		d.problems = append(d.problems, model.Errorf(at, rule, format, args...))
	}
}

// full reports whether the decoder may report no more problems.
func (d *decoder) full() bool { return len(d.problems) >= d.limit }

func (d *decoder) schemaf(n *yaml.Node, format string, args ...any) {
	d.add(d.pos(n), "schema", format, args...)
}

// jsonType is the JSON Schema type of a resolved node, as the schema sees
// the document.
func jsonType(n *yaml.Node) string {
	switch {
	case n == nil:
		return "null"
	case n.Kind == yaml.MappingNode:
		return "object"
	case n.Kind == yaml.SequenceNode:
		return "array"
	}
	switch n.ShortTag() {
	case "!!null":
		return "null"
	case "!!bool":
		return "boolean"
	case "!!int", "!!float":
		return "number"
	}
	return "string"
}

// jsonText is a scalar's value as the schema sees it: a boolean as true or
// false, a number in its shortest form.
func jsonText(n *yaml.Node) string {
	switch jsonType(n) {
	case "boolean":
		return strconv.FormatBool(n.Value == "true" || n.Value == "True" || n.Value == "TRUE")
	case "number":
		if v, ok := parseNumber(n.Value); ok {
			return strconv.FormatFloat(v, 'g', -1, 64)
		}
	}
	return n.Value
}

// check reports what is wrong with v, the resolved value of field name,
// under r, and whether it is right. A value the scan already reported (a
// number that is not one) is not reported again.
func (d *decoder) check(name string, v *yaml.Node, r *rule) bool {
	if d.own[v] {
		return false
	}
	t := jsonType(v)
	if r.period {
		return d.checkPeriod(v, t)
	}
	if r.typ != "" {
		ok := t == r.typ || (r.typ == "integer" && t == "number" && isWhole(v))
		if !ok {
			d.typeError(name, v, r, t)
			return false
		}
	}
	if r.enum != nil {
		if t != "string" || !slices.Contains(r.enum, v.Value) {
			d.enumError(name, v, r.enum)
			return false
		}
		return true
	}
	switch t {
	case "string":
		if r.match != nil && !r.match(v.Value) {
			msg := fmt.Sprintf("%s %q is not valid: %s", name, v.Value, patternHelp(name, r.pattern))
			if s := slug(v.Value); s != "" && s != v.Value && strings.HasPrefix(r.pattern, "^[a-z0-9][a-z0-9") && !strings.Contains(r.pattern, "/") {
				msg += fmt.Sprintf(", such as %q", s)
			}
			d.schemaf(v, "%s", msg)
			return false
		}
		if r.minLen > 0 && len([]rune(v.Value)) < r.minLen {
			d.schemaf(v, "%s must not be empty", name)
			return false
		}
	case "number":
		if !r.positive && !r.ranged {
			break
		}
		f, _ := parseNumber(v.Value)
		switch {
		case r.positive && f <= 0:
			d.schemaf(v, "%s must be greater than 0", name)
			return false
		case r.ranged && (f < r.lo || f > r.hi):
			switch {
			case r.confidence:
				d.schemaf(v, "%s", confidenceMessage(confidenceShown(v)))
			case f < r.lo:
				d.schemaf(v, "%s must be at least %s", name, strconv.FormatFloat(r.lo, 'g', -1, 64))
			default:
				d.schemaf(v, "%s must be at most %s", name, strconv.FormatFloat(r.hi, 'g', -1, 64))
			}
			return false
		}
	case "array":
		if len(v.Content) < r.minItems {
			d.schemaf(v, "%s must not be empty: give at least one item", name)
			return false
		}
	}
	return true
}

// isWhole reports whether a number node holds a whole number, as JSON
// Schema's integer type counts one (6.0 is one).
func isWhole(n *yaml.Node) bool {
	v, ok := parseNumber(n.Value)
	return ok && v == math.Trunc(v) && !math.IsInf(v, 0)
}

// checkPeriod checks a period: YYYY-Qn, YYYY-Hn or YYYY as text, or a
// year written as a whole number from 1000 to 9999.
func (d *decoder) checkPeriod(v *yaml.Node, t string) bool {
	switch t {
	case "string":
		if periodRe.MatchString(v.Value) {
			return true
		}
	case "number":
		if f, _ := parseNumber(v.Value); isWhole(v) && f >= 1000 && f <= 9999 {
			return true
		}
	}
	if v.Kind == yaml.ScalarNode {
		d.schemaf(v, "period %q is not valid: write YYYY-Qn (quarter), YYYY-Hn (half) or YYYY (year), such as 2026-Q4", v.Value)
	} else {
		d.schemaf(v, "period must be YYYY-Qn (quarter), YYYY-Hn (half) or YYYY (year), such as 2026-Q4, not %s", describeKind(v))
	}
	return false
}

// typeError reports a value of type got where r wants another.
func (d *decoder) typeError(name string, v *yaml.Node, r *rule, got string) {
	wantNumber := r.typ == "number" || r.typ == "integer"
	switch {
	case wantNumber && overflows(v):
		d.add(d.pos(v), "number", "%s is not a finite number; write an ordinary number", v.Value)
		return
	case r.confidence:
		d.schemaf(v, "%s", confidenceMessage(confidenceShown(v)))
		return
	}
	msg := fmt.Sprintf("%s must be %s, not %s", name, typeWord(r.typ), describe(v, got))
	if v.Kind == yaml.ScalarNode && v.ShortTag() != "!!null" {
		quoted := v.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
		switch {
		case name == "at":
			msg += "; write a date YYYY-MM-DD or an RFC 3339 timestamp such as 2026-10-05T14:00:00Z"
		case r.typ == "string" && !quoted:
			msg += fmt.Sprintf("; quote it: %q", v.Value)
		case got == "string" && quoted && wantNumber && isNumber(v.Value):
			msg += "; remove the quotes"
		}
	}
	d.schemaf(v, "%s", msg)
}

// enumError reports a value that is not one of the words want.
func (d *decoder) enumError(name string, v *yaml.Node, want []string) {
	if v.Kind != yaml.ScalarNode || v.ShortTag() == "!!null" {
		d.schemaf(v, "%s must be one of %s, not %s", name, strings.Join(want, ", "), describe(v, ""))
		return
	}
	got := jsonText(v)
	msg := fmt.Sprintf("%s %q is not one of %s", name, got, strings.Join(want, ", "))
	if s := model.Nearest(got, want, 3); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	d.schemaf(v, "%s", msg)
}

// itemMapping reports an item of a list that is not a mapping, and whether
// it is one.
func (d *decoder) itemMapping(list string, n *yaml.Node) bool {
	if n.Kind == yaml.MappingNode {
		return true
	}
	if !d.own[n] {
		d.typeError(list+" item", n, mappingVal, jsonType(n))
	}
	return false
}

// seen is what mapping found in one mapping: the fields it holds and the
// unknown ones, for the required fields that follow.
type seen struct {
	fields  model.Fields
	unknown []string
	typ     *yaml.Node // the resolved value of a type field
}

func (s seen) has(key string) bool {
	for _, f := range s.fields.List {
		if f.Key == key {
			return true
		}
	}
	return false
}

// mapping reads mapping n of the kind ctx (a key of model.KeyOrder, or
// anyDocument): it reports every field that kind does not have, with a
// "did you mean", checks the value of every field it has against its
// rule, and calls fn with each field's resolved value and whether it
// passed. It returns what it saw; its fields are the fields as written.
func (d *decoder) mapping(n *yaml.Node, ctx string, fn func(key string, v *yaml.Node, ok bool)) seen {
	n = resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return seen{}
	}
	s := seen{fields: model.Fields{File: d.file, List: make([]model.Field, 0, len(n.Content)/2)}}
	fieldRules := rules[ctx]
	field := func(kn, vn *yaml.Node) {
		k := resolve(kn)
		if k == d.skip && k != nil {
			return
		}
		v := resolve(vn)
		r, known := fieldRules[k.Value]
		if !known && ctx != anyDocument {
			s.unknown = append(s.unknown, k.Value)
			d.unknown(kn, k.Value, ctx)
		}
		if v == nil {
			return
		}
		// (A line or column beyond int32 would need a file far over the
		// limit okr reads.)
		s.fields.List = append(s.fields.List, model.Field{Key: k.Value, Line: int32(v.Line), Column: int32(v.Column)})
		if k.Value == "type" && s.typ == nil {
			s.typ = v
		}
		ok := known && d.check(k.Value, v, r)
		fn(k.Value, v, ok)
	}
	if d.plain {
		// No merge keys, repeated keys or keys that are not text in the
		// document (the scan says so): its pairs are the mapping's own.
		for i := 0; i+1 < len(n.Content); i += 2 {
			field(n.Content[i], n.Content[i+1])
		}
	} else {
		for _, p := range pairs(n, nil, nil) {
			field(p.k, p.v)
		}
	}
	return s
}

// unknown reports field key, whose key node is kn, in a mapping of kind
// ctx that has no such field.
func (d *decoder) unknown(kn *yaml.Node, key, ctx string) {
	if d.full() {
		return
	}
	allowed := model.KeyOrder[ctx]
	msg := fmt.Sprintf("unknown field %q in %s", key, article(ctx))
	if sug := model.Nearest(key, allowed, 3); sug != "" {
		msg += fmt.Sprintf("; did you mean %q?", sug)
	} else {
		msg += "; allowed: " + strings.Join(allowed, ", ")
	}
	d.schemaf(kn, "%s", msg)
}

// missing reports the fields of need that mapping n, of kind ctx, lacks,
// leaving out those an unknown field of it misspells (its problem says
// "did you mean" already). fix, when not empty, follows the message.
func (d *decoder) missing(n *yaml.Node, ctx string, s seen, need []string, fix string) {
	var miss []string
	for _, f := range need {
		if s.has(f) || f == "apiVersion" {
			continue // a document's apiVersion was read before it was decoded
		}
		if !d.typoOf(s.unknown, ctx, f) {
			miss = append(miss, f)
		}
	}
	if len(miss) == 0 {
		return
	}
	what := article(ctx)
	if ctx == model.MappingKeyResult {
		what = keyResultKind(keyResultType(s.typ))
	}
	if fix != "" {
		fix = "; " + fix
	}
	if len(miss) == 1 {
		d.schemaf(n, "%s is missing required field %q%s", what, miss[0], fix)
	} else {
		d.schemaf(n, "%s is missing required fields %s%s", what, quoteAll(miss), fix)
	}
}

// typoOf reports whether a missing field was probably written with a typo,
// as one of the unknown fields of the same mapping.
func (d *decoder) typoOf(unknown []string, ctx, field string) bool {
	for i, u := range unknown {
		if i >= maxFileProblems {
			break
		}
		if model.Nearest(u, model.KeyOrder[ctx], 3) == field {
			return true
		}
	}
	return false
}

// keyResultLevels reports the levels a key result has that its type does
// not take, and those it needs and lacks. A key result without a type is a
// metric; one whose type is not a key result type is held to none.
func (d *decoder) keyResultLevels(n *yaml.Node, s seen) {
	typeNode := s.typ
	typ := model.Metric
	if typeNode != nil {
		typ = ""
		if jsonType(typeNode) == "string" {
			typ = typeNode.Value
		}
	}
	levels, ok := model.KeyResultLevels[typ]
	if !ok {
		return
	}
	for _, f := range levels.Forbidden {
		if !s.has(f) {
			continue
		}
		at := n
		for _, p := range pairs(n, nil, nil) {
			if resolve(p.k).Value == f {
				at = p.k
				break
			}
		}
		if typ == model.Milestone {
			d.schemaf(at, "field %q is not allowed in a milestone key result: a milestone is done (1) or not (0) and has no levels; remove it, or set type to metric", f)
		} else {
			d.schemaf(at, "field %q is not allowed in %s: only a metric key result has commit and stretch; remove it, or set type to metric", f, keyResultKind(keyResultType(typeNode)))
		}
	}
	fix := ""
	if typ == model.Metric && (!s.has("baseline") || !s.has("target")) {
		fix = "or set type to at_least, at_most or milestone"
	}
	d.missing(n, model.MappingKeyResult, s, levels.Required, fix)
}

// keyResultType returns the type a key result declares in typeNode, its
// resolved type value: metric when it declares none, "" when it declares
// one that does not exist.
func keyResultType(typeNode *yaml.Node) string {
	if typeNode == nil {
		return model.Metric
	}
	switch s, _ := scalar(typeNode); s {
	case model.Metric, model.AtLeast, model.AtMost, model.Milestone:
		return s
	case "":
		return model.Metric
	}
	return ""
}

// keyResultKind names a key result of type typ: "an at_least key result".
func keyResultKind(typ string) string {
	if typ == "" {
		return article(model.MappingKeyResult)
	}
	return article(typ + " key result")
}

// article names a kind of mapping for a message, with its article.
func article(ctx string) string {
	switch ctx {
	case "":
		return "this mapping"
	case model.MappingConfig, model.MappingGrades:
		return ctx
	case anyDocument:
		return "an OKR document"
	case model.KindObjectives:
		return "an Objectives document"
	case model.KindKPI, model.KindMeasurements, model.KindPeople:
		return "a " + ctx + " document"
	}
	switch ctx[0] {
	case 'a', 'e', 'i', 'o', 'u':
		return "an " + ctx
	}
	return "a " + ctx
}

// typeWord names a JSON Schema type in the words of a YAML author.
func typeWord(t string) string {
	switch t {
	case "string":
		return "text"
	case "number":
		return "a number"
	case "integer":
		return "a whole number"
	case "object":
		return "a mapping"
	case "array":
		return "a list"
	}
	return t
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return err == nil
}

// slug turns s into a valid id: lower case, with runs of other characters
// replaced by '-'. It returns "" when nothing is left.
func slug(s string) string {
	if len(s) > 200 {
		return ""
	}
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	return b.String()
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

// describe names what a node holds, as a user wrote it; got is its JSON
// Schema type.
func describe(n *yaml.Node, got string) string {
	if n.Kind == yaml.ScalarNode {
		switch {
		case n.ShortTag() == "!!null":
			return "empty (null)"
		case got == "string":
			return fmt.Sprintf("the text %q", n.Value)
		case got == "boolean":
			return n.Value
		}
		return fmt.Sprintf("the number %s", n.Value)
	}
	return describeKind(n)
}

func describeKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return "a scalar"
}

// patternHelp says what to write instead of a value that does not match
// the pattern of field name.
func patternHelp(name, pattern string) string {
	switch {
	case name == "aligns_to":
		return "write <owner>/<objective-id>, such as acme/grow-revenue"
	case name == "at":
		return "write a date YYYY-MM-DD or an RFC 3339 timestamp such as 2026-10-05T14:00:00Z"
	case name == "metric":
		return "name a KPI id such as checkout_p95_ms, or a key result ref <owner>/<objective-id>/<kr-id>, in lower case"
	case pattern == "^[a-z0-9][a-z0-9-]*$":
		return "use lower-case letters, digits and '-', starting with a letter or digit"
	case pattern == "^[a-z0-9][a-z0-9._-]*$":
		return "use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit"
	case pattern == "^[a-z0-9][a-z0-9_.-]*$":
		return "use lower-case letters, digits, '_', '.' and '-', starting with a letter or digit"
	}
	return "it must match " + pattern
}
