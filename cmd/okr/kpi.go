package main

import (
	"github.com/okr-as-code/okr/okr/render"
	"github.com/okr-as-code/okr/okr/score"
	"github.com/spf13/cobra"
)

func newKPICmd(a *app) *cobra.Command {
	var opts score.Options
	var out string
	cmd := &cobra.Command{
		Use:   "kpi",
		Short: "KPI health: last and previous value, trend, health, staleness",
		Long: `For each KPI as of --at (default today): its last and previous value, the
trend between them, its health (green when it meets its target, yellow when
it meets warn, else red; unknown without a target or a measurement) and
whether it is stale (last measured longer ago than its cadence).

Formats: table (default), json, csv, markdown, xlsx (a workbook, SPEC §7: to --out FILE, or to
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
			r := score.KPIs(l.repo, asOf, opts)
			if err := render.KPIs(w, a.format, r, a.color()); err != nil {
				return err
			}
			if err := done(); err != nil {
				return err
			}
			return a.finish(l)
		},
	}
	cmd.Flags().StringVar(&opts.Owner, "owner", "", "only the KPIs of this `OWNER`")
	addOut(cmd, &out)
	a.setFormats(cmd, render.KPIFormats)
	return cmd
}
