package load

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"github.com/okr-as-code/okr/okr/model"
	"go.yaml.in/yaml/v3"
)

// maxNodes bounds how many nodes a document may expand to through aliases,
// so that a "billion laughs" document costs no more than a large honest one.
const maxNodes = 1_000_000

// converter turns a yaml.Node tree into plain JSON values for the schema
// validator, reporting duplicate keys, non-finite numbers and alias bombs on
// the way. Scalars keep their text where YAML would make a timestamp.
type converter struct {
	file     string
	budget   int
	problems []model.Problem
	own      map[string]bool // instance locations with a problem of our own
	bomb     bool
}

func pos(file string, n *yaml.Node) model.Pos {
	return model.Pos{File: file, Line: n.Line, Column: n.Column}
}

// resolve follows an alias to its anchor.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}

type pair struct{ k, v *yaml.Node }

// pairs returns the effective key/value pairs of a mapping: its own keys in
// order, then keys merged in with "<<" that it does not set itself.
// Duplicate own keys are reported through dup (when not nil); the first wins.
func pairs(n *yaml.Node, dup func(first, again *yaml.Node)) []pair {
	n = resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	out := make([]pair, 0, len(n.Content)/2)
	seen := make(map[string]*yaml.Node, len(n.Content)/2)
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), n.Content[i+1]
		if k == nil {
			continue
		}
		if k.Tag == "!!merge" {
			merges = append(merges, v)
			continue
		}
		if first, ok := seen[k.Value]; ok {
			if dup != nil {
				dup(first, n.Content[i])
			}
			continue
		}
		seen[k.Value] = n.Content[i]
		out = append(out, pair{n.Content[i], v})
	}
	for _, m := range merges {
		m = resolve(m)
		var srcs []*yaml.Node
		if m != nil && m.Kind == yaml.SequenceNode {
			srcs = m.Content
		} else {
			srcs = []*yaml.Node{m}
		}
		for _, s := range srcs {
			for _, p := range pairs(s, nil) {
				if _, ok := seen[p.k.Value]; !ok {
					seen[p.k.Value] = p.k
					out = append(out, p)
				}
			}
		}
	}
	return out
}

// toJSON converts n; loc is its JSON pointer (for problems of our own).
func (c *converter) toJSON(n *yaml.Node, loc string, depth int) any {
	c.budget--
	if c.budget < 0 {
		if !c.bomb {
			c.bomb = true
			c.problems = append(c.problems, model.Errorf(pos(c.file, n), "yaml",
				"document expands to more than %d nodes through aliases; refusing to expand it", maxNodes))
		}
		return nil
	}
	if depth > 10000 {
		c.bomb = true
		return nil
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil
		}
		return c.toJSON(n.Content[0], loc, depth+1)
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil
		}
		return c.toJSON(n.Alias, loc, depth+1)
	case yaml.SequenceNode:
		out := make([]any, len(n.Content))
		for i, e := range n.Content {
			out[i] = c.toJSON(e, loc+"/"+strconv.Itoa(i), depth+1)
		}
		return out
	case yaml.MappingNode:
		ps := pairs(n, func(first, again *yaml.Node) {
			c.problems = append(c.problems, model.Errorf(pos(c.file, again), "duplicate-key",
				"key %q repeated in this mapping (first at line %d); keep one", again.Value, first.Line))
		})
		out := make(map[string]any, len(ps))
		for _, p := range ps {
			k := resolve(p.k)
			out[k.Value] = c.toJSON(p.v, loc+"/"+escapePointer(k.Value), depth+1)
		}
		return out
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return nil
		case "!!bool":
			return n.Value == "true" || n.Value == "True" || n.Value == "TRUE"
		case "!!int", "!!float":
			v, ok := parseNumber(n.Value)
			if !ok || math.IsInf(v, 0) || math.IsNaN(v) {
				c.problems = append(c.problems, model.Errorf(pos(c.file, n), "number",
					"%s is not a finite number", n.Value))
				c.own[loc] = true
				return json.Number("0")
			}
			return json.Number(strconv.FormatFloat(v, 'g', -1, 64))
		}
		return n.Value
	}
	return nil
}

func escapePointer(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

// parseNumber parses a YAML number: decimal (YAML 1.2: 012 is twelve),
// 0x/0o/0b integers, underscores, and .inf/.nan spellings (as non-finite).
func parseNumber(s string) (float64, bool) {
	t := strings.ReplaceAll(s, "_", "")
	switch strings.ToLower(strings.TrimLeft(t, "+-")) {
	case ".inf":
		if strings.HasPrefix(t, "-") {
			return math.Inf(-1), true
		}
		return math.Inf(1), true
	case ".nan":
		return math.NaN(), true
	}
	if v, err := strconv.ParseFloat(t, 64); err == nil {
		return v, true
	} else if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
		return v, true // ±Inf or 0: reported as non-finite by the caller
	}
	neg := strings.HasPrefix(t, "-")
	u := strings.TrimLeft(t, "+-")
	if len(u) > 2 && u[0] == '0' {
		if i, err := strconv.ParseUint(u, 0, 64); err == nil {
			f := float64(i)
			if neg {
				f = -f
			}
			return f, true
		}
	}
	return 0, false
}
