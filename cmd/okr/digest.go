package main

import (
	"strings"

	"github.com/okr-as-code/okr/okr/change"
	"github.com/okr-as-code/okr/okr/digest"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/source"
	"github.com/spf13/cobra"
)

func newDigestCmd(a *app) *cobra.Command {
	var since, link string
	var opts digest.Options
	cmd := &cobra.Command{
		Use:   "digest",
		Short: "The week's news of the goals, for Slack, Teams, e-mail or a job summary",
		Long: `The week's news of the goals, written for people who will not open a
terminal: the headline (owners, their mean score then and now, how many are
green, yellow and red), the goalposts moved since BASE with who moved them,
the key results at risk, the score changes, the check-ins received and the
confidences that dropped, the check-ins due (each person mentioned in Slack
and Teams when a People document gives their id), and the KPIs that turned
red or stale.

BASE is the commit okr diff --since WHEN takes (default --since 7d): the
newest commit of HEAD's first-parent history committed before that day.
Now is the work tree as of --at; then is BASE's tree as of the day BASE
landed. Outside git, or with no commit before WHEN, the sections that need
BASE are left out with a line saying so.

Documents are selected as okr score selects them (--owner, --period).
--link URL (the dashboard okr site publishes) links each owner, key result,
KPI and the due list to its page.

Formats: markdown (default), at most 60,000 characters; text; json; slack,
an incoming webhook's body; teams, a Workflows webhook's Adaptive Card;
html, an e-mail body. Same inputs, same bytes.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.digest(since, opts, link)
		},
	}
	cmd.Flags().StringVar(&since, "since", "7d", "compare with the last commit before `WHEN` (YYYY-MM-DD, 7d, 2w)")
	cmd.Flags().StringVar(&opts.Owner, "owner", "", "only this `OWNER`'s documents, key results and KPIs")
	cmd.Flags().StringVar(&opts.Period, "period", "", "the documents of `PERIOD` (YYYY-Qn, YYYY-Hn, YYYY, or all)")
	cmd.Flags().StringVar(&link, "link", "", "link items to the dashboard at `URL` (okr site's pages)")
	a.setFormats(cmd, digest.Formats)
	return cmd
}

func (a *app) digest(since string, opts digest.Options, link string) error {
	asOf, err := a.asOf()
	if err != nil {
		return err
	}
	sinceDay, err := change.ParseSince(since, asOf)
	if err != nil {
		return usageError{err}
	}
	if link != "" {
		if opts.Link, err = digest.ParseLink(link); err != nil {
			return usageError{err}
		}
	}
	cache := source.NewCache()
	l, err := a.loadWith(asOf, cache)
	if err != nil {
		return err
	}
	g, why, err := digest.FindBase(l.root, sinceDay, cache)
	if err != nil {
		return err
	}
	defer g.Close()
	in := digest.Input{Now: l.repo, AsOf: asOf, NoBase: why}
	if g != nil {
		in.Then, in.BaseCommit, in.BaseDay = g.Then, g.Base.Hash.String(), g.Day
		in.Authors = g.Authors(l.repo, cache, asOf)
	}
	opts.Command = digestCommand(a.dir, since, opts, asOf)
	d, err := digest.Build(in, opts)
	if err != nil {
		return periodUsage(err)
	}
	if err := digest.Write(a.stdout, a.format, d); err != nil {
		return err
	}
	return a.finish(l)
}

// digestCommand is the command line that shows every item of the digest.
func digestCommand(dir, since string, opts digest.Options, asOf model.Date) string {
	parts := []string{"okr"}
	if dir != "" {
		parts = append(parts, "-C", dir)
	}
	parts = append(parts, "digest", "--since", since)
	if opts.Owner != "" {
		parts = append(parts, "--owner", opts.Owner)
	}
	if opts.Period != "" {
		parts = append(parts, "--period", opts.Period)
	}
	return strings.Join(append(parts, "--at", asOf.String()), " ")
}
