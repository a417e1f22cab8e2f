package main

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/okr-as-code/okr/okr/record"
	"github.com/okr-as-code/okr/okr/render"
	"github.com/okr-as-code/okr/okr/sheet"
	"github.com/okr-as-code/okr/okr/source"
	"github.com/spf13/cobra"
)

func newImportCmd(a *app) *cobra.Command {
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Write OKR files from a spreadsheet of goals (the layout okr export writes)",
		Long: `Reads a workbook (.xlsx: its Goals sheet, else its first; its KPIs sheet
when there is one) or a CSV file in the Goals layout, and writes under the
root one Objectives document per owner and period to
objectives/<owner>/<period>.yaml, one KPI document per KPI to
kpis/<id>.yaml, and each current value with its current_at as a
measurement in measurements/imported.csv, all as okr fmt writes them.

Header names are compared without case, spaces, '_' and '-'; columns may
come in any order and optional ones may be missing. Rows with the same
owner, period and objective make one objective, whose cells must agree.
An empty objective or key_result id is made from the title. A formula's
computed value is read, never the formula; a cell in csv that begins with
' and then = + - or @ is read without the '.

Every problem is printed at once, at its cell (FILE:SHEET!B7 in a
workbook, FILE:LINE:COL in a CSV file), with what okr validate would
report on the repository with the new files in it; then nothing is
written (exit 1). A file to be written that exists already: exit 2,
nothing written. --dry-run prints the files and their contents and writes
nothing (a file that exists is exit 2 there too).`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("okr import takes one FILE (a .xlsx or .csv), got %d arguments", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			asOf, err := a.asOf()
			if err != nil {
				return err
			}
			abs, err := a.resolve(args[0])
			if err != nil {
				return err
			}
			fi, err := os.Stat(abs)
			switch {
			case err != nil:
				return usagef("%s: no such file", args[0])
			case !fi.Mode().IsRegular():
				return usagef("%s: not a regular file", args[0])
			case fi.Size() > sheet.MaxFileSize:
				return fmt.Errorf("%s: larger than %d MiB; okr does not read files that large", args[0], sheet.MaxFileSize>>20)
			}
			data, err := os.ReadFile(abs)
			if err != nil {
				return err
			}
			book, err := sheet.Read(args[0], data)
			if err != nil {
				return err
			}
			wd, err := a.workDir()
			if err != nil {
				return err
			}
			t, err := source.WorkTree(wd, source.Options{AsOf: asOf, Unchecked: true})
			if err != nil {
				return err
			}
			plan := sheet.Import(book, t.Repo, t.Problems, asOf)
			for _, p := range plan.Problems {
				fmt.Fprintln(a.stderr, render.Text(p.String()))
			}
			if n := plan.Errors(); n > 0 {
				fmt.Fprintf(a.stderr, "okr: %d error(s); nothing written\n", n)
				return errProblems
			}
			if len(plan.Files) == 0 {
				return fmt.Errorf("%s holds no goals to import: one row per key result, under a header row naming the columns (see okr export --template)", args[0])
			}
			names := slices.Sorted(maps.Keys(plan.Files))
			if dryRun {
				// As the import would: a file that exists is exit 2.
				for _, name := range names {
					if _, err := os.Lstat(filepath.Join(t.Root, filepath.FromSlash(name))); err == nil {
						return fmt.Errorf("%w; nothing written", &record.ExistsError{File: name})
					}
				}
				for _, name := range names {
					fmt.Fprintf(a.stdout, "==> %s <==\n%s", render.Text(name), plan.Files[name])
				}
				return nil
			}
			if err := record.Create(t.Root, plan.Files); err != nil {
				var ex *record.ExistsError
				if errors.As(err, &ex) {
					return fmt.Errorf("%w; nothing written", err)
				}
				return err
			}
			for _, name := range names {
				fmt.Fprintln(a.stdout, render.Text(name))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print the files and their contents; write nothing")
	return cmd
}
