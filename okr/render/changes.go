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
	"github.com/okr-as-code/okr/okr/model"
)

// ChangeFormats are the formats of `okr diff`.
var ChangeFormats = []string{"text", "markdown", "json", "github"}

// MarkdownLimit is the most characters (bytes) a Markdown diff holds: a
// GitHub comment holds at most 65,536, and a workflow may add its own text.
const MarkdownLimit = 60000

// ChangeOptions are what Changes needs besides the diff.
type ChangeOptions struct {
	Color bool // ANSI colour, text only
	// Command is the okr command line that shows the whole diff, which a
	// Markdown diff cut at its limit names.
	Command string
	// Since is the WHEN of --since, "" without, and SinceDay the day it
	// names: the Markdown heading says that the base is the last commit
	// before that day.
	Since, SinceDay string
	// Prefix is the root's path within the git work tree ("" at its top),
	// prepended to files in the github format so that annotations land on
	// the right file.
	Prefix string
	// Limit is the Markdown limit in bytes; 0 means MarkdownLimit.
	Limit int
}

// Changes writes a semantic diff in format:
//
//   - text: one aligned line per goal change, per check-in and per score
//     change, then a summary; colour only with opts.Color;
//   - json: the Diff, indented (numbers with 12 significant digits);
//   - markdown: a pull-request comment that starts with the line
//     `<!-- okr diff -->` (for a workflow to find and update its own
//     comment), says the as-of date and the revisions in its heading, and
//     lists the moved goalposts first, then the other goal changes, the
//     check-ins and the score changes, cut at opts.Limit with a note of
//     how many it left out and which command shows them all;
//   - github: a workflow-command annotation per goal change, at its line in
//     the head (a warning for a moved goalpost, a notice otherwise), a
//     notice per check-in (an added one at its line), then a notice with
//     the summary.
//
// Levels and values are shown exactly (a target of 99.995 stays 99.995)
// with their units; scores with up to two decimals, and a difference of
// scores as the difference of the values shown (0.72 → 0.78 is +0.06).
func Changes(w io.Writer, format string, d *change.Diff, opts ChangeOptions) error {
	if d == nil {
		d = &change.Diff{}
	}
	switch format {
	case "text", "":
		return changesText(w, d, opts.Color)
	case "json":
		return JSON(w, changesJSON(d))
	case "markdown":
		return changesMarkdown(w, d, opts)
	case "github":
		return changesGitHub(w, d, opts.Prefix)
	}
	return UnknownFormat(format, ChangeFormats)
}

// changesJSON is d with every list present ([], never null); JSON rounds
// its numbers to 12 significant digits.
func changesJSON(d *change.Diff) change.Diff {
	out := *d
	if out.Changes == nil {
		out.Changes = []change.Change{}
	}
	if out.Scores == nil {
		out.Scores = []change.ScoreChange{}
	}
	if out.Measurements == nil {
		out.Measurements = []change.MeasurementChange{}
	}
	return out
}

// changesSummary is the one-line summary of a diff, such as "2 goals
// changed, 1 goalpost moved after its period began, 1 check-in added, 3
// scores changed".
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
	added, removed := 0, 0
	for _, m := range d.Measurements {
		if m.Kind == change.Removed {
			removed++
		} else {
			added++
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
	if added > 0 {
		parts = append(parts, plural(added, "check-in")+" added")
	}
	if removed > 0 {
		parts = append(parts, plural(removed, "check-in")+" removed")
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

// withUnit writes a number and its unit (already escaped for its medium):
// "300 ms", "4%", "12".
func withUnit(num, unit string) string {
	switch unit {
	case "":
		return num
	case "%":
		return num + unit
	}
	return num + " " + unit
}

// chgTextValue shows a change's old or new value: a number exactly with
// its unit, a string quoted, "none" when absent.
func chgTextValue(v any, unit string) string {
	switch v := v.(type) {
	case nil:
		return "none"
	case float64:
		return withUnit(chgNum(v), Text(unit))
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

// hundredths is a score as shown, in hundredths: 0.725 shown as 0.72 is 72.
func hundredths(v float64) int64 {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	n, err := strconv.ParseInt(strings.Replace(s, ".", "", 1), 10, 64)
	if err != nil { // not finite: never a listed score
		return 0
	}
	return n
}

// chgDelta shows the difference of the two scores as they are shown, signed
// with two decimals, so that it adds up on the page: 0.72 → 0.78 is +0.06
// (even when the values were 0.7249 and 0.7751). A change too small to show
// is +0.00 or -0.00, by the way it went. "" when either is absent.
func chgDelta(s change.ScoreChange) string {
	if s.Old == nil || s.New == nil {
		return ""
	}
	d := hundredths(*s.New) - hundredths(*s.Old)
	neg := d < 0 || d == 0 && *s.New < *s.Old
	if d < 0 {
		d = -d
	}
	out := fmt.Sprintf("%d.%02d", d/100, d%100)
	if neg {
		return "-" + out
	}
	return "+" + out
}

// chgConfidence shows a confidence as tables do: "7 high"; "" when absent.
func chgConfidence(c *int) string {
	if c == nil {
		return ""
	}
	return strconv.Itoa(*c) + " " + model.ConfidenceWord(*c)
}

// chgWhere is a measurement's file and line: "measurements/nps.csv:3".
func chgWhere(m change.MeasurementChange) string {
	if m.Line > 0 {
		return m.File + ":" + strconv.Itoa(m.Line)
	}
	return m.File
}

func changesText(w io.Writer, d *change.Diff, color bool) error {
	type line struct{ label, ref, what, value, note, colour string }
	var changes, checkins, scores []line
	for _, c := range d.Changes {
		l := line{label: changeLabel(c.Period, c.Entity), ref: Text(c.Ref), what: changeWhat(c), note: changeNote(c)}
		switch c.Kind {
		case change.Added:
			l.colour = ansiGreen
			if c.New != nil {
				l.value = chgTextValue(c.New, c.Unit)
			}
		case change.Removed:
			l.colour = ansiRed
			if c.Old != nil {
				l.value = chgTextValue(c.Old, c.BaseUnit)
			}
		default:
			l.value = chgTextValue(c.Old, c.BaseUnit) + " → " + chgTextValue(c.New, c.Unit)
		}
		changes = append(changes, l)
	}
	for _, m := range d.Measurements {
		l := line{label: "check-in", ref: Text(m.Metric), what: string(m.Kind), colour: ansiGreen}
		if m.Kind == change.Removed {
			l.colour = ansiRed
		}
		parts := []string{Text(m.At), withUnit(chgNum(m.Value), Text(m.Unit))}
		if c := chgConfidence(m.Confidence); c != "" {
			parts = append(parts, "confidence "+c)
		}
		if m.Note != "" {
			parts = append(parts, Quote(m.Note))
		}
		l.value = strings.Join(parts, "  ")
		l.note = Text(chgWhere(m))
		checkins = append(checkins, l)
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
	for _, ls := range [][]line{changes, checkins, scores} {
		for _, l := range ls {
			wl = max(wl, utf8.RuneCountInString(l.label))
			wr = max(wr, utf8.RuneCountInString(l.ref))
			ww = max(ww, utf8.RuneCountInString(l.what))
		}
	}
	pad := func(s string, n int) string { return s + strings.Repeat(" ", n-utf8.RuneCountInString(s)) }
	var b strings.Builder
	sections := 0
	write := func(ls []line) {
		if len(ls) == 0 {
			return
		}
		if sections > 0 {
			b.WriteByte('\n')
		}
		sections++
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
	write(checkins)
	write(scores)
	if sections > 0 {
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

// mdSection is one heading and table of a Markdown diff.
type mdSection struct {
	head string // the heading, an introduction and the table's header rows
	rows []string
}

func changesMarkdown(w io.Writer, d *change.Diff, opts ChangeOptions) error {
	limit := cmp.Or(opts.Limit, MarkdownLimit)
	var b strings.Builder
	b.WriteString("<!-- okr diff -->\n")
	b.WriteString("### " + chgMDHeading(d, opts) + "\n\n")
	fmt.Fprintf(&b, "**%s**\n", chgSentence(changesSummary(d)))

	const changeTable = "| Period | Ref | Change | Old | New |\n| --- | --- | --- | --- | --- |\n"
	moved := mdSection{head: "\n#### Moved goalposts\n\nChanged on or after the first day of their period:\n\n" + changeTable}
	other := mdSection{head: "\n#### Goal changes\n\n" + changeTable}
	if len(d.Changes) > 0 {
		for _, c := range d.Changes {
			if c.AfterPeriodStart {
				moved.rows = append(moved.rows, chgMDRow(c))
			} else {
				other.rows = append(other.rows, chgMDRow(c))
			}
		}
		if len(moved.rows) > 0 {
			other.head = "\n#### Other goal changes\n\n" + changeTable
		}
	}
	checkins := mdSection{head: "\n#### Check-ins\n\n| Check-in | Metric | At | Value | Confidence | Note | File |\n| --- | --- | --- | ---: | --- | --- | --- |\n"}
	for _, m := range d.Measurements {
		checkins.rows = append(checkins.rows, fmt.Sprintf("| %s | %s | %s | %s | %s | %s | %s |\n",
			m.Kind, MarkdownCode(clip(m.Metric)), chgMDDate(m.At), withUnit(chgNum(m.Value), Markdown(clip(m.Unit))),
			chgConfidence(m.Confidence), Markdown(clip(m.Note)), MarkdownCode(clip(chgWhere(m)))))
	}
	scores := mdSection{head: "\n#### Score changes\n\n| Period | Ref | Old | New | Δ |\n| --- | --- | ---: | ---: | ---: |\n"}
	for _, s := range d.Scores {
		scores.rows = append(scores.rows, fmt.Sprintf("| %s | %s | %s | %s | %s |\n",
			chgMDPeriod(clip(s.Period), true), MarkdownCode(clip(s.Ref)), chgScore(s.Old), chgScore(s.New), chgDelta(s)))
	}
	sections := []mdSection{moved, other, checkins, scores}
	total := 0
	for _, s := range sections {
		total += len(s.rows)
	}
	note := func(left int) string {
		cmd := "okr diff"
		if opts.Command != "" {
			cmd = opts.Command
		}
		return fmt.Sprintf("\n_This comment leaves out %d of its %d rows (goal changes, check-ins and score changes), to stay within %d characters; %s shows them all._\n",
			left, total, limit, MarkdownCode(cmd))
	}
	reserve := len(note(total))
	left := 0
	for _, s := range sections {
		if left > 0 || len(s.rows) == 0 {
			left += len(s.rows)
			continue
		}
		if b.Len()+len(s.head)+len(s.rows[0])+reserve > limit {
			left += len(s.rows)
			continue
		}
		b.WriteString(s.head)
		for i, r := range s.rows {
			if b.Len()+len(r)+reserve > limit {
				left += len(s.rows) - i
				break
			}
			b.WriteString(r)
		}
	}
	if left > 0 {
		b.WriteString(note(left))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// chgMDHeading says what the diff compares and as of when: "Goals as of
// 2026-11-01: the working tree compared with `HEAD`".
func chgMDHeading(d *change.Diff, opts ChangeOptions) string {
	name := func(rev, def string) string {
		switch rev {
		case "":
			return def
		case change.WorkTree:
			return "the working tree"
		}
		return MarkdownCode(rev)
	}
	s := "Goals"
	if d.AsOf != "" {
		s += " as of " + chgMDDate(d.AsOf)
	}
	base := d.Base
	if opts.Since != "" && len(base) == 40 {
		base = base[:7] // the hash of the commit --since chose
	}
	s += ": " + name(d.Head, "the head") + " compared with " + name(base, "the base")
	if opts.Since != "" {
		s += ", the last commit before " + chgMDDate(opts.SinceDay) + " (" + MarkdownCode("--since "+opts.Since) + ")"
	}
	return s
}

// chgMDRow is a goal change as a row of the changes table.
func chgMDRow(c change.Change) string {
	period := chgMDPeriod(clip(c.Period), true)
	if c.Entity == change.KPI {
		period = "KPI"
	}
	what := changeWhat(c)
	if c.Direction != "" {
		what += ", **" + c.Direction + "**"
	}
	return fmt.Sprintf("| %s | %s | %s | %s | %s |\n", period, MarkdownCode(clip(c.Ref)), what,
		chgMDUnitValue(c.Old, c.BaseUnit), chgMDUnitValue(c.New, c.Unit))
}

// clipRunes is how much of one piece of repository text (a title, a note,
// a unit, a ref) a Markdown diff shows: a longer one is cut with "…", so
// that one hostile value cannot fill the comment and push every other
// change out of it.
const clipRunes = 200

func clip(s string) string {
	if len(s) <= clipRunes {
		return s
	}
	n := 0
	for i := range s {
		if n == clipRunes {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// chgSentence capitalises the first letter of a summary.
func chgSentence(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// chgMDUnitValue shows a change's value in Markdown: a number exactly with
// its unit, text so that it renders literally (no emphasis, link, HTML or
// mention comes from it, and a pipe cannot end the cell), absent as "".
func chgMDUnitValue(v any, unit string) string {
	switch v := v.(type) {
	case nil:
		return ""
	case float64:
		return withUnit(chgNum(v), Markdown(clip(unit)))
	case string:
		return Markdown(clip(v))
	}
	return Markdown(clip(fmt.Sprint(v)))
}

// chgMDPeriod shows a period as is when it is made of safe characters (as a
// valid period is), else as code.
func chgMDPeriod(p string, _ bool) string {
	for _, r := range p {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == '-') {
			return MarkdownCode(p)
		}
	}
	return p
}

// chgMDDate shows a date or timestamp as is when it is made of digits,
// letters and - : + . (as a valid one is: nothing in it can start
// Markdown syntax), else as Markdown escapes it.
func chgMDDate(s string) string {
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || strings.ContainsRune("-:+.", r)) {
			return Markdown(s)
		}
	}
	return s
}

// chgNum is a level or KPI value exactly, in the shortest form that reads
// back to the same number: 300, 99.995, 0.125.
func chgNum(v float64) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// changesGitHub writes a workflow command per goal change: a warning for a
// moved goalpost, a notice otherwise, at the change's position in the head
// when it has one; a notice per check-in; then a notice with the summary.
func changesGitHub(w io.Writer, d *change.Diff, prefix string) error {
	var b strings.Builder
	for _, c := range d.Changes {
		cmd, title := "notice", "okr: goal changed"
		if c.Entity == change.KPI {
			title = "okr: KPI changed"
		}
		if c.AfterPeriodStart {
			cmd, title = "warning", "okr: moved goalpost"
		}
		var props []string
		if c.Pos.File != "" {
			props = append(props, "file="+GitHubProperty(withPrefix(prefix, c.Pos.File)))
			if c.Pos.Line > 0 {
				props = append(props, "line="+strconv.Itoa(c.Pos.Line))
			}
			if c.Pos.Column > 0 {
				props = append(props, "col="+strconv.Itoa(c.Pos.Column))
			}
		}
		props = append(props, "title="+GitHubProperty(title))
		msg := c.Ref + " (" + cmp.Or(c.Period, "KPI") + "): " + changeWhat(c)
		switch c.Kind {
		case change.Added:
			if c.New != nil {
				msg += " " + chgGitHubValue(c.New, c.Unit)
			}
		case change.Removed:
			if c.Old != nil {
				msg += " " + chgGitHubValue(c.Old, c.BaseUnit)
			}
		default:
			msg += " " + chgGitHubValue(c.Old, c.BaseUnit) + " → " + chgGitHubValue(c.New, c.Unit)
		}
		if note := changeNote(c); note != "" {
			msg += " (" + note + ")"
		}
		fmt.Fprintf(&b, "::%s %s::%s\n", cmd, strings.Join(props, ","), GitHubData(msg))
	}
	for _, m := range d.Measurements {
		var props []string
		if m.Kind == change.Added && m.File != "" {
			props = append(props, "file="+GitHubProperty(withPrefix(prefix, m.File)))
			if m.Line > 0 {
				props = append(props, "line="+strconv.Itoa(m.Line))
			}
		}
		props = append(props, "title="+GitHubProperty("okr: check-in "+string(m.Kind)))
		msg := m.Metric + " " + m.At + ": " + withUnit(chgNum(m.Value), m.Unit)
		if c := chgConfidence(m.Confidence); c != "" {
			msg += ", confidence " + c
		}
		if m.Note != "" {
			msg += ", " + strconv.Quote(m.Note)
		}
		if m.Kind == change.Removed {
			msg += " (was " + chgWhere(m) + ")"
		}
		fmt.Fprintf(&b, "::notice %s::%s\n", strings.Join(props, ","), GitHubData(msg))
	}
	fmt.Fprintf(&b, "::notice title=%s::%s\n", GitHubProperty("okr diff"), GitHubData(chgSentence(changesSummary(d))))
	_, err := io.WriteString(w, b.String())
	return err
}

// withPrefix is a file relative to the root as a file relative to the top
// of the git work tree.
func withPrefix(prefix, file string) string {
	if prefix == "" || prefix == "." {
		return file
	}
	return strings.TrimSuffix(prefix, "/") + "/" + file
}

// chgGitHubValue is chgTextValue without its escaping: GitHubData escapes
// the whole message.
func chgGitHubValue(v any, unit string) string {
	switch v := v.(type) {
	case nil:
		return "none"
	case float64:
		return withUnit(chgNum(v), unit)
	case string:
		return strconv.Quote(v)
	}
	return strconv.Quote(fmt.Sprint(v))
}

// chgMDCode is MarkdownCode: one code span safe in prose and in a table
// cell alike.
func chgMDCode(s string, _ bool) string { return MarkdownCode(s) }
