package main

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

// TestEveryUsageErrorIsTyped runs every command of the tree, cobra's help
// and completion commands and those added later included, with an unknown
// flag, a flag without its value and too many arguments: each is a usage
// error (exit 2, one line, then the hint), which only a usageError prints.
func TestEveryUsageErrorIsTyped(t *testing.T) {
	root := newRootCmd(&app{stdout: io.Discard, stderr: io.Discard, now: time.Now})
	var paths [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		paths = append(paths, path)
		for _, sub := range c.Commands() {
			walk(sub, append(append([]string(nil), path...), sub.Name()))
		}
	}
	walk(root, nil)
	if len(paths) < 20 {
		t.Fatalf("only %d commands in the tree", len(paths))
	}
	dir := t.TempDir()
	many := strings.Fields("no-such-1 no-such-2 no-such-3 no-such-4")
	for _, path := range paths {
		for _, tail := range [][]string{{"--no-such-flag"}, {"--at"}, many} {
			args := append(append([]string{"-C", dir}, path...), tail...)
			var stderr bytes.Buffer
			code := run(args, nil, io.Discard, &stderr)
			lines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
			if code != exitUsage || len(lines) != 2 || lines[1] != "Run 'okr --help' for usage." {
				t.Errorf("okr %s: exit %d, stderr %q; want exit 2, a line and the hint", strings.Join(args, " "), code, stderr.String())
			}
		}
	}
}

// TestHelpNamesTheFormats holds each command's help to its one list of
// formats: every format named after "Formats:", the first as the default.
func TestHelpNamesTheFormats(t *testing.T) {
	a := &app{stdout: io.Discard, stderr: io.Discard, now: time.Now}
	newRootCmd(a)
	if len(a.formats) < 9 {
		t.Fatalf("only %d commands declare formats", len(a.formats))
	}
	for cmd, formats := range a.formats {
		if len(formats) < 2 {
			continue // okr schema: json only, and says so by its name
		}
		_, text, ok := strings.Cut(cmd.Long, "Formats: ")
		if !ok {
			t.Errorf("okr %s: no Formats: in its help", cmd.Name())
			continue
		}
		if !strings.HasPrefix(text, formats[0]+" (default)") {
			t.Errorf("okr %s: help does not start its formats with %s (default): %.40q", cmd.Name(), formats[0], text)
		}
		text, _, _ = strings.Cut(text, "\n\n") // the paragraph
		words := strings.FieldsFunc(text, func(r rune) bool { return r < 'a' || r > 'z' })
		for _, f := range formats {
			if !slices.Contains(words, f) {
				t.Errorf("okr %s: help does not name format %s", cmd.Name(), f)
			}
		}
	}
}
