package schema

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"go.yaml.in/yaml/v3"
)

// fromYAML decodes one YAML document into the JSON value that okr's loader
// hands to the schema: mappings become map[string]any, sequences []any, and
// scalars that YAML would resolve as timestamps stay the strings they were
// written as.
func fromYAML(t testing.TB, src string) any {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatalf("bad YAML in test case: %v", err)
	}
	if doc.Kind == 0 {
		return nil
	}
	v, err := nodeValue(&doc)
	if err != nil {
		t.Fatalf("bad YAML in test case: %v", err)
	}
	return v
}

func nodeValue(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.DocumentNode:
		return nodeValue(n.Content[0])
	case yaml.AliasNode:
		return nodeValue(n.Alias)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := nodeValue(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		s := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := nodeValue(c)
			if err != nil {
				return nil, err
			}
			s = append(s, v)
		}
		return s, nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!str", "!!timestamp", "!!binary":
			return n.Value, nil
		case "!!null":
			return nil, nil
		case "!!bool":
			var b bool
			err := n.Decode(&b)
			return b, err
		case "!!int":
			var i int64
			err := n.Decode(&i)
			return i, err
		case "!!float":
			var f float64
			err := n.Decode(&f)
			return f, err
		}
	}
	return nil, fmt.Errorf("line %d: unexpected YAML node %v %s", n.Line, n.Kind, n.ShortTag())
}

// violations reduces a validation error to its leaf causes, one line each:
// "<instance location>: <keyword>", with the missing or unknown property
// names after required and additionalProperties. anyOf and oneOf count as
// leaves. The lines are sorted; nil means the value is valid.
func violations(t testing.TB, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error is not a *jsonschema.ValidationError: %v", err)
	}
	var out []string
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		switch e.ErrorKind.(type) {
		case *kind.AnyOf, *kind.OneOf:
		default:
			if len(e.Causes) > 0 {
				for _, c := range e.Causes {
					walk(c)
				}
				return
			}
		}
		out = append(out, pointer(e.InstanceLocation)+": "+keyword(e.ErrorKind))
	}
	walk(ve)
	sort.Strings(out)
	return out
}

func pointer(loc []string) string {
	var b strings.Builder
	for _, tok := range loc {
		b.WriteByte('/')
		b.WriteString(strings.NewReplacer("~", "~0", "/", "~1").Replace(tok))
	}
	return b.String()
}

func keyword(k jsonschema.ErrorKind) string {
	switch k := k.(type) {
	case *kind.Required:
		return "required " + strings.Join(k.Missing, ",")
	case *kind.AdditionalProperties:
		return "additionalProperties " + strings.Join(k.Properties, ",")
	case *kind.FalseSchema:
		return "false"
	}
	p := k.KeywordPath()
	if len(p) == 0 {
		return fmt.Sprintf("%T", k)
	}
	return p[len(p)-1]
}

func TestFromYAML(t *testing.T) {
	got := fromYAML(t, "a: 2026-10-05\nb: 2026\nc: 1.5\nd: [x, true, null]\ne: '7'\nf: 2026-10-05T10:00:00Z\n")
	want := map[string]any{
		"a": "2026-10-05",
		"b": int64(2026),
		"c": 1.5,
		"d": []any{"x", true, nil},
		"e": "7",
		"f": "2026-10-05T10:00:00Z",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fromYAML mismatch (-want +got):\n%s", diff)
	}
}
