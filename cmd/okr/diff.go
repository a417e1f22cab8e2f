package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/okr-as-code/okr/okr/change"
	"github.com/okr-as-code/okr/okr/history"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/render"
	"github.com/okr-as-code/okr/okr/source"
	"github.com/spf13/cobra"
)

func newDiffCmd(a *app) *cobra.Command {
	var since, failOn string
	cmd := &cobra.Command{
		Use:   "diff [BASE [HEAD]]",
		Short: "What changed in the goals between two revisions, and what it did to the scores",
		Long: `A semantic diff of the goals between BASE (default HEAD) and HEAD (default:
the work tree): objectives, key results and KPIs added and removed, each
changed field with its old and new value, the check-ins added and removed,
and the score changes of owners, objectives and key results as of --at.
Changes to targets, baselines and levels, and goals added or removed, on or
after the first day of their period are flagged as moved goalposts: for a
work tree on the as-of date, for a commit on the later of its committer and
author dates.

Revisions are written as in git: HEAD~2, main, origin/main, v1.0, a short
hash, or BASE...HEAD (the merge base of the two, against HEAD), which is
what a pull request changes:

    okr diff origin/main...HEAD --format markdown

--since WHEN (a date, or 7d, 2w back from the as-of date) takes as BASE the
newest commit of HEAD's first-parent history committed before that day:
what changed since last week's check-in meeting.

--fail-on moved,removed,changed exits 1 when the diff holds a moved
goalpost, a removed goal or KPI, or any change to goals or KPIs.

Formats: text (default), markdown (for a pull-request comment), json,
github (annotations at the changed lines).`,
		Args: maxArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.diff(args, since, failOn)
		},
	}
	cmd.Flags().StringVar(&since, "since", "", "compare with the last commit before `WHEN` (YYYY-MM-DD, 7d, 2w)")
	cmd.Flags().StringVar(&failOn, "fail-on", "", "exit 1 when the diff holds any of `KINDS`: moved, removed, changed")
	a.setFormats(cmd, render.ChangeFormats)
	return cmd
}

func (a *app) diff(args []string, since, failOn string) error {
	asOf, err := a.asOf()
	if err != nil {
		return err
	}
	var fail change.FailOn
	if failOn != "" {
		if fail, err = change.ParseFailOn(failOn); err != nil {
			return usageError{err}
		}
	}
	var sinceDay model.Date
	sinceText := ""
	if since != "" {
		if len(args) > 0 {
			return usagef("--since chooses the base itself: give no BASE or HEAD with it")
		}
		if sinceDay, err = change.ParseSince(since, asOf); err != nil {
			return usageError{err}
		}
		sinceText = sinceDay.String()
	}
	_, h, err := a.openHistory()
	if err != nil {
		return err
	}
	defer h.Close()

	base, head, baseName, headName, err := diffRevisions(h, args, since, sinceDay)
	if err != nil {
		return err
	}
	cache := source.NewCache()
	baseRepo, _, err := loadCommit(h, base, cache, asOf)
	if err != nil {
		return err
	}
	var headRepo *model.Repo
	var headProblems []model.Problem
	date := asOf
	if head == nil {
		l, err := a.loadWith(asOf, cache)
		if err != nil {
			return err
		}
		headRepo, headProblems = l.repo, l.problems
	} else {
		if headRepo, headProblems, err = loadCommit(h, head, cache, asOf); err != nil {
			return err
		}
		date = model.DateOf(history.LandedDay(head))
	}
	d := change.Compare(baseRepo, headRepo, change.Options{
		Base:         baseName,
		Head:         headName,
		Date:         date,
		Scores:       change.ScoresAsOf(asOf),
		AsOf:         asOf,
		Measurements: true,
	})
	err = render.Changes(a.stdout, a.format, d, render.ChangeOptions{
		Color:    a.color(),
		Command:  diffCommand(a.dir, args, since, asOf),
		Since:    since,
		SinceDay: sinceText,
		Prefix:   h.Prefix(),
	})
	if err != nil {
		return err
	}
	// Errors in the head's files, then what --fail-on found: exit 1 for
	// either.
	err = a.finish(&loaded{repo: headRepo, problems: headProblems})
	fs := d.Failures(fail)
	for _, f := range fs {
		fmt.Fprintf(a.stderr, "okr: --fail-on %s\n", f)
	}
	if err == nil && len(fs) > 0 {
		err = errProblems
	}
	return err
}

// diffRevisions resolves the revisions of `okr diff`: the base commit, the
// head commit (nil for the work tree) and their names for the output.
func diffRevisions(h *history.Repo, args []string, since string, sinceDay model.Date) (base, head *object.Commit, baseName, headName string, err error) {
	headName = change.WorkTree
	if since != "" {
		top, err := h.Resolve("HEAD")
		if err != nil {
			return nil, nil, "", "", err
		}
		base, err = h.FirstParentBefore(top, sinceDay.Time())
		if errors.Is(err, history.ErrNoCommitBefore) {
			return nil, nil, "", "", usageError{fmt.Errorf("--since %s: %w", since, err)}
		}
		if err != nil {
			return nil, nil, "", "", fmt.Errorf("--since %s: %w", since, err)
		}
		return base, nil, base.Hash.String(), headName, nil
	}
	baseRev, headRev := "HEAD", ""
	if len(args) > 0 {
		baseRev = args[0]
	}
	if len(args) > 1 {
		headRev = args[1]
	}
	rg, err := h.ResolveRange(baseRev)
	if err != nil {
		return nil, nil, "", "", err
	}
	if rg.Head != nil {
		if len(args) > 1 {
			return nil, nil, "", "", usagef("give either a range %s or two revisions, not both", baseRev)
		}
		return rg.Base, rg.Head, rg.BaseName, rg.HeadName, nil
	}
	if headRev != "" {
		if head, err = h.Resolve(headRev); err != nil {
			return nil, nil, "", "", err
		}
		headName = headRev
	}
	return rg.Base, head, rg.BaseName, headName, nil
}

// diffCommand is the command line that shows the whole diff, for the note
// of a Markdown diff cut at its limit.
func diffCommand(dir string, args []string, since string, asOf model.Date) string {
	parts := []string{"okr"}
	if dir != "" {
		parts = append(parts, "-C", dir)
	}
	parts = append(append(parts, "diff"), args...)
	if since != "" {
		parts = append(parts, "--since", since)
	}
	return strings.Join(append(parts, "--at", asOf.String()), " ")
}
