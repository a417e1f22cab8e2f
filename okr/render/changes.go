package render

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/okr-as-code/okr/okr/change"
)

// ChangeFormats are the formats of `okr diff`.
var ChangeFormats = []string{"text", "markdown", "json"}

// Changes writes a semantic diff in format: text (one aligned line per
// change, then one per score change, then a summary), json (the Diff,
// indented) or markdown (for a pull-request comment: a summary, the moved
// goalposts, a table of changes and a table of score changes). Colour
// applies to text only. Values are shown exactly (a target of 99.995 stays
// 99.995); scores with up to two decimals.
func Changes(w io.Writer, format string, d *change.Diff, color bool) error {
	if d == nil {
		d = &change.Diff{}
	}
	switch format {
	case "text", "":
		return changesText(w, d, color)
	case "json":
		out := *d
		if out.Changes == nil {
			out.Changes = []change.Change{}
		}
		if out.Scores == nil {
			out.Scores = []change.ScoreChange{}
		}
		return JSON(w, out)
	case "markdown":
		return changesMarkdown(w, d)
	}
	return UnknownFormat(format, ChangeFormats)
}

// changesSummary is the one-line summary of a diff, such as "2 goals
// changed, 1 goalpost moved after its period began, 3 scores changed".
func changesSummary(d *change.Diff) string {
	goals, kpis := map[[3]string]bool{}, map[string]bool{}
	moved := 0
	for _, c := range d.Changes {
		if c.Entity == change.KPI {
			kpis[c.Ref] = true
		} else {
			goals[[3]string{c.Period, c.Entity, c.Ref}] = true
		}
		if c.AfterPeriodStart {
			moved++
		}
	}
	var parts []string
	if len(goals) == 0 && len(kpis) == 0 {
		parts = append(parts, "no changes to goals")
	}
	if len(goals) > 0 {
		parts = append(parts, plural(len(goals), "goal")+" changed")
	}
	if len(kpis) > 0 {
		parts = append(parts, plural(len(kpis), "KPI")+" changed")
	}
	if moved == 1 {
		parts = append(parts, "1 goalpost moved after its period began")
	} else if moved > 1 {
		parts = append(parts, fmt.Sprintf("%d goalposts moved after their period began", moved))
	}
	if len(d.Scores) > 0 {
		parts = append(parts, plural(len(d.Scores), "score")+" changed")
	}
	return strings.Join(parts, ", ")
}

// changeEntity names what a change's ref is, for added and removed.
func changeEntity(c change.Change) string {
	switch c.Entity {
	case change.Owner:
		return "owner"
	case change.Objective:
		return "objective"
	case change.KeyResult:
		return "key result"
	case change.KPI:
		return "KPI"
	}
	return c.Entity
}

// changeWhat is a change's second column: the field that changed, or
// "objective added", "key result removed", ….
func changeWhat(c change.Change) string {
	if c.Kind == change.Modified {
		return c.Field
	}
	return changeEntity(c) + " " + string(c.Kind)
}

// changeNote is the parenthetical of a change: "after the period began",
// "easier", both, or "".
func changeNote(c change.Change) string {
	var notes []string
	if c.AfterPeriodStart {
		notes = append(notes, "after the period began")
	}
	if c.Direction != "" {
		notes = append(notes, c.Direction)
	}
	return strings.Join(notes, ", ")
}

// changeLabel is the first column of a text line: the period, or "KPI".
func changeLabel(period, entity string) string {
	if entity == change.KPI {
		return "KPI"
	}
	return Text(period)
}

// chgTextValue shows a change's old or new value: a number exactly, a string
// quoted, "none" when absent.
func chgTextValue(v any) string {
	switch v := v.(type) {
	case nil:
		return "none"
	case float64:
		return chgNum(v)
	case string:
		return Quote(v)
	}
	return Quote(fmt.Sprint(v))
}

// chgScore shows a score with up to two decimals: 0.45, 0.5, 1.
func chgScore(v *float64) string {
	if v == nil {
		return ""
	}
	s := strconv.FormatFloat(*v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}

// chgDelta shows new − old signed with two decimals (+0.06, -0.13, or
// -<0.01 for a change too small to show), "" when either is absent.
func chgDelta(s change.ScoreChange) string {
	if s.Old == nil || s.New == nil {
		return ""
	}
	d := *s.New - *s.Old
	out := strconv.FormatFloat(math.Abs(d), 'f', 2, 64)
	if out == "0.00" {
		out = "<0.01"
	}
	if d < 0 {
		return "-" + out
	}
	return "+" + out
}

func changesText(w io.Writer, d *change.Diff, color bool) error {
	type line struct{ label, ref, what, value, note, colour string }
	var changes, scores []line
	for _, c := range d.Changes {
		l := line{label: changeLabel(c.Period, c.Entity), ref: Text(c.Ref), what: changeWhat(c), note: changeNote(c)}
		switch c.Kind {
		case change.Added:
			l.colour = ansiGreen
			if c.New != nil {
				l.value = chgTextValue(c.New)
			}
		case change.Removed:
			l.colour = ansiRed
			if c.Old != nil {
				l.value = chgTextValue(c.Old)
			}
		default:
			l.value = chgTextValue(c.Old) + " → " + chgTextValue(c.New)
		}
		changes = append(changes, l)
	}
	for _, s := range d.Scores {
		l := line{label: Text(s.Period), ref: Text(s.Ref), what: "score"}
		old, new := chgScore(s.Old), chgScore(s.New)
		l.value = cmp.Or(old, "none") + " → " + cmp.Or(new, "none")
		if delta := chgDelta(s); delta != "" {
			l.note = delta
		}
		scores = append(scores, l)
	}
	var wl, wr, ww int
	for _, ls := range [][]line{changes, scores} {
		for _, l := range ls {
			wl = max(wl, utf8.RuneCountInString(l.label))
			wr = max(wr, utf8.RuneCountInString(l.ref))
			ww = max(ww, utf8.RuneCountInString(l.what))
		}
	}
	pad := func(s string, n int) string { return s + strings.Repeat(" ", n-utf8.RuneCountInString(s)) }
	var b strings.Builder
	write := func(ls []line) {
		for _, l := range ls {
			what := l.what
			if color && l.colour != "" {
				what = l.colour + what + ansiReset
			}
			s := pad(l.label, wl) + "  " + pad(l.ref, wr) + "  " + what
			if l.value != "" || l.note != "" {
				s += strings.Repeat(" ", ww-utf8.RuneCountInString(l.what))
			}
			if l.value != "" {
				s += "  " + l.value
			}
			if l.note != "" {
				note := "(" + l.note + ")"
				if color && strings.HasPrefix(l.note, "after") {
					note = ansiYellow + note + ansiReset
				}
				s += "  " + note
			}
			b.WriteString(strings.TrimRight(s, " "))
			b.WriteByte('\n')
		}
	}
	write(changes)
	if len(changes) > 0 && len(scores) > 0 {
		b.WriteByte('\n')
	}
	write(scores)
	if len(changes)+len(scores) > 0 {
		b.WriteByte('\n')
	}
	summary := changesSummary(d)
	if color {
		summary = ansiBold + summary + ansiReset
	}
	b.WriteString(summary + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func changesMarkdown(w io.Writer, d *change.Diff) error {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**\n", chgSentence(changesSummary(d)))
	if d.Base != "" || d.Head != "" {
		fmt.Fprintf(&b, "\nGoals in %s compared with %s.\n", chgMDCode(cmp.Or(d.Head, "head"), false), chgMDCode(cmp.Or(d.Base, "base"), false))
	}

	var moved []change.Change
	for _, c := range d.Changes {
		if c.AfterPeriodStart {
			moved = append(moved, c)
		}
	}
	if len(moved) > 0 {
		b.WriteString("\n### Moved goalposts\n\nChanged on or after the first day of their period:\n\n")
		for _, c := range moved {
			fmt.Fprintf(&b, "- %s (%s): ", chgMDCode(c.Ref, false), chgMDPeriod(c.Period, false))
			switch c.Kind {
			case change.Modified:
				fmt.Fprintf(&b, "%s %s → %s", c.Field, chgMDValue(c.Old, false, "none"), chgMDValue(c.New, false, "none"))
			case change.Added:
				b.WriteString(changeWhat(c))
				if c.New != nil {
					b.WriteString(", " + chgMDValue(c.New, false, ""))
				}
			case change.Removed:
				b.WriteString(changeWhat(c))
				if c.Old != nil {
					b.WriteString(", " + chgMDValue(c.Old, false, ""))
				}
			}
			if c.Direction != "" {
				fmt.Fprintf(&b, ", **%s**", c.Direction)
			}
			b.WriteString("\n")
		}
	}

	if len(d.Changes) > 0 {
		b.WriteString("\n### Changes\n\n| Period | Ref | Change | Old | New |\n| --- | --- | --- | --- | --- |\n")
		for _, c := range d.Changes {
			period := chgMDPeriod(c.Period, true)
			if c.Entity == change.KPI {
				period = "KPI"
			}
			what := changeWhat(c)
			if note := changeNote(c); note != "" {
				what += " (" + note + ")"
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", period, chgMDCode(c.Ref, true), what, chgMDValue(c.Old, true, ""), chgMDValue(c.New, true, ""))
		}
	}

	if len(d.Scores) > 0 {
		b.WriteString("\n### Score changes\n\n| Period | Ref | Old | New | Δ |\n| --- | --- | ---: | ---: | ---: |\n")
		for _, s := range d.Scores {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", chgMDPeriod(s.Period, true), chgMDCode(s.Ref, true), chgScore(s.Old), chgScore(s.New), chgDelta(s))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// chgSentence capitalises the first letter of a summary.
func chgSentence(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// chgMDValue shows a change's value in Markdown: a number exactly, text as a
// code span (so that nothing in it is read as Markdown, HTML or a mention),
// absent as none.
func chgMDValue(v any, cell bool, none string) string {
	switch v := v.(type) {
	case nil:
		return none
	case float64:
		return chgNum(v)
	case string:
		return chgMDCode(v, cell)
	}
	return chgMDCode(fmt.Sprint(v), cell)
}

// chgMDPeriod shows a period as is when it is made of safe characters (as a
// valid period is), else as a code span.
func chgMDPeriod(p string, cell bool) string {
	for _, r := range p {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == '-') {
			return chgMDCode(p, cell)
		}
	}
	return p
}

// chgMDCode is MarkdownCode: one code span safe in prose and in a table
// cell alike.
func chgMDCode(s string, cell bool) string { return MarkdownCode(s) }

// chgNum is a level or KPI value exactly, in the shortest form that reads
// back to the same number: 300, 99.995, 0.125.
func chgNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
