package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// commandsOf lists every runnable command under root by its path (without
// "okr"), skipping cobra's own: help, completion and __complete.
func commandsOf(root *cobra.Command) [][]string {
	var out [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		for _, sub := range c.Commands() {
			name := sub.Name()
			if name == "help" || name == "completion" || strings.HasPrefix(name, "__complete") {
				continue
			}
			p := append(append([]string(nil), path...), name)
			if sub.Runnable() {
				out = append(out, p)
			}
			walk(sub, p)
		}
	}
	walk(root, nil)
	return out
}

// TestEmptyFlagValues: every string flag of every command, its own or
// inherited, given "" is a usage error (exit 2), except those whose empty
// value means something (allowEmpty).
func TestEmptyFlagValues(t *testing.T) {
	root := newRootCmd(&app{})
	n := 0
	for _, path := range commandsOf(root) {
		c, _, err := root.Find(path)
		if err != nil {
			t.Fatal(err)
		}
		var flags []string
		visit := func(f *pflag.Flag) {
			if f.Value.Type() == "string" && !allowEmpty[f.Name] {
				flags = append(flags, f.Name)
			}
		}
		c.Flags().VisitAll(visit)
		c.InheritedFlags().VisitAll(visit)
		for _, f := range flags {
			for _, form := range [][]string{{"--" + f + "="}, {"--" + f, ""}} {
				args := append(append([]string(nil), path...), form...)
				var stdout, stderr bytes.Buffer
				code := run(args, strings.NewReader(""), &stdout, &stderr)
				if code != exitUsage || !strings.Contains(stderr.String(), "an empty value is not allowed") {
					t.Errorf("okr %q: exit %d, stderr %q; want exit 2 and an empty value refused", args, code, stderr.String())
				}
				n++
			}
		}
	}
	// validate, score, kpi, … each have at least -C, --at and --format.
	if n < 2*3*10 {
		t.Errorf("only %d empty flag values tried", n)
	}
}
