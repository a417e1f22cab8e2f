package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/okr-as-code/okr/okr/format"
	"github.com/okr-as-code/okr/okr/render"
	"github.com/spf13/cobra"
)

func newFmtCmd(a *app) *cobra.Command {
	var check bool
	cmd := &cobra.Command{
		Use:   "fmt [PATH...]",
		Short: "Rewrite OKR documents in the canonical layout, keeping comments",
		Long: `Rewrites the OKR documents (Objectives, KPI, Measurements) of every YAML
file in the repository, or of the given files and directories, in one
canonical layout: two-space indentation, sequences indented under their key,
keys in the order of the specification (unknown keys last), and measurement
values one per line as {at: ..., value: ...}. Comments and the quoting of
values are kept; other YAML documents, CSV files and okr.yaml are left alone.
Formatting never changes what a document means.

okr fmt takes the lock of okr record on each file's directory and reads
the file again under it, so that running both at once loses nothing; it
also removes the temporary files (.NAME.okr-...) that a killed okr left
there more than ten minutes ago. A PATH that is not a regular file (a FIFO,
a device) or is larger than 256 MiB is refused (exit 2) without being read.

Prints each file that changed. With --check, writes nothing and exits 1
when a file would change (for CI). Files that cannot be formatted (invalid
YAML) are left untouched and reported on stderr; okr fmt then exits 1.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, l, err := a.loadAt()
			if err != nil {
				return err
			}
			files, err := a.fmtFiles(l.root, l.repo.Files, args)
			if err != nil {
				return err
			}
			results, err := format.Files(l.root, files, !check)
			if err != nil {
				return err
			}
			bad, failed := false, false
			for _, r := range results {
				var fe *format.Error
				switch {
				case errors.As(r.Err, &fe):
					bad = true
					if fe.Line > 0 {
						fmt.Fprintf(a.stderr, "%s:%d: not formatted: %s\n", render.Text(r.File), fe.Line, render.Text(fe.Msg))
					} else {
						fmt.Fprintf(a.stderr, "%s: not formatted: %s\n", render.Text(r.File), render.Text(fe.Msg))
					}
				case errors.As(r.Err, new(*format.NotRegularError)), errors.As(r.Err, new(*format.TooLargeError)):
					failed = true
					fmt.Fprintf(a.stderr, "okr: %v\n", r.Err) // the message names the file
				case r.Err != nil:
					failed = true
					fmt.Fprintf(a.stderr, "okr: %s: %s\n", render.Text(r.File), render.Text(r.Err.Error()))
				case r.Changed:
					bad = bad || check
					fmt.Fprintln(a.stdout, render.Text(r.File))
				}
			}
			switch {
			case failed:
				return errors.New("some files could not be read or written")
			case bad:
				return errProblems
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&check, "check", false, "write nothing; list the files that would change and exit 1 if any")
	return cmd
}

// fmtFiles returns the YAML files to format: every YAML file okr reads, or
// those under the given directories, plus the given files themselves (even
// one that okr.yaml's ignore globs skip), in path order.
func (a *app) fmtFiles(root string, okrFiles, args []string) ([]string, error) {
	isYAML := func(p string) bool {
		ext := strings.ToLower(filepath.Ext(p))
		return ext == ".yaml" || ext == ".yml"
	}
	var out []string
	if len(args) == 0 {
		for _, f := range okrFiles {
			if isYAML(f) {
				out = append(out, f)
			}
		}
		return out, nil
	}
	for _, arg := range args {
		rel, fi, err := a.existingPath(root, arg)
		if err != nil {
			return nil, err
		}
		if !fi.IsDir() {
			if !fi.Mode().IsRegular() {
				return nil, usageError{&format.NotRegularError{Name: arg, Mode: fi.Mode()}}
			}
			if fi.Size() > format.MaxSize {
				return nil, usageError{&format.TooLargeError{Name: arg, Size: fi.Size()}}
			}
			if !isYAML(rel) {
				return nil, usagef("%s: okr fmt formats YAML files (.yaml, .yml)", arg)
			}
			out = append(out, rel)
			continue
		}
		for _, f := range okrFiles {
			if isYAML(f) && (rel == "." || strings.HasPrefix(f, rel+"/")) {
				out = append(out, f)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}
