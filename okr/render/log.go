package render

import (
	"encoding/csv"
	"io"

	"github.com/okr-as-code/okr/okr/scorelog"
	"github.com/olekukonko/tablewriter/tw"
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
		cw := csv.NewWriter(w)
		header := append([]string{"commit", "date", "author", "subject"}, keys...)
		if err := cw.Write(header); err != nil {
			return err
		}
		for _, e := range l.Commits {
			row := []string{e.Commit, e.Date, e.Author, e.Subject}
			for _, k := range keys {
				if v, ok := e.Scores[k]; ok {
					row = append(row, scFull(v))
				} else {
					row = append(row, "")
				}
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	case "table", "":
		align := []tw.Align{tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignLeft}
		for range keys {
			align = append(align, tw.AlignRight)
		}
		t := scTable(w, align)
		t.Header(append([]string{"COMMIT", "DATE", "AUTHOR", "SUBJECT"}, keys...))
		for _, e := range l.Commits {
			row := []string{e.Short, e.Date[:10], e.Author, e.Subject}
			for _, k := range keys {
				if v, ok := e.Scores[k]; ok {
					row = append(row, scScore(v))
				} else {
					row = append(row, "")
				}
			}
			if err := t.Append(row); err != nil {
				return err
			}
		}
		return t.Render()
	}
	return UnknownFormat(format, LogFormats)
}
