package main

import (
	"cmp"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/okr-as-code/okr/okr/change"
	"github.com/okr-as-code/okr/okr/history"
	"github.com/okr-as-code/okr/okr/load"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/render"
	"github.com/spf13/cobra"
)

func newDiffCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "diff [BASE [HEAD]]",
		Short: "What changed in the goals between two revisions, and what it did to the scores",
		Long: `A semantic diff of the goals between BASE (default HEAD) and HEAD (default:
the work tree): objectives, key results and KPIs added and removed, each
changed field with its old and new value, and the score changes as of --at.
Changes to targets, baselines and levels made after their period began are
flagged as moved goalposts.

Revisions are written as in git: HEAD~2, main, origin/main, v1.0, a short
hash, or BASE...HEAD (the merge base of the two, against HEAD), which is
what a pull request changes:

    okr diff origin/main...HEAD --format markdown

Formats: text (default), markdown (for a pull-request comment), json.`,
		Args: cobra.MaximumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			format, err := a.formatOr("text", render.ChangeFormats)
			if err != nil {
				return err
			}
			asOf, err := a.asOf()
			if err != nil {
				return err
			}
			_, h, err := a.openHistory()
			if err != nil {
				return err
			}
			defer h.Close()
			baseRev, headRev := "HEAD", ""
			if len(args) > 0 {
				baseRev = args[0]
			}
			if len(args) > 1 {
				headRev = args[1]
			}
			base, head, err := h.ResolveRange(baseRev)
			if err != nil {
				return err
			}
			if head != nil && len(args) > 1 {
				return usagef("give either a range %s or two revisions, not both", baseRev)
			}
			baseName := baseRev
			if head != nil {
				// A...B or A..B: B is the head.
				sym := strings.Contains(baseRev, "...")
				baseName, headRev, _ = strings.Cut(strings.Replace(baseRev, "...", "..", 1), "..")
				baseName, headRev = cmp.Or(baseName, "HEAD"), cmp.Or(headRev, "HEAD")
				if sym {
					baseName = "merge-base(" + baseName + ", " + headRev + ") " + base.Hash.String()[:7]
				}
			} else if headRev != "" {
				if head, err = h.Resolve(headRev); err != nil {
					return err
				}
			}
			cache := load.NewCache()
			baseRepo, _, err := loadCommit(h, base, cache, asOf)
			if err != nil {
				return err
			}
			var headRepo *model.Repo
			var headProblems []model.Problem
			date := asOf
			headName := "work tree"
			if head == nil {
				l, err := a.loadWith(asOf, cache)
				if err != nil {
					return err
				}
				headRepo, headProblems = l.repo, l.problems
			} else {
				headName = headRev
				if headRepo, headProblems, err = loadCommit(h, head, cache, asOf); err != nil {
					return err
				}
				date = commitDate(head)
			}
			d := change.Compare(baseRepo, headRepo, change.Options{
				Base:   baseName,
				Head:   headName,
				Date:   date,
				Scores: change.ScoresAsOf(asOf),
			})
			if err := render.Changes(a.stdout, format, d, a.color()); err != nil {
				return err
			}
			return a.finish(&loaded{repo: headRepo, problems: headProblems})
		},
	}
}

// commitDate is the civil date a commit's change was written (its author
// date, in the author's own time zone).
func commitDate(c *object.Commit) model.Date {
	return model.DateOf(history.CommitInfo(c).Date)
}
