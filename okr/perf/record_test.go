package perf

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/okr-as-code/okr/okr/gen"
	"github.com/okr-as-code/okr/okr/record"
	"github.com/okr-as-code/okr/okr/source"
)

// feedRows is the size of the feed BenchmarkRecordFrom records at the
// full scale (SPEC §6 asks for 100,000 rows); smaller scales take a ninth
// of their measurements.
const feedRows = 100_000

// BenchmarkRecordFrom is okr record --from FILE of a feed of 100,000 rows
// (at the full scale) into a fresh copy of the generated work tree: load
// (unchecked, as okr record --from loads), read the feed, check every
// row, write every file. The feed is every ninth measurement row of the
// repository's CSV files at a time of its day (so that each is a new at),
// its value plus one. The copy is written before each run, outside the
// timer; a second run of the same feed (nothing to record) is reported as
// BenchmarkRecordFrom/…/again.
func BenchmarkRecordFrom(b *testing.B) {
	for _, s := range strings.Split(*scales, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		cfg, err := gen.Scale(s)
		if err != nil {
			b.Fatal(err)
		}
		dir := b.TempDir()
		fresh := func(b *testing.B) string {
			b.Helper()
			d := filepath.Join(dir, "repo")
			if err := os.RemoveAll(d); err != nil {
				b.Fatal(err)
			}
			if err := gen.Write(d, cfg); err != nil {
				b.Fatal(err)
			}
			return d
		}
		feed := feedOf(b, fresh(b))
		run := func(b *testing.B, root string, want int) {
			t, err := source.WorkTree(root, source.Options{Unchecked: true})
			if err != nil {
				b.Fatal(err)
			}
			rows, probs := record.ParseFeed(feed, "2026-11-15")
			plan, more, err := record.PlanFeed(t.Root, t.Repo, rows, "", false)
			if err != nil || len(probs)+len(more) > 0 {
				b.Fatalf("%v %v %v", err, probs, more)
			}
			if _, err := plan.Apply(t.Root); err != nil {
				b.Fatal(err)
			}
			if n, _, _ := plan.Totals(); n != want {
				b.Fatalf("%d recorded, want %d", n, want)
			}
		}
		rows := bytes.Count(feed, []byte("\n")) - 1
		b.Run(s, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				root := fresh(b)
				b.StartTimer()
				run(b, root, rows)
			}
			b.ReportMetric(float64(rows), "rows")
			reportPeak(b)
		})
		// The writing alone: the plan made outside the timer, then each
		// file read again under its lock, its rows appended, written to a
		// temporary file, all synced, and renamed over it (atomically, as
		// SPEC §6 asks): what the file system costs.
		b.Run(s+"/write", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				root := fresh(b)
				t, err := source.WorkTree(root, source.Options{Unchecked: true})
				if err != nil {
					b.Fatal(err)
				}
				rows, _ := record.ParseFeed(feed, "2026-11-15")
				plan, _, err := record.PlanFeed(t.Root, t.Repo, rows, "", false)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(len(plan.Files)), "files")
				b.StartTimer()
				if _, err := plan.Apply(t.Root); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(s+"/again", func(b *testing.B) {
			root := fresh(b)
			run(b, root, rows)
			b.ReportAllocs()
			for b.Loop() {
				run(b, root, 0)
			}
			reportPeak(b)
		})
	}
}

// feedOf makes the feed of BenchmarkRecordFrom from the repository at root.
func feedOf(b *testing.B, root string) []byte {
	t, err := source.WorkTree(root, source.Options{Unchecked: true})
	if err != nil {
		b.Fatal(err)
	}
	limit := min(feedRows, len(t.Repo.Measurements)/9)
	var out bytes.Buffer
	out.WriteString("metric,at,value,note\n")
	n := 0
	for i, m := range t.Repo.Measurements {
		if i%9 != 8 || m.AtText != "" || !strings.HasSuffix(m.Pos.File, ".csv") || n == limit {
			continue
		}
		fmt.Fprintf(&out, "%s,%sT12:00:00Z,%s,feed\n", m.Metric, m.Day, record.FormatValue(m.Value+1))
		n++
	}
	return out.Bytes()
}
