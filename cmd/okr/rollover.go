package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/render"
	"github.com/okr-as-code/okr/okr/rollover"
	"github.com/spf13/cobra"
)

func newRolloverCmd(a *app) *cobra.Command {
	var to, from, owner string
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "rollover --to PERIOD",
		Short: "Start a period: copy the last period's goals with baselines moved to what was reached",
		Long: `For each Objectives document of the period before PERIOD (--from, default
the period of the same kind just before it; --owner to narrow), writes a
document for PERIOD next to the old one: teams/payments/2026-Q4.yaml becomes
teams/payments/2027-Q1.yaml (else a directory named with the old period is
renamed, else <dir>/<owner>-<PERIOD>.yaml).

Objectives and key results keep their ids, titles, targets and comments;
each metric key result's baseline becomes the value it reached by the last
day of the old period (kept when there was no measurement, or when the
target was already reached). A commit level the new baseline has passed is
dropped, and an aligns_to whose parent has no document for PERIOD becomes a
comment; each such change is listed under the file written.

A period that has not ended as of --at (default today) can be rolled
over, with a warning: the baselines are then the values reached so far.
Baselines keep the digits the value had in its file; a value okr computes
(aggregate mean or sum) is rounded to 12 significant digits. --dry-run
prints the files it would write, with the same notes, and writes nothing.

Never overwrites: an owner that already has a document for PERIOD, or whose
new file exists, is skipped (and that is not an error, so rollover can be
run again). Every new file is validated with the rest of the repository
first and not written if it would be invalid. Exit 1 when a document could
not be rolled over, or there is none for the old period.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if to == "" {
				return usagef("--to PERIOD is required, such as --to 2027-Q1")
			}
			toP, err := model.ParsePeriod(to)
			if err != nil {
				return usagef("--to: %v", err)
			}
			fromP := rollover.Previous(toP)
			if from != "" {
				if fromP, err = model.ParsePeriod(from); err != nil {
					return usagef("--from: %v", err)
				}
			}
			if fromP == toP {
				return usagef("--from and --to are the same period, %s", toP)
			}
			asOf, l, err := a.loadAt()
			if err != nil {
				return err
			}
			root, err := os.OpenRoot(l.root)
			if err != nil {
				return err
			}
			defer root.Close()
			plan, err := rollover.MakePlan(root.FS(), l.repo, rollover.Options{From: fromP, To: toP, Owner: owner, AsOf: asOf})
			var re *rollover.Error
			if errors.As(err, &re) {
				fmt.Fprintf(a.stderr, "okr: %s\n", render.Text(err.Error()))
				return errProblems
			}
			if err != nil {
				return err
			}
			if _, last := fromP.Range(l.repo.Config.FiscalYearStartMonth); asOf <= last {
				fmt.Fprintf(a.stderr, "okr: warning: %s has not ended (its last day is %s; as of %s): the new baselines are the values reached so far\n", fromP, last, asOf)
			}
			failed := false
			for _, s := range plan.Skipped {
				fmt.Fprintf(a.stderr, "okr: skipped %s (%s): %s\n", render.Text(s.Owner), render.Text(s.File), render.Text(s.Reason))
				failed = failed || s.Error
			}
			verb := "wrote"
			if dryRun {
				verb = "would write"
			}
			for _, f := range plan.Files {
				if len(f.Problems) > 0 {
					failed = true
					fmt.Fprintf(a.stderr, "okr: not written: %s would not be valid:\n", render.Text(f.Path))
					for _, p := range f.Problems {
						fmt.Fprintf(a.stderr, "  %s\n", render.ProblemLine(p))
					}
					continue
				}
				if !dryRun {
					if err := rollover.Write(l.root, f); err != nil {
						return err
					}
				}
				var srcs []string
				for _, s := range f.Sources {
					srcs = append(srcs, fmt.Sprintf("%s from %s", render.Text(s.Owner), render.Text(s.File)))
				}
				fmt.Fprintf(a.stdout, "%s %s (%s → %s: %s)\n", verb, render.Text(f.Path), fromP, toP, strings.Join(srcs, ", "))
				for _, n := range f.Notes {
					fmt.Fprintf(a.stdout, "  %s: %s\n", render.Text(n.Ref), render.Text(n.Message))
				}
			}
			if failed {
				return errProblems
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&to, "to", "", "the `PERIOD` to start, such as 2027-Q1 (required)")
	f.StringVar(&from, "from", "", "the `PERIOD` to roll over (default: the one just before --to)")
	f.StringVar(&owner, "owner", "", "only this `OWNER`'s documents")
	f.BoolVar(&dryRun, "dry-run", false, "write nothing; print what would be written")
	return cmd
}
