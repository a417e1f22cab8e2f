package sheet

import (
	"fmt"
	"io"
	"strconv"
	"testing"
	"time"
)

// benchTable is a generated table of n rows and 20 columns of every kind
// (text, numbers, scores, whole numbers, booleans, dates, timestamps,
// grades), about the shape of okr score's Scores sheet.
func benchTable(n int) Table {
	header := make([]string, 20)
	for i := range header {
		header[i] = "column_" + strconv.Itoa(i)
	}
	// The texts made once, so that the rows cost next to nothing to
	// make and the writers are what is measured.
	owners, objectives, titles := make([]string, 500), make([]string, 1000), make([]string, 1000)
	for i := range owners {
		owners[i] = "team-" + strconv.Itoa(i)
	}
	for i := range titles {
		objectives[i] = fmt.Sprintf("objective-%d", i)
		titles[i] = fmt.Sprintf("Cut checkout p95 latency from %d ms to 300 ms & keep it <%d", 800+i%200, 400+i%50)
	}
	grades := []string{"green", "yellow", "red"}
	day, stamp := When("2026-11-02"), When("2026-10-05T10:30:00+02:00")
	row := make([]Cell, 20)
	return Table{Name: "Scores", Header: header, Rows: func(yield func([]Cell) bool) {
		for i := range n {
			row[0] = Str("key_result")
			row[1] = Str(owners[i%len(owners)])
			row[2] = Str("2026-Q4")
			row[3] = Str(objectives[(i/16)%len(objectives)])
			row[4] = Str(titles[i%len(titles)])
			row[5] = ScoreOf(float64(i%101) / 100)
			row[6] = GradeOf(grades[i%3])
			row[7] = Num(float64(i) * 1.25)
			row[8] = Num(-float64(i%1000) / 7)
			row[9] = IntOf(i)
			row[10] = Str("ms")
			row[11] = BoolOf(i%2 == 0)
			row[12] = day
			row[13] = stamp
			row[14] = ScoreOf(float64(i%7) / 7)
			row[15] = GradeOf(grades[(i+1)%3])
			row[16] = Str("")
			row[17] = Num(99.95)
			row[18] = Str("on_track")
			row[19] = IntOf(i % 13)
			if !yield(row) {
				return
			}
		}
	}}
}

// BenchmarkSheetWriters: okr/sheet's own row writer (Write) against
// excelize's StreamWriter (writeExcelize, the writer it replaced) on the
// same 200,000 rows × 20 columns (BENCHMARKS.md, spreadsheets).
func BenchmarkSheetWriters(b *testing.B) {
	t := benchTable(200_000)
	created := time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC)
	for _, w := range []struct {
		name  string
		write func(io.Writer, time.Time, ...Table) error
	}{{"own", Write}, {"streamwriter", writeExcelize}} {
		b.Run(w.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var n countWriter
				if err := w.write(&n, created, t); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(n)/(1<<20), "MiB-out")
			}
		})
	}
}

// countWriter counts what is written to it.
type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}

// BenchmarkSmallWorkbook: a workbook of one sheet of one row, as okr
// writes for a small repository: the cost of the workbook around the
// rows.
func BenchmarkSmallWorkbook(b *testing.B) {
	t := benchTable(1)
	created := time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, created, t); err != nil {
			b.Fatal(err)
		}
	}
}
