package main

import (
	"errors"

	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/okr-as-code/okr/okr/history"
	"github.com/okr-as-code/okr/okr/render"
	"github.com/okr-as-code/okr/okr/report"
	"github.com/spf13/cobra"
)

func newReportCmd(a *app) *cobra.Command {
	var opts report.Options
	var out string
	cmd := &cobra.Command{
		Use:   "report",
		Short: "A period's full report: scores, key results, KPI health and moved goalposts",
		Long: `Writes the report of a period (--period, default: the quarter containing
--at): a summary per owner, every objective and key result with its current
value, grade and status, KPI health, and the goalposts moved after their
period began (targets, baselines and levels changed, goals added or
removed), each with its commit, date and author, newest first.

The scores come from the work tree; the changes from the first-parent
history of HEAD up to --at, each commit against its first parent. A change
is dated by the day it landed: the committer date of that commit (for a
merged branch, the merge), so that a backdated commit cannot hide a moved
goalpost; the report names the commit that made it and its author.
Outside a git repository the report says that the history is unavailable;
a repository that cannot be read is an error (exit 2). Same inputs, same bytes: commit the report and it diffs
cleanly week to week.

Formats: markdown (default), json, xlsx (a workbook, SPEC §7: to --out FILE, or to
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
			var h *history.Repo
			var head *object.Commit
			why := ""
			h, err = history.Open(l.root)
			switch {
			case errors.Is(err, history.ErrNotRepository):
				why = "the repository root is not in a git repository"
			case err != nil:
				return err
			default:
				defer h.Close()
				// A repository without a commit has no history yet; one
				// that cannot be read is a failure to run (exit 2), as in
				// diff and log.
				if head, err = h.Resolve("HEAD"); errors.Is(err, history.ErrUnknownRevision) {
					why, head = "HEAD has no commit yet", nil
				} else if err != nil {
					return err
				}
			}
			r, err := report.Build(l.repo, asOf, opts, h, head, why)
			if err != nil {
				return periodUsage(err)
			}
			if err := render.Report(w, a.format, r); err != nil {
				return err
			}
			if err := done(); err != nil {
				return err
			}
			return a.finish(l)
		},
	}
	cmd.Flags().StringVar(&opts.Period, "period", "", "report on `PERIOD` (YYYY-Qn, YYYY-Hn or YYYY)")
	cmd.Flags().StringVar(&opts.Owner, "owner", "", "only this `OWNER`")
	addOut(cmd, &out)
	a.setFormats(cmd, render.ReportFormats)
	return cmd
}
