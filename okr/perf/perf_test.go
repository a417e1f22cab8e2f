package perf

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/okr-as-code/okr/okr/change"
	"github.com/okr-as-code/okr/okr/check"
	"github.com/okr-as-code/okr/okr/gen"
	"github.com/okr-as-code/okr/okr/history"
	"github.com/okr-as-code/okr/okr/load"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/score"
	"github.com/okr-as-code/okr/okr/scorelog"
)

var scales = flag.String("okr.scales", "small", "comma-separated scales to benchmark: small, medium, full")

// asOf is inside the generated year, after its last quarter began.
var asOf = model.NewDate(2026, 11, 15)

var (
	mu    sync.Mutex
	repos = map[string]string{}
)

// repoDir returns a generated repository with history for scale, making it
// on first use and reusing it across runs.
func repoDir(b *testing.B, scale string) string {
	b.Helper()
	mu.Lock()
	defer mu.Unlock()
	if d, ok := repos[scale]; ok {
		return d
	}
	cfg, err := gen.Scale(scale)
	if err != nil {
		b.Fatal(err)
	}
	base := os.Getenv("OKR_BENCH_DIR")
	if base == "" {
		base = os.TempDir()
	}
	dir := filepath.Join(base, fmt.Sprintf("okr-bench-%s-%d", scale, cfg.Seed))
	if _, err := os.Stat(filepath.Join(dir, ".okr-bench-done")); err != nil {
		os.RemoveAll(dir)
		if err := gen.WriteHistory(dir, cfg); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, ".okr-bench-done"), nil, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	repos[scale] = dir
	return dir
}

func each(b *testing.B, fn func(b *testing.B, dir string)) {
	for _, s := range strings.Split(*scales, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		b.Run(s, func(b *testing.B) {
			dir := repoDir(b, s)
			b.ReportAllocs()
			fn(b, dir)
			reportPeak(b)
		})
	}
}

// reportPeak reports the process's peak resident set size: an upper bound
// of the benchmark's own peak, since the process also holds what earlier
// benchmarks left behind.
func reportPeak(b *testing.B) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak-MiB")
	}
}

func loadDir(b *testing.B, dir string) (*model.Repo, []model.Problem) {
	repo, probs, err := load.Dir(dir, load.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return repo, probs
}

func BenchmarkLoad(b *testing.B) {
	each(b, func(b *testing.B, dir string) {
		for b.Loop() {
			loadDir(b, dir)
		}
	})
}

func BenchmarkValidate(b *testing.B) {
	each(b, func(b *testing.B, dir string) {
		for b.Loop() {
			repo, probs := loadDir(b, dir)
			probs = append(probs, check.Check(repo, check.Options{AsOf: asOf})...)
			if e, _ := model.Count(probs); e > 0 {
				b.Fatalf("generated repository has %d errors: %v", e, probs[0])
			}
		}
	})
}

func BenchmarkScore(b *testing.B) {
	each(b, func(b *testing.B, dir string) {
		repo, _ := loadDir(b, dir)
		for b.Loop() {
			if _, err := score.Score(repo, asOf, score.Options{Period: score.AllPeriods}); err != nil {
				b.Fatal(err)
			}
			score.KPIs(repo, asOf, score.Options{})
		}
	})
}

// BenchmarkDue lists the check-ins due of every document and KPI, from a
// loaded repository (as BenchmarkScore scores them).
func BenchmarkDue(b *testing.B) {
	each(b, func(b *testing.B, dir string) {
		repo, _ := loadDir(b, dir)
		for b.Loop() {
			if _, err := score.Due(repo, asOf, score.Options{Period: score.AllPeriods}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkDiff compares HEAD~20 with HEAD, both read from git.
func BenchmarkDiff(b *testing.B) {
	each(b, func(b *testing.B, dir string) {
		h, err := history.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		defer h.Close()
		base, err := h.Resolve("HEAD~20")
		if err != nil {
			b.Fatal(err)
		}
		head, err := h.Resolve("HEAD")
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			cache := load.NewCache()
			var repos [2]*model.Repo
			for i, c := range []*object.Commit{base, head} {
				fsys, err := h.FS(c)
				if err != nil {
					b.Fatal(err)
				}
				if repos[i], _, err = load.Load(fsys, load.Options{Cache: cache}); err != nil {
					b.Fatal(err)
				}
			}
			change.Compare(repos[0], repos[1], change.Options{Date: asOf, Scores: change.ScoresAsOf(asOf)})
		}
	})
}

// BenchmarkLog builds the score history of every commit.
func BenchmarkLog(b *testing.B) {
	each(b, func(b *testing.B, dir string) {
		h, err := history.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		defer h.Close()
		head, err := h.Resolve("HEAD")
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			l, err := scorelog.Build(h, head, scorelog.Options{})
			if err != nil {
				b.Fatal(err)
			}
			if len(l.Commits) == 0 {
				b.Fatal("empty log")
			}
		}
	})
}
