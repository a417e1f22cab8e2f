package main

import (
	"github.com/okr-as-code/okr/okr/render"
	"github.com/okr-as-code/okr/okr/score"
	"github.com/spf13/cobra"
)

func newDueCmd(a *app) *cobra.Command {
	var opts score.Options
	var exitCode bool
	var out string
	cmd := &cobra.Command{
		Use:   "due",
		Short: "Check-ins due: who owes an update on which key result or KPI",
		Long: `Lists the key results and KPIs whose check-in is due as of --at (default
today), grouped by person (the key result's owner, else its document's
owner; a KPI's owner), most overdue first.

A key result of a document whose period contains the as-of date, and that
does not read a KPI, has a cadence: its own, else okr.yaml's
checkin_cadence, else weekly (daily 1, weekly 7, biweekly 14, monthly 31,
quarterly 92 days). It is due when more days than that have passed since
its last check-in (or, without one, since the day before its period began),
by the difference. A KPI with a cadence is due by the same rule; a key
result that reads a KPI is covered by its KPI, and a KPI never measured is
not listed.

Documents are selected as okr score selects them: --period P (or all),
--owner O (O's documents and the key results owned by O). --period names
a period with no Objectives document: exit 2. --exit-code exits 1 when
anything is due (for a scheduled job).

Formats: table (default), json, markdown, xlsx (a workbook, SPEC §7: to --out FILE, or to
standard output when that is not a terminal). --out FILE writes any format
to FILE, replacing it atomically.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			w, done, err := a.output(out)
			if err != nil {
				return err
			}
			asOf, l, err := a.loadAt()
			if err != nil {
				return err
			}
			r, err := score.Due(l.repo, asOf, opts)
			if err != nil {
				return usageError{err}
			}
			if r.Documents == 0 && opts.Period != "" {
				who := ""
				if opts.Owner != "" {
					who = " of " + opts.Owner
				}
				return usagef("--period %s: no Objectives document%s for this period", opts.Period, who)
			}
			if err := render.Due(w, a.format, r); err != nil {
				return err
			}
			if err := done(); err != nil {
				return err
			}
			if err := a.finish(l); err != nil {
				return err
			}
			if exitCode && len(r.Due) > 0 {
				return errProblems
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&opts.Period, "period", "", "the documents of `PERIOD` (YYYY-Qn, YYYY-Hn, YYYY, or all)")
	cmd.Flags().StringVar(&opts.Owner, "owner", "", "only this `OWNER`'s documents, key results and KPIs")
	cmd.Flags().BoolVar(&exitCode, "exit-code", false, "exit 1 when a check-in is due")
	addOut(cmd, &out)
	a.setFormats(cmd, render.DueFormats)
	return cmd
}
