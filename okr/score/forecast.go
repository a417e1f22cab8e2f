package score

import (
	"math"

	"github.com/okr-as-code/okr/okr/model"
)

// Forecast is where a key result is projected to land on the last day of
// its period (SPEC §2), with the score and grade that value would earn.
// Its JSON is the `forecast` object of `okr score --format json`.
type Forecast struct {
	Value float64 `json:"value"`
	// Low and High bound the 80% band of a least-squares forecast made from
	// 3 measurements or more; nil (null) otherwise.
	Low   *float64 `json:"low"`
	High  *float64 `json:"high"`
	Score float64  `json:"score"`
	Grade string   `json:"grade"`
}

// bandZ is the two-sided 80% quantile of the normal distribution that SPEC
// §2 uses for the forecast band: f ∓ 1.2816·se.
const bandZ = 1.2816

// Fit accumulates an ordinary least-squares fit y = a + b·x one point at a
// time: sums of x and of y − y₀ (y₀ the first y, so that large values keep
// their digits: the shifted-data algorithm), without a division per point.
// Where a difference y − y₀ exceeds 2^480 (values of ±1.7e308, whose
// difference and squares overflow), the differences from then on, and the
// sums so far, are scaled by 2^−600, exactly (but for subnormal bits,
// negligible beside such values), so that no sum overflows. The zero Fit is
// empty.
type Fit struct {
	n                     int
	y0                    float64 // the shift: the first y
	scaled                bool    // the y sums are of (y−y₀)·2^−600
	sx, sy, sxx, sxy, syy float64 // Σx, Σ(y−y₀), Σx², Σx(y−y₀), Σ(y−y₀)²
}

// fitLimit is the largest |y − y₀| a Fit sums unscaled: n·fitLimit² stays
// finite for any n below 2^60; fitScale scales a difference of up to
// 2·1.8e308 (2^1025) down to 2^425.
const (
	fitLimit = 0x1p480
	fitScale = 0x1p-600
)

// Add adds the point (x, y).
func (t *Fit) Add(x, y float64) {
	if t.n == 0 {
		t.y0 = y
	}
	t.n++
	if d := y - t.y0; !t.scaled && !(math.Abs(d) <= fitLimit) {
		t.scaled = true
		t.sy *= fitScale
		t.sxy *= fitScale
		t.syy = t.syy * fitScale * fitScale
	}
	if t.scaled {
		y = y*fitScale - t.y0*fitScale
	} else {
		y -= t.y0
	}
	t.sx += x
	t.sy += y
	t.sxx += x * x
	t.sxy += x * y
	t.syy += y * y
}

// N returns how many points were added.
func (t *Fit) N() int { return t.n }

// At returns the fitted value at X and, with 3 points or more, the 80% band
// around it: f = a + b·X; s = √(Σ(yᵢ − ŷᵢ)² / (n − 2)),
// se = s·√(1 + 1/n + (X − x̄)² / Σ(xᵢ − x̄)²), low/high = f ∓ 1.2816·se.
// ok is false when the points do not span two distinct x (no line fits),
// or when f lies beyond ±1.7976931348623157e308 (float64 cannot hold it);
// band is false with fewer than 3 points, or when low or high lies beyond.
func (t *Fit) At(X float64) (f, low, high float64, band, ok bool) {
	n := float64(t.n)
	mx, my := t.sx/n, t.sy/n
	sxx := t.sxx - t.sx*mx // Σ(x−x̄)²
	if t.n < 2 || !(sxx > 0) {
		return 0, 0, 0, false, false
	}
	sxy := t.sxy - t.sx*my // Σ(x−x̄)(y−ȳ)
	b := sxy / sxx
	y0, unscale := t.y0, 1.0
	if t.scaled {
		y0, unscale = t.y0*fitScale, 1/fitScale
	}
	fs := y0 + my + b*(X-mx) // a + b·X with a = ȳ − b·x̄, scaled
	if f = fs * unscale; math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, 0, 0, false, false
	}
	if t.n < 3 {
		return f, 0, 0, false, true
	}
	syy := t.syy - t.sy*my
	ssr := max(syy-b*sxy, 0) // Σ(yᵢ − ŷᵢ)², never negative by rounding
	s := math.Sqrt(ssr / (n - 2))
	se := s * math.Sqrt(1+1/n+(X-mx)*(X-mx)/sxx)
	low, high = (fs-bandZ*se)*unscale, (fs+bandZ*se)*unscale
	if math.IsInf(low, 0) || math.IsInf(high, 0) || math.IsNaN(low) || math.IsNaN(high) {
		return f, 0, 0, false, true
	}
	return f, low, high, true, true
}

// RunRate projects a sum to the end of the period: current × days in the
// period / days elapsed (from the first day to as-of, inclusive, as in pace).
// Where current × days overflows it divides first, so that the result is
// ±Inf only when the run rate itself lies beyond float64.
func RunRate(current float64, elapsed, days int) float64 {
	if f := current * float64(days) / float64(elapsed); !math.IsInf(f, 0) {
		return f
	}
	return current / float64(elapsed) * float64(days)
}

// Forecastable reports whether a key result of type typ can have a
// forecast: metric, at_least and at_most can; milestones cannot.
func Forecastable(typ string) bool {
	switch typ {
	case model.Metric, "", model.AtLeast, model.AtMost:
		return true
	}
	return false
}

// NeededPerWeek is how much a key result must still move per week to reach
// its target from current with r ≥ 1 days left after as-of:
// (target − current) / r × 7, and 0 when current already meets the target
// (≥ for at_least and for a metric whose target lies above its baseline, ≤
// for at_most and a metric whose target lies below). ok is false for a
// milestone, without a target, with r < 1, and when the value lies beyond
// ±1.7976931348623157e308 (a target of 1.7e308 from −1.7e308 with one day
// left), which float64 cannot hold.
func NeededPerWeek(kr *model.KeyResult, current float64, r int) (float64, bool) {
	if !Forecastable(kr.Type) || !kr.Target.Set || r < 1 || math.IsInf(current, 0) || math.IsNaN(current) {
		return 0, false
	}
	t := kr.Target.V
	lowerIsBetter := kr.Type == model.AtMost ||
		(kr.Type != model.AtLeast && kr.Baseline.Set && t < kr.Baseline.V)
	if (lowerIsBetter && current <= t) || (!lowerIsBetter && current >= t) {
		return 0, true
	}
	v := (t - current) / float64(r) * 7
	if math.IsInf(t-current, 0) { // from −1.7e308 to 1.7e308: halves cannot overflow
		v = (t/2 - current/2) / float64(r) * 14
	}
	if math.IsInf(v, 0) { // more than float64 holds: no value
		return 0, false
	}
	return v, true
}

// forecaster projects one key result of a document whose period runs from
// first to last, as of asOf; it is fed the counted measurements in index
// order.
type forecaster struct {
	on  bool // the key result gets a forecast if the data allows
	sum bool // run rate rather than least squares
	fit Fit
}

func newForecaster(kr *model.KeyResult, first, last, asOf model.Date) forecaster {
	on := Forecastable(kr.Type) && asOf >= first && asOf < last
	agg := kr.Aggregate
	switch agg {
	case model.Last, "":
		return forecaster{on: on}
	case model.Sum:
		return forecaster{on: on, sum: true}
	}
	return forecaster{}
}

// add feeds a counted measurement.
func (fc *forecaster) add(day, first model.Date, v float64) {
	if fc.on && !fc.sum {
		fc.fit.Add(float64(day-first), v)
	}
}

// forecast writes the key result's forecast into out and reports whether
// it has one; band reports whether out.Low and out.High are to be set, to
// low and high.
func (fc *forecaster) forecast(kr *model.KeyResult, current float64, hasCurrent, committed bool, first, last, asOf model.Date, cfg model.Config, out *Forecast) (low, high float64, band, ok bool) {
	if !fc.on || !hasCurrent {
		return 0, 0, false, false
	}
	var f float64
	if fc.sum {
		f = RunRate(current, int(asOf-first)+1, int(last-first)+1)
	} else if f, low, high, band, ok = fc.fit.At(float64(last - first)); !ok {
		return 0, 0, false, false
	}
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, 0, false, false
	}
	band = band && !math.IsInf(low, 0) && !math.IsInf(high, 0) && !math.IsNaN(low) && !math.IsNaN(high)
	*out = Forecast{Value: f, Score: KeyResultScore(kr, f)}
	out.Grade = Grade(out.Score, committed, cfg)
	return low, high, band, true
}
