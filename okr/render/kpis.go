package render

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/score"
)

// KPIFormats are the formats of `okr kpi`; the first is the default.
var KPIFormats = []string{"table", "json", "csv", "markdown", "xlsx"}

// KPIs writes a KPI health report in format: table (the default when format
// is ""), json, csv or markdown. color adds ANSI colour to health in the
// table.
//
//   - table and markdown: one row per KPI with its last value and date, the
//     previous value, the trend (↑ ↓ →), the target (≥ or ≤ by direction),
//     health and staleness; numbers rounded to two decimals.
//   - json: the KPIReport, indented, with a trailing newline.
//   - csv: a header (KPICSVHeader), then one row per KPI; numbers at full
//     precision, absent values empty.
func KPIs(w io.Writer, format string, r *score.KPIReport, color bool) error {
	switch format {
	case "table", "":
		return kpisTable(w, r, color)
	case "json":
		return JSON(w, r)
	case "csv":
		return kpisCSV(w, r)
	case "markdown":
		return kpisMarkdown(w, r)
	case "xlsx":
		return kpisXLSX(w, r)
	}
	return UnknownFormat(format, KPIFormats)
}

// KPICSVHeader is the header row of `okr kpi --format csv`.
var KPICSVHeader = []string{
	"id", "name", "owner", "unit", "direction", "target", "warn", "cadence",
	"last", "last_at", "previous", "previous_at", "trend", "health", "stale",
	"age_days", "measurements",
}

func kpisCSV(w io.Writer, r *score.KPIReport) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(KPICSVHeader); err != nil {
		return err
	}
	for _, k := range r.KPIs {
		age := ""
		if k.AgeDays != nil {
			age = strconv.Itoa(*k.AgeDays)
		}
		err := cw.Write([]string{
			CSV(k.ID), CSV(k.Name), CSV(k.Owner), CSV(k.Unit), CSV(k.Direction), scCSVNum(k.Target), scCSVNum(k.Warn), CSV(k.Cadence),
			scCSVNum(k.Last), scOpt(k.LastAt), scCSVNum(k.Previous), scOpt(k.PreviousAt), k.Trend, k.Health,
			strconv.FormatBool(k.Stale), age, strconv.Itoa(k.Measurements),
		})
		if err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// kpiRow is a KPI's cells in the table and in Markdown, after its id, the
// repository's text in them through esc (Text or Markdown).
func kpiRow(k score.KPIHealth, esc func(string) string) []string {
	last, prev := "no data", ""
	if k.Last != nil {
		last = scUnit(scNum(*k.Last), esc(k.Unit))
	}
	if k.Previous != nil {
		prev = scUnit(scNum(*k.Previous), esc(k.Unit))
	}
	stale := "no"
	switch {
	case k.Stale && k.AgeDays != nil:
		stale = fmt.Sprintf("yes (%d days)", *k.AgeDays)
	case k.Stale:
		stale = "yes"
	}
	return []string{esc(k.Name), last, scOpt(k.LastAt), prev, kpiTrend(k.Trend), kpiTarget(k, esc), k.Health, stale}
}

func kpisTable(w io.Writer, r *score.KPIReport, color bool) error {
	if len(r.KPIs) == 0 {
		_, err := fmt.Fprintf(w, "as of %s: no KPIs\n", r.AsOf)
		return err
	}
	if _, err := fmt.Fprintf(w, "as of %s\n", r.AsOf); err != nil {
		return err
	}
	rows := make([][]string, 0, len(r.KPIs))
	for _, k := range r.KPIs {
		row := append([]string{Text(k.ID)}, kpiRow(k, Text)...)
		row[7] = scColor(row[7], color)
		rows = append(rows, row)
	}
	return writeTable(w, []col{colText, colText, colNum, colWord, colNum, colWord, colNum, colWord, colWord},
		[]string{"KPI", "NAME", "LAST", "AT", "PREVIOUS", "TREND", "TARGET", "HEALTH", "STALE"}, rows,
		// On a narrow terminal: PREVIOUS, AT, TREND, STALE, NAME left
		// out, as needed; the KPI, its value, target and health stay.
		4, 3, 5, 8, 1)
}

func kpisMarkdown(w io.Writer, r *score.KPIReport) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## KPI health as of %s\n\n", r.AsOf)
	kpisMarkdownTable(&b, r)
	_, err := io.WriteString(w, b.String())
	return err
}

// kpisMarkdownTable writes the KPI health table.
func kpisMarkdownTable(b *strings.Builder, r *score.KPIReport) {
	if len(r.KPIs) == 0 {
		b.WriteString("No KPIs.\n")
	} else {
		b.WriteString("| KPI | Name | Last | At | Previous | Trend | Target | Health | Stale |\n")
		b.WriteString("| --- | --- | ---: | --- | ---: | --- | ---: | --- | --- |\n")
	}
	for _, k := range r.KPIs {
		c := kpiRow(k, Markdown)
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s | %s %s | %s |\n",
			MarkdownCode(k.ID), c[0], c[1], c[2], c[3], c[4], c[5], scEmoji(k.Health), k.Health, c[7])
	}
}

// kpiTarget shows a KPI's target with the way that is better: "≤ 300 ms".
func kpiTarget(k score.KPIHealth, esc func(string) string) string {
	if k.Target == nil {
		return ""
	}
	op := "≥ "
	if k.Direction == model.Decrease {
		op = "≤ "
	}
	return op + scUnit(scNum(*k.Target), esc(k.Unit))
}

func kpiTrend(trend string) string {
	switch trend {
	case score.Up:
		return "↑"
	case score.Down:
		return "↓"
	case score.Flat:
		return "→"
	}
	return ""
}

func scOpt(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
