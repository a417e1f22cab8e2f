package scorelog

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

// Scores are one commit's owner scores: a score for each of its Keys,
// "<period>/<owner>" keys, sorted and distinct. In JSON they are an
// object, {"2026-Q4/payments": 0.42, …}.
//
// A log of 10,000 commits × 2,000 owners holds 20 million scores, of which
// a commit changes a handful: consecutive entries share their Keys slice
// while the selected documents stay the same, and the chunks of their
// values that hold the same scores. Never modify Keys.
type Scores struct {
	Keys []string
	vals [][]float64 // chunks of scoreChunk values (the last may be shorter); shared, never modified
}

// scoreChunk is the number of values in a chunk of Scores.
const scoreChunk = 64

// NewScores returns the scores values[i] of keys[i]; keys must be sorted
// and distinct.
func NewScores(keys []string, values []float64) Scores {
	return Scores{Keys: keys, vals: chunk(values, nil)}
}

// chunk splits values into chunks, reusing those of prev that hold the
// same numbers.
func chunk(values []float64, prev [][]float64) [][]float64 {
	out := make([][]float64, 0, (len(values)+scoreChunk-1)/scoreChunk)
	for i := 0; i < len(values); i += scoreChunk {
		c := values[i:min(i+scoreChunk, len(values))]
		if k := i / scoreChunk; k < len(prev) && sameBits(prev[k], c) {
			out = append(out, prev[k])
			continue
		}
		out = append(out, slices.Clone(c))
	}
	return out
}

func sameBits(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

// ScoresOf returns the scores in m.
func ScoresOf(m map[string]float64) Scores {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	values := make([]float64, len(keys))
	for i, k := range keys {
		values[i] = m[k]
	}
	return NewScores(keys, values)
}

// Value returns the score of Keys[i]: NaN where the document's period had
// not begun on the commit's date (with --period or all: no score, blank in
// tables and CSV, null in JSON).
func (s Scores) Value(i int) float64 { return s.vals[i/scoreChunk][i%scoreChunk] }

// Map returns the scores as a map.
func (s Scores) Map() map[string]float64 {
	m := make(map[string]float64, len(s.Keys))
	for i, k := range s.Keys {
		m[k] = s.Value(i)
	}
	return m
}

// Get returns the score of key, and whether there is one.
func (s Scores) Get(key string) (float64, bool) {
	if i, ok := slices.BinarySearch(s.Keys, key); ok {
		return s.Value(i), true
	}
	return 0, false
}

// Len returns the number of scores.
func (s Scores) Len() int { return len(s.Keys) }

// MarshalJSON writes the scores as encoding/json writes a
// map[string]float64: keys sorted, numbers in the same form.
func (s Scores) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 2+len(s.Keys)*32)
	b = append(b, '{')
	for i, k := range s.Keys {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = appendJSONString(b, k); err != nil {
			return nil, err
		}
		b = append(b, ':')
		if v := s.Value(i); math.IsNaN(v) {
			b = append(b, "null"...) // the document's period had not begun
			continue
		}
		if b, err = AppendJSONFloat(b, s.Value(i)); err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}

// appendJSONString appends s as a JSON string, as encoding/json writes it.
func appendJSONString(b []byte, s string) ([]byte, error) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c >= utf8.RuneSelf {
			// Not plain ASCII: let encoding/json decide the escapes.
			q, err := json.Marshal(s)
			return append(b, q...), err
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"'), nil
}

// AppendJSONFloat appends f as encoding/json writes a float64: the
// shortest form that reads back the same, with an exponent only for very
// small or large magnitudes.
func AppendJSONFloat(b []byte, f float64) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, &json.UnsupportedValueError{Str: strconv.FormatFloat(f, 'g', -1, 64)}
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	start := len(b)
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 → e-9, as encoding/json writes it.
		if n := len(b) - start; n >= 4 && b[len(b)-4] == 'e' && b[len(b)-3] == '-' && b[len(b)-2] == '0' {
			b[len(b)-2] = b[len(b)-1]
			b = b[:len(b)-1]
		}
	}
	return b, nil
}

var _ json.Marshaler = Scores{}

// sameKeys reports whether two entries' scores share their Keys slice, so
// that what was computed from one's keys holds for the other's.
func sameKeys(a, b Scores) bool {
	return len(a.Keys) == len(b.Keys) && (len(a.Keys) == 0 || &a.Keys[0] == &b.Keys[0])
}
