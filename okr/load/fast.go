package load

import (
	"math"
	"regexp"
	"strconv"

	"github.com/okr-as-code/okr/okr/model"
	"go.yaml.in/yaml/v3"
)

// fastValid reports whether a document certainly satisfies the JSON Schema,
// checking the yaml.Node tree directly. It answers false whenever it is not
// sure (aliases, merge keys, duplicate keys, unusual tags, anything the
// schema would reject), and the loader then converts the document and runs
// the real validator, which also writes the messages. So it only ever
// saves work: a differential test and a fuzz target hold it to the schema.
//
// It exists because validating the common, valid document with the general
// validator costs as much as parsing it.
func fastValid(kind string, root *yaml.Node) bool {
	switch kind {
	case model.KindObjectives:
		return fastObjectives(root)
	case model.KindKPI:
		return fastKPI(root)
	case model.KindMeasurements:
		return fastMeasurements(root)
	}
	return false
}

// fastPairs returns a plain mapping's key/value pairs, or false when the
// mapping has merge keys, aliases, non-scalar keys or repeated keys.
func fastPairs(n *yaml.Node, buf []pair) ([]pair, bool) {
	if n == nil || n.Kind != yaml.MappingNode || n.Anchor != "" {
		return nil, false
	}
	buf = buf[:0]
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.ShortTag() != "!!str" || k.Anchor != "" || v.Anchor != "" || v.Kind == yaml.AliasNode {
			return nil, false
		}
		for _, p := range buf {
			if p.k.Value == k.Value {
				return nil, false
			}
		}
		buf = append(buf, pair{k, v})
	}
	return buf, true
}

func isString(n *yaml.Node) bool {
	if n.Kind != yaml.ScalarNode {
		return false
	}
	t := n.ShortTag()
	return t == "!!str" || t == "!!timestamp"
}

func isNonEmptyString(n *yaml.Node) bool { return isString(n) && n.Value != "" }

func fastNumber(n *yaml.Node) (float64, bool) {
	if n.Kind != yaml.ScalarNode {
		return 0, false
	}
	if t := n.ShortTag(); t != "!!int" && t != "!!float" {
		return 0, false
	}
	v, ok := parseNumber(n.Value)
	if !ok || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}

func isNum(n *yaml.Node) bool { _, ok := fastNumber(n); return ok }

func isWeight(n *yaml.Node) bool { v, ok := fastNumber(n); return ok && v > 0 }

func oneOf(n *yaml.Node, values ...string) bool {
	if !isString(n) {
		return false
	}
	for _, v := range values {
		if n.Value == v {
			return true
		}
	}
	return false
}

// idLike matches ^[a-z0-9][a-z0-9<extra>]*$.
func idLike(n *yaml.Node, extra string) bool {
	if !isString(n) {
		return false
	}
	return idText(n.Value, extra)
}

func idText(s, extra string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case i > 0 && containsByte(extra, c):
		default:
			return false
		}
	}
	return true
}

func containsByte(s string, c byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return true
		}
	}
	return false
}

const (
	ownerExtra = "._-"
	objExtra   = "-"
	kpiExtra   = "_.-"
)

func isPeriod(n *yaml.Node) bool {
	if n.Kind != yaml.ScalarNode {
		return false
	}
	switch n.ShortTag() {
	case "!!str", "!!timestamp":
		_, err := model.ParsePeriod(n.Value)
		return err == nil
	case "!!int":
		v, err := strconv.ParseInt(n.Value, 10, 64)
		return err == nil && v >= 1000 && v <= 9999
	}
	return false
}

var (
	alignsRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9-]*$`)
	metricRe = regexp.MustCompile(`^([a-z0-9][a-z0-9_.-]*|[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*)$`)
	atRe     = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9]))?$`)
)

func header(k string, v *yaml.Node, kind string) bool {
	switch k {
	case "apiVersion":
		return isString(v) && v.Value == model.APIVersion
	case "kind":
		return isString(v) && v.Value == kind
	}
	return false
}

func isCadence(n *yaml.Node) bool { return isString(n) && model.CadenceDays(n.Value) > 0 }

func fastObjectives(root *yaml.Node) bool {
	var buf [8]pair
	ps, ok := fastPairs(root, buf[:0])
	if !ok {
		return false
	}
	var have [3]bool // owner, period, objectives
	for _, p := range ps {
		k, v := p.k.Value, p.v
		switch k {
		case "apiVersion", "kind":
			ok = header(k, v, model.KindObjectives)
		case "owner":
			ok, have[0] = idLike(v, ownerExtra), true
		case "level":
			ok = oneOf(v, "company", "department", "team", "individual")
		case "period":
			ok, have[1] = isPeriod(v), true
		case "objectives":
			have[2] = true
			ok = v.Kind == yaml.SequenceNode && v.Anchor == "" && len(v.Content) > 0
			for _, o := range v.Content {
				ok = ok && fastObjective(o)
			}
		default:
			ok = false
		}
		if !ok {
			return false
		}
	}
	return have[0] && have[1] && have[2]
}

func fastObjective(n *yaml.Node) bool {
	var buf [8]pair
	ps, ok := fastPairs(n, buf[:0])
	if !ok {
		return false
	}
	var have [3]bool // id, title, key_results
	for _, p := range ps {
		v := p.v
		switch p.k.Value {
		case "id":
			ok, have[0] = idLike(v, objExtra), true
		case "title":
			ok, have[1] = isNonEmptyString(v), true
		case "description":
			ok = isString(v)
		case "type":
			ok = oneOf(v, model.Aspirational, model.Committed)
		case "aligns_to":
			ok = isString(v) && alignsRe.MatchString(v.Value)
		case "weight":
			ok = isWeight(v)
		case "key_results":
			have[2] = true
			ok = v.Kind == yaml.SequenceNode && v.Anchor == "" && len(v.Content) > 0
			for _, kr := range v.Content {
				ok = ok && fastKeyResult(kr)
			}
		default:
			ok = false
		}
		if !ok {
			return false
		}
	}
	return have[0] && have[1] && have[2]
}

func fastKeyResult(n *yaml.Node) bool {
	var buf [14]pair
	ps, ok := fastPairs(n, buf[:0])
	if !ok {
		return false
	}
	typ := model.Metric
	var id, title, baseline, commit, target, stretch bool
	for _, p := range ps {
		v := p.v
		switch p.k.Value {
		case "id":
			ok, id = idLike(v, objExtra), true
		case "title":
			ok, title = isNonEmptyString(v), true
		case "type":
			ok = oneOf(v, model.Metric, model.AtLeast, model.AtMost, model.Milestone)
			typ = v.Value
		case "kpi":
			ok = idLike(v, kpiExtra)
		case "baseline":
			ok, baseline = isNum(v), true
		case "commit":
			ok, commit = isNum(v), true
		case "target":
			ok, target = isNum(v), true
		case "stretch":
			ok, stretch = isNum(v), true
		case "unit":
			ok = isString(v)
		case "aggregate":
			ok = oneOf(v, model.Last, model.Sum, model.Max, model.Min, model.Mean)
		case "weight":
			ok = isWeight(v)
		case "owner":
			ok = idLike(v, ownerExtra)
		case "cadence":
			ok = isCadence(v)
		default:
			ok = false
		}
		if !ok {
			return false
		}
	}
	if !id || !title {
		return false
	}
	switch typ {
	case model.Metric:
		return baseline && target
	case model.AtLeast, model.AtMost:
		return target && !commit && !stretch
	case model.Milestone:
		return !baseline && !commit && !target && !stretch
	}
	return false
}

func fastKPI(root *yaml.Node) bool {
	var buf [13]pair
	ps, ok := fastPairs(root, buf[:0])
	if !ok {
		return false
	}
	var id, name, direction bool
	for _, p := range ps {
		k, v := p.k.Value, p.v
		switch k {
		case "apiVersion", "kind":
			ok = header(k, v, model.KindKPI)
		case "id":
			ok, id = idLike(v, kpiExtra), true
		case "name":
			ok, name = isNonEmptyString(v), true
		case "owner":
			ok = idLike(v, ownerExtra)
		case "unit", "category", "description":
			ok = isString(v)
		case "direction":
			ok, direction = oneOf(v, model.Increase, model.Decrease), true
		case "target", "warn":
			ok = isNum(v)
		case "cadence":
			ok = isCadence(v)
		case "indicator":
			ok = oneOf(v, "leading", "lagging")
		default:
			ok = false
		}
		if !ok {
			return false
		}
	}
	return id && name && direction
}

func fastMeasurements(root *yaml.Node) bool {
	var buf [4]pair
	ps, ok := fastPairs(root, buf[:0])
	if !ok {
		return false
	}
	var metric, values bool
	for _, p := range ps {
		k, v := p.k.Value, p.v
		switch k {
		case "apiVersion", "kind":
			ok = header(k, v, model.KindMeasurements)
		case "metric":
			ok, metric = isString(v) && metricRe.MatchString(v.Value), true
		case "values":
			values = true
			ok = v.Kind == yaml.SequenceNode && v.Anchor == ""
			for _, m := range v.Content {
				ok = ok && fastMeasurement(m)
			}
		default:
			ok = false
		}
		if !ok {
			return false
		}
	}
	return metric && values
}

func fastMeasurement(n *yaml.Node) bool {
	var buf [4]pair
	ps, ok := fastPairs(n, buf[:0])
	if !ok {
		return false
	}
	var at, value bool
	for _, p := range ps {
		v := p.v
		switch p.k.Value {
		case "at":
			ok, at = isString(v) && atRe.MatchString(v.Value), true
		case "value":
			ok, value = isNum(v), true
		case "note":
			ok = isString(v)
		case "confidence":
			_, ok = yamlConfidence(v)
		default:
			ok = false
		}
		if !ok {
			return false
		}
	}
	return at && value
}
