package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// TestREADMEExamples runs every console example of README.md that runs okr
// on examples/acme and checks that the README shows its real output.
//
// An example that starts `$ okr diff --since ` or `$ okr digest ` runs in acmeWeek's
// repository instead: acme committed on 2026-11-06 without payments' check-ins
// of 2026-11-09, which are in the work tree (the check-in meeting's week).
func TestREADMEExamples(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const prompt = "$ okr -C examples/acme "
	const sincePrompt = "$ okr diff --since "
	const digestPrompt = "$ okr digest "
	weekDir := ""
	lines := strings.Split(string(readme), "\n")
	n := 0
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		week := strings.HasPrefix(line, sincePrompt) || strings.HasPrefix(line, digestPrompt)
		if !strings.HasPrefix(line, prompt) && !week {
			continue
		}
		cmdline := strings.TrimPrefix(line, "$ okr ")
		var want []string
		for j := i + 1; j < len(lines) && !strings.HasPrefix(lines[j], "$ ") && lines[j] != "```"; j++ {
			want = append(want, lines[j])
		}
		pipeHead := 0
		if k := strings.Index(cmdline, " | head -"); k >= 0 {
			pipeHead = len(want)
			cmdline = cmdline[:k]
		}
		args := strings.Fields(cmdline)
		if week {
			if weekDir == "" {
				weekDir = acmeWeek(t)
			}
			args = append([]string{"-C", weekDir}, args...)
		} else {
			args[1] = filepath.Join("..", "..", "examples", "acme")
		}
		var stdout, stderr bytes.Buffer
		run(args, nil, &stdout, &stderr)
		got := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
		if pipeHead > 0 && len(got) > pipeHead {
			got = got[:pipeHead]
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("README.md line %d: okr %s\nREADME shows:\n%s\nokr prints:\n%s\nstderr:\n%s", i+1, cmdline, strings.Join(want, "\n"), strings.Join(got, "\n"), stderr.String())
		}
		n++
	}
	if n < 3 {
		t.Fatalf("found %d README examples on examples/acme; expected at least 3", n)
	}
}

// acmeWeek makes a git repository of examples/acme whose one commit, dated
// 2026-11-06, lacks the rows of measurements/payments.csv dated 2026-11-09;
// its work tree holds acme as it is. It is made with go-git, so the test
// needs no git binary.
func acmeWeek(t *testing.T) string {
	t.Helper()
	src := filepath.Join("..", "..", "examples", "acme")
	dir := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	payments := filepath.Join(dir, "measurements", "payments.csv")
	full, err := os.ReadFile(payments)
	if err != nil {
		t.Fatal(err)
	}
	var before []string
	for _, l := range strings.SplitAfter(string(full), "\n") {
		if !strings.Contains(l, ",2026-11-09,") {
			before = append(before, l)
		}
	}
	if len(before) == len(strings.SplitAfter(string(full), "\n")) {
		t.Fatal("measurements/payments.csv has no check-in dated 2026-11-09: update acmeWeek and the README")
	}
	if err := os.WriteFile(payments, []byte(strings.Join(before, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	repo, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{
		InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName("main")},
	})
	if err != nil {
		t.Fatal(err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		t.Fatal(err)
	}
	sig := &object.Signature{Name: "Acme", Email: "okr@acme.example", When: time.Date(2026, 11, 6, 17, 0, 0, 0, time.UTC)}
	if _, err := wt.Commit("check-ins of the week of 2 November", &git.CommitOptions{Author: sig, Committer: sig}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(payments, full, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}
