package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/okr-as-code/okr/okr/history"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/report"
	"github.com/okr-as-code/okr/okr/score"
	"github.com/okr-as-code/okr/okr/scorelog"
	"github.com/okr-as-code/okr/okr/site"
	"github.com/spf13/cobra"
)

func newSiteCmd(a *app) *cobra.Command {
	var opts report.Options
	var out string
	cmd := &cobra.Command{
		Use:   "site",
		Short: "Write a static dashboard with charts (for GitHub Pages)",
		Long: `Writes a static, self-contained dashboard to --out (default _site under the
root; the overview is DIR/index.html): an overview of every selected owner,
a page per Objectives document with a chart per key result, a page per KPI,
the alignment tree and, in a git repository, the score history and the
moved goalposts. No page loads anything from elsewhere; it works from
file:// and from GitHub Pages. Same inputs, same bytes.

Documents are selected as okr score selects them: by default those whose
period contains --at (default today); --period P those of period P; --owner
narrows to one owner.

okr writes only under DIR, and marks it with a .okr-site file: it replaces
a directory it wrote before, and refuses (exit 2, changing nothing) a
non-empty directory it did not write, a DIR inside .git, and a DIR inside
the repository that is, or goes through, a symbolic link.

No formats.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			asOf, err := a.asOf()
			if err != nil {
				return err
			}
			if opts.Period == score.AllPeriods {
				return usagef("okr site shows one period: give --period YYYY-Qn, YYYY-Hn or YYYY")
			}
			if opts.Period != "" {
				if _, err := parsePeriodFlag(opts.Period); err != nil {
					return err
				}
			}
			// The pages are built after the repository is loaded, from a
			// live heap of a few hundred MB at the scale of SPEC §4: a soft
			// limit makes the collector run before the default doubling
			// takes the peak past 1 GiB. GOMEMLIMIT overrides it.
			if os.Getenv("GOMEMLIMIT") == "" {
				debug.SetMemoryLimit(768 << 20)
			}
			l, err := a.load(asOf)
			if err != nil {
				return err
			}
			dir := filepath.Join(l.root, "_site")
			if out != "" {
				if dir, err = a.resolve(out); err != nil {
					return err
				}
			}
			d, err := site.Prepare(l.root, dir)
			if err != nil {
				return err
			}
			in, closeHistory, err := siteInput(l, asOf, opts)
			if err != nil {
				return err
			}
			defer closeHistory()
			if err := d.Write(func(emit func(string, []byte) error) error { return site.Build(in, emit) }); err != nil {
				return fmt.Errorf("writing the site to %s: %w", dir, err)
			}
			rel, ok := relToRoot(l.root, dir)
			if !ok {
				rel = dir
			}
			fmt.Fprintf(a.stderr, "okr: wrote the site to %s (open %s)\n", rel, filepath.ToSlash(filepath.Join(rel, "index.html")))
			return a.finish(l)
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "write the site to `DIR` (default _site under the root)")
	cmd.Flags().StringVar(&opts.Period, "period", "", "the documents of `PERIOD` (YYYY-Qn, YYYY-Hn or YYYY)")
	cmd.Flags().StringVar(&opts.Owner, "owner", "", "only this `OWNER`")
	return cmd
}

// siteInput scores the loaded repository and, in git, reads the score
// history and the moved goalposts of HEAD (the two walks run side by
// side).
func siteInput(l *loaded, asOf model.Date, opts report.Options) (site.Input, func(), error) {
	var in site.Input
	nothing := func() {}
	h, err := history.Open(l.root)
	var head *object.Commit
	why := ""
	switch {
	case errors.Is(err, history.ErrNotRepository):
		why = "the repository root is not in a git repository"
		h = nil
	case err != nil:
		return in, nothing, err
	default:
		if head, err = h.Resolve("HEAD"); err != nil {
			why = "HEAD has no commit yet"
			if !errors.Is(err, history.ErrUnknownRevision) {
				why = "cannot read HEAD: " + err.Error()
			}
			head = nil
		}
	}
	closeHistory := func() {
		if h != nil {
			h.Close()
		}
	}
	var logErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		if head != nil {
			in.Log, logErr = scorelog.Build(h, head, scorelog.Options{Period: opts.Period, Owner: opts.Owner})
		}
	}()
	r, err := report.Build(l.repo, asOf, opts, h, head, why)
	<-done
	if err == nil {
		err = logErr
	}
	if err != nil {
		closeHistory()
		return in, nothing, err
	}
	in.Report = r
	// Indexed after the report, whose own index is garbage by now: the two
	// are never held at once.
	in.Index = score.NewIndex(l.repo)
	if in.Due, err = in.Index.Due(asOf, score.Options{Period: opts.Period, Owner: opts.Owner}); err != nil {
		closeHistory()
		return in, nothing, err
	}
	return in, closeHistory, nil
}
