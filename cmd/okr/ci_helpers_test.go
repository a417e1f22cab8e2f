package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// requireTools skips the test where a tool the action runs is absent.
func requireTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
}

// moduleRoot is the directory of go.mod: the action's checkout.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// gitIn runs git in dir.
func gitIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"GIT_AUTHOR_NAME=Ann", "GIT_AUTHOR_EMAIL=ann@example.com",
		"GIT_COMMITTER_NAME=Ann", "GIT_COMMITTER_EMAIL=ann@example.com",
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// currentQuarter is the quarter of today, so that a change made today is
// made after the period began, and its first day.
func currentQuarter() (period, first string) {
	now := time.Now()
	q := (int(now.Month())-1)/3 + 1
	start := time.Date(now.Year(), time.Month(3*q-2), 1, 0, 0, 0, 0, time.Local)
	return fmt.Sprintf("%d-Q%d", now.Year(), q), start.Format(time.DateOnly)
}

func objectives(period, target string, extra string) string {
	return `apiVersion: okr/v1
kind: Objectives
owner: payments
period: ` + period + `
objectives:
  - id: effortless-checkout
    title: Make checkout effortless
    key_results:
      - id: p95-latency
        title: Cut checkout p95 latency
        baseline: 800
        ` + target + `
        unit: ms` + extra + `
      - id: apple-pay
        title: Offer Apple Pay on every web checkout
        type: milestone
`
}

// builtOKR builds okr from this module, as the action does, into a
// temporary directory and returns the binary.
func builtOKR(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "okr")
	cmd := exec.Command("go", "build", "-trimpath", "-o", bin, "./cmd/okr")
	cmd.Dir = moduleRoot(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}
