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

// setFormats declares the --format values of cmd, its default first, as
// the renderer of its output lists them: the one list that checkFlags
// checks --format against and that completion offers. A command that
// declares none writes no formatted output and refuses --format.
func (a *app) setFormats(cmd *cobra.Command, formats []string) {
	if a.formats == nil {
		a.formats = map[*cobra.Command][]string{}
	}
	a.formats[cmd] = formats
}

// checkFlags makes an empty value of every string flag of c and of its
// subcommands a usage error (--at "", -C "", --format "", …), and checks
// --format once for every command, before it runs: a.format is then one of
// the command's formats (its default when --format is not given).
func checkFlags(a *app, c *cobra.Command) {
	wrap := func(f *pflag.Flag) {
		if _, done := f.Value.(nonEmpty); done || f.Value.Type() != "string" || allowEmpty[f.Name] {
			return
		}
		f.Value = nonEmpty{f.Value}
	}
	c.PersistentFlags().VisitAll(wrap)
	c.Flags().VisitAll(wrap)
	if c.HasParent() && c.RunE != nil {
		run := c.RunE
		c.RunE = func(cmd *cobra.Command, args []string) error {
			if err := a.checkFormat(cmd); err != nil {
				return err
			}
			return run(cmd, args)
		}
	}
	for _, sub := range c.Commands() {
		checkFlags(a, sub)
	}
}

// checkFormat sets a.format to the format cmd is to write: --format, which
// must be one of cmd's formats, else the one the extension of --out FILE
// names (scores.xlsx, scores.csv), which must be one too, else the first
// of them.
func (a *app) checkFormat(cmd *cobra.Command) error {
	formats := a.formats[cmd]
	switch ext, out := formatOfOut(cmd); {
	case a.format == "" && ext != "":
		if !slices.Contains(formats, ext) {
			return usagef("--out %s: %s does not write %s; name its format with --format (one of %s)", out, cmd.CommandPath(), ext, strings.Join(formats, ", "))
		}
		a.format = ext
	case a.format == "" && len(formats) > 0:
		a.format = formats[0]
	case a.format == "":
	case len(formats) == 0:
		return usagef("%s has no output formats: drop --format %s", cmd.CommandPath(), a.format)
	case !slices.Contains(formats, a.format):
		return usagef("unknown format %q: use one of %s", a.format, strings.Join(formats, ", "))
	}
	return nil
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
