package score

import (
	"math"

	"github.com/okr-as-code/okr/okr/model"
)

// Grades.
const (
	Green  = "green"
	Yellow = "yellow"
	Red    = "red"
)

// Pace statuses.
const (
	NotStarted = "not-started"
	OnTrack    = "on-track"
	AtRisk     = "at-risk"
	OffTrack   = "off-track"
	Closed     = "closed"
)

// epsilon absorbs floating-point error when a score is compared with a grade
// bound or a pace threshold: a weighted mean that is 0.7 on paper may come out
// as 0.6999999999999999, and a user expects it to be green.
const epsilon = 1e-9

// MetricScore scores a metric key result: piecewise linear through the points
// (baseline, 0), (commit, 0.3) if set, (target, 1.0, or 0.7 when stretch is
// set), (stretch, 1.0) if set, clamped to [0, 1]. The levels may run either
// way; when they decrease, lower values are better.
//
// Levels that do not run strictly one way are validation errors; so that
// scoring stays defined on such input, a commit not strictly between
// baseline and target and a stretch not strictly beyond target are ignored,
// and baseline == target scores 1 when current reaches target, else 0.
func MetricScore(current float64, baseline, commit, target, stretch model.Num) float64 {
	b, t := baseline.V, target.V
	if math.IsNaN(current) {
		return 0
	}
	if b == t || !target.Set {
		if current == t && target.Set {
			return 1
		}
		return 0
	}
	// Work on increasing levels: negate everything when they decrease.
	sign := 1.0
	if t < b {
		sign = -1
	}
	type pt struct{ x, y float64 }
	pts := make([]pt, 0, 4)
	pts = append(pts, pt{sign * b, 0})
	if commit.Set && sign*commit.V > sign*b && sign*commit.V < sign*t {
		pts = append(pts, pt{sign * commit.V, 0.3})
	}
	if stretch.Set && sign*stretch.V > sign*t {
		pts = append(pts, pt{sign * t, 0.7}, pt{sign * stretch.V, 1})
	} else {
		pts = append(pts, pt{sign * t, 1})
	}
	x := sign * current
	if x <= pts[0].x {
		return 0
	}
	for i := 1; i < len(pts); i++ {
		p, q := pts[i-1], pts[i]
		if x == q.x {
			return q.y
		}
		if x < q.x {
			return clamp(p.y + frac(x, p.x, q.x)*(q.y-p.y))
		}
	}
	return 1
}

// frac is (x − a) / (b − a) for a ≤ x ≤ b, a < b finite: where b − a
// overflows (a = −1.7e308, b = 1.7e308) it is computed on halves, which
// cannot overflow; elsewhere directly, since halving a subnormal value
// loses its last bit.
func frac(x, a, b float64) float64 {
	if d := b - a; !math.IsInf(d, 0) {
		return (x - a) / d
	}
	return (x/2 - a/2) / (b/2 - a/2)
}

func clamp(s float64) float64 {
	switch {
	case s > 1:
		return 1
	case s >= 0:
		return s
	}
	return 0 // negative or NaN
}

// KeyResultScore scores a key result whose current value is current, by its
// type: metric (MetricScore), at_least (1 if current ≥ target), at_most (1 if
// current ≤ target) and milestone (1 if current ≥ 1). An empty type is
// metric; an unknown one scores 0.
func KeyResultScore(kr *model.KeyResult, current float64) float64 {
	switch kr.Type {
	case model.Metric, "":
		return MetricScore(current, kr.Baseline, kr.Commit, kr.Target, kr.Stretch)
	case model.AtLeast:
		return boolScore(kr.Target.Set && current >= kr.Target.V)
	case model.AtMost:
		return boolScore(kr.Target.Set && current <= kr.Target.V)
	case model.Milestone:
		return boolScore(current >= 1)
	}
	return 0
}

func boolScore(ok bool) float64 {
	if ok {
		return 1
	}
	return 0
}

// Grade grades a score with the configured lower bounds (inclusive): green at
// or above cfg.Green, yellow at or above cfg.Yellow, else red. A committed
// score is green only at exactly 1.0, yellow at or above cfg.Green, else red.
func Grade(score float64, committed bool, cfg model.Config) string {
	switch {
	case committed && score >= 1:
		return Green
	case committed && score >= cfg.Green-epsilon:
		return Yellow
	case committed:
		return Red
	case score >= cfg.Green-epsilon:
		return Green
	case score >= cfg.Yellow-epsilon:
		return Yellow
	}
	return Red
}

// Status is the pace of a score in the period [first, last] as of a date:
// not-started before first, closed after last, else, with elapsed
// e = (asOf − first + 1) / (last − first + 1) and expected = e × 0.7
// (aspirational) or e × 1.0 (committed), on-track when score ≥ expected,
// at-risk when score ≥ expected − 0.2, else off-track.
func Status(score float64, committed bool, first, last, asOf model.Date) string {
	switch {
	case asOf < first:
		return NotStarted
	case asOf > last:
		return Closed
	}
	e := float64(asOf-first+1) / float64(last-first+1)
	expected := e * 0.7
	if committed {
		expected = e
	}
	switch {
	case score >= expected-epsilon:
		return OnTrack
	case score >= expected-0.2-epsilon:
		return AtRisk
	}
	return OffTrack
}

// aggregate folds the counted values of a key result. ok is false when there
// are none.
type aggregate struct {
	kind     string
	n        int
	sum      float64
	scaled   float64 // Σ v·2^−64: finite for up to 2^64 values of ±1.7e308
	min, max float64
	last     float64
}

func (a *aggregate) add(v float64) {
	if a.n == 0 || v < a.min {
		a.min = v
	}
	if a.n == 0 || v > a.max {
		a.max = v
	}
	a.n++
	a.sum += v
	a.scaled += v * 0x1p-64
	a.last = v // values arrive in (At, Seq) order
}

// total returns the sum of the values: the plain running sum while it stays
// finite, else the scaled sum scaled back, which is ±Inf only when the
// sum itself lies beyond ±1.7976931348623157e308 (an order such as 1.7e308,
// 1.7e308, −1.7e308 overflows the running sum but not the scaled one).
func (a *aggregate) total() float64 {
	if !math.IsInf(a.sum, 0) && !math.IsNaN(a.sum) {
		return a.sum
	}
	return a.scaled * 0x1p64
}

func (a *aggregate) value() (float64, bool) {
	if a.n == 0 {
		return 0, false
	}
	switch a.kind {
	case model.Sum:
		return a.total(), true // ±Inf when the sum is beyond float64
	case model.Max:
		return a.max, true
	case model.Min:
		return a.min, true
	case model.Mean:
		if !math.IsInf(a.sum, 0) && !math.IsNaN(a.sum) {
			return a.sum / float64(a.n), true
		}
		return a.scaled / float64(a.n) * 0x1p64, true // always finite
	}
	return a.last, true // last, and the default
}
