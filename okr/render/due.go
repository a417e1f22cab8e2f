package render

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/okr-as-code/okr/okr/score"
)

// DueFormats are the formats of `okr due`; the first is the default.
var DueFormats = []string{"table", "json", "markdown", "xlsx"}

// Due writes the check-ins due in format: table (the default when format
// is ""), json or markdown.
//
//   - table: a line with the as-of date and how many are due, then one row
//     per key result or KPI, grouped by person (the person named on the
//     first row of their group), most overdue first.
//   - json: the DueReport, indented, with a trailing newline.
//   - markdown: a heading with the as-of date, then a section per person
//     with one list item per check-in, to paste into a chat or an issue.
//
// Repository text goes through Text (table) and Markdown or MarkdownCode
// (markdown). The same report always produces the same bytes.
func Due(w io.Writer, format string, r *score.DueReport) error {
	switch format {
	case "table", "":
		return dueTable(w, r)
	case "json":
		return JSON(w, r)
	case "markdown":
		return dueMarkdown(w, r)
	case "xlsx":
		return dueXLSX(w, r)
	}
	return UnknownFormat(format, DueFormats)
}

// dueCount says how many check-ins are due: "1 check-in due".
func dueCount(n int) string {
	if n == 1 {
		return "1 check-in due"
	}
	return strconv.Itoa(n) + " check-ins due"
}

// dueDays is a number of days: "1 day", "6 days".
func dueDays(n int) string {
	if n == 1 {
		return "1 day"
	}
	return strconv.Itoa(n) + " days"
}

// dueLast is the last check-in's at, or "never".
func dueLast(d score.DueItem) string {
	if d.LastAt == nil {
		return "never"
	}
	return *d.LastAt
}

func dueTable(w io.Writer, r *score.DueReport) error {
	if len(r.Due) == 0 {
		_, err := fmt.Fprintf(w, "as of %s: no check-ins due\n", r.AsOf)
		return err
	}
	if _, err := fmt.Fprintf(w, "as of %s: %s\n", r.AsOf, dueCount(len(r.Due))); err != nil {
		return err
	}
	rows := make([][]string, 0, len(r.Due))
	for i, d := range r.Due {
		person := ""
		if i == 0 || r.Due[i-1].Owner != d.Owner {
			person = Text(PersonLabel(d.Name, d.Owner))
		}
		what := Text(d.Ref)
		if d.Kind == score.DueKPI {
			what += " (KPI)"
		}
		rows = append(rows, []string{person, what, d.Cadence, Text(dueLast(d)), dueDays(d.OverdueDays)})
	}
	return writeTable(w, []col{colText, colText, colWord, colWord, colNum},
		[]string{"PERSON", "KEY RESULT / KPI", "CADENCE", "LAST CHECK-IN", "OVERDUE"}, rows,
		2, 3) // on a narrow terminal: CADENCE, LAST CHECK-IN left out, as needed
}

func dueMarkdown(w io.Writer, r *score.DueReport) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## Check-ins due as of %s\n\n", r.AsOf)
	if len(r.Due) == 0 {
		b.WriteString("No check-ins due.\n")
	} else {
		fmt.Fprintf(&b, "%s.\n", strings.ToUpper(dueCount(len(r.Due))[:1])+dueCount(len(r.Due))[1:])
	}
	for i, d := range r.Due {
		if i == 0 || r.Due[i-1].Owner != d.Owner {
			fmt.Fprintf(&b, "\n### %s\n\n", Markdown(PersonLabel(d.Name, d.Owner)))
		}
		kind := "key result"
		if d.Kind == score.DueKPI {
			kind = "KPI"
		}
		last := "never checked in"
		if d.LastAt != nil {
			last = "last " + Text(*d.LastAt) // a date or timestamp: nothing Markdown reads
		}
		fmt.Fprintf(&b, "- %s %s %s: %s, %s, **%s overdue**\n",
			kind, MarkdownCode(d.Ref), Markdown(d.Title), d.Cadence, last, dueDays(d.OverdueDays))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// PersonLabel names a person for people: "Alice Martin (alice)" when a
// People document gives them a name, else their id.
func PersonLabel(name, id string) string {
	if name == "" || name == id {
		return id
	}
	return name + " (" + id + ")"
}
