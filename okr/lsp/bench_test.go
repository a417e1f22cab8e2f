package lsp

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/okr-as-code/okr/okr/gen"
)

var (
	benchScale = flag.String("okr.scale", "medium", "scale of the generated repository BenchmarkLSP serves: small, medium (500 owners) or full")
	benchBin   = flag.String("okr.bin", "", "an okr binary: BenchmarkLSP then runs `okr lsp` as a process and reports its peak memory against `okr validate`'s; default: the server in-process")
)

// benchRepo returns the generated work tree of the scale, writing it once
// under $OKR_BENCH_DIR (default: the temporary directory).
func benchRepo(b *testing.B) string {
	b.Helper()
	cfg, err := gen.Scale(*benchScale)
	if err != nil {
		b.Fatal(err)
	}
	base := os.Getenv("OKR_BENCH_DIR")
	if base == "" {
		base = os.TempDir()
	}
	dir := filepath.Join(base, fmt.Sprintf("okr-lsp-bench-%s-%d", *benchScale, cfg.Seed))
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

// startProcess runs `bin lsp` in dir, as an editor does.
func startProcess(b *testing.B, bin, dir string) (*client, *exec.Cmd) {
	b.Helper()
	cmd := exec.Command(bin, "-C", dir, "--at", testAsOf.String(), "lsp")
	in, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	c := newClient(b, dir, in)
	go c.readLoop(out)
	b.Cleanup(func() {
		in.Close()
		cmd.Wait()
	})
	return c, cmd
}

// median returns the median of ds in milliseconds.
func median(ds []time.Duration) float64 {
	slices.Sort(ds)
	return float64(ds[len(ds)/2]) / float64(time.Millisecond)
}

// BenchmarkLSP measures, on a generated repository (SPEC §8: 500 owners),
// the time from a one-line didChange in one Objectives file to that
// file's publishDiagnostics, and the time a hover on a key result and on
// an owner takes,
// each as a median (ms/median); with -okr.bin, also the server's peak
// resident memory after those edits and hovers, and okr validate's on the
// same repository (MB).
func BenchmarkLSP(b *testing.B) {
	dir := benchRepo(b)
	var c *client
	var cmd *exec.Cmd
	if *benchBin != "" {
		c, cmd = startProcess(b, *benchBin, dir)
	} else {
		c = startServer(b, dir)
	}
	start := time.Now()
	c.initialize()
	c.sync()
	first := time.Since(start)
	b.Run("start", func(b *testing.B) {
		for b.Loop() {
		}
		// The first analysis: initialize to the first diagnostics.
		b.ReportMetric(float64(first)/float64(time.Millisecond), "ms/first-analysis")
	})
	file := "teams/team-0001/2026-Q4.yaml"
	text := c.openDisk(file)
	lines := strings.Split(text, "\n")
	target := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "        target: ") })
	krID := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "      - id: ") })
	if target < 0 || krID < 0 {
		b.Fatalf("%s has no key result target", file)
	}
	uri := c.uri(file)
	got := make(chan int, 16)
	c.mu.Lock()
	c.onPublish = func(p publishDiagnosticsParams) {
		if p.URI == uri && p.Version != nil {
			got <- *p.Version
		}
	}
	c.mu.Unlock()
	c.sync()
	for len(got) > 0 {
		<-got
	}
	version := 100
	b.Run("didChange", func(b *testing.B) {
		var ds []time.Duration
		for i := 0; b.Loop(); i++ {
			version++
			// One line: the key result's target, a new number each time.
			prefix := "        target: "
			old := lines[target]
			lines[target] = prefix + strconv.Itoa(10+i%50)
			t0 := time.Now()
			c.notify("textDocument/didChange", map[string]any{
				"textDocument":   map[string]any{"uri": uri, "version": version},
				"contentChanges": []any{map[string]any{"range": Range{Start: Position{target, 0}, End: Position{target, len(old)}}, "text": lines[target]}},
			})
			for v := range got {
				if v == version {
					break
				}
			}
			ds = append(ds, time.Since(t0))
		}
		b.ReportMetric(median(ds), "ms/median")
	})
	// One line of a measurement file: the rows of every file are then
	// assembled again.
	csv := "measurements/team-0001.csv"
	csvText := c.openDisk(csv)
	csvLines := strings.Split(csvText, "\n")
	csvURI := c.uri(csv)
	c.mu.Lock()
	c.onPublish = func(p publishDiagnosticsParams) {
		if (p.URI == uri || p.URI == csvURI) && p.Version != nil {
			got <- *p.Version
		}
	}
	c.mu.Unlock()
	c.sync()
	for len(got) > 0 {
		<-got
	}
	b.Run("didChangeCSV", func(b *testing.B) {
		var ds []time.Duration
		for i := 0; b.Loop(); i++ {
			version++
			// The first row's value: metric,at,VALUE,...
			cells := strings.Split(csvLines[1], ",")
			old := csvLines[1]
			cells[2] = strconv.Itoa(100 + i%50)
			csvLines[1] = strings.Join(cells, ",")
			t0 := time.Now()
			c.notify("textDocument/didChange", map[string]any{
				"textDocument":   map[string]any{"uri": csvURI, "version": version},
				"contentChanges": []any{map[string]any{"range": Range{Start: Position{1, 0}, End: Position{1, len(old)}}, "text": csvLines[1]}},
			})
			for v := range got {
				if v == version {
					break
				}
			}
			ds = append(ds, time.Since(t0))
		}
		b.ReportMetric(median(ds), "ms/median")
	})
	b.Run("hover", func(b *testing.B) {
		var ds []time.Duration
		at := Position{krID, len("      - id: ") + 1}
		for b.Loop() {
			t0 := time.Now()
			r := c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": at})
			ds = append(ds, time.Since(t0))
			if r.Error != nil || !strings.Contains(string(r.Result), "key result") {
				b.Fatalf("hover: %v %s", r.Error, r.Result)
			}
		}
		b.ReportMetric(median(ds), "ms/median")
	})
	// An owner's: the documents, KPIs, key results and people of the whole
	// repository scanned for what it owns.
	b.Run("hoverOwner", func(b *testing.B) {
		var ds []time.Duration
		at := Position{slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "owner: ") }), len("owner: ") + 1}
		for b.Loop() {
			t0 := time.Now()
			r := c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": at})
			ds = append(ds, time.Since(t0))
			if r.Error != nil || !strings.Contains(string(r.Result), "**owner**") {
				b.Fatalf("hover: %v %s", r.Error, r.Result)
			}
		}
		b.ReportMetric(median(ds), "ms/median")
	})
	if cmd == nil {
		return
	}
	// The process's peak after those edits and hovers, against okr
	// validate's on the same repository.
	b.Run("peak", func(b *testing.B) {
		var peakKB, validateKB float64
		for b.Loop() {
			status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid))
			if err != nil {
				b.Skipf("no peak memory: %v", err)
			}
			for _, l := range strings.Split(string(status), "\n") {
				if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
					peakKB, _ = strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
				}
			}
			v := exec.Command(*benchBin, "-C", dir, "--at", testAsOf.String(), "validate")
			v.Run()
			validateKB = float64(v.ProcessState.SysUsage().(*syscall.Rusage).Maxrss)
		}
		b.ReportMetric(peakKB/1024, "lsp-peak-MB")
		b.ReportMetric(validateKB/1024, "validate-peak-MB")
		b.ReportMetric(peakKB/validateKB, "peak-ratio")
	})
}
