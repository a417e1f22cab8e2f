package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestPreCommitHooks runs this repository's .pre-commit-hooks.yaml through
// pre-commit itself (`pre-commit try-repo`), which builds okr from this
// checkout with Go, on a sample repository: a passing and a failing commit,
// validate reporting only the files it is given, and okr-fmt rewriting a
// file. Each try-repo builds okr anew (about half a minute).
func TestPreCommitHooks(t *testing.T) {
	requireTools(t, "pre-commit", "git", "go")
	root := moduleRoot(t)
	home := t.TempDir()
	env := append(os.Environ(),
		"PRE_COMMIT_HOME="+filepath.Join(home, "pre-commit"),
		"GIT_AUTHOR_NAME=Ann", "GIT_AUTHOR_EMAIL=ann@example.com",
		"GIT_COMMITTER_NAME=Ann", "GIT_COMMITTER_EMAIL=ann@example.com",
		"NO_COLOR=1", "TERM=dumb")
	// Reuse the module cache: pre-commit gives the hook its own GOPATH.
	if out, err := exec.Command("go", "env", "GOMODCACHE").Output(); err == nil {
		env = append(env, "GOMODCACHE="+strings.TrimSpace(string(out)))
	}
	repo := t.TempDir()
	gitIn(t, repo, "init", "-q")
	period, first := currentQuarter()
	writeFiles(t, repo, map[string]string{
		"okr.yaml":                  "organization: Acme\n",
		".github/workflows/ci.yaml": "on: push\njobs: {}\n",
		"teams/payments.yaml":       objectives(period, "target: 300", ""),
		"measurements/payments.csv": "metric,at,value\npayments/effortless-checkout/p95-latency," + first + ",600\n",
	})
	gitIn(t, repo, "add", "-A")

	tryRepo := func(args ...string) (string, error) {
		t.Helper()
		cmd := exec.Command("pre-commit", append([]string{"try-repo", root}, args...)...)
		cmd.Dir = repo
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		t.Logf("pre-commit try-repo %s:\n%s", strings.Join(args, " "), out)
		return string(out), err
	}

	// Passing: valid OKR files, and a workflow that is no OKR file.
	if out, err := tryRepo("okr-validate", "--all-files"); err != nil || !strings.Contains(out, "Passed") {
		t.Fatalf("okr-validate on valid files: %v", err)
	}

	// Failing: a typo in a key result.
	writeFiles(t, repo, map[string]string{"teams/payments.yaml": objectives(period, "tagret: 300", "")})
	gitIn(t, repo, "add", "-A")
	out, err := tryRepo("okr-validate", "--all-files")
	if err == nil || !strings.Contains(out, "Failed") {
		t.Errorf("okr-validate passed with a typo: %v", err)
	}
	if !strings.Contains(out, "teams/payments.yaml:") || !strings.Contains(out, "tagret") {
		t.Errorf("okr-validate does not say where the typo is:\n%s", out)
	}

	// With the files of a commit that leaves the broken file alone, only
	// their problems count; and okr-fmt rewrites a file out of okr's layout,
	// failing so that the rewrite gets reviewed.
	messy := "apiVersion: okr/v1\nkind: KPI\nname: Uptime\nid: uptime\ndirection: increase\n"
	writeFiles(t, repo, map[string]string{"kpis/uptime.yaml": messy})
	gitIn(t, repo, "add", "-A")
	out, _ = tryRepo("--files", "measurements/payments.csv", "okr.yaml", "kpis/uptime.yaml")
	if !regexp.MustCompile(`okr validate\.*Passed`).MatchString(out) {
		t.Errorf("okr-validate on files without problems did not pass")
	}
	if !regexp.MustCompile(`okr fmt\.*Failed`).MatchString(out) {
		t.Errorf("okr-fmt passed on a file it rewrites")
	}
	b, err := os.ReadFile(filepath.Join(repo, "kpis", "uptime.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if string(b) == messy || !strings.HasPrefix(string(b), "apiVersion: okr/v1\nkind: KPI\nid: uptime\n") {
		t.Errorf("okr-fmt did not rewrite the KPI:\n%s", b)
	}
}
