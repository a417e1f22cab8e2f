package main

import (
	"fmt"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/okr-as-code/okr/okr/history"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/render"
	"github.com/okr-as-code/okr/okr/scorelog"
	"github.com/okr-as-code/okr/okr/source"
	"github.com/spf13/cobra"
)

func newLogCmd(a *app) *cobra.Command {
	var opts scorelog.Options
	var out string
	cmd := &cobra.Command{
		Use:   "log [REVISION]",
		Short: "Score history: one row per commit that changed an OKR file",
		Long: `Walks the history from REVISION (default HEAD), newest first, and prints one
row per commit that adds, deletes, modifies or renames an OKR file (even when
the goals are unchanged), with each owner's score as of that commit's date.

By default each commit shows the documents whose period contains its date;
--period P shows the documents of period P (--period all: every document);
--owner narrows to one owner. Each commit is scored as of its own (author)
date, so --at does not apply. A merge is listed when it changes an OKR file
against its first parent, as are the commits it merges.

In a shallow clone the log stops at the oldest commit fetched and says so
on stderr. Exits 1 when the OKR files of REVISION have errors (after the log).

Formats: table (default), csv, json, xlsx (a workbook, SPEC §7: to --out FILE, or to
standard output when that is not a terminal). --out FILE writes any format
to FILE, replacing it atomically.`,
		Args: maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			w, done, err := a.output(out)
			if err != nil {
				return err
			}
			_, h, err := a.openHistory()
			if err != nil {
				return err
			}
			defer h.Close()
			rev := "HEAD"
			if len(args) == 1 {
				rev = args[0]
			}
			if strings.Contains(rev, "..") {
				return usagef("okr log takes one revision, not a range: %s", rev)
			}
			start, err := h.Resolve(rev)
			if err != nil {
				return err
			}
			l, err := scorelog.Build(h, start, opts)
			if err != nil {
				return periodUsage(err)
			}
			// Check the newest revision while the log is written.
			var checked []model.Problem
			checking := make(chan struct{})
			go func() {
				defer close(checking)
				if l.Head != nil {
					checked = source.Check(l.Head, l.HeadProblems, commitDate(start))
				}
			}()
			err = render.Log(w, a.format, l)
			<-checking
			if err == nil {
				err = done()
			}
			if err != nil {
				return err
			}
			if len(l.Commits) == 0 && !l.Truncated {
				fmt.Fprintf(a.stderr, "okr: no commit in the history of %s adds, changes or removes an OKR file\n", render.Text(rev))
			}
			if l.Truncated {
				fmt.Fprintln(a.stderr, "okr: the history is shallow; older commits are not shown (fetch with `git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout)")
			}
			// Like every command that reads the OKR files, exit 1 when
			// those of the newest revision have errors.
			repo, probs := l.Head, checked
			if repo == nil {
				if repo, probs, err = loadCommit(h, start, nil, commitDate(start)); err != nil {
					return err
				}
			}
			return a.finish(&loaded{repo: repo, problems: probs})
		},
	}
	cmd.Flags().StringVar(&opts.Period, "period", "", "show the documents of `PERIOD` (YYYY-Qn, YYYY-Hn, YYYY, or all)")
	cmd.Flags().StringVar(&opts.Owner, "owner", "", "only this `OWNER`")
	addOut(cmd, &out)
	a.setFormats(cmd, render.LogFormats)
	return cmd
}

// commitDate is the civil date a commit's change was written (its author
// date, in the author's own time zone), as `okr log` checks the newest
// revision.
func commitDate(c *object.Commit) model.Date {
	return model.DateOf(history.CommitInfo(c).Date)
}
