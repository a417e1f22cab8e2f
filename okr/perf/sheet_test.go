package perf

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/okr-as-code/okr/okr/gen"
	"github.com/okr-as-code/okr/okr/render"
	"github.com/okr-as-code/okr/okr/score"
)

// treeDir is a generated repository of scale without a history (the
// tables need none), made once into $OKR_BENCH_DIR and reused.
func treeDir(b *testing.B, scale string) string {
	b.Helper()
	mu.Lock()
	defer mu.Unlock()
	cfg, err := gen.Scale(scale)
	if err != nil {
		b.Fatal(err)
	}
	base := os.Getenv("OKR_BENCH_DIR")
	if base == "" {
		base = os.TempDir()
	}
	dir := filepath.Join(base, fmt.Sprintf("okr-bench-tree-%s-%d", scale, cfg.Seed))
	if _, err := os.Stat(filepath.Join(dir, ".okr-bench-done")); err != nil {
		os.RemoveAll(dir)
		if err := gen.Write(dir, cfg); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, ".okr-bench-done"), nil, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// BenchmarkScoreTable writes okr score's report of every document (SPEC
// §4's 128,009 key results at full scale) as csv and as xlsx, from a
// scored repository: the writers alone, which SPEC §7 holds to xlsx at
// most twice csv's time.
func BenchmarkScoreTable(b *testing.B) {
	for _, s := range strings.Split(*scales, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		dir := treeDir(b, s)
		repo, _ := loadDir(b, dir)
		r, err := score.Score(repo, asOf, score.Options{Period: score.AllPeriods})
		if err != nil {
			b.Fatal(err)
		}
		for _, format := range []string{"csv", "xlsx"} {
			b.Run(s+"/"+format, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					var n countWriter
					if err := render.Scores(&n, format, r, false); err != nil {
						b.Fatal(err)
					}
					b.ReportMetric(float64(n)/(1<<20), "out-MiB")
				}
				reportPeak(b)
			})
		}
	}
}

type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}

var _ io.Writer = new(countWriter)
