package model

import "strings"

// Nearest returns the candidate closest to s by edit distance (with
// transpositions, so tagret → target is one edit), when it is a plausible
// typo: at most max(1, len(s)/3) edits, and at most limit when limit > 0.
// It returns "" when no candidate is that close.
//
// Only candidates within that many edits are measured, each no further
// than needed to tell it is not nearer than the best so far (distanceAtMost):
// at SPEC §4's scale, a metric compared with 130,000 key result refs.
// TestNearestAgrees and FuzzNearest hold it to measuring every candidate
// whole with Distance.
func Nearest(s string, candidates []string, limit int) string {
	l := max(1, len(s)/3)
	if limit > 0 {
		l = min(l, limit)
	}
	// The first candidate at the least distance, that distance at most l:
	// a candidate is taken only when it is nearer than the best so far.
	best, bestD := "", l+1
	ls := strings.ToLower(s)
	var rows distanceRows
	for _, c := range candidates {
		lc := strings.ToLower(c)
		if abs(len(lc)-len(ls)) >= bestD {
			continue // at least that many insertions or deletions
		}
		if d := rows.atMost(ls, lc, bestD-1); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// distanceRows are the rows distanceAtMost computes in, kept from one
// candidate to the next.
type distanceRows struct{ prev2, prev, cur []int }

// atMost returns Distance(a, b) when it is at most k, else a number
// greater than k: it stops at the first two rows of the table that both
// exceed k, since every later cell is at least the least of the two rows
// before it.
func (r *distanceRows) atMost(a, b string, k int) int {
	if len(a) > 256 || len(b) > 256 {
		return 1 << 20
	}
	n := len(b) + 1
	if cap(r.cur) < n {
		r.prev2, r.prev, r.cur = make([]int, n), make([]int, n), make([]int, n)
	}
	prev2, prev, cur := r.prev2[:n], r.prev[:n], r.cur[:n]
	for j := range prev {
		prev[j] = j
	}
	prevMin := 0
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		curMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			curMin = min(curMin, cur[j])
		}
		if curMin > k && prevMin > k {
			return k + 1
		}
		prev2, prev, cur = prev, cur, prev2
		prevMin = curMin
	}
	return prev[len(b)]
}

// Distance is the optimal-string-alignment edit distance between a and b,
// counted in bytes. Strings longer than 256 bytes are "far" from everything.
func Distance(a, b string) int {
	var r distanceRows
	return r.atMost(a, b, 1<<20) // never stops early: 1<<20 is beyond any distance it measures
}
