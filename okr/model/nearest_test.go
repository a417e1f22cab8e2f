package model

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// nearestWhole is Nearest as it was first written: every candidate
// measured whole, the first nearest kept. It measures with distanceWhole,
// not Distance, which shares its table with Nearest's bounded measure.
func nearestWhole(s string, candidates []string, limit int) string {
	best, bestD := "", 1<<30
	ls := strings.ToLower(s)
	for _, c := range candidates {
		if d := distanceWhole(ls, strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	l := max(1, len(s)/3)
	if limit > 0 {
		l = min(l, limit)
	}
	if bestD <= l {
		return best
	}
	return ""
}

// TestNearestAgrees holds Nearest, which skips candidates and stops
// measuring early, to nearestWhole on metric-like names: refs of one
// owner that differ by a letter, a swap, a part, or their length.
func TestNearestAgrees(t *testing.T) {
	refs := []string{
		"team-0042/quality-first/churn-rate", "team-0042/quality-first/churn-rates",
		"team-0042/quality-frist/churn-rate", "team-0042/win-enterprise/cloud-cost",
		"team-0043/quality-first/churn-rate", "TEAM-0042/Quality-First/Churn-Rate",
		"nps", "np", "api_availability_pct", "x", "", strings.Repeat("a", 300),
	}
	for _, s := range append(slicesClone(refs), "team-0042/quality-first/chrun-rate", "team-42/q/c", "nsp", "zzzzzz", strings.Repeat("a", 257)) {
		for _, limit := range []int{0, 1, 3} {
			if got, want := Nearest(s, refs, limit), nearestWhole(s, refs, limit); got != want {
				t.Errorf("Nearest(%q, limit %d) = %q, measuring all of them %q", s, limit, got, want)
			}
		}
	}
	// Random names over a small alphabet, so that many are near.
	rng := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		b := make([]byte, rng.IntN(12))
		for i := range b {
			b[i] = "abAB-/"[rng.IntN(6)]
		}
		return string(b)
	}
	for range 3000 {
		cands := make([]string, rng.IntN(20))
		for i := range cands {
			cands[i] = word()
		}
		s, limit := word(), rng.IntN(4)
		for _, c := range cands {
			want := distanceWhole(s, c)
			if got := Distance(s, c); got != want {
				t.Fatalf("Distance(%q, %q) = %d, the whole table %d", s, c, got, want)
			}
			var r distanceRows
			if k := rng.IntN(4); r.atMost(s, c, k) <= k != (want <= k) || want <= k && r.atMost(s, c, k) != want {
				t.Fatalf("atMost(%q, %q, %d) = %d; the distance is %d", s, c, k, r.atMost(s, c, k), want)
			}
		}
		if got, want := Nearest(s, cands, limit), nearestWhole(s, cands, limit); got != want {
			t.Fatalf("Nearest(%q, %q, %d) = %q, measuring all of them %q", s, cands, limit, got, want)
		}
	}
}

// distanceWhole is the optimal-string-alignment distance from its
// textbook definition, the whole table kept: d[i][j] is the distance
// between a[:i] and b[:j]. Like Distance, strings longer than 256 bytes
// are 1<<20 from everything.
func distanceWhole(a, b string) int {
	if len(a) > 256 || len(b) > 256 {
		return 1 << 20
	}
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

func slicesClone(s []string) []string { return append([]string(nil), s...) }

// FuzzNearest: Nearest agrees with nearestWhole on any name and
// candidates (split from one string at "|").
func FuzzNearest(f *testing.F) {
	f.Add("tagret", "target|title|type", 3)
	f.Add("team-0042/quality-frist/churn-rate", "team-0042/quality-first/churn-rate|team-0042/quality-first/churn-rates", 0)
	f.Add("ÄBC", "äbc|abc", 0)
	f.Fuzz(func(t *testing.T, s, cands string, limit int) {
		c := strings.Split(cands, "|")
		if got, want := Nearest(s, c, limit), nearestWhole(s, c, limit); got != want {
			t.Errorf("Nearest(%q, %q, %d) = %q, measuring all of them %q", s, c, limit, got, want)
		}
	})
}

// TestDistance: optimal string alignment distances worked by hand, and
// atMost, which measures no further than k.
func TestDistance(t *testing.T) {
	long := strings.Repeat("a", 257)
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},          // three insertions
		{"abc", "abc", 0},       //
		{"tagret", "target", 1}, // one transposition
		{"kitten", "sitting", 3},
		{"ca", "abc", 3}, // OSA edits no substring twice: not 2 as Damerau-Levenshtein
		{"nps", "npz", 1},
		{long, "a", 1 << 20}, // longer than 256 bytes: far from everything
	} {
		if got := Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
		var r distanceRows
		for k := range 5 {
			got := r.atMost(tc.a, tc.b, k)
			if tc.want <= k && got != tc.want || tc.want > k && got <= k {
				t.Errorf("atMost(%q, %q, %d) = %d; the distance is %d", tc.a, tc.b, k, got, tc.want)
			}
		}
	}
}
