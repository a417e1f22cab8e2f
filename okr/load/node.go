package load

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/okr-as-code/okr/okr/model"
	"go.yaml.in/yaml/v3"
)

// maxNodes bounds how many nodes the documents of one file may expand to
// through aliases and merge keys, so that a "billion laughs" file costs no
// more than a small honest one. Nodes written out in the file do not count:
// the file's size bounds them. Honest reuse (a key result template merged
// into a few hundred key results) stays far below it.
const maxNodes = 100_000

// maxDepth bounds how deeply a document may nest once its aliases are
// expanded. The YAML parser refuses more than 10,000 levels as written;
// aliases could otherwise stack such documents on top of each other.
const maxDepth = 10_000

// scanner walks a document's yaml.Node tree, aliases expanded, before it
// is decoded, reporting what is wrong below the level of fields: repeated
// keys, keys that are not text, bad merges, numbers that are not finite or
// not numbers, and alias bombs.
type scanner struct {
	file     string
	budget   *int // nodes that aliases and merge keys may still add, shared by a file's documents
	problems []model.Problem
	own      map[*yaml.Node]bool // values with a problem of the scan's own, which the decoder does not report again
	bomb     bool
	inAlias  int  // > 0 while scanning the target of an alias
	plain    bool // no merge keys, repeated keys or keys that are not text so far
}

// newScanner returns a scanner for one document of file that charges
// alias and merge expansion to budget.
func newScanner(file string, budget *int) *scanner {
	return &scanner{file: file, budget: budget, plain: true}
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

// isMerge reports whether k is the merge key "<<".
func isMerge(k *yaml.Node) bool { return k.Kind == yaml.ScalarNode && k.Tag == "!!merge" }

// pairs returns the effective key/value pairs of a mapping: its own keys in
// order, then keys merged in with "<<" that it does not set itself. Keys that
// are not scalars are left out (the scanner reports them). Duplicate own
// keys are reported through dup (when not nil); the first wins.
//
// Each mapping merged in is visited once, and the pairs examined in merged
// mappings are charged to budget (a local allowance of maxNodes when nil), so
// that nested merges cannot make the work exponential.
func pairs(n *yaml.Node, dup func(first, again *yaml.Node), budget *int) []pair {
	n = resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	out := make([]pair, 0, len(n.Content)/2)
	// Small mappings look for repeats by scanning; large ones use a map.
	var seen map[string]*yaml.Node
	if len(n.Content) > 32 {
		seen = make(map[string]*yaml.Node, len(n.Content)/2)
	}
	find := func(key string) *yaml.Node {
		if seen != nil {
			return seen[key]
		}
		for _, p := range out {
			if k := resolve(p.k); k.Value == key {
				return k
			}
		}
		return nil
	}
	add := func(p pair, k *yaml.Node) {
		if seen != nil {
			seen[k.Value] = k
		}
		out = append(out, p)
	}
	hasMerge := false
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := resolve(n.Content[i])
		if k == nil || k.Kind != yaml.ScalarNode {
			continue
		}
		if isMerge(k) {
			hasMerge = true
			continue
		}
		if first := find(k.Value); first != nil {
			if dup != nil {
				dup(first, n.Content[i])
			}
			continue
		}
		add(pair{n.Content[i], n.Content[i+1]}, k)
	}
	if !hasMerge {
		return out
	}
	if budget == nil {
		b := maxNodes
		budget = &b
	}
	if seen == nil {
		seen = make(map[string]*yaml.Node, len(out))
		for _, p := range out {
			seen[resolve(p.k).Value] = p.k
		}
	}
	visited := map[*yaml.Node]bool{n: true}
	var merge func(m *yaml.Node, depth int)
	merge = func(m *yaml.Node, depth int) {
		for i := 0; i+1 < len(m.Content) && *budget >= 0; i += 2 {
			k := resolve(m.Content[i])
			if k == nil || k.Kind != yaml.ScalarNode {
				continue
			}
			*budget--
			if isMerge(k) {
				continue
			}
			if _, ok := seen[k.Value]; !ok {
				add(pair{m.Content[i], m.Content[i+1]}, k)
			}
		}
		if depth >= maxDepth {
			return
		}
		for i := 0; i+1 < len(m.Content) && *budget >= 0; i += 2 {
			if k := resolve(m.Content[i]); k != nil && isMerge(k) {
				for _, s := range mergeSources(m.Content[i+1]) {
					if !visited[s] && *budget >= 0 {
						visited[s] = true
						merge(s, depth+1)
					}
				}
			}
		}
	}
	// Visit n's merge sources in order, as if n were a source itself whose
	// own keys are already in out.
	for i := 0; i+1 < len(n.Content) && *budget >= 0; i += 2 {
		if k := resolve(n.Content[i]); k != nil && isMerge(k) {
			for _, s := range mergeSources(n.Content[i+1]) {
				if !visited[s] && *budget >= 0 {
					visited[s] = true
					merge(s, 1)
				}
			}
		}
	}
	return out
}

// mergeSources returns the mappings a merge key's value names: one mapping
// or a list of them. Anything else merges nothing.
func mergeSources(v *yaml.Node) []*yaml.Node {
	v = resolve(v)
	if v == nil {
		return nil
	}
	switch v.Kind {
	case yaml.MappingNode:
		return []*yaml.Node{v}
	case yaml.SequenceNode:
		out := make([]*yaml.Node, 0, len(v.Content))
		for _, s := range v.Content {
			if s = resolve(s); s != nil && s.Kind == yaml.MappingNode {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// lookup returns the value of key in mapping n and the key node, honouring
// merge keys, without allocating in the common case.
func lookup(n *yaml.Node, key string) (v, k *yaml.Node) {
	n = resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	hasMerge := false
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn := resolve(n.Content[i])
		if kn == nil || kn.Kind != yaml.ScalarNode {
			continue
		}
		if isMerge(kn) {
			hasMerge = true
			continue
		}
		if kn.Value == key {
			return n.Content[i+1], n.Content[i]
		}
	}
	if hasMerge {
		for _, p := range pairs(n, nil, nil) {
			if resolve(p.k).Value == key {
				return p.v, p.k
			}
		}
	}
	return nil, nil
}

// explode reports that the file's aliases and merge keys expand too far.
func (c *scanner) explode(n *yaml.Node) {
	c.bomb = true
	c.fail(n, "aliases and merge keys in this file expand to more than %d nodes; write the values out instead", maxNodes)
}

func (c *scanner) fail(n *yaml.Node, format string, args ...any) {
	c.problems = append(c.problems, model.Errorf(pos(c.file, n), "yaml", format, args...))
}

// badNumber reports a number that is not one, and marks it as reported.
func (c *scanner) badNumber(n *yaml.Node, format string, args ...any) {
	c.problems = append(c.problems, model.Errorf(pos(c.file, n), "number", format, args...))
	if c.own == nil {
		c.own = map[*yaml.Node]bool{}
	}
	c.own[n] = true
}

// repeated reports a key written again in its mapping.
func (c *scanner) repeated(first, again *yaml.Node) {
	c.plain = false
	c.problems = append(c.problems, model.Errorf(pos(c.file, again), "duplicate-key",
		"key %q repeated in this mapping (first at line %d, column %d); keep one", again.Value, first.Line, first.Column))
}

// scan walks n.
func (c *scanner) scan(n *yaml.Node, depth int) {
	if c.bomb {
		return
	}
	if c.inAlias > 0 {
		if *c.budget--; *c.budget < 0 {
			c.explode(n)
			return
		}
	}
	if depth > maxDepth {
		c.bomb = true
		c.fail(n, "document nests more than %d levels deep once its aliases are expanded; flatten it", maxDepth)
		return
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) > 0 {
			c.scan(n.Content[0], depth+1)
		}
	case yaml.AliasNode:
		if n.Alias != nil {
			c.inAlias++
			c.scan(n.Alias, depth+1)
			c.inAlias--
		}
	case yaml.SequenceNode:
		for _, e := range n.Content {
			c.scan(e, depth+1)
		}
	case yaml.MappingNode:
		c.scanMapping(n, depth)
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!int", "!!float":
			v, ok := parseNumber(n.Value)
			if !ok {
				c.badNumber(n, "%q is tagged %s but is not a number", n.Value, n.ShortTag())
			} else if math.IsInf(v, 0) || math.IsNaN(v) {
				c.badNumber(n, "%s is not a finite number; write an ordinary number", n.Value)
			}
		}
	}
}

func (c *scanner) scanMapping(n *yaml.Node, depth int) {
	merges := false
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := resolve(n.Content[i])
		switch {
		case k == nil:
			c.plain = false
		case k.Kind != yaml.ScalarNode:
			c.plain = false
			c.fail(n.Content[i], "a key must be a plain name, not %s; okr documents only use text keys", describeKind(k))
		case isMerge(k):
			merges, c.plain = true, false
			if len(mergeSources(n.Content[i+1])) == 0 {
				c.fail(n.Content[i+1], "the merge key << must name a mapping, or a list of mappings, to merge")
			}
		}
	}
	if !merges && len(n.Content) <= 64 {
		// The common mapping: its own keys, scanned without a list of pairs.
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := resolve(n.Content[i])
			if k == nil || k.Kind != yaml.ScalarNode {
				continue
			}
			repeated := false
			for j := 0; j < i; j += 2 {
				if f := resolve(n.Content[j]); f != nil && f.Kind == yaml.ScalarNode && f.Value == k.Value {
					c.repeated(f, n.Content[i])
					repeated = true
					break
				}
			}
			if !repeated {
				c.scan(n.Content[i+1], depth+1)
			}
		}
		return
	}
	ps := pairs(n, c.repeated, c.budget)
	if merges && *c.budget < 0 {
		c.explode(n)
		return
	}
	for _, p := range ps {
		c.scan(p.v, depth+1)
	}
}

// parseNumber parses a YAML number: decimal (YAML 1.2: 012 is twelve),
// 0x/0o/0b integers, underscores, and .inf/.nan spellings (as non-finite).
func parseNumber(s string) (float64, bool) {
	if v, ok := decimal(s); ok {
		return v, true // the common case, as ParseFloat reads it below
	}
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

// yamlFloat is the shape of a YAML 1.2 decimal float (as go-yaml resolves
// plain scalars).
var yamlFloat = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)

// overflows reports whether n is a plain scalar written as a number too large
// for a float64, such as 1e999: YAML resolves it to a string, but its author
// meant a number.
func overflows(n *yaml.Node) bool {
	if n == nil || n.Kind != yaml.ScalarNode || n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 || n.ShortTag() != "!!str" {
		return false
	}
	t := strings.ReplaceAll(n.Value, "_", "")
	if len(t) > 4096 || !yamlFloat.MatchString(t) {
		return false
	}
	v, err := strconv.ParseFloat(t, 64)
	return err != nil && math.IsInf(v, 0)
}
