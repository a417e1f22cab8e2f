package render

import (
	"bytes"
	"encoding/csv"
	"io"
	"math"

	"github.com/okr-as-code/okr/okr/scorelog"
)

// LogFormats are the formats of `okr log`.
var LogFormats = []string{"table", "csv", "json", "xlsx"}

// Log writes the score history: one row per commit, one column per
// "<period>/<owner>" that any commit scores; a blank cell where a commit
// has no such document.
func Log(w io.Writer, format string, l *scorelog.Log) error {
	switch format {
	case "json":
		return JSON(w, l)
	case "csv":
		return logCSV(w, l)
	case "xlsx":
		return logXLSX(w, l)
	case "table", "":
		cols := l.Columns()
		keys := cols.Keys
		kinds := []col{colWord, colWord, colText, colText} // a commit's short hash is never cut
		for range keys {
			kinds = append(kinds, colNum)
		}
		header := []string{"COMMIT", "DATE", "AUTHOR", "SUBJECT"}
		for _, k := range keys {
			header = append(header, Text(k))
		}
		rows := make([][]string, 0, len(l.Commits))
		for _, e := range l.Commits {
			// Authors and subjects come from the repository: never write
			// an escape sequence they hold to a terminal.
			row := []string{Text(e.Short), Text(logDay(e.Date)), Text(e.Author), Text(e.Subject)}
			row = append(row, make([]string, len(keys))...)
			order, col := cols.Place(e.Scores)
			for _, j := range order {
				if v := e.Scores.Value(j); !math.IsNaN(v) { // NaN: not begun, blank
					row[4+col[j]] = scScore(v)
				}
			}
			rows = append(rows, row)
		}
		// On a narrow terminal: SUBJECT, AUTHOR, then the owners from the
		// last to the second left out, as needed.
		optional := []int{3, 2}
		for j := len(header) - 1; j > 4; j-- {
			optional = append(optional, j)
		}
		return writeTable(w, kinds, header, rows, optional...)
	}
	return UnknownFormat(format, LogFormats)
}

// logCSV writes the log as CSV: a header, then one row per commit with a
// cell per key, empty where the commit has no such score. Most cells of a
// long history are empty (each commit scores the documents of its own
// period), so the rows are written directly rather than field by field.
func logCSV(w io.Writer, l *scorelog.Log) error {
	cols := l.Columns()
	keys := cols.Keys
	cw := csv.NewWriter(w)
	header := []string{"commit", "date", "author", "subject"}
	for _, k := range keys {
		header = append(header, CSV(k))
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	var head bytes.Buffer // the quoted first four fields of a row
	hw := csv.NewWriter(&head)
	var b []byte
	// Consecutive commits mostly share their scores: keep each column's
	// last number as text instead of formatting it again.
	last := make([]float64, len(keys))
	text := make([][]byte, len(keys))
	for _, e := range l.Commits {
		head.Reset()
		if err := hw.Write([]string{CSV(e.Commit), CSV(e.Date), CSV(e.Author), CSV(e.Subject)}); err != nil {
			return err
		}
		hw.Flush()
		b = append(b[:0], head.Bytes()[:head.Len()-1]...) // without its newline
		pos := 0                                          // key cells written
		order, col := cols.Place(e.Scores)
		for _, j := range order {
			for ; pos < col[j]; pos++ {
				b = append(b, ',')
			}
			b = append(b, ',')
			c, v := col[j], e.Scores.Value(j)
			if text[c] == nil || math.Float64bits(last[c]) != math.Float64bits(v) {
				last[c], text[c] = v, AppendNum(text[c][:0], v)
				if math.IsNaN(v) {
					text[c] = text[c][:0] // not begun: blank
				}
			}
			b = append(b, text[c]...)
			pos++
		}
		for ; pos < len(keys); pos++ {
			b = append(b, ',')
		}
		b = append(b, '\n')
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// logDay is the day of an RFC 3339 date, as written.
func logDay(date string) string {
	if len(date) >= 10 {
		return date[:10]
	}
	return date
}
