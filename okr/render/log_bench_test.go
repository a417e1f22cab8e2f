package render

import (
	"fmt"
	"io"
	"testing"

	"github.com/okr-as-code/okr/okr/scorelog"
)

// benchLog is a score history shaped as okr log's of a large repository:
// commits newest first, each scoring the documents of its quarter, the
// key set changing every 50 commits (a document added), the scores every
// commit in one owner.
func benchLog(commits, owners int) *scorelog.Log {
	l := &scorelog.Log{}
	var keys []string
	for i := 0; i < commits; i++ {
		if i%50 == 0 {
			n := owners - i/50
			keys = make([]string, 0, n)
			for o := 0; o < n; o++ {
				keys = append(keys, fmt.Sprintf("2026-Q4/owner-%04d", o))
			}
		}
		vals := make([]float64, len(keys))
		for j := range vals {
			vals[j] = float64((j*7+i)%100) / 100
		}
		vals[i%len(vals)] = 0.5
		l.Commits = append(l.Commits, scorelog.Entry{
			Commit: fmt.Sprintf("%040x", i), Short: fmt.Sprintf("%07x", i),
			Date: "2026-11-10T16:45:00+01:00", Author: "Ada", Subject: "Record",
			Scores: scorelog.NewScores(keys, vals),
		})
	}
	return l
}

// BenchmarkLogTable writes okr log's table and CSV: 1,000 commits × about
// 500 owners.
func BenchmarkLogTable(b *testing.B) {
	l := benchLog(1000, 500)
	for _, format := range []string{"table", "csv"} {
		b.Run(format, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := Log(io.Discard, format, l); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
