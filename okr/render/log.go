package render

import (
	"bytes"
	"encoding/csv"
	"io"
	"math"
	"slices"

	"github.com/okr-as-code/okr/okr/scorelog"
)

// LogFormats are the formats of `okr log`.
var LogFormats = []string{"table", "csv", "json"}

// Log writes the score history: one row per commit, one column per
// "<period>/<owner>" that any commit scores; a blank cell where a commit
// has no such document.
func Log(w io.Writer, format string, l *scorelog.Log) error {
	keys := l.Keys()
	switch format {
	case "json":
		return JSON(w, l)
	case "csv":
		return logCSV(w, keys, l)
	case "table", "":
		kinds := []col{colWord, colWord, colText, colText} // a commit's short hash is never cut
		for range keys {
			kinds = append(kinds, colNum)
		}
		header := []string{"COMMIT", "DATE", "AUTHOR", "SUBJECT"}
		for _, k := range keys {
			header = append(header, Text(k))
		}
		rows := make([][]string, 0, len(l.Commits))
		var cols logColumns
		for _, e := range l.Commits {
			// Authors and subjects come from the repository: never write
			// an escape sequence they hold to a terminal.
			row := []string{Text(e.Short), Text(logDay(e.Date)), Text(e.Author), Text(e.Subject)}
			row = append(row, make([]string, len(keys))...)
			for _, j := range cols.of(keys, e.Scores) {
				if v := e.Scores.Value(j); !math.IsNaN(v) { // NaN: not begun, blank
					row[4+cols.col[j]] = scScore(v)
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
func logCSV(w io.Writer, keys []string, l *scorelog.Log) error {
	cw := csv.NewWriter(w)
	header := []string{"commit", "date", "author", "subject"}
	for _, k := range keys {
		header = append(header, Text(k))
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
	var cols logColumns
	var b []byte
	// Consecutive commits mostly share their scores: keep each column's
	// last number as text instead of formatting it again.
	last := make([]float64, len(keys))
	text := make([][]byte, len(keys))
	for _, e := range l.Commits {
		head.Reset()
		if err := hw.Write([]string{Text(e.Commit), Text(e.Date), Text(e.Author), Text(e.Subject)}); err != nil {
			return err
		}
		hw.Flush()
		b = append(b[:0], head.Bytes()[:head.Len()-1]...) // without its newline
		pos := 0                                          // key cells written
		for _, j := range cols.of(keys, e.Scores) {
			for ; pos < cols.col[j]; pos++ {
				b = append(b, ',')
			}
			b = append(b, ',')
			c, v := cols.col[j], e.Scores.Value(j)
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

// logColumns places an entry's scores in the columns of the log's keys. It
// remembers the last entry's keys, which the next entries usually share.
type logColumns struct {
	index map[string]int  // key -> column
	last  scorelog.Scores // the entry the fields below are for
	col   []int           // col[j]: the column of last.Keys[j]
	order []int           // the indices j by column
	init  bool
}

// of returns the indices of s.Keys in column order; c.col[j] is the
// column of s.Keys[j].
func (c *logColumns) of(keys []string, s scorelog.Scores) []int {
	if c.init && scorelog.SameKeys(s, c.last) {
		return c.order
	}
	if c.index == nil {
		c.index = make(map[string]int, len(keys))
		for i, k := range keys {
			c.index[k] = i
		}
	}
	c.init, c.last = true, s
	c.col, c.order = c.col[:0], c.order[:0]
	for j, k := range s.Keys {
		c.col = append(c.col, c.index[k])
		c.order = append(c.order, j)
	}
	slices.SortFunc(c.order, func(a, b int) int { return c.col[a] - c.col[b] })
	return c.order
}

// logDay is the day of an RFC 3339 date, as written.
func logDay(date string) string {
	if len(date) >= 10 {
		return date[:10]
	}
	return date
}
