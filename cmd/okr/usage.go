package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// Usage errors (exit 2, with a hint to run okr --help) are typed where
// they arise, never recognised from cobra's wording: flag errors through
// the root's flag error function (inherited by every command), argument
// errors through each command's Args validator, wrapped by usageErrors,
// and unknown commands and help topics by checks of okr's own.

// usageError is a mistake in how okr was invoked.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// asUsage returns err as a usageError (nil for nil).
func asUsage(err error) error {
	if err == nil || errors.As(err, new(usageError)) {
		return err
	}
	return usageError{err}
}

// usageErrors makes every error that cobra raises for the flags and the
// arguments of c and its subcommands a usageError: c must have been given
// all its commands, cobra's help and completion commands included.
func usageErrors(c *cobra.Command) {
	if !c.HasParent() {
		c.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	}
	switch {
	case c.HasSubCommands():
		c.Args = unknownCommand
		c.SuggestionsMinimumDistance = 2 // cobra's default, which SuggestionsFor does not apply
		if !c.Runnable() {
			// Cobra prints the help of a command that cannot run
			// before it looks at its arguments.
			c.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
		}
	case c.Name() == "help" && c.HasParent() && !c.Parent().HasParent(): // cobra's
		c.Args = helpTopic
	case c.Args != nil:
		check := c.Args
		c.Args = func(cmd *cobra.Command, args []string) error { return asUsage(check(cmd, args)) }
	}
	for _, sub := range c.Commands() {
		usageErrors(sub)
	}
}

// unknownCommand is the Args of a command that has subcommands: cobra
// hands it the first argument that names none.
func unknownCommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg += ": did you mean " + strings.Join(s, " or ") + "?"
	}
	return usageError{errors.New(msg)}
}

// helpTopic is the Args of `okr help`: each argument must name a command.
func helpTopic(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if _, rest, err := cmd.Root().Find(args); err != nil || len(rest) > 0 {
		return usagef("unknown help topic %q: okr help lists the commands", strings.Join(args, " "))
	}
	return nil
}

// noArgs is the Args of a command that takes no arguments.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("%s takes no arguments, got %q", cmd.CommandPath(), args[0])
	}
	return nil
}

// maxArgs is the Args of a command that takes up to n arguments.
func maxArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > n {
			return usagef("%s takes at most %d argument%s, got %d (usage: %s)", cmd.CommandPath(), n, plural(n), len(args), cmd.CommandPath()+strings.TrimPrefix(cmd.Use, cmd.Name()))
		}
		return nil
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
