// Package gittest builds git repositories for tests: a whole history as one
// `git fast-import` stream with fixed identities and dates, so that hashes
// are the same on every run.
package gittest

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/okr-as-code/okr/okr/history"
)

// Stream builds a test repository's history as one `git fast-import`
// stream, with fixed identities and dates so that its hashes are the same
// on every run; one git process writes the whole history.
type Stream struct {
	b     bytes.Buffer
	marks int
}

// Commit appends a commit to branch, dated date (RFC 3339) and written by
// author. parents, when given, are the marks of its parents (the first is
// where branch starts, the others are merged); else it follows the branch's
// last commit. ops are file commands made with put, del and mv. It returns
// the commit's mark.
func (s *Stream) Commit(branch, date, author, msg string, parents []int, ops ...string) int {
	d, err := time.Parse(time.RFC3339, date)
	if err != nil {
		panic(err)
	}
	s.marks++
	stamp := fmt.Sprintf("%d %s", d.Unix(), d.Format("-0700"))
	fmt.Fprintf(&s.b, "commit refs/heads/%s\nmark :%d\n", branch, s.marks)
	fmt.Fprintf(&s.b, "author %s <%s@example.com> %s\n", author, strings.ToLower(author), stamp)
	fmt.Fprintf(&s.b, "committer %s <%s@example.com> %s\n", author, strings.ToLower(author), stamp)
	fmt.Fprintf(&s.b, "data %d\n%s\n", len(msg), msg)
	for i, p := range parents {
		if i == 0 {
			fmt.Fprintf(&s.b, "from :%d\n", p)
		} else {
			fmt.Fprintf(&s.b, "merge :%d\n", p)
		}
	}
	for _, op := range ops {
		s.b.WriteString(op)
	}
	s.b.WriteString("\n")
	return s.marks
}

// Put writes a file.
func Put(path, content string) string {
	return fmt.Sprintf("M 100644 inline %s\ndata %d\n%s\n", path, len(content), content)
}

// Del deletes a file.
func Del(path string) string { return "D " + path + "\n" }

// Mv renames a file.
func Mv(from, to string) string { return "R " + from + " " + to + "\n" }

// Env isolates git from the user's configuration.
func Env() []string {
	return append(os.Environ(),
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Ada", "GIT_AUTHOR_EMAIL=ada@example.com",
		"GIT_COMMITTER_NAME=Ada", "GIT_COMMITTER_EMAIL=ada@example.com",
		"GIT_AUTHOR_DATE=2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE=2026-01-01T00:00:00Z",
		"GIT_TERMINAL_PROMPT=0", "LC_ALL=C",
		// Where growing the heap is slow (some virtual machines), glibc's
		// default trimming makes git fast-import take seconds, not
		// milliseconds. Ignored elsewhere.
		"GLIBC_TUNABLES=glibc.malloc.top_pad=67108864:glibc.malloc.trim_threshold=268435456",
	)
}

// Run runs git in dir and returns its trimmed standard output.
func Run(t testing.TB, dir string, stdin []byte, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = Env()
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

// Create makes a repository in a new directory from the stream, with main
// checked out as HEAD (the work tree is left empty but for the directories
// dirs), and returns the directory and the hash of each mark.
func (s *Stream) Create(t testing.TB, dirs ...string) (string, map[int]string) {
	t.Helper()
	dir := t.TempDir()
	Run(t, dir, nil, "init", "-q", "-b", "main")
	marks := filepath.Join(t.TempDir(), "marks")
	Run(t, dir, s.b.Bytes(), "fast-import", "--quiet", "--export-marks="+marks)
	for _, d := range dirs {
		if err := os.MkdirAll(filepath.Join(dir, filepath.FromSlash(d)), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(marks)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	hashes := map[int]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var mark int
		var hash string
		if _, err := fmt.Sscanf(sc.Text(), ":%d %s", &mark, &hash); err != nil {
			t.Fatalf("marks file: %q: %v", sc.Text(), err)
		}
		hashes[mark] = hash
	}
	return dir, hashes
}

// OpenRepo opens the repository from root, relative to the top of the work
// tree dir.
func OpenRepo(t testing.TB, dir, root string) *history.Repo {
	t.Helper()
	h, err := history.Open(filepath.Join(dir, filepath.FromSlash(root)))
	if err != nil {
		t.Fatalf("history.Open: %v", err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}
