package main

import (
	"github.com/okr-as-code/okr/okr/render"
	"github.com/okr-as-code/okr/okr/score"
	"github.com/spf13/cobra"
)

func newScoreCmd(a *app) *cobra.Command {
	var opts score.Options
	var out string
	cmd := &cobra.Command{
		Use:   "score",
		Short: "Score every objective and key result 0–1.0, with grade and status",
		Long: `Scores, per owner, objective and key result, as of --at (default today),
with grade (green, yellow, red) and pace status (on-track, at-risk,
off-track, not-started, closed).

By default the Objectives documents whose period contains the as-of date;
--period P selects the documents of period P exactly (--period all: every
document); --owner O narrows to the documents owned by O and to the key
results whose owner is O, in every document (objective and owner scores
stay those of the whole document; only the rows shown are narrowed).

Each key result also shows its forecast (where it will land on the
period's last day: a least-squares line through its measurements for
aggregate last, with an 80% band from 3 measurements on; the run rate for
sum), the forecast's score, how much it must still move per week to reach
its target, the confidence of its latest check-in that carries one, and
its owner. The table shows the forecast score (→ 0.81), the confidence
(7 high) and the key result's owner; markdown adds the forecast's value and
band and the needed per week; json and csv carry everything.

Formats: table (default), json, csv (one row per key result), markdown,
xlsx (a workbook, SPEC §7: to --out FILE, or to
standard output when that is not a terminal). --out FILE writes any format
to FILE, replacing it atomically.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			w, done, err := a.output(out)
			if err != nil {
				return err
			}
			defer keepHeap()()
			asOf, l, err := a.loadAtBeside()
			if err != nil {
				return err
			}
			r, err := score.Score(l.repo, asOf, opts)
			if err != nil {
				return usageError{err}
			}
			if err := render.Scores(w, a.format, r, a.color()); err != nil {
				return err
			}
			if err := done(); err != nil {
				return err
			}
			return a.finish(l)
		},
	}
	cmd.Flags().StringVar(&opts.Period, "period", "", "score the documents of `PERIOD` (YYYY-Qn, YYYY-Hn, YYYY, or all)")
	cmd.Flags().StringVar(&opts.Owner, "owner", "", "only the documents and key results of this `OWNER`")
	addOut(cmd, &out)
	a.setFormats(cmd, render.ScoreFormats)
	return cmd
}
