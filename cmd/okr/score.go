package main

import (
	"github.com/okr-as-code/okr/okr/render"
	"github.com/okr-as-code/okr/okr/score"
	"github.com/spf13/cobra"
)

var tableFormats = []string{"table", "json", "csv", "markdown"}

func newScoreCmd(a *app) *cobra.Command {
	var opts score.Options
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

Formats: table (default), json, csv (one row per key result), markdown.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			format, asOf, l, err := a.selected("table", tableFormats, opts.Period)
			if err != nil {
				return err
			}
			r, err := score.Score(l.repo, asOf, opts)
			if err != nil {
				return usageError{err}
			}
			if err := render.Scores(a.stdout, format, r, a.color()); err != nil {
				return err
			}
			return a.finish(l)
		},
	}
	cmd.Flags().StringVar(&opts.Period, "period", "", "score the documents of `PERIOD` (YYYY-Qn, YYYY-Hn, YYYY, or all)")
	cmd.Flags().StringVar(&opts.Owner, "owner", "", "only the documents and key results of this `OWNER`")
	return cmd
}

func newKPICmd(a *app) *cobra.Command {
	var opts score.Options
	cmd := &cobra.Command{
		Use:   "kpi",
		Short: "KPI health: last and previous value, trend, health, staleness",
		Long: `For each KPI as of --at (default today): its last and previous value, the
trend between them, its health (green when it meets its target, yellow when
it meets warn, else red; unknown without a target or a measurement) and
whether it is stale (last measured longer ago than its cadence).

Formats: table (default), json, csv, markdown.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			format, err := a.formatOr("table", tableFormats)
			if err != nil {
				return err
			}
			asOf, err := a.asOf()
			if err != nil {
				return err
			}
			l, err := a.load(asOf)
			if err != nil {
				return err
			}
			r := score.KPIs(l.repo, asOf, opts)
			if err := render.KPIs(a.stdout, format, r, a.color()); err != nil {
				return err
			}
			return a.finish(l)
		},
	}
	cmd.Flags().StringVar(&opts.Owner, "owner", "", "only the KPIs of this `OWNER`")
	return cmd
}
