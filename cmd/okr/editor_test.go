package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/google/go-cmp/cmp"
)

// A KPI file of three documents, the second and third with a mistake.
const threeKPIs = `apiVersion: okr/v1
kind: KPI
id: a_one
name: One
direction: increase
---
apiVersion: okr/v1
kind: KPI
id: a_two
name: Two
direction: increase
tagret: 3
---
apiVersion: okr/v1
kind: KPI
id: a_three
name: Three
direction: sideways
`

type diagnostic struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// TestEditorSchema opens files of a repository that okr init made in
// yaml-language-server (from npm), driven over LSP as an editor drives it
// (testdata/editor/lsp.js): with the .vscode/settings.json that okr init
// writes, every document of a file is checked against okr.schema.json, and
// the workflow is not; without it, a modeline does the same for the
// document it is in, as the README says.
func TestEditorSchema(t *testing.T) {
	requireTools(t, "node")
	server, err := exec.LookPath("yaml-language-server")
	if err != nil {
		t.Skip("yaml-language-server not installed (npm install -g yaml-language-server)")
	}
	if server, err = filepath.EvalSymlinks(server); err != nil {
		t.Fatal(err)
	}
	lsp, err := filepath.Abs(filepath.Join("testdata", "editor", "lsp.js"))
	if err != nil {
		t.Fatal(err)
	}
	top := t.TempDir()
	if _, err := git.PlainInit(top, false); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	if code := run([]string{"-C", top, "init", "okrs"}, nil, io.Discard, &stderr); code != 0 {
		t.Fatalf("okr init: exit %d\n%s", code, stderr.String())
	}
	open := func(files ...string) []diagnostic {
		t.Helper()
		cmd := exec.Command("node", append([]string{lsp, server, top}, files...)...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("lsp.js: %v\n%s", err, stderr.String())
		}
		var ds []diagnostic
		for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
			if l == "" {
				continue
			}
			var d diagnostic
			if err := json.Unmarshal([]byte(l), &d); err != nil {
				t.Fatalf("%q: %v", l, err)
			}
			ds = append(ds, d)
		}
		return ds
	}
	lines := func(ds []diagnostic) map[string][]int {
		m := map[string][]int{}
		for _, d := range ds {
			m[d.File] = append(m[d.File], d.Line)
		}
		return m
	}

	// A People document is mapped too (people.yaml): a Slack id in lower
	// case on its line 7 is an error.
	writeFiles(t, top, map[string]string{"okrs/kpis/three.yaml": threeKPIs,
		"okrs/people.yaml": "apiVersion: okr/v1\nkind: People\npeople:\n  - id: alice\n    name: Alice\n  - id: bob\n    slack: u0bob\n    name: Bob\n"})
	files, err := filepath.Glob(filepath.Join(top, "okrs", "*", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"okrs/okr.yaml", ".github/workflows/okr.yaml"}
	for _, f := range files {
		rel, _ := filepath.Rel(top, f)
		args = append(args, filepath.ToSlash(rel))
	}
	got := open(append(args, "okrs/people.yaml")...)
	want := map[string][]int{"okrs/kpis/three.yaml": {12, 18}, "okrs/people.yaml": {7}}
	if diff := cmp.Diff(want, lines(got)); diff != "" {
		t.Errorf("diagnostics with okr init's settings (-want +got):\n%s\n%v", diff, got)
	}
	if len(got) > 0 && !strings.Contains(got[0].Message, "tagret") {
		t.Errorf("the first diagnostic does not name the field: %q", got[0].Message)
	}

	// Modelines, without the settings: one per document checks each; one
	// at the top checks the first document only.
	if err := os.Remove(filepath.Join(top, ".vscode", "settings.json")); err != nil {
		t.Fatal(err)
	}
	modeline := "# yaml-language-server: $schema=../okr.schema.json\n"
	docs := strings.Split(threeKPIs, "---\n")
	writeFiles(t, top, map[string]string{
		"okrs/kpis/each.yaml":  modeline + strings.Join(docs, "---\n"+modeline),
		"okrs/kpis/first.yaml": modeline + threeKPIs,
	})
	got = open("okrs/kpis/each.yaml", "okrs/kpis/first.yaml", "okrs/kpis/three.yaml")
	want = map[string][]int{"okrs/kpis/each.yaml": {14, 21}}
	if diff := cmp.Diff(want, lines(got)); diff != "" {
		t.Errorf("diagnostics with modelines (-want +got):\n%s\n%v", diff, got)
	}
}
