package site

import (
	"embed"
	"fmt"
	"html/template"
	"math"
	"strings"

	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/report"
	"github.com/okr-as-code/okr/okr/score"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed templates/style.css
var css string

var pages = template.Must(template.New("site").Funcs(template.FuncMap{
	"score":        func(v float64) string { return scoreText(v) },
	"levelTitle":   levelTitle,
	"optUnit":      optUnit,
	"current":      krCurrent,
	"target":       krTarget,
	"change":       changeText,
	"forecastCell": ownerForecast,
	"rows":         rowsHTML,
}).ParseFS(templateFS, "templates/*.html"))

func levelTitle(l string) string {
	switch l {
	case "company":
		return "Company"
	case "department":
		return "Departments"
	case "team":
		return "Teams"
	case "individual":
		return "Individuals"
	}
	return l
}

func optUnit(v *float64, unit string) string {
	if v == nil {
		return "—"
	}
	return withUnit(*v, unit)
}

// krCurrent shows a key result's current value: "no data" without one,
// done or not done for a milestone.
func krCurrent(k *score.KeyResult) string {
	switch {
	case k.NoData:
		return "no data"
	case k.Current == nil:
		return "—"
	case k.Type == model.Milestone && *k.Current >= 1:
		return "done"
	case k.Type == model.Milestone:
		return "not done"
	}
	return withUnit(*k.Current, k.Unit)
}

// krTarget shows what a key result aims for.
func krTarget(k *score.KeyResult) string {
	switch k.Type {
	case model.Milestone:
		return "done"
	case model.AtLeast, model.AtMost:
		if k.Target == nil {
			return "—"
		}
		op := "≥ "
		if k.Type == model.AtMost {
			op = "≤ "
		}
		return op + withUnit(*k.Target, k.Unit)
	}
	if k.Target == nil {
		return "—"
	}
	s := withUnit(*k.Target, k.Unit)
	if k.Stretch != nil {
		s += " (stretch " + withUnit(*k.Stretch, k.Unit) + ")"
	}
	return s
}

// changeText describes a goal change: "target 300 → 250 (easier)",
// "added", "removed".
func changeText(c report.GoalChange) string {
	val := func(v any) string {
		switch x := v.(type) {
		case nil:
			return "none"
		case float64:
			return Label(x)
		case string:
			return x
		}
		return fmt.Sprint(v)
	}
	switch string(c.Kind) {
	case "added":
		return strings.ReplaceAll(c.Entity, "_", " ") + " added: " + val(c.New)
	case "removed":
		return strings.ReplaceAll(c.Entity, "_", " ") + " removed: " + val(c.Old)
	}
	s := c.Field + " " + val(c.Old) + " → " + val(c.New)
	if c.Direction != "" {
		s += " (" + c.Direction + ")"
	}
	return s
}

// ownerForecast is an owner's forecast score, "—" without one.
func ownerForecast(o *score.Owner) string {
	if f := ownerForecastScore(o); !math.IsNaN(f) {
		return scoreText(f)
	}
	return "—"
}

// rowsHTML writes the rows of a measurements table, with or without the
// Current column. A table of every counted measurement of every key result
// is most of a site's cells: written here rather than by the template,
// which evaluates each cell by reflection, they take a fifth of the time.
// Every cell is escaped with template.HTMLEscapeString (& ' < > " and NUL).
func rowsHTML(rows []mRow, current bool) template.HTML {
	var b strings.Builder
	esc := template.HTMLEscapeString
	for _, r := range rows {
		b.WriteString("<tr><td>" + esc(r.At) + `</td><td class="num">` + esc(r.Value) + "</td>")
		if current {
			b.WriteString(`<td class="num">` + esc(r.Current) + "</td>")
		}
		b.WriteString("<td>" + esc(r.Confidence) + "</td><td>" + esc(r.Note) + "</td></tr>\n")
	}
	return template.HTML(b.String())
}
