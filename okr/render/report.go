package render

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/okr-as-code/okr/okr/change"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/report"
	"github.com/okr-as-code/okr/okr/score"
	"github.com/okr-as-code/okr/okr/tree"
)

// ReportFormats are the formats of `okr report`.
var ReportFormats = []string{"markdown", "json", "xlsx"}

// Report writes a period's report. The markdown fits a comment column:
// narrow tables of the essentials, one line per key result (so that a
// committed report diffs cleanly from week to week), the rest in
// <details>.
func Report(w io.Writer, format string, r *report.Report) error {
	switch format {
	case "json":
		return JSON(w, r)
	case "markdown", "":
		return reportMarkdown(w, r)
	case "xlsx":
		return reportXLSX(w, r)
	}
	return UnknownFormat(format, ReportFormats)
}

func reportMarkdown(w io.Writer, r *report.Report) error {
	var b strings.Builder
	title := "OKR report"
	if r.Organization != "" {
		title = Markdown(r.Organization) + " OKR report"
	}
	fmt.Fprintf(&b, "# %s: %s\n\n", title, r.Period)
	fmt.Fprintf(&b, "As of %s · %s runs %s to %s\n", r.AsOf, r.Period, r.Start, r.End)

	b.WriteString("\n## Summary\n\n")
	if len(r.Scores.Owners) == 0 {
		b.WriteString("No Objectives documents selected.\n")
	} else {
		b.WriteString("| Owner | Score | Forecast | Status |\n")
		b.WriteString("| --- | ---: | ---: | --- |\n")
		for _, o := range r.Scores.Owners {
			fmt.Fprintf(&b, "| %s · %s | %s %s | %s | %s |\n", Markdown(o.Owner), chgMDPeriod(o.Period, true),
				scScore(o.Score), scEmoji(o.Grade), rpForecastScore(o.ForecastScore, o.ForecastGrade), o.Status)
		}
	}

	reportChangesMarkdown(&b, r)
	reportDueMarkdown(&b, r)

	b.WriteString("\n## Scores\n")
	for _, o := range r.Scores.Owners {
		reportOwnerMarkdown(&b, r, o)
	}
	if len(r.Scores.Owners) == 0 {
		b.WriteString("\nNo Objectives documents selected.\n")
	}

	reportKPIsMarkdown(&b, r)
	if len(r.Scores.Owners) > 0 {
		// The alignment tree, which GitHub draws from a mermaid block.
		b.WriteString("\n## Alignment\n\n```mermaid\n")
		if err := TreeMermaid(&b, tree.Build(r.Scores)); err != nil {
			return err
		}
		b.WriteString("```\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// reportChangesMarkdown writes the moved goalposts: when each landed, the
// goal, the change, and who made it in which commit.
func reportChangesMarkdown(b *strings.Builder, r *report.Report) {
	b.WriteString("\n## Goal changes after the period began\n\n")
	switch {
	case r.History != "git" && r.History != "shallow":
		fmt.Fprintf(b, "History unavailable: %s.\n", Markdown(r.History))
	case len(r.Changes) == 0:
		b.WriteString("None: no target, baseline or level was changed, and no goal added or removed, after its period began.\n")
	default:
		b.WriteString("| Landed | Goal | Change | By |\n")
		b.WriteString("| --- | --- | --- | --- |\n")
		for _, c := range r.Changes {
			by := Markdown(c.Author) + " " + MarkdownCode(c.Short)
			if c.Landed != c.Commit {
				by += " (merged in " + MarkdownCode(c.LandedShort) + ")"
			}
			fmt.Fprintf(b, "| %s | %s %s | %s | %s |\n", c.Date, MarkdownCode(c.Ref), chgMDPeriod(c.Period, true), rpChange(c.Change), by)
		}
	}
	if r.History == "shallow" {
		b.WriteString("\nThe history is a shallow clone: changes made before its oldest commit are not shown" +
			" (fetch the full history with `git fetch --unshallow`).\n")
	}
}

// rpChange says what a change did: "target 250 → 400 (easier)", "stretch
// 200 → none", "key result added: Lift conversion".
func rpChange(c change.Change) string {
	if c.Kind != change.Modified {
		s := changeEntity(c) + " " + string(c.Kind)
		title := c.New
		if c.Kind == change.Removed {
			title = c.Old
		}
		if t, ok := title.(string); ok && t != "" {
			s += ": " + Markdown(t)
		}
		return s
	}
	s := Markdown(c.Field) + " " + rpValue(c.Old) + " → " + rpValue(c.New)
	if c.Direction != "" {
		s += " (" + c.Direction + ")"
	}
	return s
}

// rpValue is a changed level: the number as written, or none.
func rpValue(v any) string {
	switch v := v.(type) {
	case nil:
		return "none"
	case float64:
		return chgNum(v)
	case string:
		return Markdown(v)
	}
	return Markdown(fmt.Sprint(v))
}

// reportDueMarkdown writes the check-ins due, by person, most overdue
// first.
func reportDueMarkdown(b *strings.Builder, r *report.Report) {
	b.WriteString("\n## Check-ins due\n\n")
	if r.Due == nil || len(r.Due.Due) == 0 {
		b.WriteString("None: every key result and KPI has a check-in within its cadence.\n")
		return
	}
	b.WriteString("| Who | Check-in | Overdue |\n")
	b.WriteString("| --- | --- | ---: |\n")
	for _, d := range r.Due.Due {
		last := "never"
		if d.LastAt != nil {
			last = "last " + Markdown(*d.LastAt)
		}
		days := "days"
		if d.OverdueDays == 1 {
			days = "day"
		}
		fmt.Fprintf(b, "| %s | %s %s | %d %s (%s, %s) |\n",
			Markdown(PersonLabel(d.Name, d.Owner)), MarkdownCode(d.Ref), Markdown(d.Title), d.OverdueDays, days, d.Cadence, last)
	}
}

// reportOwnerMarkdown writes one Objectives document: a narrow table of
// its objectives and key results (score, forecast, check-ins), then the
// details of each key result in a list inside <details>.
func reportOwnerMarkdown(b *strings.Builder, r *report.Report, o score.Owner) {
	fmt.Fprintf(b, "\n### %s · %s · %s %s\n\n", Markdown(o.Owner), chgMDPeriod(o.Period, true), scScore(o.Score), scEmoji(o.Grade))
	fmt.Fprintf(b, "%s, %s", o.Grade, o.Status)
	if o.ForecastScore != nil {
		fmt.Fprintf(b, " · forecast %s", rpForecastScore(o.ForecastScore, o.ForecastGrade))
	}
	fmt.Fprintf(b, " · %s · %s\n\n", Markdown(o.Level), MarkdownCode(o.File))
	if len(o.Objectives) == 0 {
		b.WriteString("No objectives.\n")
		return
	}
	b.WriteString("| Objective / key result | Check-ins | Now | Score | Forecast |\n")
	b.WriteString("| --- | --- | ---: | ---: | ---: |\n")
	for _, ob := range o.Objectives {
		typ := ""
		if ob.Type == model.Committed {
			typ = " (committed)"
		}
		fmt.Fprintf(b, "| **%s**%s |  |  | **%s %s** | %s |\n",
			Markdown(ob.Title), typ, scScore(ob.Score), scEmoji(ob.Grade), rpForecastScore(ob.ForecastScore, ob.ForecastGrade))
		for _, k := range ob.KeyResults {
			km := k // its unit escaped for Markdown, where numbers need none
			km.Unit = Markdown(k.Unit)
			fc := ""
			if k.Forecast != nil {
				fc = scScore(k.Forecast.Score) + " " + scEmoji(k.Forecast.Grade)
			}
			title := Markdown(k.Title)
			if k.Owner != "" {
				title += " (owner: " + Markdown(k.Owner) + ")"
			}
			now := scKRCurrent(km)
			if c := scConfidence(k.Confidence); c != "" {
				now += "<br>confidence " + c
			}
			fmt.Fprintf(b, "| ↳ %s | %s | %s | %s %s | %s |\n",
				title, rpSparkline(r.Checkins[k.Ref]), now, scScore(k.Score), scEmoji(k.Grade), fc)
		}
	}
	fmt.Fprintf(b, "\n<details><summary>Key results of %s · %s</summary>\n\n", Markdown(o.Owner), chgMDPeriod(o.Period, true))
	for _, ob := range o.Objectives {
		for _, k := range ob.KeyResults {
			b.WriteString(rpDetails(k, len(r.Checkins[k.Ref])))
		}
	}
	b.WriteString("\n</details>\n")
}

// rpDetails is one key result's line of details: its ref and owner, its
// levels, forecast with the 80% band, what it still needs per week, its
// confidence, status and check-ins.
func rpDetails(k score.KeyResult, checkins int) string {
	km := k
	km.Unit = Markdown(k.Unit)
	parts := []string{}
	if base := scKRBaseline(km); base != "" {
		parts = append(parts, "baseline "+base)
	}
	if t := scKRTarget(km); t != "" {
		parts = append(parts, "target "+t)
	}
	if f := k.Forecast; f != nil {
		v := scUnit(scNum(f.Value), km.Unit)
		if f.Low != nil && f.High != nil {
			v += " (80%: " + scNum(*f.Low) + "–" + scNum(*f.High) + ")"
		}
		parts = append(parts, "forecast "+v+" → "+scScore(f.Score)+" "+f.Grade)
	}
	if n := scNeeded(km); n != "" {
		parts = append(parts, "needed "+n+" a week")
	}
	if c := scConfidence(k.Confidence); c != "" {
		parts = append(parts, "confidence "+c+" on "+Markdown(scStr(k.ConfidenceAt)))
	}
	parts = append(parts, k.Grade+", "+k.Status)
	switch {
	case checkins == 1:
		parts = append(parts, "1 check-in")
	default:
		parts = append(parts, fmt.Sprintf("%d check-ins", checkins))
	}
	if k.LastAt != nil {
		parts[len(parts)-1] += ", last " + Markdown(*k.LastAt)
	}
	who := ""
	if k.Owner != "" {
		who = " · owner " + Markdown(k.Owner)
	}
	return fmt.Sprintf("- %s%s: %s\n", MarkdownCode(k.Ref), who, strings.Join(parts, " · "))
}

// rpForecastScore is a forecast score and its grade, "" without one.
func rpForecastScore(v *float64, grade *string) string {
	if v == nil || grade == nil {
		return ""
	}
	return scScore(*v) + " " + scEmoji(*grade)
}

// rpSparkline draws a key result's check-ins.
func rpSparkline(cs []report.Checkin) string {
	values := make([]float64, len(cs))
	for i, c := range cs {
		values[i] = c.Value
	}
	return sparkline(values)
}

// reportKPIsMarkdown writes KPI health: the last value and the health in a
// narrow table, the rest in <details>.
func reportKPIsMarkdown(b *strings.Builder, r *report.Report) {
	b.WriteString("\n## KPI health\n\n")
	if len(r.KPIs.KPIs) == 0 {
		b.WriteString("No KPIs.\n")
		return
	}
	b.WriteString("| KPI | Last | Health |\n")
	b.WriteString("| --- | ---: | --- |\n")
	for _, k := range r.KPIs.KPIs {
		c := kpiRow(k, Markdown)
		health := scEmoji(k.Health) + " " + k.Health
		if k.Stale {
			health += ", stale"
		}
		fmt.Fprintf(b, "| %s %s | %s | %s |\n", c[0], MarkdownCode(k.ID), c[1], health)
	}
	b.WriteString("\n<details><summary>KPI details</summary>\n\n")
	for _, k := range r.KPIs.KPIs {
		c := kpiRow(k, Markdown)
		parts := []string{}
		if c[2] != "" {
			parts = append(parts, "last on "+c[2])
		}
		if c[3] != "" {
			parts = append(parts, "previous "+c[3]+" ("+c[4]+")")
		}
		if c[5] != "" {
			parts = append(parts, "target "+c[5])
		}
		parts = append(parts, "stale "+c[7])
		fmt.Fprintf(b, "- %s: %s\n", MarkdownCode(k.ID), strings.Join(parts, " · "))
	}
	b.WriteString("\n</details>\n")
}

// sparkBlocks are the eight levels of a sparkline, lowest first.
var sparkBlocks = []rune("▁▂▃▄▅▆▇█")

// maxSpark is how many check-ins a sparkline draws: the last ones, so
// that a daily cadence still fits a table cell.
const maxSpark = 16

// sparkline draws values (the last maxSpark of them) as a Unicode
// sparkline: each value's level is its place between the lowest and the
// highest value drawn, in sevenths rounded to the nearest, from ▁ to █.
// When all are equal each is ▄; without values it is "". A range beyond
// float64 (−1.7e308 to 1.7e308) is measured on halves.
func sparkline(values []float64) string {
	if len(values) > maxSpark {
		values = values[len(values)-maxSpark:]
	}
	if len(values) == 0 {
		return ""
	}
	lo, hi := values[0], values[0]
	for _, v := range values {
		lo, hi = min(lo, v), max(hi, v)
	}
	out := make([]rune, len(values))
	for i, v := range values {
		level := 3
		if hi > lo {
			level = int(math.Round(sparkFrac(v, lo, hi) * 7))
		}
		out[i] = sparkBlocks[min(max(level, 0), 7)]
	}
	return string(out)
}

// sparkFrac is (v − lo) / (hi − lo) for finite lo ≤ v ≤ hi, lo < hi: on
// halves where hi − lo overflows (−1.7e308 to 1.7e308), which cannot; 0
// for a value that is not finite.
func sparkFrac(v, lo, hi float64) float64 {
	f := (v - lo) / (hi - lo)
	if math.IsInf(hi-lo, 0) {
		f = (v/2 - lo/2) / (hi/2 - lo/2)
	}
	if math.IsNaN(f) {
		return 0
	}
	return f
}
