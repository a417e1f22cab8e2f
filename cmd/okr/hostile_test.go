package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/okr-as-code/okr/okr/render"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"

	"github.com/rogpeppe/go-internal/testscript"
)

// cmdQmv renames a file to a name that a txtar archive cannot hold:
//
//	qmv OLD NEW
//
// NEW is a Go string literal ("kpis/z\n::x.yaml"), so that it can hold
// control characters.
func cmdQmv(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: qmv OLD NEW")
	}
	name, err := strconv.Unquote(args[1])
	if err != nil {
		ts.Fatalf("qmv: NEW must be a Go string literal: %v", err)
	}
	ts.Check(os.Rename(ts.MkAbs(args[0]), ts.MkAbs(name)))
}

// hostileText is what a pull request can put in every string: a terminal
// title and a clear-screen sequence, a line break followed by a workflow
// command, a C1 control, U+2028/U+2029, Markdown and HTML.
const hostileText = `\e]0;TITLE\a \e[2J\n::error::INJECTED \L\P\N *all* [x](http://evil) <b>b</b> ` + "`c`" + ` \\| | www.evil.example me@evil.example ::warning::x`

// hostileName is a file name with a line break and a workflow command.
const hostileName = "kpis/z\n::error file=README.md,line=1::INJECTED\n.yaml"

// hostileFiles are an OKR repository whose every string field holds
// hostileText (a YAML double-quoted string, so that its escapes become the
// control characters), with ids that follow the schema where the files must
// be read and that break it where an error message quotes them.
var hostileFiles = map[string]string{
	"okr.yaml": `organization: "Acme ` + hostileText + `"` + "\n",
	"teams/pay.yaml": `apiVersion: okr/v1
kind: Objectives
owner: pay
period: 2026-Q4
objectives:
  - id: fast
    title: "Fast ` + hostileText + `"
    description: "` + hostileText + `"
    key_results:
      - id: p95
        title: "p95 ` + hostileText + `"
        type: metric
        unit: "ms ` + hostileText + `"
        baseline: 800
        target: 300
      - id: conv
        title: "Conversion ` + hostileText + `"
        type: at_least
        kpi: z
        target: 5
  - id: "bad\e[2J::x"
    title: "Second ` + hostileText + `"
    "unknown\e]0;T\a::": 1
    key_results:
      - id: "m\n::error::x"
        title: "Milestone ` + hostileText + `"
        type: milestone
`,
	"kpis/bad.yaml": `apiVersion: okr/v1
kind: KPI
id: "bad\e[2J\n::error::id"
name: "Bad ` + hostileText + `"
direction: increase
cadence: "weekly\e[2J"
`,
	"measurements/pay.csv": "metric,at,value,note\n" +
		"pay/fast/p95,2026-10-05,700,\"\x1b]0;TITLE\x07 \x1b[2J\n::error::note \u2028 \u0085 *all* <b>b</b>\"\n" +
		"pay/fast/p95,2026-11-01,520,plain\n" +
		"\"zz\x1b[2J\n::error::metric\",2026-11-01,1,\n",
	"measurements/z.yaml": `apiVersion: okr/v1
kind: Measurements
metric: z
values:
  - {at: 2026-10-01, value: 3, note: "` + hostileText + `"}
  - {at: 2026-11-01, value: 6}
  - {at: 2026-11-02, value: 6, note: "\e[2J::error::x"}
`,
	"teams/broken.yaml": "apiVersion: okr/v1\nkind: Objectives\nowner: x\ntitle: \"\x1b]0;T\x07\n::error::yaml\n",
}

// hostileKPI is the KPI whose file is named hostileName.
const hostileKPI = `apiVersion: okr/v1
kind: KPI
id: z
name: "Z ` + hostileText + `"
owner: pay
unit: "u ` + hostileText + `"
direction: increase
cadence: weekly
target: 5
warn: 3
category: "` + hostileText + `"
description: "` + hostileText + `"
`

// hostileRepo writes hostileFiles into a git repository with a history
// (goals, then a moved goalpost by a hostile author with a hostile
// subject, then the hostile file name) and one more change in the work
// tree, and returns its directory.
func hostileRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	write := func(name, data string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git := func(author, date string, args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "HOME="+dir, "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME="+author, "GIT_AUTHOR_EMAIL=eve@example.com",
			"GIT_COMMITTER_NAME="+author, "GIT_COMMITTER_EMAIL=eve@example.com",
			"GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	for name, data := range hostileFiles {
		write(name, data)
	}
	git("Ada", "2026-09-25T10:00:00Z", "init", "-q", "-b", "main")
	git("Ada", "2026-09-25T10:00:00Z", "add", "-A")
	git("Ada", "2026-09-25T10:00:00Z", "commit", "-q", "-m", "Q4 goals *all* <b>b</b>")
	// A moved goalpost, by a hostile author, with a hostile subject.
	write("teams/pay.yaml", strings.Replace(hostileFiles["teams/pay.yaml"], "target: 300", "target: 400", 1))
	write(hostileName, hostileKPI)
	eve := "Eve \x1b[2J\x1b]0;TITLE\x07 \u0085 *all* <b>b</b> ::error::author"
	git(eve, "2026-10-20T10:00:00Z", "add", "-A")
	git(eve, "2026-10-20T10:00:00Z", "commit", "-q", "-m", "Lower \x1b]0;TITLE\x07\x1b[2J \u2028 *all* [x](http://evil) <b>b</b> ::error::subject\n\n::error::body")
	// The work tree changes a title again.
	write("teams/pay.yaml", strings.Replace(hostileFiles["teams/pay.yaml"], "title: \"Fast", `title: "Faster \e[2J`, 1))
	return dir
}

// copyDir copies a repository, its .git included, to a new directory, so
// that a command that writes (record, fmt, rollover, init, site) changes
// only its own copy.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "repo")
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dst
}

// hostileArgs are the arguments each command is run with, besides its
// formats; a command not listed (one added later) is run without any.
var hostileArgs = map[string][][]string{
	"record":   {{"zz\x1b[2J\n::error::metric", "5"}, {"pay/fast/p95", "510", "--note", "\x1b[2J\n::error::note"}, {"z", "7"}},
	"rollover": {{"--to", "2027-Q1"}},
	"init":     {{"new"}},
	"diff":     {{}, {"HEAD~1", "HEAD"}, {"HEAD~1"}},
	"report":   {{"--period", "2026-Q4"}, {}},
	"fmt":      {{"--check"}, {}},
	"score":    {{}, {"--period", "all"}},
	"log":      {{}, {"--period", "2026-Q4"}},
}

// formatsOf asks a command which formats it writes, from its refusal of an
// unknown one: "use one of a, b, c". nil when it has none.
func formatsOf(t *testing.T, path []string, repo string) []string {
	var stdout, stderr bytes.Buffer
	run(append(append([]string{"-C", repo}, path...), "--format", "no-such-format"), strings.NewReader(""), &stdout, &stderr)
	_, list, ok := strings.Cut(strings.TrimSpace(stderr.String()), "use one of ")
	if !ok {
		return nil
	}
	list, _, _ = strings.Cut(list, "\n")
	return strings.Split(list, ", ")
}

// TestHostileRepository runs every command registered on the root (so that
// commands added later are covered too) with each of its formats on a
// repository whose every string field, file name, author and commit
// subject holds control characters, workflow commands, Markdown and HTML,
// and holds its output to SPEC §3: no line on stdout or stderr starts
// with "::" (outside --format github), and no control character from the
// repository reaches either (U+0000–U+001F but a line break, U+007F–U+009F,
// U+2028, U+2029).
func TestHostileRepository(t *testing.T) {
	repo := hostileRepo(t)
	ran, escaped := 0, 0
	for _, path := range commandsOf(newRootCmd(&app{})) {
		formats := formatsOf(t, path, repo)
		formatArgs := [][]string{nil}
		for _, f := range formats {
			formatArgs = append(formatArgs, []string{"--format", f})
		}
		argSets := hostileArgs[path[len(path)-1]]
		if argSets == nil {
			argSets = [][]string{{}}
		}
		for _, fa := range formatArgs {
			for _, extra := range argSets {
				dir := copyDir(t, repo)
				args := append(append(append([]string{"-C", dir, "--at", "2026-11-15"}, path...), extra...), fa...)
				var stdout, stderr bytes.Buffer
				code := run(args, strings.NewReader(""), &stdout, &stderr)
				github := len(fa) == 2 && fa[1] == "github"
				name := fmt.Sprintf("okr %q (exit %d)", args[4:], code)
				if os.Getenv("OKR_HOSTILE_DUMP") != "" {
					fmt.Printf("=== %s\n%s--- stderr\n%s", name, stdout.String(), stderr.String())
				}
				if strings.Contains(stdout.String()+stderr.String(), `\x1b`) {
					escaped++
				}
				out := stdout.String()
				if bytes.HasPrefix(stdout.Bytes(), []byte("PK\x03\x04")) {
					// A workbook is binary: hold its XML parts to the
					// rule, and no cell to be a formula.
					out = unzipParts(t, name, stdout.Bytes())
					if strings.Contains(out, "<f>") || strings.Contains(out, "<f ") {
						t.Errorf("%s: a cell is a formula", name)
					}
				}
				checkHostileOutput(t, name+" stdout", out, github)
				checkHostileOutput(t, name+" stderr", stderr.String(), false)
				if len(fa) == 2 && fa[1] == "markdown" {
					checkHostileMarkdown(t, name, stdout.String())
				}
				if code == exitUsage && !strings.Contains(stderr.String(), "OKR files") {
					t.Logf("%s: %s", name, strings.TrimSpace(stderr.String()))
				}
				ran++
			}
		}
	}
	if ran < 30 {
		t.Errorf("only %d runs", ran)
	}
	// The hostile text did reach the outputs, escaped.
	if escaped < ran/2 {
		t.Errorf("only %d of %d runs show an escaped \\x1b", escaped, ran)
	}
}

func checkHostileOutput(t *testing.T, name, out string, github bool) {
	t.Helper()
	for i, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "::") && !github {
			t.Errorf("%s: line %d starts with \"::\": %q", name, i+1, line)
		}
		for _, r := range line {
			if render.IsControl(r) {
				t.Errorf("%s: line %d holds the control character %U: %q", name, i+1, r, line)
				break
			}
		}
	}
}

// checkHostileMarkdown renders Markdown output as GitHub does (GFM, raw
// HTML allowed) and holds it to rendering the repository's text literally:
// no link, emphasis, strikethrough, image or HTML from it, and every table
// row with its table's number of columns.
func checkHostileMarkdown(t *testing.T, name, md string) {
	t.Helper()
	var b bytes.Buffer
	m := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(html.WithUnsafe()))
	if err := m.Convert([]byte(md), &b); err != nil {
		t.Fatal(err)
	}
	checkHostileHTML(t, name+" (goldmark)", b.String())
	// GitHub's own renderer, where it is installed (.ci/run installs it).
	if bin, err := exec.LookPath("cmark-gfm"); err == nil {
		cmd := exec.Command(bin, "--unsafe", "-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tagfilter")
		cmd.Stdin = strings.NewReader(md)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("cmark-gfm: %v", err)
		}
		checkHostileHTML(t, name+" (cmark-gfm)", string(out))
	}
}

// checkHostileHTML holds rendered Markdown to showing the repository's text
// literally (see checkHostileMarkdown).
func checkHostileHTML(t *testing.T, name, out string) {
	t.Helper()
	for _, tag := range []string{"<a ", "<em>", "<b>", "<del>", "<img", "<script"} {
		if strings.Contains(out, tag) {
			i := strings.Index(out, tag)
			t.Errorf("%s: the Markdown renders %s: %q", name, tag, out[max(0, i-80):min(len(out), i+80)])
		}
	}
	for _, table := range strings.Split(out, "<table>")[1:] {
		table, _, _ = strings.Cut(table, "</table>")
		head, body, _ := strings.Cut(table, "</thead>")
		cols := strings.Count(head, "<th>") + strings.Count(head, "<th ")
		for _, row := range strings.Split(body, "<tr>")[1:] {
			if n := strings.Count(row, "<td>") + strings.Count(row, "<td "); n != cols {
				t.Errorf("%s: a table row has %d cells, its table %d columns: %q", name, n, cols, row)
			}
		}
	}
}

// unzipParts is the text of every part of a workbook, one after another.
func unzipParts(t *testing.T, name string, b []byte) string {
	t.Helper()
	if len(b) == 0 {
		return ""
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Errorf("%s: not a workbook: %v", name, err)
		return ""
	}
	var s strings.Builder
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		s.Write(data)
		s.WriteString("\n")
	}
	return s.String()
}
