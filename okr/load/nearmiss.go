package load

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/okr-as-code/okr/okr/model"
	"go.yaml.in/yaml/v3"
)

// RuleNearMiss is the rule of a file that is almost an OKR file: okr
// would skip it, so it is an error (SPEC §1 "Near misses").
const RuleNearMiss = "near-miss"

// The near misses of SPEC §1: files meant for okr that it would skip
// silently, so that a CI check would pass while a team's goals are not read.

// yamlNearMiss decides whether a YAML document whose apiVersion is not
// okr/… was meant to be an OKR document: it has a top-level kind of
// Objectives, KPI, Measurements or People (or an objectives or key_results key), and
// no apiVersion key, or one spelt otherwise (compared without case, '_' and
// '-'), or one whose value has no '/'. It returns the problem, and the key
// node of a misspelt apiVersion (nil when there is none).
func yamlNearMiss(file string, root *yaml.Node, kind string) (model.Problem, *yaml.Node, bool) {
	what := ""
	switch kind {
	case model.KindObjectives, model.KindKPI, model.KindMeasurements, model.KindPeople:
		what = "this " + kind + " document"
	default:
		if v, _ := lookup(root, "objectives"); v != nil {
			what = "this document with objectives"
		} else if v, _ := lookup(root, "key_results"); v != nil {
			what = "this document with key_results"
		} else {
			return model.Problem{}, nil, false
		}
	}
	const fix = "write: apiVersion: " + model.APIVersion
	for _, p := range pairs(root, nil, nil) {
		k := resolve(p.k)
		if k.Value == "apiVersion" {
			api, _ := scalar(p.v)
			if strings.Contains(api, "/") {
				return model.Problem{}, nil, false // another API group's: not okr's
			}
			v := resolve(p.v)
			return model.Errorf(pos(file, v), RuleNearMiss, "apiVersion %s is not okr's, so okr would skip %s; %s",
				shownScalar(v), what, fix), nil, true
		}
	}
	for _, p := range pairs(root, nil, nil) {
		k := resolve(p.k)
		if norm := strings.NewReplacer("_", "", "-", "").Replace(strings.ToLower(k.Value)); norm == "apiversion" {
			return model.Errorf(pos(file, k), RuleNearMiss, "key %q is not spelt apiVersion, so okr would skip %s; %s",
				k.Value, what, fix), k, true
		}
	}
	first := root
	if len(root.Content) > 0 {
		first = root.Content[0]
	}
	return model.Errorf(pos(file, first), RuleNearMiss, "%s has no apiVersion, so okr would skip it; %s", what, fix), nil, true
}

// shownScalar shows a node's value for a message.
func shownScalar(n *yaml.Node) string {
	switch {
	case n == nil:
		return "empty"
	case n.Kind != yaml.ScalarNode:
		return describeKind(n)
	case n.ShortTag() == "!!null":
		return "empty (null)"
	}
	return strconv.Quote(clip(n.Value, 80))
}

// clip cuts s to at most n bytes, at a character boundary, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// csvNearMiss decides whether a CSV file that is not a measurement file was
// meant to be one (SPEC §1): the cells of its first line, split on ',', ';'
// or a tab, each trimmed of spaces, quotes and a BOM and compared without
// case, include metric and value; or its first line has 3 to 5 cells of
// which the second is a date or an RFC 3339 timestamp and the third a
// number (a measurement row with no header).
func csvNearMiss(file string, data []byte) (model.Problem, bool) {
	line, _, _ := bytes.Cut(data, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	if len(line) > 4096 {
		line = line[:4096] // a header is short; a binary file's first "line" need not be
	}
	text := string(bytes.TrimPrefix(line, []byte("\xef\xbb\xbf")))
	raw := splitAny(text)
	cells := make([]string, len(raw))
	for i, c := range raw {
		cells[i] = strings.ToLower(strings.Trim(c, " \"'\ufeff"))
	}
	at := model.Pos{File: file, Line: 1, Column: 1}
	has := func(name string) bool {
		for _, c := range cells {
			if c == name {
				return true
			}
		}
		return false
	}
	want := func() string {
		h := "metric,at,value"
		switch {
		case len(cells) >= 5 || has("confidence"):
			h += ",note,confidence"
		case len(cells) >= 4 || has("note"):
			h += ",note"
		}
		return h
	}
	if has("metric") && has("value") {
		detail := ""
		if !strings.Contains(text, ",") || strings.ContainsAny(text, ";\t") {
			detail = " (okr separates cells with commas, in every row)"
		}
		return model.Errorf(at, RuleNearMiss, "header %q is not a measurement header%s, so okr would skip this file; write the header as: %s",
			clip(text, 200), detail, want()), true
	}
	if len(cells) >= 3 && len(cells) <= 5 && looksLikeAt(cells[1]) && looksLikeNumber(cells[2]) {
		return model.Errorf(at, RuleNearMiss, "the first line looks like a measurement row, but a measurement file starts with its header, so okr would skip this file; write the header as: %s",
			want()), true
	}
	return model.Problem{}, false
}

// splitAny splits s on every ',', ';' and tab, keeping empty cells.
func splitAny(s string) []string {
	var out []string
	for {
		i := strings.IndexAny(s, ",;\t")
		if i < 0 {
			return append(out, s)
		}
		out = append(out, s[:i])
		s = s[i+1:]
	}
}

// looksLikeAt reports whether s is written as a date or an RFC 3339
// timestamp (even one that does not exist, such as 2026-02-30).
func looksLikeAt(s string) bool { return atRe.MatchString(strings.ToUpper(s)) }

// looksLikeNumber reports whether s is a finite decimal number.
func looksLikeNumber(s string) bool {
	v, err := strconv.ParseFloat(s, 64)
	return err == nil && plainNumber(s) && !math.IsInf(v, 0) && !math.IsNaN(v)
}
