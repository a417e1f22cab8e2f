package main

import (
	"github.com/okr-as-code/okr/okr/render"
	"github.com/okr-as-code/okr/okr/score"
	"github.com/okr-as-code/okr/okr/tree"
	"github.com/spf13/cobra"
)

func newTreeCmd(a *app) *cobra.Command {
	var opts score.Options
	cmd := &cobra.Command{
		Use:   "tree",
		Short: "The alignment tree: each objective under the objective it aligns to",
		Long: `Prints the objectives of the selected documents as a tree, each under the
objective it aligns_to, with score, grade, status and forecast as of --at
(default today). Objectives that align to nothing, or to an objective outside
the selection, are roots; company and department objectives that nothing
aligns to are listed as unsupported.

Documents are selected as okr score selects them: by default those whose
period contains the as-of date; --period P those of period P (--period all:
every document); --owner narrows to one owner.

Formats: text (default), markdown, mermaid (a flowchart TD; put it in a
` + "```mermaid" + ` block for GitHub to draw it), json.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			asOf, l, err := a.loadAt()
			if err != nil {
				return err
			}
			r, err := score.Score(l.repo, asOf, opts)
			if err != nil {
				return usageError{err}
			}
			if err := render.Tree(a.stdout, a.format, tree.Build(r)); err != nil {
				return err
			}
			return a.finish(l)
		},
	}
	cmd.Flags().StringVar(&opts.Period, "period", "", "the documents of `PERIOD` (YYYY-Qn, YYYY-Hn, YYYY, or all)")
	cmd.Flags().StringVar(&opts.Owner, "owner", "", "only this `OWNER`")
	a.setFormats(cmd, render.TreeFormats)
	return cmd
}
