package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestUnionMergeTwentyBranches is SPEC §6 "Parallel check-ins merge
// cleanly" with the real git and okr binaries: twenty branches from one
// base each record two check-ins with okr record into the same two CSV
// files; merged into one branch in two orders, there is no conflict, no
// row is lost or doubled, and okr validate passes. Without the
// .gitattributes that okr init writes, the same merges conflict.
func TestUnionMergeTwentyBranches(t *testing.T) {
	requireTools(t, "git")
	okr := builtOKR(t)
	const branches = 20
	run := func(dir string, name string, args ...string) (string, error) {
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(),
			"GIT_AUTHOR_NAME=Ann", "GIT_AUTHOR_EMAIL=ann@example.com",
			"GIT_COMMITTER_NAME=Ann", "GIT_COMMITTER_EMAIL=ann@example.com",
			"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1", "NO_COLOR=1")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	must := func(dir string, name string, args ...string) string {
		t.Helper()
		out, err := run(dir, name, args...)
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return out
	}
	// rows are the data rows of the repository's measurement CSV files.
	rows := func(dir string) []string {
		var out []string
		for _, f := range []string{"measurements/my-team.csv", "measurements/extra.csv"} {
			b, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
				if !strings.HasPrefix(l, "metric,") {
					out = append(out, f+": "+l)
				}
			}
		}
		slices.Sort(out)
		return out
	}

	// build makes a repository scaffolded by okr init, with or without its
	// .gitattributes, and the twenty branches; it returns the repository
	// and the rows that all merged must hold.
	build := func(union bool) (string, []string) {
		dir := t.TempDir()
		must(dir, "git", "init", "-q")
		must(dir, "git", "checkout", "-q", "-b", "base")
		must(dir, okr, "init", ".", "--at", "2026-11-23")
		if err := os.WriteFile(filepath.Join(dir, "measurements", "extra.csv"), []byte("metric,at,value,note,confidence\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if !union {
			if err := os.Remove(filepath.Join(dir, ".gitattributes")); err != nil {
				t.Fatal(err)
			}
		}
		must(dir, "git", "add", "-A")
		must(dir, "git", "commit", "-q", "-m", "base")
		want := rows(dir)
		for i := 1; i <= branches; i++ {
			b := fmt.Sprintf("b%02d", i)
			must(dir, "git", "checkout", "-q", "-b", b, "base")
			// each its own day (one value per day) or instant
			must(dir, okr, "record", "my-team/happy-customers/first-response", fmt.Sprint(i), "--at", fmt.Sprintf("2026-10-%02d", i), "--note", "branch "+b)
			must(dir, okr, "record", "weekly_active_users", fmt.Sprint(1000+i), "--at", fmt.Sprintf("2026-11-20T10:%02d:00Z", i), "--file", "measurements/extra.csv", "--confidence", fmt.Sprint(i%11))
			must(dir, "git", "commit", "-q", "-am", "check-in "+b)
			want = append(want,
				fmt.Sprintf("measurements/my-team.csv: my-team/happy-customers/first-response,2026-10-%02d,%d,branch %s,", i, i, b),
				fmt.Sprintf("measurements/extra.csv: weekly_active_users,2026-11-20T10:%02d:00Z,%d,,%d", i, 1000+i, i%11))
		}
		slices.Sort(want)
		return dir, want
	}

	dir, want := build(true)
	for _, order := range []string{"forward", "backward"} {
		must(dir, "git", "checkout", "-q", "-b", "merged-"+order, "base")
		for j := 1; j <= branches; j++ {
			i := j
			if order == "backward" {
				i = branches + 1 - j
			}
			if out, err := run(dir, "git", "merge", "--no-edit", "-q", fmt.Sprintf("b%02d", i)); err != nil {
				t.Fatalf("%s: merging b%02d conflicts: %v\n%s", order, i, err, out)
			}
		}
		if diff := cmp.Diff(want, rows(dir)); diff != "" {
			t.Errorf("%s: rows after the merges (-want +got):\n%s", order, diff)
		}
		if out, err := run(dir, okr, "validate", "--at", "2026-11-23"); err != nil {
			t.Errorf("%s: okr validate after the merges: %v\n%s", order, err, out)
		}
	}

	// The same without the union merge driver: git reports a conflict.
	dir, _ = build(false)
	must(dir, "git", "checkout", "-q", "-b", "merged", "base")
	conflicts := 0
	for i := 1; i <= branches && conflicts == 0; i++ {
		if _, err := run(dir, "git", "merge", "--no-edit", "-q", fmt.Sprintf("b%02d", i)); err != nil {
			conflicts++
		}
	}
	if conflicts == 0 {
		t.Fatal("without .gitattributes the twenty merges had no conflict: the test proves nothing")
	}
	// and okr validate says where, and how to avoid it
	out, err := run(dir, okr, "validate", "--at", "2026-11-23")
	if err == nil || !strings.Contains(out, "[merge-conflict]") || !strings.Contains(out, "merge=union") {
		t.Errorf("okr validate on the conflicted merge: %v\n%s", err, out)
	}
}
