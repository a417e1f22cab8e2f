package site

import (
	"html/template"
	"math"
	"strconv"
	"strings"

	"github.com/okr-as-code/okr/okr/model"
)

// The charts are inline SVG written by hand rather than by a chart library:
// they need levels, a pace line, a forecast band and per-point labels that a
// generic line chart does not draw; the output is a few kilobytes per chart
// with no embedded fonts or random ids, so that the same inputs give the same
// bytes; and colours come from the page's CSS classes, so that one chart
// serves the light and the dark scheme.

// Chart geometry, in SVG user units (the chart scales to its box).
const (
	chartW      = 640
	chartH      = 260
	chartLeft   = 58
	chartRight  = 100
	chartTop    = 14
	chartBottom = 30
)

// point is a value on a day. Day may be fractional (the pace line's
// breakpoints fall between days).
type point struct {
	Day   float64 // days since the chart's first day
	Value float64
}

// mark is one counted measurement of a chart: its value and the running
// current value (the aggregate as of it), with the confidence it carries.
type mark struct {
	point
	Current    float64
	Confidence int // -1 when none
}

// level is a horizontal reference line: baseline, commit, target, stretch.
type level struct {
	Name  string
	Value float64
	Class string
}

// band is a horizontal range drawn behind the data (a KPI's health bands).
type band struct {
	Low, High float64 // may be ±Inf: to the edge of the chart
	Class     string
}

// forecast is the forecast to the last day, drawn from the last counted
// measurement; Low and High are its band (NaN without one).
type forecast struct {
	Value, Low, High float64
}

// chart is one chart: a title and description for its text alternative,
// the days it spans, and what it draws.
type chart struct {
	ID          string // unique within its page
	Title, Desc string
	Days        int     // days from the first to the last day: x runs 0..Days
	AsOf        float64 // the as-of day, days since the first; NaN when outside
	Marks       []mark
	Line        bool // join the marks' current values
	Levels      []level
	Bands       []band
	Pace        []point
	Forecast    *forecast
	FirstLabel  string // the first and last day, under the axis
	LastLabel   string
}

// num writes a coordinate with one decimal, the same bytes each run.
func num(v float64) string {
	s := strconv.FormatFloat(v, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		return "0"
	}
	return s
}

// Label shows a value rounded to two decimals without trailing zeros.
func Label(v float64) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}

// yRange returns the values the y axis spans: every value drawn, padded.
func (c *chart) yRange() (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	see := func(v float64) {
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return
		}
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	for _, m := range c.Marks {
		see(m.Value)
		see(m.Current)
	}
	for _, l := range c.Levels {
		see(l.Value)
	}
	for _, b := range c.Bands {
		see(b.Low)
		see(b.High)
	}
	for _, p := range c.Pace {
		see(p.Value)
	}
	if f := c.Forecast; f != nil {
		see(f.Value)
		see(f.Low)
		see(f.High)
	}
	if lo > hi {
		return 0, 1
	}
	if lo == hi {
		d := math.Max(math.Abs(lo)*0.1, 1)
		return clampFinite(lo - d), clampFinite(hi + d)
	}
	pad := (hi - lo) * 0.08
	if math.IsInf(pad, 0) { // hi − lo overflows: on halves
		pad = (hi/2 - lo/2) * 0.16
	}
	return clampFinite(lo - pad), clampFinite(hi + pad)
}

// clampFinite holds v within ±math.MaxFloat64, so that padding an axis
// that reaches ±1.7e308 cannot make it infinite.
func clampFinite(v float64) float64 {
	return math.Max(-math.MaxFloat64, math.Min(math.MaxFloat64, v))
}

// frac is the ratio of two differences, num / den, given also as halves
// (halfNum = num/2, halfDen = den/2 computed from halved terms): den
// overflows where an axis runs from −1.7e308 to 1.7e308, its halves cannot.
// Directly otherwise, since halving a subnormal value loses its last bit.
func frac(num, halfNum, den, halfDen float64) float64 {
	if !math.IsInf(den, 0) {
		return num / den
	}
	return halfNum / halfDen
}

// ticks returns about n round values in [lo, hi] (finite, lo < hi), each
// once: none when no round step is finite and nonzero. The k-th tick is
// computed as k × step from a count of ticks, never by adding steps, so
// that a range narrower than the values' precision (1 to
// 1.0000000000000002) cannot loop for ever.
func ticks(lo, hi float64, n int) []float64 {
	step := (hi - lo) / float64(n)
	if math.IsInf(step, 0) {
		step = hi/float64(n) - lo/float64(n) // without overflow
	}
	mag := math.Pow(10, math.Floor(math.Log10(step)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= step {
			step = m * mag
			break
		}
	}
	if !(step > 0) || math.IsInf(step, 0) {
		return nil
	}
	first, last := math.Ceil(lo/step), math.Floor(hi/step+1e-9)
	if !(last-first < float64(4*n)) { // NaN, or not a few round values
		return nil
	}
	var out []float64
	for i := range int(last-first) + 1 { // an int count: k++ on 1e16 would not move
		if v := (first + float64(i)) * step; !math.IsInf(v, 0) && (len(out) == 0 || v > out[len(out)-1]) {
			out = append(out, v)
		}
	}
	return out
}

// SVG writes the chart as an inline <svg> element with a <title> and a
// <desc>, styled by the page's CSS classes (c-…).
func (c *chart) SVG() template.HTML {
	var b strings.Builder
	lo, hi := c.yRange()
	pw := float64(chartW - chartLeft - chartRight)
	ph := float64(chartH - chartTop - chartBottom)
	days := math.Max(float64(c.Days), 1)
	x := func(d float64) string { return num(chartLeft + d/days*pw) }
	y := func(v float64) float64 {
		v = math.Max(lo, math.Min(hi, v)) // NaN stays NaN: never drawn
		return chartTop + frac(hi-v, hi/2-v/2, hi-lo, hi/2-lo/2)*ph
	}
	ys := func(v float64) string { return num(y(v)) }
	esc := template.HTMLEscapeString
	b.WriteString(`<svg class="chart" viewBox="0 0 640 260" role="img" aria-labelledby="` + c.ID + `-t ` + c.ID + `-d">`)
	b.WriteString(`<title id="` + c.ID + `-t">` + esc(c.Title) + `</title>`)
	b.WriteString(`<desc id="` + c.ID + `-d">` + esc(c.Desc) + `</desc>`)
	left, right := num(chartLeft), num(chartW-chartRight)
	for _, bd := range c.Bands {
		top, bot := y(bd.High), y(bd.Low)
		if bot-top <= 0 {
			continue
		}
		b.WriteString(`<rect class="` + bd.Class + `" x="` + left + `" y="` + num(top) + `" width="` + num(pw) + `" height="` + num(bot-top) + `"/>`)
	}
	for _, t := range ticks(lo, hi, 4) {
		b.WriteString(`<line class="c-grid" x1="` + left + `" x2="` + right + `" y1="` + ys(t) + `" y2="` + ys(t) + `"/>`)
		b.WriteString(`<text class="c-tick" x="` + num(chartLeft-6) + `" y="` + num(y(t)+4) + `" text-anchor="end">` + esc(Label(t)) + `</text>`)
	}
	bottom := num(chartH - chartBottom)
	b.WriteString(`<line class="c-axis" x1="` + left + `" x2="` + right + `" y1="` + bottom + `" y2="` + bottom + `"/>`)
	b.WriteString(`<text class="c-tick" x="` + left + `" y="` + num(chartH-10) + `">` + esc(c.FirstLabel) + `</text>`)
	b.WriteString(`<text class="c-tick" x="` + right + `" y="` + num(chartH-10) + `" text-anchor="end">` + esc(c.LastLabel) + `</text>`)
	for _, l := range c.Levels {
		b.WriteString(`<line class="c-level ` + l.Class + `" x1="` + left + `" x2="` + right + `" y1="` + ys(l.Value) + `" y2="` + ys(l.Value) + `"/>`)
		b.WriteString(`<text class="c-label ` + l.Class + `" x="` + num(chartW-chartRight+4) + `" y="` + num(y(l.Value)+4) + `">` + esc(l.Name+" "+Label(l.Value)) + `</text>`)
	}
	if !math.IsNaN(c.AsOf) {
		ax := x(c.AsOf)
		b.WriteString(`<line class="c-asof" x1="` + ax + `" x2="` + ax + `" y1="` + num(chartTop) + `" y2="` + bottom + `"/>`)
		b.WriteString(`<text class="c-tick" x="` + ax + `" y="` + num(chartTop-3) + `" text-anchor="middle">as of</text>`)
	}
	if len(c.Pace) > 1 {
		b.WriteString(`<polyline class="c-pace" points="`)
		for i, p := range c.Pace {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(x(p.Day) + "," + ys(p.Value))
		}
		b.WriteString(`"/>`)
	}
	if f := c.Forecast; f != nil && len(c.Marks) > 0 {
		last := c.Marks[len(c.Marks)-1]
		if !math.IsNaN(f.Low) && !math.IsNaN(f.High) {
			b.WriteString(`<polygon class="c-band" points="` + x(last.Day) + "," + ys(last.Current) + " " +
				x(days) + "," + ys(f.High) + " " + x(days) + "," + ys(f.Low) + `"/>`)
		}
		b.WriteString(`<line class="c-fc" x1="` + x(last.Day) + `" y1="` + ys(last.Current) + `" x2="` + x(days) + `" y2="` + ys(f.Value) + `"/>`)
		b.WriteString(`<circle class="c-fcpt" cx="` + x(days) + `" cy="` + ys(f.Value) + `" r="3.5"/>`)
	}
	if c.Line && len(c.Marks) > 1 {
		b.WriteString(`<polyline class="c-line" points="`)
		for i, m := range c.Marks {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(x(m.Day) + "," + ys(m.Current))
		}
		b.WriteString(`"/>`)
	}
	for _, m := range c.Marks {
		b.WriteString(`<circle class="c-pt" cx="` + x(m.Day) + `" cy="` + ys(m.Value) + `" r="3.5"/>`)
		if m.Confidence >= 0 {
			b.WriteString(`<text class="c-conf" x="` + x(m.Day) + `" y="` + num(y(m.Value)-7) + `" text-anchor="middle">` + strconv.Itoa(m.Confidence) + `</text>`)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// sparkline is a small line of scores 0..1 over a period.
type sparkline struct {
	Title  string
	Days   int
	Points []point // Day since the period's first day, Value a score
}

// SVG writes the sparkline as a small inline <svg> with a <title>.
func (s *sparkline) SVG() template.HTML {
	if s == nil || len(s.Points) == 0 {
		return ""
	}
	const w, h = 120.0, 24.0
	days := math.Max(float64(s.Days), 1)
	var b strings.Builder
	b.WriteString(`<svg class="spark" viewBox="0 0 120 24" role="img"><title>` + template.HTMLEscapeString(s.Title) + `</title>`)
	b.WriteString(`<polyline class="c-spark" points="`)
	pts := s.Points
	if len(pts) == 1 { // a level line
		pts = []point{pts[0], {Day: days, Value: pts[0].Value}}
	}
	for i, p := range pts {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(num(1+p.Day/days*(w-2)) + "," + num(h-2-math.Max(0, math.Min(1, p.Value))*(h-4)))
	}
	last := pts[len(pts)-1]
	b.WriteString(`"/><circle class="c-sparkpt" cx="` + num(1+last.Day/days*(w-2)) + `" cy="` + num(h-2-math.Max(0, math.Min(1, last.Value))*(h-4)) + `" r="2"/></svg>`)
	return template.HTML(b.String())
}

// dayOffset is d − first as a float.
func dayOffset(d, first model.Date) float64 { return float64(d - first) }
