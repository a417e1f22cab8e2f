package main

import (
	"errors"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Flag handling that holds for every command (SPEC §3), applied once to
// the whole command tree after it is built, so that a command added later
// is covered too.

// allowEmpty names the string flags whose empty value means something: an
// empty note is no note.
var allowEmpty = map[string]bool{"note": true}

// formatless lists the commands that write no formatted output, with the
// formats they accept (none, or the one they write): --format with any
// other value is a usage error. Commands not listed check --format
// themselves (app.formatOr).
var formatless = map[string][]string{
	"schema":   {"json"},
	"fmt":      nil,
	"rollover": nil,
	"record":   nil,
	"init":     nil,
	"site":     nil,
}

// checkFlags makes an empty value of every string flag of c and of its
// subcommands a usage error (--at "", -C "", --format "", …), and makes the
// commands in formatless refuse --format.
func checkFlags(a *app, c *cobra.Command) {
	wrap := func(f *pflag.Flag) {
		if _, done := f.Value.(nonEmpty); done || f.Value.Type() != "string" || allowEmpty[f.Name] {
			return
		}
		f.Value = nonEmpty{f.Value}
	}
	c.PersistentFlags().VisitAll(wrap)
	c.Flags().VisitAll(wrap)
	if allowed, ok := formatless[c.Name()]; ok && c.HasParent() && c.RunE != nil {
		run := c.RunE
		c.RunE = func(cmd *cobra.Command, args []string) error {
			if f := cmd.Flags().Lookup("format"); f != nil && f.Changed && !slices.Contains(allowed, a.format) {
				if len(allowed) == 0 {
					return usagef("okr %s has no output formats: drop --format %s", cmd.Name(), a.format)
				}
				return usagef("unknown format %q: use one of %s", a.format, strings.Join(allowed, ", "))
			}
			return run(cmd, args)
		}
	}
	for _, sub := range c.Commands() {
		checkFlags(a, sub)
	}
}

// nonEmpty is a flag value that refuses to be set to "".
type nonEmpty struct{ pflag.Value }

var errEmpty = errors.New("an empty value is not allowed")

func (v nonEmpty) Set(s string) error {
	if s == "" {
		return errEmpty
	}
	return v.Value.Set(s)
}
