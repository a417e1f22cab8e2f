package report

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/okr-as-code/okr/okr/history"
	"github.com/okr-as-code/okr/okr/internal/gittest"
)

// appendHistory writes, with one `git fast-import` fed as the stream is
// generated (nothing of it held here), a repository of n+1 commits: the
// goals, then n commits that each append a measurement row to one CSV file
// (the file grows to n rows, so the history holds n versions of it). Every
// 500th commit also moves the target. It returns the repository, made once
// in $OKR_BENCH_DIR (default the temporary directory) and reused.
func appendHistory(b *testing.B, n int) string {
	b.Helper()
	base := os.Getenv("OKR_BENCH_DIR")
	if base == "" {
		base = os.TempDir()
	}
	dir := filepath.Join(base, fmt.Sprintf("okr-bench-report-append-%d", n))
	done := filepath.Join(dir, ".okr-bench-done")
	if _, err := os.Stat(done); err == nil {
		return dir
	}
	os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	gittest.Run(b, dir, nil, "init", "-q", "-b", "main")
	cmd := exec.Command("git", "fast-import", "--quiet")
	cmd.Dir = dir
	cmd.Env = gittest.Env()
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(stdin, 1<<20)
	put := func(p, content string) {
		fmt.Fprintf(w, "M 100644 inline %s\ndata %d\n%s\n", p, len(content), content)
	}
	goals := func(target int) string {
		return fmt.Sprintf(`apiVersion: okr/v1
kind: Objectives
owner: payments
period: 2026-Q4
objectives:
  - id: checkout
    title: Make checkout effortless
    key_results:
      - id: p95
        title: Cut checkout p95 latency
        baseline: 800
        target: %d
        unit: ms
`, target)
	}
	start := time.Date(2026, 9, 20, 10, 0, 0, 0, time.UTC)
	commit := func(i int, msg string) {
		t := start.Add(time.Duration(i) * 25 * time.Minute).Unix()
		fmt.Fprintf(w, "commit refs/heads/main\nauthor Ada <ada@example.com> %d +0000\ncommitter Ada <ada@example.com> %d +0000\n", t, t)
		fmt.Fprintf(w, "data %d\n%s\n", len(msg), msg)
	}
	commit(0, "goals")
	put("okr.yaml", "organization: Acme\n")
	put("teams/payments.yaml", goals(300))
	var csv strings.Builder
	csv.WriteString("metric,at,value,note\n")
	put("measurements/payments.csv", csv.String())
	w.WriteString("\n")
	for i := 1; i <= n; i++ {
		day := start.Add(time.Duration(i) * 25 * time.Minute).Format(time.DateOnly)
		fmt.Fprintf(&csv, "payments/checkout/p95,%s,%d,check-in %d\n", day, 800-i%500, i)
		commit(i, fmt.Sprintf("check-in %d", i))
		put("measurements/payments.csv", csv.String())
		if i%500 == 0 {
			put("teams/payments.yaml", goals(300+i/50))
		}
		w.WriteString("\n")
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		b.Fatal(err)
	}
	gittest.Run(b, dir, nil, "reset", "-q", "--hard")
	if err := os.WriteFile(done, nil, 0o644); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkReportAppend builds the report of a history of 5,000 commits
// that each append a check-in row, reporting the process's peak RSS
// (peak-MiB: an upper bound, the process holds what earlier benchmarks
// left too). Run it alone:
//
//	go test ./okr/report -run '^$' -bench ReportAppend -benchtime 3x
func BenchmarkReportAppend(b *testing.B) {
	dir := appendHistory(b, 5000)
	h, err := history.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	repo, head := headRepo(b, h)
	b.ReportAllocs()
	for b.Loop() {
		r, err := Build(repo, date(b, "2026-12-20"), Options{}, h, head, "")
		if err != nil {
			b.Fatal(err)
		}
		// The target moved at commits 500, 1000, …, 5000, all but the
		// first (2026-09-28) after the quarter began.
		if len(r.Changes) < 5 {
			b.Fatalf("%d changes; want the moved targets", len(r.Changes))
		}
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak-MiB")
	}
}
