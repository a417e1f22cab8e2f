package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/okr-as-code/okr/schema"
)

// siteAsOf is the as-of date of the example site.
const siteAsOf = "2026-11-15"

// acmeHistory builds a git repository whose HEAD holds examples/acme and
// whose history grows its measurement CSV files week by week, as a team
// checking in would: a first commit dated 2026-06-29 with the rows dated
// up to then, then a commit at each later date that a row carries, adding
// that day's rows. The payments p95 target starts at 280 and is moved to
// 300 (the example's value) on 2026-10-14, after the quarter began: a moved
// goalpost. It returns the work tree, checked out.
func acmeHistory(t testing.TB) string {
	t.Helper()
	src := filepath.Join("..", "..", "examples", "acme")
	files := map[string]string{}
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "_site" {
			return filepath.SkipDir
		}
		if d.Type().IsRegular() {
			rel, _ := filepath.Rel(src, p)
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			files[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rowDate := regexp.MustCompile(`^[^,]*,(\d{4}-\d{2}-\d{2})`)
	// upTo keeps the header and the rows dated on or before day.
	upTo := func(content, day string) string {
		var b strings.Builder
		for i, line := range strings.SplitAfter(content, "\n") {
			m := rowDate.FindStringSubmatch(line)
			if i == 0 || m == nil || m[1] <= day {
				b.WriteString(line)
			}
		}
		return b.String()
	}
	dates := map[string]bool{}
	var csvs []string
	for p, c := range files {
		if strings.HasPrefix(p, "measurements/") && strings.HasSuffix(p, ".csv") {
			csvs = append(csvs, p)
			for _, line := range strings.Split(c, "\n") {
				if m := rowDate.FindStringSubmatch(line); m != nil {
					dates[m[1]] = true
				}
			}
		}
	}
	sort.Strings(csvs)
	const start = "2026-06-29"
	var days []string
	for d := range dates {
		if d > start {
			days = append(days, d)
		}
	}
	sort.Strings(days)
	const moved = "2026-10-14"
	payments := "teams/payments/2026-Q4.yaml"
	final := files[payments]
	early := strings.Replace(final, "target: 300\n", "target: 280\n", 1)
	if early == final {
		t.Fatalf("%s: no p95 target of 300 to move", payments)
	}
	var s stream
	var ops []string
	names := make([]string, 0, len(files))
	for p := range files {
		names = append(names, p)
	}
	sort.Strings(names)
	for _, p := range names {
		c := files[p]
		switch {
		case p == payments:
			c = early
		case slices.Contains(csvs, p):
			c = upTo(c, start)
		}
		ops = append(ops, put(p, c))
	}
	s.Commit("main", start+"T09:00:00Z", "Ada", "Goals for the second half", nil, ops...)
	authors := []string{"Bea", "Cy", "Omar"}
	movedDone := false
	for i, d := range days {
		if !movedDone && d >= moved {
			s.Commit("main", moved+"T08:00:00+02:00", "Bob", "Relax the p95 target to 300 ms", nil, put(payments, final))
			movedDone = true
		}
		ops = ops[:0]
		for _, p := range csvs {
			ops = append(ops, put(p, upTo(files[p], d)))
		}
		s.Commit("main", d+"T17:30:00Z", authors[i%len(authors)], "Check-in of "+d, nil, ops...)
	}
	dir := t.TempDir()
	runGit(t, dir, nil, "init", "-q", "-b", "main")
	runGit(t, dir, s.b.Bytes(), "fast-import", "--quiet")
	runGit(t, dir, nil, "reset", "-q", "--hard")
	return dir
}

// stream is a `git fast-import` stream with fixed identities and dates,
// so that the hashes are the same on every run.
type stream struct{ b bytes.Buffer }

func (s *stream) Commit(branch, date, author, msg string, _ []int, ops ...string) {
	d, err := time.Parse(time.RFC3339, date)
	if err != nil {
		panic(err)
	}
	stamp := fmt.Sprintf("%d %s", d.Unix(), d.Format("-0700"))
	fmt.Fprintf(&s.b, "commit refs/heads/%s\n", branch)
	fmt.Fprintf(&s.b, "author %s <%s@example.com> %s\n", author, strings.ToLower(author), stamp)
	fmt.Fprintf(&s.b, "committer %s <%s@example.com> %s\n", author, strings.ToLower(author), stamp)
	fmt.Fprintf(&s.b, "data %d\n%s\n", len(msg), msg)
	for _, op := range ops {
		s.b.WriteString(op)
	}
	s.b.WriteString("\n")
}

func put(path, content string) string {
	return fmt.Sprintf("M 100644 inline %s\ndata %d\n%s\n", path, len(content), content)
}

// runGit runs git in dir, isolated from the user's configuration.
func runGit(t testing.TB, dir string, stdin []byte, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1", "LC_ALL=C",
		"GIT_AUTHOR_NAME=Ada", "GIT_AUTHOR_EMAIL=ada@example.com", "GIT_COMMITTER_NAME=Ada", "GIT_COMMITTER_EMAIL=ada@example.com")
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// buildSite writes the site of dir to out with the real command.
func buildSite(t testing.TB, dir, out string, args ...string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	args = append([]string{"-C", dir, "site", "--at", siteAsOf, "--out", out}, args...)
	if code := run(args, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("okr %s: exit %d\n%s%s", strings.Join(args, " "), code, stdout.String(), stderr.String())
	}
}

// readSite returns every file of a site directory by name.
func readSite(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

// TestSiteGolden holds the site of examples/acme (in its git history) to
// the golden files in testdata/site; `go test ./cmd/okr -run TestSiteGolden
// -update` rewrites them. Building it twice gives the same bytes.
func TestSiteGolden(t *testing.T) {
	dir := acmeHistory(t)
	out := filepath.Join(t.TempDir(), "site")
	buildSite(t, dir, out)
	got := readSite(t, out)
	again := filepath.Join(t.TempDir(), "again")
	buildSite(t, dir, again)
	if diff := cmp.Diff(got, readSite(t, again)); diff != "" {
		t.Errorf("two builds differ:\n%s", diff)
	}
	if !bytes.Equal(got["okr.schema.json"], schema.JSON) {
		t.Error("okr.schema.json is not the embedded schema")
	}
	if _, ok := got[".okr-site"]; !ok {
		t.Error("no marker file")
	}
	golden := filepath.Join("testdata", "site", "acme")
	if *update {
		os.RemoveAll(golden)
		if err := os.MkdirAll(golden, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, b := range got {
			if strings.HasSuffix(name, ".html") {
				if err := os.WriteFile(filepath.Join(golden, name), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
		return
	}
	want := readSite(t, golden)
	var gotNames, wantNames []string
	for n := range got {
		if strings.HasSuffix(n, ".html") {
			gotNames = append(gotNames, n)
		}
	}
	for n := range want {
		wantNames = append(wantNames, n)
	}
	sort.Strings(gotNames)
	sort.Strings(wantNames)
	if diff := cmp.Diff(wantNames, gotNames); diff != "" {
		t.Fatalf("pages (-want +got); run with -update after a deliberate change:\n%s", diff)
	}
	for _, n := range wantNames {
		if diff := cmp.Diff(string(want[n]), string(got[n])); diff != "" {
			t.Errorf("%s (-want +got); run with -update after a deliberate change:\n%s", n, diff)
		}
	}
}
