package site

import (
	"math"

	"github.com/okr-as-code/okr/okr/model"
)

// scorePoints returns the points (value, score) of a metric key result's
// piecewise linear score, in the order of increasing score, as
// score.MetricScore draws them: (baseline, 0), (commit, 0.3) when it lies
// strictly between baseline and target, (target, 1, or 0.7 with a stretch
// beyond it), (stretch, 1). It returns nil when the levels define no line
// (no target, or baseline == target).
func scorePoints(kr *model.KeyResult) [][2]float64 {
	b, t := kr.Baseline, kr.Target
	if !b.Set || !t.Set || b.V == t.V {
		return nil
	}
	sign := 1.0
	if t.V < b.V {
		sign = -1
	}
	pts := [][2]float64{{b.V, 0}}
	if c := kr.Commit; c.Set && sign*c.V > sign*b.V && sign*c.V < sign*t.V {
		pts = append(pts, [2]float64{c.V, 0.3})
	}
	if s := kr.Stretch; s.Set && sign*s.V > sign*t.V {
		pts = append(pts, [2]float64{t.V, 0.7}, [2]float64{s.V, 1})
	} else {
		pts = append(pts, [2]float64{t.V, 1})
	}
	return pts
}

// valueAt returns the value whose score is y on the line through pts
// (0 ≤ y ≤ 1, scores increasing).
func valueAt(pts [][2]float64, y float64) float64 {
	for i := 1; i < len(pts); i++ {
		p, q := pts[i-1], pts[i]
		if y <= q[1] {
			t := (y - p[1]) / (q[1] - p[1])
			if math.IsInf(q[0]-p[0], 0) { // −1.7e308 to 1.7e308: a mean that cannot overflow
				return p[0]*(1-t) + q[0]*t
			}
			return p[0] + t*(q[0]-p[0])
		}
	}
	return pts[len(pts)-1][0]
}

// paceLine returns the pace line of a metric key result over a period of
// days days (SPEC §2 pace): on day i (0 for the first day), elapsed
// e = (i+1)/days and the expected score is e × k, with k = 0.7 for an
// aspirational and 1.0 for a committed objective; the line is the value
// whose score equals it. Between the first and the last day the line is
// straight except where the expected score crosses a level's score, so it
// is returned as the points at the first day, at each such crossing
// (fractional days) and at the last day. Nil when the key result has no
// score line.
func paceLine(kr *model.KeyResult, committed bool, days int) []point {
	pts := scorePoints(kr)
	if pts == nil || days < 1 {
		return nil
	}
	k := 0.7
	if committed {
		k = 1
	}
	d := float64(days)
	first, last := k/d, k // expected on day 0 and on day days-1
	line := []point{{Day: 0, Value: valueAt(pts, first)}}
	for _, p := range pts[1 : len(pts)-1] {
		if y := p[1]; y > first && y < last {
			// expected(i) = k(i+1)/d = y  ⇒  i = y·d/k − 1
			line = append(line, point{Day: y*d/k - 1, Value: p[0]})
		}
	}
	return append(line, point{Day: d - 1, Value: valueAt(pts, last)})
}
