package load

import (
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/schema"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Document kinds that are not OKR kinds, for schemaProblems.
const (
	configKind = "okr.yaml" // the repository config
	anyKind    = "document" // an OKR document whose kind is missing or unknown
)

// allowed lists the fields each kind of mapping accepts, for "did you mean"
// suggestions. The schema is the authority; a test keeps the two in step.
var allowed = map[string][]string{
	"Objectives":   {"apiVersion", "kind", "owner", "level", "period", "objectives"},
	"objective":    {"id", "title", "description", "type", "aligns_to", "weight", "key_results"},
	"key result":   {"id", "title", "type", "kpi", "baseline", "commit", "target", "stretch", "unit", "aggregate", "weight", "owner", "cadence"},
	"KPI":          {"apiVersion", "kind", "id", "name", "owner", "unit", "direction", "target", "warn", "cadence", "category", "indicator", "description"},
	"Measurements": {"apiVersion", "kind", "metric", "values"},
	"measurement":  {"at", "value", "note", "confidence"},
	"okr.yaml":     {"organization", "fiscal_year_start_month", "grades", "ignore", "checkin_cadence"},
	"grades":       {"green", "yellow"},
}

// context names the kind of mapping at an instance location.
func context(docKind string, loc []string) string {
	switch {
	case len(loc) == 0:
		return docKind
	case docKind == configKind && len(loc) == 1 && loc[0] == "grades":
		return "grades"
	case docKind == model.KindObjectives && len(loc) == 2 && loc[0] == "objectives":
		return "objective"
	case docKind == model.KindObjectives && len(loc) == 4 && loc[0] == "objectives" && loc[2] == "key_results":
		return "key result"
	case docKind == model.KindMeasurements && len(loc) == 2 && loc[0] == "values":
		return "measurement"
	}
	return ""
}

var printer = message.NewPrinter(language.English)

// schemaProblems validates v (converted from root) and maps every violation
// back to the line and column of the node it concerns. It reports at most
// limit problems (at least one when v is invalid).
func schemaProblems(file string, root *yaml.Node, v any, docKind string, own map[string]bool, limit int) []model.Problem {
	sch, err := schema.Compile()
	if err != nil {
		return []model.Problem{model.Errorf(pos(file, root), "schema", "%v", err)}
	}
	err = sch.Validate(v)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []model.Problem{model.Errorf(pos(file, root), "schema", "%v", err)}
	}
	limit = max(limit, 1)
	m := &schemaMapper{file: file, root: root, docKind: docKind, limit: limit, unknown: map[string][]string{}}
	var leaves []*jsonschema.ValidationError
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		switch k := e.ErrorKind.(type) {
		case *kind.Schema, *kind.Group, *kind.AllOf, *kind.Reference:
			for _, c := range e.Causes {
				walk(c)
			}
			return
		case *kind.AnyOf, *kind.OneOf:
			// Alternatives (period as text or as a year): one problem.
			if !own[pointer(e.InstanceLocation)] {
				leaves = append(leaves, e)
			}
			return
		case *kind.AdditionalProperties:
			loc := pointer(e.InstanceLocation)
			m.unknown[loc] = append(m.unknown[loc], k.Properties...)
		}
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		if !own[pointer(e.InstanceLocation)] {
			leaves = append(leaves, e)
		}
	}
	walk(ve)
	for _, e := range leaves {
		if m.full() {
			break
		}
		m.problem(e)
	}
	return m.out
}

// pointer joins an instance location into a JSON pointer.
func pointer(loc []string) string {
	if len(loc) == 0 {
		return ""
	}
	return "/" + strings.Join(escapeAll(loc), "/")
}

// schemaMapper turns validation errors into problems.
type schemaMapper struct {
	file    string
	root    *yaml.Node
	docKind string
	limit   int
	out     []model.Problem
	unknown map[string][]string // unknown fields by the location of their mapping
}

// typoOf reports whether a missing field was probably written with a typo,
// as one of the unknown fields of the same mapping: the unknown field's
// problem already says "did you mean", so the missing field goes unsaid.
func (m *schemaMapper) typoOf(loc []string, ctx, field string) bool {
	for i, u := range m.unknown[pointer(loc)] {
		if i >= maxFileProblems {
			break
		}
		if model.Nearest(u, allowed[ctx], 3) == field {
			return true
		}
	}
	return false
}

func (m *schemaMapper) full() bool { return len(m.out) >= m.limit }

func (m *schemaMapper) add(p model.Pos, rule, format string, args ...any) {
	if !m.full() {
		m.out = append(m.out, model.Errorf(p, rule, format, args...))
	}
}

func escapeAll(loc []string) []string {
	out := make([]string, len(loc))
	for i, s := range loc {
		out[i] = escapePointer(s)
	}
	return out
}

// nodeAt follows an instance location from root; key returns the key node
// of the last step (nil for sequence items and the root). Where the location
// leads nowhere, it returns the deepest node it reached.
func nodeAt(root *yaml.Node, loc []string) (n, key *yaml.Node) {
	n = resolve(root)
	if n != nil && n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = resolve(n.Content[0])
	}
	for _, tok := range loc {
		if n == nil {
			return nil, nil
		}
		switch n.Kind {
		case yaml.MappingNode:
			v, k := lookup(n, tok)
			if v == nil {
				return n, key
			}
			n, key = resolve(v), k
		case yaml.SequenceNode:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(n.Content) {
				return n, key
			}
			n, key = resolve(n.Content[i]), nil
		default:
			return n, key
		}
	}
	return n, key
}

func fieldName(loc []string) string {
	for i := len(loc) - 1; i >= 0; i-- {
		if _, err := strconv.Atoi(loc[i]); err != nil {
			if i == len(loc)-1 {
				return loc[i]
			}
			return loc[i] + " item"
		}
	}
	return "document"
}

func (m *schemaMapper) problem(e *jsonschema.ValidationError) {
	file, root, docKind := m.file, m.root, m.docKind
	loc := e.InstanceLocation
	n, key := nodeAt(root, loc)
	if n == nil {
		n = root
	}
	at := pos(file, n)
	name := fieldName(loc)
	ctx := context(docKind, loc)
	prob := func(p model.Pos, format string, args ...any) {
		m.add(p, "schema", format, args...)
	}
	if name == "confidence" && len(loc) > 1 && context(docKind, loc[:len(loc)-1]) == "measurement" {
		switch e.ErrorKind.(type) {
		case *kind.Type, *kind.Minimum, *kind.Maximum:
			if !overflows(n) {
				prob(at, "%s", confidenceMessage(confidenceShown(n)))
				return
			}
		}
	}
	switch k := e.ErrorKind.(type) {
	case *kind.AdditionalProperties:
		for _, prop := range keysInOrder(n, k.Properties) {
			if m.full() {
				return
			}
			p := at
			if prop.key != nil {
				p = pos(file, prop.key)
			}
			msg := fmt.Sprintf("unknown field %q", prop.name)
			if ctx != "" {
				msg += " in " + article(ctx)
			}
			if s := model.Nearest(prop.name, allowed[ctx], 3); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			} else if len(allowed[ctx]) > 0 {
				msg += "; allowed: " + strings.Join(allowed[ctx], ", ")
			}
			prob(p, "%s", msg)
		}
	case *kind.Required:
		var missing []string
		for _, f := range k.Missing {
			if !m.typoOf(loc, ctx, f) {
				missing = append(missing, f)
			}
		}
		if len(missing) == 0 {
			return
		}
		k = &kind.Required{Missing: missing}
		what := article(ctx)
		if ctx == "" {
			what = name
		}
		fix := ""
		switch {
		case ctx == "key result":
			typ := keyResultType(n)
			what = keyResultKind(typ)
			if typ == model.Metric && (slices.Contains(k.Missing, "baseline") || slices.Contains(k.Missing, "target")) {
				fix = "; or set type to at_least, at_most or milestone"
			}
		case slices.Contains(k.Missing, "kind") && len(loc) == 0:
			fix = "; set kind to Objectives, KPI or Measurements"
		}
		if len(k.Missing) == 1 {
			prob(at, "%s is missing required field %q%s", what, k.Missing[0], fix)
		} else {
			prob(at, "%s is missing required fields %s%s", what, quoteAll(k.Missing), fix)
		}
	case *kind.Type:
		if overflows(n) && (slices.Contains(k.Want, "number") || slices.Contains(k.Want, "integer")) {
			m.add(at, "number", "%s is not a finite number; write an ordinary number", n.Value)
			return
		}
		var want []string
		for _, w := range k.Want {
			want = append(want, typeWord(w))
		}
		msg := fmt.Sprintf("%s must be %s, not %s", name, strings.Join(want, " or "), describe(n, k.Got))
		if n != nil && n.Kind == yaml.ScalarNode && n.ShortTag() != "!!null" {
			quoted := n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
			switch {
			case name == "at":
				msg += "; write a date YYYY-MM-DD or an RFC 3339 timestamp such as 2026-10-05T14:00:00Z"
			case slices.Contains(k.Want, "string") && !quoted:
				msg += fmt.Sprintf("; quote it: %q", n.Value)
			case k.Got == "string" && quoted && (slices.Contains(k.Want, "number") || slices.Contains(k.Want, "integer")) && isNumber(n.Value):
				msg += "; remove the quotes"
			}
		}
		prob(at, "%s", msg)
	case *kind.Enum:
		var want []string
		for _, w := range k.Want {
			want = append(want, fmt.Sprint(w))
		}
		if n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
			prob(at, "%s must be one of %s, not %s", name, strings.Join(want, ", "), describe(n, ""))
			return
		}
		got := fmt.Sprint(k.Got)
		msg := fmt.Sprintf("%s %q is not one of %s", name, got, strings.Join(want, ", "))
		if s := model.Nearest(got, want, 3); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		prob(at, "%s", msg)
	case *kind.Const:
		prob(at, "%s must be %v", name, k.Want)
	case *kind.Pattern:
		msg := fmt.Sprintf("%s %q is not valid: %s", name, k.Got, patternHelp(name, k.Want))
		if s := slug(k.Got); s != "" && s != k.Got && strings.HasPrefix(k.Want, "^[a-z0-9][a-z0-9") && !strings.Contains(k.Want, "/") {
			msg += fmt.Sprintf(", such as %q", s)
		}
		prob(at, "%s", msg)
	case *kind.MinItems:
		if k.Want == 1 {
			prob(at, "%s must not be empty: give at least one item", name)
		} else {
			prob(at, "%s must have at least %d items", name, k.Want)
		}
	case *kind.MinLength:
		if k.Want == 1 {
			prob(at, "%s must not be empty", name)
		} else {
			prob(at, "%s must be at least %d characters long", name, k.Want)
		}
	case *kind.ExclusiveMinimum:
		prob(at, "%s must be greater than %s", name, ratString(k.Want))
	case *kind.Minimum:
		prob(at, "%s must be at least %s", name, ratString(k.Want))
	case *kind.Maximum:
		prob(at, "%s must be at most %s", name, ratString(k.Want))
	case *kind.FalseSchema:
		p := at
		if key != nil {
			p = pos(file, key)
		}
		if len(loc) > 0 && context(docKind, loc[:len(loc)-1]) == "key result" {
			parent, _ := nodeAt(root, loc[:len(loc)-1])
			switch typ := keyResultType(parent); typ {
			case model.Milestone:
				prob(p, "field %q is not allowed in a milestone key result: a milestone is done (1) or not (0) and has no levels; remove it, or set type to metric", name)
			default:
				prob(p, "field %q is not allowed in %s: only a metric key result has commit and stretch; remove it, or set type to metric", name, keyResultKind(typ))
			}
			return
		}
		parent := ""
		if len(loc) > 0 {
			if pc := context(docKind, loc[:len(loc)-1]); pc != "" {
				parent = " in " + article(pc)
			}
		}
		prob(p, "field %q is not allowed%s; remove it", name, parent)
	case *kind.AnyOf, *kind.OneOf:
		if name == "period" {
			if n.Kind == yaml.ScalarNode {
				prob(at, "period %q is not valid: write YYYY-Qn (quarter), YYYY-Hn (half) or YYYY (year), such as 2026-Q4", n.Value)
			} else {
				prob(at, "period must be YYYY-Qn (quarter), YYYY-Hn (half) or YYYY (year), such as 2026-Q4, not %s", describeKind(n))
			}
			return
		}
		msgs := []string{}
		for _, c := range e.Causes {
			msgs = append(msgs, c.ErrorKind.LocalizedString(printer))
		}
		prob(at, "%s is not valid: %s", name, strings.Join(msgs, "; or "))
	default:
		prob(at, "%s: %s", name, e.ErrorKind.LocalizedString(printer))
	}
}

type namedKey struct {
	name string
	key  *yaml.Node // nil when not found
}

// keysInOrder finds the key nodes of names in mapping n and orders them as
// they are written, in time linear in the size of the mapping.
func keysInOrder(n *yaml.Node, names []string) []namedKey {
	out := make([]namedKey, len(names))
	if len(names) <= 8 {
		for i, name := range names {
			_, k := lookup(n, name)
			out[i] = namedKey{name, k}
		}
	} else {
		keys := make(map[string]*yaml.Node, len(names))
		for _, p := range pairs(n, nil, nil) {
			keys[resolve(p.k).Value] = p.k
		}
		for i, name := range names {
			out[i] = namedKey{name, keys[name]}
		}
	}
	slices.SortStableFunc(out, func(a, b namedKey) int {
		switch {
		case a.key == nil || b.key == nil:
			return 0
		case a.key.Line != b.key.Line:
			return a.key.Line - b.key.Line
		}
		return a.key.Column - b.key.Column
	})
	return out
}

// keyResultType returns the type a key result mapping declares: metric when
// it declares none, "" when it declares one that does not exist.
func keyResultType(n *yaml.Node) string {
	v, _ := lookup(n, "type")
	if v == nil {
		return model.Metric
	}
	switch s, _ := scalar(v); s {
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
		return article("key result")
	}
	return article(typ + " key result")
}

func article(ctx string) string {
	switch ctx {
	case "":
		return "this mapping"
	case configKind, "grades":
		return ctx
	case anyKind:
		return "an OKR document"
	case model.KindObjectives:
		return "an Objectives document"
	case model.KindKPI, model.KindMeasurements:
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
	case "boolean":
		return "true or false"
	case "null":
		return "empty"
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

func ratString(r *big.Rat) string {
	f, _ := r.Float64()
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// describe names what a node holds, as a user wrote it.
func describe(n *yaml.Node, got string) string {
	if n != nil && n.Kind == yaml.ScalarNode {
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
	if n != nil {
		return describeKind(n)
	}
	switch got {
	case "object":
		return "a mapping"
	case "array":
		return "a list"
	}
	return got
}

func patternHelp(name, pattern string) string {
	switch {
	case strings.Contains(pattern, "Q[1-4]"):
		return "write YYYY-Qn (quarter), YYYY-Hn (half) or YYYY (year), such as 2026-Q4"
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
