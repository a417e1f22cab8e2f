package scorelog

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestScoresJSONLikeMap holds Scores.MarshalJSON to what encoding/json
// writes for the same map.
func TestScoresJSONLikeMap(t *testing.T) {
	maps := []map[string]float64{
		{},
		{"2026-Q4/payments": 0.42},
		{"2026/acme": 0.63161, "2026-H2/engineering": 0.4333333333333333, "2026-Q4/growth": 0, "2026-Q4/payments": 1},
		{"2026-Q4/a<b>&c": 0.5, "2026-Q4/\"quoted\"": 0.25, "2026-Q4/tab\there": 0.125, "2026-Q4/zoë": 1e-7, "2026-Q4/\u2028": math.Copysign(0, -1)},
		{"a": 1e-6, "b": 9.99999e-7, "c": 1e20, "d": 1e21, "e": 123456789012345680000, "f": -1e-9, "g": 5e-324, "h": math.MaxFloat64},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		m := map[string]float64{}
		for range rng.IntN(20) {
			k := string(rune('a'+rng.IntN(26))) + "/" + string(rune(0x20+rng.IntN(0x300)))
			m[k] = math.Float64frombits(rng.Uint64())
			if math.IsNaN(m[k]) || math.IsInf(m[k], 0) {
				m[k] = rng.Float64() * math.Pow(10, float64(rng.IntN(60)-30))
			}
		}
		maps = append(maps, m)
	}
	for _, m := range maps {
		want, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		got, err := json.Marshal(ScoresOf(m))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Fatalf("Scores JSON\n got %s\nwant %s", got, want)
		}
		s := ScoresOf(m)
		if diff := cmp.Diff(m, s.Map()); diff != "" {
			t.Errorf("ScoresOf(m).Map() differs from m:\n%s", diff)
		}
		for k, v := range m {
			if got, ok := s.Get(k); !ok || got != v {
				t.Errorf("Get(%q) = %v, %v; want %v", k, got, ok, v)
			}
		}
		if _, ok := s.Get("no/such"); ok {
			t.Error("Get of a missing key found a score")
		}
	}
	if _, err := json.Marshal(NewScores([]string{"a"}, []float64{math.Inf(1)})); err == nil {
		t.Error("an infinite score marshalled without an error")
	}
}

func TestSortedKeys(t *testing.T) {
	sel := []*docState{
		{key: "2026-Q4/b", score: 1},
		{key: "2026-Q4/a", score: 2},
		{key: "2026-Q4/b", score: 3}, // the same key again: this one shows
		{key: "2026/acme", score: 4},
	}
	keys, keyOf := sortedKeys(sel)
	if diff := cmp.Diff([]string{"2026-Q4/a", "2026-Q4/b", "2026/acme"}, keys); diff != "" {
		t.Errorf("keys (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{1, 2, 3}, keyOf); diff != "" {
		t.Errorf("documents (-want +got):\n%s", diff)
	}
	if keys, keyOf := sortedKeys(nil); len(keys) != 0 || len(keyOf) != 0 {
		t.Errorf("sortedKeys(nil) = %v, %v", keys, keyOf)
	}
}

func TestSameKeys(t *testing.T) {
	a := ScoresOf(map[string]float64{"x": 1, "y": 2})
	b := NewScores(a.Keys, []float64{3, 4})
	c := ScoresOf(map[string]float64{"x": 1, "y": 2})
	if !sameKeys(a, b) {
		t.Error("scores sharing their keys are not sameKeys")
	}
	if sameKeys(a, c) {
		t.Error("scores with equal but separate keys are sameKeys")
	}
	if !sameKeys(Scores{}, Scores{Keys: []string{}}) {
		t.Error("two empty scores are not sameKeys")
	}
}

// TestScoresShareChunks: values built from the last entry's share the
// chunks that hold the same numbers, and read back the same.
func TestScoresShareChunks(t *testing.T) {
	n := 3*scoreChunk + 5
	keys := make([]string, n)
	vals := make([]float64, n)
	for i := range n {
		keys[i] = fmt.Sprintf("2026-Q4/o%04d", i)
		vals[i] = float64(i) / 1000
	}
	a := NewScores(keys, vals)
	vals[scoreChunk+3] = 0.5         // the second chunk changes
	vals[n-1] = math.Copysign(0, -1) // -0 is not 0: the last chunk changes too
	b := Scores{Keys: keys, vals: chunk(vals, a.vals)}
	for i := range n {
		if b.Value(i) != vals[i] || math.Signbit(b.Value(i)) != math.Signbit(vals[i]) {
			t.Fatalf("Value(%d) = %v, want %v", i, b.Value(i), vals[i])
		}
	}
	shared := []bool{true, false, true, false}
	for k, want := range shared {
		if got := &a.vals[k][0] == &b.vals[k][0]; got != want {
			t.Errorf("chunk %d shared: %v, want %v", k, got, want)
		}
	}
	if got := len(b.vals[3]); got != 5 {
		t.Errorf("last chunk holds %d values, want 5", got)
	}
}
