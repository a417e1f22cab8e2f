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
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestCompletedFormatsAreAccepted holds the --format completion of every
// command to the formats the command itself accepts, as its error for an
// unknown format lists them, so that a format or command added later
// cannot be left out.
func TestCompletedFormatsAreAccepted(t *testing.T) {
	a := &app{stdout: io.Discard, stderr: io.Discard, now: time.Now}
	root := newRootCmd(a)
	useOneOf := regexp.MustCompile(`use one of (.*)$`)
	dir := t.TempDir()
	for _, c := range root.Commands() {
		name := c.Name()
		if name == "help" || name == "completion" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			args := []string{"-C", dir, name, "--format", "no-such-format"}
			if name == "record" {
				args = append(args, "m", "1")
			}
			if name == "import" {
				args = append(args, "goals.csv")
			}
			if name == "release-assets" {
				args = append(args, "out")
			}
			var stderr bytes.Buffer
			if code := run(args, nil, io.Discard, &stderr); code != exitUsage {
				t.Fatalf("okr %s --format no-such-format: exit %d, want %d\n%s", name, code, exitUsage, stderr.String())
			}
			first, _, _ := strings.Cut(stderr.String(), "\n")
			var accepted []string
			switch m := useOneOf.FindStringSubmatch(first); {
			case m != nil:
				accepted = strings.Split(m[1], ", ")
			case strings.Contains(first, "has no output formats"):
			default:
				t.Fatalf("cannot tell the formats of okr %s from %q", name, first)
			}
			got, _ := a.completeFormat(c, nil, "")
			if diff := cmp.Diff(accepted, got); diff != "" {
				t.Errorf("okr %s: completed formats (-accepted +completed):\n%s", name, diff)
			}
		})
	}
}

// TestBashCompletion completes through bash itself, with the script that
// `okr completion bash` writes and Debian's bash-completion, in
// examples/acme.
func TestBashCompletion(t *testing.T) {
	requireTools(t, "bash", "go")
	const bashCompletion = "/usr/share/bash-completion/bash_completion"
	if _, err := os.Stat(bashCompletion); err != nil {
		t.Skip("bash-completion not installed")
	}
	okr := builtOKR(t)
	tests := []struct {
		line string
		want []string
	}{
		{"okr score --format ", []string{"table", "json", "csv", "markdown", "xlsx"}},
		{"okr validate --format s", []string{"sarif"}},
		{"okr record checkout_p", []string{"checkout_p95_ms"}},
		{"okr score --period 2026-Q", []string{"2026-Q3", "2026-Q4"}},
		{"okr kpi --owner pl", []string{"platform"}},
		{"okr -C k", []string{"kpis"}},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			words := strings.Fields(tt.line)
			if strings.HasSuffix(tt.line, " ") {
				words = append(words, "")
			}
			var quoted []string
			for _, w := range words {
				quoted = append(quoted, "'"+w+"'")
			}
			script := `source ` + bashCompletion + `
source <("$OKR" completion bash)
COMP_WORDS=(` + strings.Join(quoted, " ") + `)
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMP_LINE='` + tt.line + `'
COMP_POINT=${#COMP_LINE}
__start_okr 2>/dev/null
printf '%s\n' "${COMPREPLY[@]}"
`
			cmd := exec.Command("bash", "--norc", "--noprofile", "-c", script)
			cmd.Dir = filepath.Join(moduleRoot(t), "examples", "acme")
			cmd.Env = append(os.Environ(), "OKR="+okr, "PATH="+filepath.Dir(okr)+string(os.PathListSeparator)+os.Getenv("PATH"))
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("bash: %v", err)
			}
			got := strings.Fields(string(out))
			for i := range got {
				got[i] = strings.TrimSuffix(got[i], "/")
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("completions of %q (-want +got):\n%s", tt.line, diff)
			}
		})
	}
}
