package main

import (
	"bytes"
	"io"
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
			got, _ := completeFormat(c, nil, "")
			if diff := cmp.Diff(accepted, got); diff != "" {
				t.Errorf("okr %s: completed formats (-accepted +completed):\n%s", name, diff)
			}
		})
	}
}
