package main

import (
	"github.com/okr-as-code/okr/okr/render"
	"github.com/okr-as-code/okr/okr/score"
	"github.com/spf13/cobra"
)

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
			defer keepHeap()()
			asOf, l, err := a.loadAtBeside()
			if err != nil {
				return err
			}
			r := score.KPIs(l.repo, asOf, opts)
			if err := render.KPIs(a.stdout, a.format, r, a.color()); err != nil {
				return err
			}
			return a.finish(l)
		},
	}
	cmd.Flags().StringVar(&opts.Owner, "owner", "", "only the KPIs of this `OWNER`")
	a.setFormats(cmd, render.KPIFormats)
	return cmd
}
