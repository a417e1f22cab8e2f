package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/okr-as-code/okr/okr/change"
	"github.com/okr-as-code/okr/okr/report"
)

// ReportFormats are the formats of `okr report`.
var ReportFormats = []string{"markdown", "json"}

// Report writes a period's report. The markdown has one line per key
// result, so that a committed report diffs cleanly from week to week.
func Report(w io.Writer, format string, r *report.Report) error {
	switch format {
	case "json":
		return JSON(w, r)
	case "markdown", "":
		return reportMarkdown(w, r)
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
		b.WriteString("| Owner | Period | Level | Score | Grade | Status | Objectives | Key results | No data |\n")
		b.WriteString("| --- | --- | --- | ---: | --- | --- | ---: | ---: | ---: |\n")
		for _, o := range r.Scores.Owners {
			krs, noData := 0, 0
			for _, ob := range o.Objectives {
				krs += len(ob.KeyResults)
				for _, k := range ob.KeyResults {
					if k.NoData {
						noData++
					}
				}
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s %s | %s | %d | %d | %d |\n",
				Markdown(o.Owner), chgMDPeriod(o.Period, true), Markdown(o.Level), scScore(o.Score), scEmoji(o.Grade), o.Grade, o.Status, len(o.Objectives), krs, noData)
		}
	}

	b.WriteString("\n## Scores\n")
	scoresMarkdownOwners(&b, r.Scores)

	b.WriteString("\n## KPI health\n\n")
	kpisMarkdownTable(&b, r.KPIs)

	b.WriteString("\n## Goal changes after the period began\n\n")
	switch {
	case r.History != "git" && r.History != "shallow":
		fmt.Fprintf(&b, "History unavailable: %s.\n", r.History)
	case len(r.Changes) == 0:
		b.WriteString("None: no target, baseline or level was changed, and no goal added or removed, after its period began.\n")
	default:
		b.WriteString("| Date | Commit | Author | Period | Ref | Change | Old | New |\n")
		b.WriteString("| --- | --- | --- | --- | --- | --- | --- | --- |\n")
		for _, c := range r.Changes {
			what := changeWhat(c.Change)
			if c.Direction != "" {
				what += " (" + c.Direction + ")"
			}
			// A level set or unset shows as none; an added or removed
			// goal has no old or new value to show.
			none := ""
			if c.Kind == change.Modified {
				none = "none"
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s |\n",
				c.Date, MarkdownCode(c.Short), Markdown(c.Author), chgMDPeriod(c.Period, true), MarkdownCode(c.Ref), what,
				chgMDValue(c.Old, true, none), chgMDValue(c.New, true, none))
		}
	}
	if r.History == "shallow" {
		b.WriteString("\nThe history is a shallow clone: changes made before its oldest commit are not shown" +
			" (fetch the full history with `git fetch --unshallow`).\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
