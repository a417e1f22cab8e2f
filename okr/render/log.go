package render

import (
	"encoding/csv"
	"io"
	"strings"
	"unicode"

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
			row := []string{e.Commit, e.Date, logPlain(e.Author), logPlain(e.Subject)}
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
		header := []string{"COMMIT", "DATE", "AUTHOR", "SUBJECT"}
		for _, k := range keys {
			header = append(header, chgSafe(k))
		}
		t.Header(header)
		for _, e := range l.Commits {
			// Authors and subjects come from the repository: never write
			// an escape sequence they hold to a terminal.
			row := []string{chgSafe(e.Short), logDay(e.Date), chgSafe(e.Author), chgSafe(e.Subject)}
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

// logDay is the day of an RFC 3339 date, as written.
func logDay(date string) string {
	if len(date) >= 10 {
		return date[:10]
	}
	return date
}

// logPlain replaces the control characters of s (escape sequences from a
// hostile commit message) with spaces.
func logPlain(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}
