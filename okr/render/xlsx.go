package render

import (
	"io"
	"math"
	"time"

	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/report"
	"github.com/okr-as-code/okr/okr/score"
	"github.com/okr-as-code/okr/okr/scorelog"
	"github.com/okr-as-code/okr/okr/sheet"
)

// The xlsx writer (SPEC §7): each command's tables as the sheets of one
// workbook, written by okr/sheet. Repository text goes through Cell (text
// cells, never formulas); numbers are the values of json; scores are
// shown 0.00; dates are date cells; grades and health are filled.

// xlsxText is a text cell of repository text.
func xlsxText(s string) sheet.Cell { return sheet.Str(Cell(s)) }

// xlsxTime is the workbook's created and modified time: as-of at 00:00
// UTC, so that the same inputs give the same bytes. An as-of that does not
// parse (none) is the Unix epoch.
func xlsxTime(asOf string) time.Time {
	d, err := model.ParseDate(asOf)
	if err != nil {
		return time.Unix(0, 0).UTC()
	}
	return d.Time()
}

// ScoreXLSXHeader is the header of the Scores sheet: kind (owner,
// objective or key_result), then the columns of csv.
var ScoreXLSXHeader = append([]string{"kind"}, ScoreCSVHeader...)

func scoresXLSX(w io.Writer, r *score.Report) error {
	return sheet.Write(w, xlsxTime(r.AsOf), scoresTableXLSX("Scores", r))
}

// scoresTableXLSX is one row per owner, objective and key result, in the
// order of the table; a key result's row carries the columns of csv.
func scoresTableXLSX(name string, r *score.Report) sheet.Table {
	return sheet.Table{Name: name, Header: ScoreXLSXHeader, Rows: func(yield func([]sheet.Cell) bool) {
		row := make([]sheet.Cell, len(ScoreXLSXHeader))
		clear := func() {
			for i := range row {
				row[i] = sheet.Cell{}
			}
		}
		for _, o := range r.Owners {
			clear()
			row[0], row[1], row[2] = sheet.Str("owner"), xlsxText(o.Owner), xlsxText(o.Period)
			row[15], row[16], row[17] = xScore(o.Score), sheet.GradeOf(o.Grade), sheet.Str(o.Status)
			row[19] = xScore(o.Score)
			row[26], row[27] = xOptScore(o.ForecastScore), sheet.GradeOf(scStr(o.ForecastGrade))
			row[30] = xOptScore(o.ForecastScore)
			if !yield(row) {
				return
			}
			for _, ob := range o.Objectives {
				clear()
				row[0], row[1], row[2], row[3], row[5], row[6] = sheet.Str("objective"), xlsxText(o.Owner), xlsxText(o.Period), xlsxText(ob.ID), xlsxText(ob.Ref), xlsxText(ob.Type)
				row[15], row[16], row[17] = xScore(ob.Score), sheet.GradeOf(ob.Grade), sheet.Str(ob.Status)
				row[18], row[19] = xScore(ob.Score), xScore(o.Score)
				row[26], row[27] = xOptScore(ob.ForecastScore), sheet.GradeOf(scStr(ob.ForecastGrade))
				row[29], row[30] = xOptScore(ob.ForecastScore), xOptScore(o.ForecastScore)
				if !yield(row) {
					return
				}
				for _, k := range ob.KeyResults {
					scoreKRRow(row, o, ob, k)
					if !yield(row) {
						return
					}
				}
			}
		}
	}}
}

// scoreKRRow fills row with a key result's cells: kind, then the columns
// of ScoreCSVHeader.
func scoreKRRow(row []sheet.Cell, o score.Owner, ob score.Objective, k score.KeyResult) {
	f := k.Forecast
	copy(row, []sheet.Cell{
		sheet.Str("key_result"),
		xlsxText(o.Owner), xlsxText(o.Period), xlsxText(ob.ID), xlsxText(k.ID), xlsxText(k.Ref), xlsxText(k.Type),
		xNum(k.Baseline), xNum(k.Commit), xNum(k.Target), xNum(k.Stretch), xNum(k.Current), xlsxText(k.Unit),
		sheet.IntOf(k.Measurements), sheet.BoolOf(k.NoData),
		xScore(k.Score), sheet.GradeOf(k.Grade), sheet.Str(k.Status),
		xScore(ob.Score), xScore(o.Score),
		xlsxText(k.Owner), sheet.OptInt(k.Confidence), sheet.OptWhen(k.ConfidenceAt),
		xNum(fcValue(f)), xNum(fcLow(f)), xNum(fcHigh(f)), xOptScore(fcScore(f)), sheet.GradeOf(fcGrade(f)),
		xNum(k.NeededPerWeek), xOptScore(ob.ForecastScore), xOptScore(o.ForecastScore),
	})
}

func kpisXLSX(w io.Writer, r *score.KPIReport) error {
	return sheet.Write(w, xlsxTime(r.AsOf), kpisTableXLSX(r))
}

// kpisTableXLSX is the KPIs sheet: the columns of csv, one row per KPI.
func kpisTableXLSX(r *score.KPIReport) sheet.Table {
	return sheet.Table{Name: "KPIs", Header: KPICSVHeader, Rows: func(yield func([]sheet.Cell) bool) {
		for _, k := range r.KPIs {
			row := []sheet.Cell{
				xlsxText(k.ID), xlsxText(k.Name), xlsxText(k.Owner), xlsxText(k.Unit), xlsxText(k.Direction), xNum(k.Target), xNum(k.Warn), xlsxText(k.Cadence),
				xNum(k.Last), sheet.OptWhen(k.LastAt), xNum(k.Previous), sheet.OptWhen(k.PreviousAt), sheet.Str(k.Trend), sheet.GradeOf(k.Health),
				sheet.BoolOf(k.Stale), sheet.OptInt(k.AgeDays), sheet.IntOf(k.Measurements),
			}
			if !yield(row) {
				return
			}
		}
	}}
}

// DueXLSXHeader is the header of the Due sheet: the fields of json.
var DueXLSXHeader = []string{"kind", "ref", "title", "owner", "document_owner", "period", "cadence", "last_at", "since_days", "overdue_days", "file"}

func dueXLSX(w io.Writer, r *score.DueReport) error {
	return sheet.Write(w, xlsxTime(r.AsOf), dueTableXLSX(r))
}

func dueTableXLSX(r *score.DueReport) sheet.Table {
	return sheet.Table{Name: "Due", Header: DueXLSXHeader, Rows: func(yield func([]sheet.Cell) bool) {
		for _, d := range r.Due {
			row := []sheet.Cell{
				sheet.Str(d.Kind), xlsxText(d.Ref), xlsxText(d.Title), xlsxText(d.Owner), xlsxText(d.DocumentOwner), xlsxText(d.Period),
				xlsxText(d.Cadence), sheet.OptWhen(d.LastAt), sheet.IntOf(d.SinceDays), sheet.IntOf(d.OverdueDays), xlsxText(d.File),
			}
			if !yield(row) {
				return
			}
		}
	}}
}

// logXLSX is the History sheet: commit, date (a date-time cell), author,
// subject, then a score column per "<period>/<owner>", blank where the
// commit has no such score or its period had not begun. A log has no
// as-of: the workbook's time is the newest commit's day.
func logXLSX(w io.Writer, l *scorelog.Log) error {
	cols := l.Columns()
	header := []string{"commit", "date", "author", "subject"}
	for _, k := range cols.Keys {
		header = append(header, Cell(k))
	}
	created := time.Unix(0, 0).UTC()
	if len(l.Commits) > 0 {
		created = xlsxTime(logDay(l.Commits[0].Date))
	}
	t := sheet.Table{Name: "History", Header: header, Rows: func(yield func([]sheet.Cell) bool) {
		row := make([]sheet.Cell, len(header))
		for _, e := range l.Commits {
			for i := range row {
				row[i] = sheet.Cell{}
			}
			row[0], row[1], row[2], row[3] = xlsxText(e.Commit), sheet.When(e.Date), xlsxText(e.Author), xlsxText(e.Subject)
			order, col := cols.Place(e.Scores)
			for _, j := range order {
				if v := e.Scores.Value(j); !math.IsNaN(v) { // NaN: not begun, blank
					row[4+col[j]] = xScore(v)
				}
			}
			if !yield(row) {
				return
			}
		}
	}}
	return sheet.Write(w, created, t)
}

// ReportSummaryHeader and ReportChangesHeader are the headers of the
// report's Summary and Moved goalposts sheets.
var (
	ReportSummaryHeader = []string{"owner", "period", "level", "score", "grade", "status", "forecast_score", "forecast_grade", "start", "end", "file"}
	ReportChangesHeader = []string{"date", "ref", "entity", "kind", "field", "old", "new", "period", "commit", "author", "author_date", "subject", "landed"}
)

// reportXLSX writes the sheets Summary, Key results, KPIs, Due and Moved
// goalposts.
func reportXLSX(w io.Writer, r *report.Report) error {
	summary := sheet.Table{Name: "Summary", Header: ReportSummaryHeader, Rows: func(yield func([]sheet.Cell) bool) {
		for _, o := range r.Scores.Owners {
			row := []sheet.Cell{
				xlsxText(o.Owner), xlsxText(o.Period), xlsxText(o.Level), xScore(o.Score), sheet.GradeOf(o.Grade), sheet.Str(o.Status),
				xOptScore(o.ForecastScore), sheet.GradeOf(scStr(o.ForecastGrade)), sheet.When(o.Start), sheet.When(o.End), xlsxText(o.File),
			}
			if !yield(row) {
				return
			}
		}
	}}
	krs := scoresTableXLSX("Key results", r.Scores)
	changes := sheet.Table{Name: "Moved goalposts", Header: ReportChangesHeader, Rows: func(yield func([]sheet.Cell) bool) {
		for _, c := range r.Changes {
			row := []sheet.Cell{
				sheet.When(c.Date), xlsxText(c.Ref), sheet.Str(c.Entity), sheet.Str(string(c.Kind)), xlsxText(c.Field), xlsxValue(c.Old), xlsxValue(c.New),
				xlsxText(c.Period), xlsxText(c.Commit), xlsxText(c.Author), sheet.When(c.AuthorDate), xlsxText(c.Subject), xlsxText(c.Landed),
			}
			if !yield(row) {
				return
			}
		}
	}}
	return sheet.Write(w, xlsxTime(r.AsOf), summary, krs, kpisTableXLSX(r.KPIs), dueTableXLSX(r.Due), changes)
}

// xlsxValue is a changed value: a number, a text or nothing.
func xlsxValue(v any) sheet.Cell {
	switch v := v.(type) {
	case float64:
		return xScalar(v)
	case string:
		return xlsxText(v)
	}
	return sheet.Cell{}
}

// Numbers in a workbook are the values of json: rounded to 12
// significant digits (Round12), so that 0.7599999999999995 is 0.76.

func xScalar(v float64) sheet.Cell { return sheet.Num(Round12(v)) }

func xNum(v *float64) sheet.Cell {
	if v == nil {
		return sheet.Cell{}
	}
	return xScalar(*v)
}

func xScore(v float64) sheet.Cell { return sheet.ScoreOf(Round12(v)) }

func xOptScore(v *float64) sheet.Cell {
	if v == nil {
		return sheet.Cell{}
	}
	return xScore(*v)
}
