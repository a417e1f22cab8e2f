package render

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/score"
)

// ScoreFormats are the formats of `okr score`; the first is the default.
var ScoreFormats = []string{"table", "json", "csv", "markdown", "xlsx"}

// Scores writes a score report in format: table (the default when format is
// ""), json, csv or markdown. color adds ANSI colour to grades in the table;
// the other formats never carry colour.
//
//   - table: one row per owner (Objectives document), objective and key
//     result, indented; numbers rounded to two decimals.
//   - json: the Report, indented, with a trailing newline; full precision.
//   - csv: a header, then one row per key result with the columns of
//     ScoreCSVHeader; numbers at full precision (shortest round-trip form),
//     absent numbers empty.
//   - markdown: a heading per owner with its score, grade and status, then a
//     table of its objectives and key results, ready to paste into a review.
//
// The same report always produces the same bytes.
func Scores(w io.Writer, format string, r *score.Report, color bool) error {
	switch format {
	case "table", "":
		return scoresTable(w, r, color)
	case "json":
		return JSON(w, r)
	case "csv":
		return scoresCSV(w, r)
	case "markdown":
		return scoresMarkdown(w, r)
	case "xlsx":
		return scoresXLSX(w, r)
	}
	return UnknownFormat(format, ScoreFormats)
}

// ScoreCSVHeader is the header row of `okr score --format csv`. grade and
// status are the key result's (it follows its objective's type).
var ScoreCSVHeader = []string{
	"owner", "period", "objective", "key_result", "ref", "type",
	"baseline", "commit", "target", "stretch", "current", "unit",
	"measurements", "no_data", "score", "grade", "status",
	"objective_score", "owner_score",
	"kr_owner", "confidence", "confidence_at",
	"forecast", "forecast_low", "forecast_high", "forecast_score", "forecast_grade",
	"needed_per_week", "objective_forecast_score", "owner_forecast_score",
}

func scoresCSV(w io.Writer, r *score.Report) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(ScoreCSVHeader); err != nil {
		return err
	}
	for _, o := range r.Owners {
		for _, ob := range o.Objectives {
			for _, k := range ob.KeyResults {
				err := cw.Write([]string{
					CSV(o.Owner), CSV(o.Period), CSV(ob.ID), CSV(k.ID), CSV(k.Ref), CSV(k.Type),
					scCSVNum(k.Baseline), scCSVNum(k.Commit), scCSVNum(k.Target), scCSVNum(k.Stretch), scCSVNum(k.Current), CSV(k.Unit),
					strconv.Itoa(k.Measurements), strconv.FormatBool(k.NoData),
					scFull(k.Score), k.Grade, k.Status,
					scFull(ob.Score), scFull(o.Score),
					CSV(k.Owner), scCSVInt(k.Confidence), CSV(scStr(k.ConfidenceAt)),
					scCSVNum(fcValue(k.Forecast)), scCSVNum(fcLow(k.Forecast)), scCSVNum(fcHigh(k.Forecast)),
					scCSVNum(fcScore(k.Forecast)), fcGrade(k.Forecast),
					scCSVNum(k.NeededPerWeek), scCSVNum(ob.ForecastScore), scCSVNum(o.ForecastScore),
				})
				if err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func scoresTable(w io.Writer, r *score.Report, color bool) error {
	if len(r.Owners) == 0 {
		_, err := fmt.Fprintf(w, "as of %s: no Objectives documents selected\n", r.AsOf)
		return err
	}
	if _, err := fmt.Fprintf(w, "as of %s\n", r.AsOf); err != nil {
		return err
	}
	var rows [][]string
	for _, o := range r.Owners {
		rows = append(rows, []string{Text(o.Owner + " " + o.Period), Text(o.Level), "", "", scScore(o.Score), scArrow(o.ForecastScore), scColor(o.Grade, color), o.Status, "", ""})
		for _, ob := range o.Objectives {
			rows = append(rows, []string{"  " + Text(ob.ID), Text(ob.Type), "", "", scScore(ob.Score), scArrow(ob.ForecastScore), scColor(ob.Grade, color), ob.Status, "", ""})
			for _, k := range ob.KeyResults {
				rows = append(rows, []string{"    " + Text(k.ID), Text(k.Type), scKRCurrent(k), scKRTarget(k), scScore(k.Score), scArrow(fcScore(k.Forecast)), scColor(k.Grade, color), k.Status,
					scConfidence(k.Confidence), Text(k.Owner)})
			}
		}
	}
	// The baseline, the forecast's value and band, and needed per week are
	// in the other formats: the table keeps to what a check-in reads.
	return writeTable(w, []col{colText, colWord, colNum, colNum, colNum, colNum, colWord, colWord, colWord, colText},
		[]string{"OWNER / OBJECTIVE / KEY RESULT", "TYPE", "CURRENT", "TARGET", "SCORE", "FORECAST", "GRADE", "STATUS", "CONFIDENCE", "KR OWNER"}, rows,
		// On a narrow terminal: KR OWNER, CONFIDENCE, TYPE, FORECAST,
		// STATUS left out, as needed; the goal, where it stands and its
		// score stay.
		9, 8, 1, 5, 7)
}

func scoresMarkdown(w io.Writer, r *score.Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## OKR scores as of %s\n", r.AsOf)
	scoresMarkdownOwners(&b, r)
	_, err := io.WriteString(w, b.String())
	return err
}

// scoresMarkdownOwners writes one section per owner document.
func scoresMarkdownOwners(b *strings.Builder, r *score.Report) {
	if len(r.Owners) == 0 {
		b.WriteString("\nNo Objectives documents selected.\n")
	}
	for _, o := range r.Owners {
		fmt.Fprintf(b, "\n### %s · %s · %s %s\n\n", Markdown(o.Owner), chgMDPeriod(o.Period, true), scScore(o.Score), scEmoji(o.Grade))
		fmt.Fprintf(b, "%s, %s · %s · %s to %s · %s\n\n", o.Grade, o.Status, Markdown(o.Level), o.Start, o.End, MarkdownCode(o.File))
		if o.ForecastScore != nil {
			fmt.Fprintf(b, "Forecast for %s: %s %s %s\n\n", o.End, scScore(*o.ForecastScore), scEmoji(*o.ForecastGrade), *o.ForecastGrade)
		}
		if len(o.Objectives) == 0 {
			b.WriteString("No objectives.\n")
			continue
		}
		b.WriteString("| Objective / key result | Baseline | Current | Target | Score | Grade | Status | Forecast | Needed / week | Confidence | Owner |\n")
		b.WriteString("| --- | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: | --- | --- |\n")
		for _, ob := range o.Objectives {
			typ := ""
			if ob.Type == model.Committed {
				typ = " (committed)"
			}
			fmt.Fprintf(b, "| **%s**%s<br>%s |  |  |  | **%s** | %s %s | %s | %s |  |  |  |\n",
				Markdown(ob.Title), typ, MarkdownCode(ob.Ref), scScore(ob.Score), scEmoji(ob.Grade), ob.Grade, ob.Status,
				scMDForecastScore(ob.ForecastScore, ob.ForecastGrade))
			for _, k := range ob.KeyResults {
				km := k // its unit escaped for Markdown, where numbers need none
				km.Unit = Markdown(k.Unit)
				fmt.Fprintf(b, "| ↳ %s<br>%s | %s | %s | %s | %s | %s %s | %s | %s | %s | %s | %s |\n",
					Markdown(k.Title), MarkdownCode(k.ID), scKRBaseline(km), scKRCurrent(km), scKRTarget(km),
					scScore(k.Score), scEmoji(k.Grade), k.Grade, k.Status,
					scMDForecast(km), scNeeded(km), scConfidence(k.Confidence), Markdown(k.Owner))
			}
		}
	}
}

// scTable returns a table writer with okr's settings: no wrapping or
// trimming (indentation is meaningful), headers as given, and widths that
// do not depend on the locale (East Asian ambiguous characters such as → and
// ≥ are one column wide), so that output is the same everywhere.
func scTable(w io.Writer, align []tw.Align) *tablewriter.Table {
	return tablewriter.NewTable(w,
		tablewriter.WithEastAsian(tw.Off),
		tablewriter.WithTrimSpace(tw.Off),
		tablewriter.WithHeaderAutoFormat(tw.Off), // headers are written in capitals
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{Global: tw.AlignLeft, PerColumn: align}),
	)
}

// scKRBaseline shows a metric key result's baseline.
func scKRBaseline(k score.KeyResult) string {
	if k.Baseline == nil || k.Type != model.Metric {
		return ""
	}
	return scUnit(scNum(*k.Baseline), k.Unit)
}

// scKRCurrent shows a key result's current value: "no data" without one, done
// or not done for a milestone.
func scKRCurrent(k score.KeyResult) string {
	switch {
	case k.NoData:
		return "no data"
	case k.Current == nil:
		return "" // not finite
	case k.Type == model.Milestone && *k.Current >= 1:
		return "done"
	case k.Type == model.Milestone:
		return "not done"
	}
	return scUnit(scNum(*k.Current), k.Unit)
}

// scKRTarget shows what a key result aims for: ≥ or ≤ target for at_least and
// at_most, done for a milestone, the target (and stretch) for a metric.
func scKRTarget(k score.KeyResult) string {
	switch k.Type {
	case model.Milestone:
		return "done"
	case model.AtLeast, model.AtMost:
		if k.Target == nil {
			return ""
		}
		op := "≥ "
		if k.Type == model.AtMost {
			op = "≤ "
		}
		return op + scUnit(scNum(*k.Target), k.Unit)
	}
	if k.Target == nil {
		return ""
	}
	s := scUnit(scNum(*k.Target), k.Unit)
	if k.Stretch != nil {
		s += " (stretch " + scUnit(scNum(*k.Stretch), k.Unit) + ")"
	}
	return s
}

// scUnit appends a unit to a number: "300 ms", but "45%". The unit, from
// the repository, goes through Text.
func scUnit(n, unit string) string {
	unit = Text(unit)
	switch unit {
	case "":
		return n
	case "%":
		return n + unit
	}
	return n + " " + unit
}

// scScore shows a score with two decimals: 0.60.
func scScore(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	if s == "-0.00" {
		return "0.00"
	}
	return s
}

// scNum shows a value rounded to two decimals without trailing zeros:
// 500, 0.5, 12.35.
func scNum(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}

// scFull is v as CSV carries it: Num, 12 significant digits.
func scFull(v float64) string { return Num(v) }

// scCSVNum is scFull of an optional number, "" when absent.
func scCSVNum(v *float64) string {
	if v == nil {
		return ""
	}
	return scFull(*v)
}

// scColor wraps a grade (or a KPI health) in its ANSI colour.
func scColor(grade string, color bool) string {
	if !color {
		return grade
	}
	var c string
	switch grade {
	case score.Green:
		c = "\x1b[32m"
	case score.Yellow:
		c = "\x1b[33m"
	case score.Red:
		c = "\x1b[31m"
	default:
		return grade
	}
	return c + grade + "\x1b[0m"
}

// scEmoji marks a grade (or a KPI health) in Markdown.
func scEmoji(grade string) string {
	switch grade {
	case score.Green:
		return "🟢"
	case score.Yellow:
		return "🟡"
	case score.Red:
		return "🔴"
	}
	return "⚪"
}

// scArrow shows a forecast score in the table: "→ 0.81", "" without one.
func scArrow(v *float64) string {
	if v == nil {
		return ""
	}
	return "→ " + scScore(*v)
}

// scConfidence shows a confidence with its band: "7 high", "" without one.
func scConfidence(c *int) string {
	if c == nil {
		return ""
	}
	return strconv.Itoa(*c) + " " + model.ConfidenceWord(*c)
}

// scMDForecastScore shows an objective's forecast score in Markdown.
func scMDForecastScore(v *float64, grade *string) string {
	if v == nil {
		return ""
	}
	return "→ " + scScore(*v) + " " + scEmoji(*grade)
}

// scMDForecast shows a key result's forecast in Markdown: its score, grade
// and value with the 80% band, "→ 0.81 🟢<br>352.5 ms (310.2–394.8)".
func scMDForecast(k score.KeyResult) string {
	f := k.Forecast
	if f == nil {
		return ""
	}
	v := scUnit(scNum(f.Value), k.Unit) // k.Unit is escaped by the caller
	if f.Low != nil && f.High != nil {
		v += " (" + scNum(*f.Low) + "–" + scNum(*f.High) + ")"
	}
	return "→ " + scScore(f.Score) + " " + scEmoji(f.Grade) + "<br>" + v
}

// scNeeded shows how much a key result must move per week, with its sign
// and unit: "+3.04 ms", "-12.5%", "0" once the target is met.
func scNeeded(k score.KeyResult) string {
	if k.NeededPerWeek == nil {
		return ""
	}
	n := scNum(*k.NeededPerWeek)
	if n == "0" && *k.NeededPerWeek != 0 {
		// Too small for two decimals (99.93% against ≥ 99.95% needs
		// +0.0028% a week): "0" would read as met.
		n = strconv.FormatFloat(*k.NeededPerWeek, 'g', 2, 64)
	}
	if n != "0" && !strings.HasPrefix(n, "-") {
		n = "+" + n
	}
	return scUnit(n, k.Unit)
}

// The parts of an optional forecast; nil or "" without one.
func fcValue(f *score.Forecast) *float64 {
	if f == nil {
		return nil
	}
	return &f.Value
}

func fcLow(f *score.Forecast) *float64 {
	if f == nil {
		return nil
	}
	return f.Low
}

func fcHigh(f *score.Forecast) *float64 {
	if f == nil {
		return nil
	}
	return f.High
}

func fcScore(f *score.Forecast) *float64 {
	if f == nil {
		return nil
	}
	return &f.Score
}

func fcGrade(f *score.Forecast) string {
	if f == nil {
		return ""
	}
	return f.Grade
}

// scCSVInt is an optional integer, "" when absent.
func scCSVInt(v *int) string {
	if v == nil {
		return ""
	}
	return strconv.Itoa(*v)
}

// scStr is an optional string, "" when absent.
func scStr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
