package model

import "strings"

// Nearest returns the candidate closest to s by edit distance (with
// transpositions, so tagret → target is one edit), when it is a plausible
// typo: at most max(1, len(s)/3) edits, and at most limit when limit > 0.
// It returns "" when no candidate is that close.
func Nearest(s string, candidates []string, limit int) string {
	best, bestD := "", 1<<30
	ls := strings.ToLower(s)
	for _, c := range candidates {
		if d := Distance(ls, strings.ToLower(c)); d < bestD {
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

// Distance is the optimal-string-alignment edit distance between a and b,
// counted in bytes. Strings longer than 256 bytes are "far" from everything.
func Distance(a, b string) int {
	if len(a) > 256 || len(b) > 256 {
		return 1 << 20
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
