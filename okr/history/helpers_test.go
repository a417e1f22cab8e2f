package history

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// baseTime is the date of the first commit of a test repository; each
// commit is one hour after the one before.
var baseTime = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

// gitRepo is a repository built with the git command for a test.
type gitRepo struct {
	t    testing.TB
	dir  string
	tick int // hours after baseTime of the next commit
}

func needGit(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git command not installed")
	}
}

// newGitRepo creates an empty repository whose branch is main.
func newGitRepo(t testing.TB) *gitRepo {
	t.Helper()
	needGit(t)
	g := &gitRepo{t: t, dir: t.TempDir()}
	g.git("init", "-q", "-b", "main")
	return g
}

// gitEnv isolates git from the user's configuration and fixes identities
// and dates, so that hashes are the same on every run.
func gitEnv(date time.Time) []string {
	d := fmt.Sprintf("%d +0000", date.Unix())
	return append(os.Environ(),
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Ada", "GIT_AUTHOR_EMAIL=ada@example.com",
		"GIT_COMMITTER_NAME=Ada", "GIT_COMMITTER_EMAIL=ada@example.com",
		"GIT_AUTHOR_DATE="+d, "GIT_COMMITTER_DATE="+d,
		"GIT_TERMINAL_PROMPT=0", "LC_ALL=C",
		// Where growing the heap is slow (some virtual machines), glibc's
		// default trimming makes git fast-import take seconds, not
		// milliseconds. Ignored elsewhere.
		"GLIBC_TUNABLES=glibc.malloc.top_pad=67108864:glibc.malloc.trim_threshold=268435456",
	)
}

// runGit runs git in dir and returns its trimmed standard output.
func runGit(t testing.TB, dir string, date time.Time, stdin []byte, args ...string) string {
	t.Helper()
	cmd := gitCmd(dir, date, args...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return strings.TrimSpace(stdout.String())
}

// gitCmd prepares git to run in dir with every date set to date.
func gitCmd(dir string, date time.Time, args ...string) *exec.Cmd {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = gitEnv(date)
	return cmd
}

// git runs git in the repository with the date of the next commit.
func (g *gitRepo) git(args ...string) string {
	g.t.Helper()
	return runGit(g.t, g.dir, g.date(), nil, args...)
}

// gitFails runs git and reports whether it failed.
func (g *gitRepo) gitFails(args ...string) bool {
	return gitCmd(g.dir, g.date(), args...).Run() != nil
}

func (g *gitRepo) date() time.Time { return baseTime.Add(time.Duration(g.tick) * time.Hour) }

// write creates or replaces files: path, content, path, content, ...
func (g *gitRepo) write(pathContent ...string) {
	g.t.Helper()
	for i := 0; i+1 < len(pathContent); i += 2 {
		p := filepath.Join(g.dir, filepath.FromSlash(pathContent[i]))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			g.t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(pathContent[i+1]), 0o644); err != nil {
			g.t.Fatal(err)
		}
	}
}

// remove deletes files or directories of the work tree.
func (g *gitRepo) remove(paths ...string) {
	g.t.Helper()
	for _, p := range paths {
		if err := os.RemoveAll(filepath.Join(g.dir, filepath.FromSlash(p))); err != nil {
			g.t.Fatal(err)
		}
	}
}

// symlink creates the symbolic link path pointing to target.
func (g *gitRepo) symlink(target, path string) {
	g.t.Helper()
	p := filepath.Join(g.dir, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		g.t.Fatal(err)
	}
	if err := os.Symlink(target, p); err != nil {
		g.t.Skipf("symbolic links unavailable: %v", err)
	}
}

// commit stages everything and commits it; it returns the commit's hash.
func (g *gitRepo) commit(msg string) string {
	g.t.Helper()
	g.git("add", "-A")
	g.git("commit", "-q", "--allow-empty", "-m", msg)
	g.tick++
	return g.git("rev-parse", "HEAD")
}

// merge merges branch into the current branch with a merge commit.
func (g *gitRepo) merge(branch, msg string) string {
	g.t.Helper()
	g.git("merge", "-q", "--no-ff", "-m", msg, branch)
	g.tick++
	return g.git("rev-parse", "HEAD")
}

// open opens the repository from root, relative to the work tree.
func (g *gitRepo) open(root string) *Repo {
	g.t.Helper()
	r, err := Open(filepath.Join(g.dir, filepath.FromSlash(root)))
	if err != nil {
		g.t.Fatalf("Open: %v", err)
	}
	g.t.Cleanup(func() { r.Close() })
	return r
}
