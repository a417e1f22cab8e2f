package main

import (
	"github.com/okr-as-code/okr/okr/render"
	"github.com/okr-as-code/okr/okr/score"
	"github.com/okr-as-code/okr/okr/sheet"
	"github.com/spf13/cobra"
)

func newExportCmd(a *app) *cobra.Command {
	var opts score.Options
	var out string
	var template bool
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the goals and KPIs as a spreadsheet that okr import reads back",
		Long: `Writes the goal definitions in the layout okr import reads: a Goals sheet
with one row per key result (owner, period, level, objective,
objective_title, objective_type, aligns_to, objective_weight, key_result,
title, type, kpi, baseline, commit, target, stretch, unit, aggregate,
weight, kr_owner, cadence, current, current_at) and a KPIs sheet (id,
name, owner, unit, direction, target, warn, cadence, category, indicator,
description). current and current_at are each key result's current value
as of --at and the date of its latest counted measurement.

Documents are selected as okr score selects them: by default those whose
period contains --at; --period P (or all); --owner O. The KPIs sheet holds
the KPIs the selected key results read and those the selected owners own
(every KPI without --owner).

--template needs no repository: it writes the headers, one example row
each, and drop-down lists for every column of fixed words (level,
objective_type, type, aggregate, cadence, direction, indicator).

Text is always a text cell, never a formula; in csv a cell that begins
with = + - or @ gets a leading ', which okr import reads back without it.

Formats: xlsx (default), a workbook to --out FILE, or to standard output
when that is not a terminal; csv, the Goals sheet alone.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			w, done, err := a.output(out)
			if err != nil {
				return err
			}
			if template {
				if opts.Period != "" || opts.Owner != "" {
					return usagef("--template writes an empty layout: drop --period and --owner")
				}
				if err := render.Export(w, a.format, sheet.Template(), true); err != nil {
					return err
				}
				return done()
			}
			asOf, l, err := a.loadAt()
			if err != nil {
				return err
			}
			ex, err := sheet.BuildExport(l.repo, asOf, opts)
			if err != nil {
				return periodUsage(usageError{err})
			}
			if err := render.Export(w, a.format, ex, false); err != nil {
				return err
			}
			if err := done(); err != nil {
				return err
			}
			return a.finish(l)
		},
	}
	cmd.Flags().StringVar(&opts.Period, "period", "", "export the documents of `PERIOD` (YYYY-Qn, YYYY-Hn, YYYY, or all)")
	cmd.Flags().StringVar(&opts.Owner, "owner", "", "only the documents and key results of this `OWNER`")
	cmd.Flags().BoolVar(&template, "template", false, "write the layout with one example row and drop-down lists, without reading a repository")
	addOut(cmd, &out)
	a.setFormats(cmd, render.ExportFormats)
	return cmd
}
