package digest

import (
	"strconv"
	"strings"

	"github.com/okr-as-code/okr/okr/change"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/render"
)

// Every writer but json writes the digest as sections of lines, built
// here once: a line is a list of spans, each okr's own words or
// repository text (which each writer escapes for its medium), a ref (as
// code where the medium has it), or a person (named, or mentioned where
// the medium can).

// Kinds of span.
const (
	words = iota // okr's own words and numbers: no markup, nothing to escape but what HTML needs
	data         // repository text
	code         // an id or ref: repository text, as code where the medium has it
	who          // a person id: their name, or a mention
)

// span is one piece of a line.
type span struct {
	kind    int
	text    string
	url     string // a link from --link; "" for none
	mention bool   // a person mentioned where the medium can (the due list)
	strong  bool
}

type line []span

// section is one section of the digest: its title and its items, one
// line each.
type section struct {
	key   string // moved, at_risk, …, as in the JSON
	title string
	url   string // the page of the whole list (the due list's), "" for none
	lines []line
}

func w(s string) span       { return span{kind: words, text: s} }
func d(s string) span       { return span{kind: data, text: s} }
func c(s, url string) span  { return span{kind: code, text: s, url: url} }
func p(id string) span      { return span{kind: who, text: id} }
func strong(s string) span  { return span{kind: words, text: s, strong: true} }
func num2(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// noBaseNote stands in for the sections that need a BASE.
func (g *Digest) noBaseNote() string {
	return "No comparison with an earlier commit: " + g.NoBase + "."
}

// title is the digest's title: "OKR digest: Acme, 2026-11-15".
func (g *Digest) titleLine() line {
	l := line{w("OKR digest")}
	if g.Organization != "" {
		l = append(l, w(": "), d(g.Organization))
	}
	return append(l, w(", as of "+g.AsOf))
}

// headline is the first section's lines: as-of and BASE, the owners and
// their mean score then and now, and how many are green, yellow and red.
func (g *Digest) headline() []line {
	s := g.Summary
	var out []line
	if g.Base != nil {
		out = append(out, line{w("Since " + g.Base.Date + " (commit "), c(shortHash(g.Base.Commit), ""), w(")")})
	} else {
		out = append(out, line{w(g.noBaseNote())})
	}
	owners := plural(s.Owners, "owner", "owners")
	l := line{w(owners)}
	if s.MeanScore != nil {
		l = append(l, w(", mean score "), strong(num2(*s.MeanScore)))
		if s.MeanScoreBefore != nil {
			l = append(l, w(" (was "+num2(*s.MeanScoreBefore)+")"))
		}
	}
	out = append(out, l)
	out = append(out, line{w(strconv.Itoa(s.Green) + " green, " + strconv.Itoa(s.Yellow) + " yellow, " + strconv.Itoa(s.Red) + " red")})
	if g.URL != "" {
		out = append(out, line{span{kind: words, text: "Dashboard", url: g.URL}})
	}
	return out
}

func shortHash(h string) string {
	if len(h) > 7 {
		return h[:7]
	}
	return h
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// sections are the digest's sections after the headline, in SPEC §5's
// order; a section with no item is left out, and the sections that need
// a BASE are one note without one.
func (g *Digest) sections() []section {
	var out []section
	add := func(key, title string, lines []line) {
		if len(lines) > 0 {
			out = append(out, section{key: key, title: title, lines: lines})
		}
	}
	if g.Base != nil {
		add("moved", "Moved goalposts", g.movedLines())
	}
	add("at_risk", "At risk", g.atRiskLines())
	if g.Base != nil {
		add("score_changes", "Score changes", g.scoreLines())
		add("checkins", "Check-ins", g.checkinLines())
	}
	add("due", "Due", g.dueLines())
	if len(out) > 0 && out[len(out)-1].key == "due" {
		out[len(out)-1].url = g.DueURL
	}
	if g.Base != nil {
		add("kpis", "KPIs", g.kpiLines())
	}
	return out
}

// items is how many items the sections hold.
func items(ss []section) int {
	n := 0
	for _, s := range ss {
		n += len(s.lines)
	}
	return n
}

// value shows a change's old or new value: a number with its unit, text
// as data, "none".
func value(v any, unit string) []span {
	switch v := v.(type) {
	case nil:
		return []span{w("none")}
	case float64:
		out := []span{w(render.Num(v))}
		switch unit {
		case "":
		case "%":
			out = append(out, d(unit))
		default:
			out = append(out, w(" "), d(unit))
		}
		return out
	case string:
		return []span{w("“"), d(v), w("”")}
	}
	return []span{w("?")}
}

func (g *Digest) movedLines() []line {
	var out []line
	for _, m := range g.Moved {
		l := line{c(m.Ref, m.URL), w(" ")}
		switch m.Kind {
		case change.Modified:
			l = append(l, d(m.Field), w(" "))
			l = append(l, value(m.Old, m.BaseUnit)...)
			l = append(l, w(" → "))
			l = append(l, value(m.New, m.Unit)...)
			if m.Direction != "" {
				l = append(l, w(" ("+m.Direction+")"))
			}
		default:
			what := strings.ReplaceAll(m.Entity, "_", " ")
			l = append(l, w(what+" "+string(m.Kind)))
			if t, ok := m.New.(string); ok && m.Kind == change.Added {
				l = append(l, w(": "), d(t))
			} else if t, ok := m.Old.(string); ok {
				l = append(l, w(": "), d(t))
			}
		}
		if m.Author != nil {
			l = append(l, w(", by "), d(*m.Author))
		} else {
			l = append(l, w(", in the work tree"))
		}
		out = append(out, l)
	}
	return out
}

func confidence(c int) string { return strconv.Itoa(c) + " " + model.ConfidenceWord(c) }

func (g *Digest) atRiskLines() []line {
	var out []line
	for _, r := range g.AtRisk {
		l := line{c(r.Ref, r.URL), w(" "), d(r.Title), w(", "), p(r.Owner), w(": score " + num2(r.Score))}
		if r.ForecastScore != nil {
			l = append(l, w(", forecast "+num2(*r.ForecastScore)))
		}
		l = append(l, w(", "+r.Status))
		if r.Confidence != nil {
			l = append(l, w(", confidence "+confidence(*r.Confidence)))
		}
		out = append(out, l)
	}
	return out
}

func (g *Digest) scoreLines() []line {
	var out []line
	for _, s := range g.ScoreChanges {
		delta := hundredths(s.New) - hundredths(s.Old)
		sign := "+"
		if delta < 0 {
			sign, delta = "-", -delta
		}
		out = append(out, line{c(s.Ref, s.URL), w(" (" + s.Period + ") " + num2(s.Old) + " → "), strong(num2(s.New)),
			w(" (" + sign + strconv.FormatInt(delta/100, 10) + "." + pad2(delta%100) + ")")})
	}
	return out
}

func pad2(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

func (g *Digest) checkinLines() []line {
	var out []line
	for _, ch := range g.Checkins {
		out = append(out, line{p(ch.Person), w(": " + plural(ch.Count, "check-in", "check-ins"))})
	}
	for _, cd := range g.ConfidenceDrops {
		out = append(out, line{c(cd.Ref, cd.URL), w(": confidence " + confidence(cd.Old) + " → " + confidence(cd.New))})
	}
	return out
}

func (g *Digest) dueLines() []line {
	var out []line
	for _, x := range g.Due {
		l := line{span{kind: who, text: x.Owner, mention: true}, w(": ")}
		url := ""
		if x.Kind == "kpi" {
			url = links(strings.TrimSuffix(g.DueURL, "/due.html")).page("kpi-" + x.Ref + ".html")
			l = append(l, w("KPI "))
		} else if g.DueURL != "" {
			parts := strings.Split(x.Ref, "/")
			if len(parts) == 3 {
				url = links(strings.TrimSuffix(g.DueURL, "/due.html")).keyResult(x.DocumentOwner, x.Period, parts[1], parts[2])
			}
		}
		l = append(l, c(x.Ref, url), w(" "), d(x.Title), w(", "+x.Cadence+", "))
		if x.LastAt != nil {
			l = append(l, w("last "), d(*x.LastAt))
		} else {
			l = append(l, w("never checked in"))
		}
		l = append(l, w(", "), strong(plural(x.OverdueDays, "day", "days")+" overdue"))
		out = append(out, l)
	}
	return out
}

func (g *Digest) kpiLines() []line {
	var out []line
	for _, k := range g.KPIs {
		l := line{c(k.ID, k.URL), w(" "), d(k.Name), w(": health " + k.Health)}
		if k.HealthBefore != nil && *k.HealthBefore != k.Health {
			l = append(l, w(" (was "+*k.HealthBefore+")"))
		}
		if k.Stale {
			l = append(l, w(", stale"))
			if k.StaleBefore != nil && !*k.StaleBefore {
				l = append(l, w(" (was not)"))
			}
		}
		out = append(out, l)
	}
	return out
}

// leftOut is the line that says how many items a writer left out.
func (g *Digest) leftOut(n int) line {
	l := line{w(plural(n, "more item", "more items") + " left out")}
	if g.Command != "" {
		l = append(l, w("; "), c(g.Command+" --format text", ""), w(" shows them all"))
	}
	if g.URL != "" {
		l = append(l, w("; "), span{kind: words, text: "see the dashboard", url: g.URL})
	}
	return l
}

// titleSpan is a section's title, linked to its page when it has one.
func (s section) titleSpan() span {
	return span{kind: words, text: s.title, url: s.url}
}
