package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
)

// actionlintPath finds actionlint on PATH or where go install puts it.
func actionlintPath(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("actionlint"); err == nil {
		return p
	}
	if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		p := filepath.Join(strings.TrimSpace(string(out)), "bin", "actionlint")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Skip("actionlint not installed (go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12)")
	return ""
}

func actionlint(t *testing.T, bin, dir string, files ...string) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"-no-color"}, files...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("actionlint %s: %v\n%s", strings.Join(files, " "), err, out)
	}
}

var usesOKR = regexp.MustCompile(`uses: okr-as-code/okr@\S+`)

// TestActionlintInitWorkflow runs actionlint on the workflow okr init
// writes, at the top of a repository and for a DIR inside one, and on the
// same workflow using this checkout's action.yml as a local action, so that
// actionlint also checks the inputs it passes.
func TestActionlintInitWorkflow(t *testing.T) {
	bin := actionlintPath(t)
	action, err := os.ReadFile(filepath.Join(moduleRoot(t), "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{".", "org/okrs"} {
		top := t.TempDir()
		if _, err := git.PlainInit(top, false); err != nil { // a work tree's top, for okr init and actionlint
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		if code := run([]string{"-C", top, "init", dir}, nil, io.Discard, &stderr); code != 0 {
			t.Fatalf("okr init %s: exit %d\n%s", dir, code, stderr.String())
		}
		wf := filepath.Join(top, ".github", "workflows", "okr.yaml")
		b, err := os.ReadFile(wf)
		if err != nil {
			t.Fatal(err)
		}
		if !usesOKR.Match(b) {
			t.Fatalf("the workflow does not use the okr action:\n%s", b)
		}
		actionlint(t, bin, top, ".github/workflows/okr.yaml")

		local := usesOKR.ReplaceAll(b, []byte("uses: ./"))
		writeFiles(t, top, map[string]string{"action.yml": string(action), ".github/workflows/local.yaml": string(local)})
		actionlint(t, bin, top, ".github/workflows/local.yaml")
	}
}

// TestActionlintDigestWorkflow runs actionlint on the digest workflow okr
// init writes, as written and using this checkout's action.yml as a local
// action, so that actionlint checks the inputs and secrets it passes.
func TestActionlintDigestWorkflow(t *testing.T) {
	bin := actionlintPath(t)
	action, err := os.ReadFile(filepath.Join(moduleRoot(t), "action.yml"))
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
	b, err := os.ReadFile(filepath.Join(top, ".github", "workflows", "okr-digest.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !usesOKR.Match(b) || !strings.Contains(string(b), "secrets.OKR_SLACK_WEBHOOK") {
		t.Fatalf("the digest workflow:\n%s", b)
	}
	actionlint(t, bin, top, ".github/workflows/okr-digest.yaml")
	local := usesOKR.ReplaceAll(b, []byte("uses: ./"))
	writeFiles(t, top, map[string]string{"action.yml": string(action), ".github/workflows/local.yaml": string(local)})
	actionlint(t, bin, top, ".github/workflows/local.yaml")
}

// TestActionlintExamples runs actionlint on every workflow under examples/.
func TestActionlintExamples(t *testing.T) {
	bin := actionlintPath(t)
	root := moduleRoot(t)
	files, err := filepath.Glob(filepath.Join(root, "examples", "*", ".github", "workflows", "*.y*ml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no workflow under examples/")
	}
	for _, f := range files {
		actionlint(t, bin, filepath.Dir(filepath.Dir(filepath.Dir(f))), f)
	}
}

// TestExampleDigestWorkflowIsInits: examples/acme ships the digest
// workflow okr init writes.
func TestExampleDigestWorkflowIsInits(t *testing.T) {
	top := t.TempDir()
	if _, err := git.PlainInitWithOptions(top, &git.PlainInitOptions{InitOptions: git.InitOptions{DefaultBranch: plumbing.Main}}); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	if code := run([]string{"-C", top, "init"}, nil, io.Discard, &stderr); code != 0 {
		t.Fatalf("okr init: exit %d\n%s", code, stderr.String())
	}
	got, err := os.ReadFile(filepath.Join(top, ".github", "workflows", "okr-digest.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join(moduleRoot(t), "examples", "acme", ".github", "workflows", "okr-digest.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("examples/acme/.github/workflows/okr-digest.yaml is not what okr init writes; write it anew:\n%s", got)
	}
}

// TestExampleWorkflowIsInits: examples/acme ships the workflow okr init
// writes at the top of a repository whose default branch is main.
func TestExampleWorkflowIsInits(t *testing.T) {
	top := t.TempDir()
	if _, err := git.PlainInitWithOptions(top, &git.PlainInitOptions{InitOptions: git.InitOptions{DefaultBranch: plumbing.Main}}); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	if code := run([]string{"-C", top, "init"}, nil, io.Discard, &stderr); code != 0 {
		t.Fatalf("okr init: exit %d\n%s", code, stderr.String())
	}
	got, err := os.ReadFile(filepath.Join(top, ".github", "workflows", "okr.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join(moduleRoot(t), "examples", "acme", ".github", "workflows", "okr.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("examples/acme/.github/workflows/okr.yaml is not what okr init writes; write it anew:\n%s", got)
	}
}
