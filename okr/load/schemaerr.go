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

// allowed lists the fields each kind of mapping accepts, for "did you mean"
// suggestions. The schema is the authority; a test keeps the two in step.
var allowed = map[string][]string{
	"Objectives":   {"apiVersion", "kind", "owner", "level", "period", "objectives"},
	"objective":    {"id", "title", "description", "type", "aligns_to", "weight", "key_results"},
	"key result":   {"id", "title", "type", "kpi", "baseline", "commit", "target", "stretch", "unit", "aggregate", "weight", "owner"},
	"KPI":          {"apiVersion", "kind", "id", "name", "owner", "unit", "direction", "target", "warn", "cadence", "category", "indicator", "description"},
	"Measurements": {"apiVersion", "kind", "metric", "values"},
	"measurement":  {"at", "value", "note"},
	"okr.yaml":     {"organization", "fiscal_year_start_month", "grades", "ignore"},
	"grades":       {"green", "yellow"},
}

// context names the kind of mapping at an instance location.
func context(docKind string, loc []string) string {
	switch {
	case len(loc) == 0:
		if docKind == "" {
			return "okr.yaml"
		}
		return docKind
	case docKind == "" && len(loc) == 1 && loc[0] == "grades":
		return "grades"
	case docKind == "Objectives" && len(loc) == 2 && loc[0] == "objectives":
		return "objective"
	case docKind == "Objectives" && len(loc) == 4 && loc[2] == "key_results":
		return "key result"
	case docKind == "Measurements" && len(loc) == 2 && loc[0] == "values":
		return "measurement"
	}
	return ""
}

var printer = message.NewPrinter(language.English)

// schemaProblems validates v (converted from root) and maps every violation
// back to the line and column of the node it concerns.
func schemaProblems(file string, root *yaml.Node, v any, docKind string, own map[string]bool) []model.Problem {
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
	var out []model.Problem
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		switch e.ErrorKind.(type) {
		case *kind.Schema, *kind.Group, *kind.AllOf, *kind.Reference:
			for _, c := range e.Causes {
				walk(c)
			}
			return
		case *kind.AnyOf, *kind.OneOf:
			// Alternatives (period as text or as a year): one problem.
			out = append(out, schemaProblem(file, root, docKind, e)...)
			return
		}
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		if own["/"+strings.Join(escapeAll(e.InstanceLocation), "/")] || (len(e.InstanceLocation) == 0 && own[""]) {
			return
		}
		out = append(out, schemaProblem(file, root, docKind, e)...)
	}
	walk(ve)
	return out
}

func escapeAll(loc []string) []string {
	out := make([]string, len(loc))
	for i, s := range loc {
		out[i] = escapePointer(s)
	}
	return out
}

// nodeAt follows an instance location from root; key returns the key node
// of the last step (nil for sequence items and the root).
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
			var next *yaml.Node
			for _, p := range pairs(n, nil) {
				if resolve(p.k).Value == tok {
					next, key = resolve(p.v), p.k
					break
				}
			}
			if next == nil {
				return n, key
			}
			n = next
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

func schemaProblem(file string, root *yaml.Node, docKind string, e *jsonschema.ValidationError) []model.Problem {
	loc := e.InstanceLocation
	n, key := nodeAt(root, loc)
	if n == nil {
		n = root
	}
	at := pos(file, n)
	name := fieldName(loc)
	ctx := context(docKind, loc)
	prob := func(p model.Pos, format string, args ...any) model.Problem {
		return model.Errorf(p, "schema", format, args...)
	}
	switch k := e.ErrorKind.(type) {
	case *kind.AdditionalProperties:
		var out []model.Problem
		for _, prop := range k.Properties {
			p := at
			if kn, _ := nodeAt(root, append(slices.Clip(loc), prop)); kn != nil {
				if _, kk := nodeAt(root, append(slices.Clip(loc), prop)); kk != nil {
					p = pos(file, kk)
				}
			}
			msg := fmt.Sprintf("unknown field %q", prop)
			if ctx != "" {
				msg += " in " + article(ctx)
			}
			if s := model.Nearest(prop, allowed[ctx], 3); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			} else if len(allowed[ctx]) > 0 {
				msg += "; allowed: " + strings.Join(allowed[ctx], ", ")
			}
			out = append(out, prob(p, "%s", msg))
		}
		return out
	case *kind.Required:
		what := article(ctx)
		if ctx == "" {
			what = name
		}
		if len(k.Missing) == 1 {
			return []model.Problem{prob(at, "%s is missing required field %q", what, k.Missing[0])}
		}
		return []model.Problem{prob(at, "%s is missing required fields %s", what, quoteAll(k.Missing))}
	case *kind.Type:
		return []model.Problem{prob(at, "%s must be %s, not %s", name, strings.Join(k.Want, " or "), describe(n, k.Got))}
	case *kind.Enum:
		var want []string
		for _, w := range k.Want {
			want = append(want, fmt.Sprint(w))
		}
		got := fmt.Sprint(k.Got)
		msg := fmt.Sprintf("%s %q is not one of %s", name, got, strings.Join(want, ", "))
		if s := model.Nearest(got, want, 3); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		return []model.Problem{prob(at, "%s", msg)}
	case *kind.Const:
		return []model.Problem{prob(at, "%s must be %v", name, k.Want)}
	case *kind.Pattern:
		return []model.Problem{prob(at, "%s %q is not valid: %s", name, k.Got, patternHelp(name, k.Want))}
	case *kind.MinItems:
		return []model.Problem{prob(at, "%s must have at least %d item(s)", name, k.Want)}
	case *kind.ExclusiveMinimum:
		return []model.Problem{prob(at, "%s must be greater than %s", name, ratString(k.Want))}
	case *kind.Minimum:
		return []model.Problem{prob(at, "%s must be at least %s", name, ratString(k.Want))}
	case *kind.Maximum:
		return []model.Problem{prob(at, "%s must be at most %s", name, ratString(k.Want))}
	case *kind.FalseSchema:
		p := at
		if key != nil {
			p = pos(file, key)
		}
		parent := ""
		if len(loc) > 0 {
			pc := context(docKind, loc[:len(loc)-1])
			if pc != "" {
				parent = " in this " + pc
			}
		}
		return []model.Problem{prob(p, "field %q is not allowed%s", name, parent)}
	case *kind.AnyOf, *kind.OneOf:
		if name == "period" {
			return []model.Problem{prob(at, "period %q is not valid: write YYYY-Qn (quarter), YYYY-Hn (half) or YYYY (year), such as 2026-Q4", n.Value)}
		}
		msgs := []string{}
		for _, c := range e.Causes {
			msgs = append(msgs, c.ErrorKind.LocalizedString(printer))
		}
		return []model.Problem{prob(at, "%s is not valid: %s", name, strings.Join(msgs, "; or "))}
	}
	return []model.Problem{prob(at, "%s: %s", name, e.ErrorKind.LocalizedString(printer))}
}

func article(ctx string) string {
	switch ctx {
	case "":
		return "this mapping"
	case "okr.yaml":
		return "okr.yaml"
	case "objective", "Objectives", "Measurements", "measurement":
		if ctx[0] == 'O' || ctx[0] == 'o' {
			return "an " + ctx
		}
		if ctx[0] == 'M' {
			return "a " + ctx + " document"
		}
	case "KPI":
		return "a KPI document"
	}
	if ctx == "Objectives" {
		return "an Objectives document"
	}
	return "a " + ctx
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
		if got == "string" {
			return fmt.Sprintf("the text %q", n.Value)
		}
		return fmt.Sprintf("%s %s", got, n.Value)
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
	case pattern == "^[a-z0-9][a-z0-9-]*$":
		return "use lower-case letters, digits and '-', starting with a letter or digit"
	case pattern == "^[a-z0-9][a-z0-9._-]*$":
		return "use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit"
	case pattern == "^[a-z0-9][a-z0-9_.-]*$":
		return "use lower-case letters, digits, '_', '.' and '-', starting with a letter or digit"
	}
	return "it must match " + pattern
}
