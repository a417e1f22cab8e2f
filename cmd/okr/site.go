package main

import (
	"cmp"
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
	"github.com/okr-as-code/okr/okr/source"
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
			wd, err := a.workDir()
			if err != nil {
				return err
			}
			root, err := source.FindRoot(wd)
			if err != nil {
				return err
			}
			dir := filepath.Join(root, "_site")
			if out != "" {
				if dir, err = a.resolve(out); err != nil {
					return err
				}
			}
			// Refuse before any work.
			d, err := site.Prepare(root, dir)
			if err != nil {
				return err
			}
			sh, err := openSiteHistory(root, opts)
			if err != nil {
				return err
			}
			defer sh.close()
			if sh.head == nil && os.Getenv("GOMEMLIMIT") == "" {
				// Without history the pages are built from a live heap of
				// a few hundred MB at the scale of SPEC §4: a soft limit
				// makes the collector run before the default doubling
				// takes the peak past 1 GiB. With history the log alone
				// holds more than that, and a limit would only make the
				// collector run without end.
				debug.SetMemoryLimit(768 << 20)
			}
			l, err := a.load(asOf)
			if err != nil {
				return err
			}
			sh.start(logSince(l.repo, asOf, opts.Period), opts)
			in, err := sh.input(l, asOf, opts)
			if err != nil {
				return periodUsage(err) // a bad --period is report.Build's to find
			}
			if err := d.Write(func(emit func(string, []byte) error) error { return site.Build(&in, emit) }); err != nil {
				if sh.failed != nil {
					return sh.failed // reading the history, not writing the site
				}
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

// siteHistory is the git history of a site's repository: the score log of
// HEAD from the first day of the periods shown, read in the background (it
// takes the longest) while the moved goalposts are read and the work tree
// is scored.
type siteHistory struct {
	h    *history.Repo // nil outside git
	head *object.Commit
	why  string // why there is no history
	log  *scorelog.Log
	err  error
	done chan struct{}
	// started: the log is being read (start); done closes when it is.
	started bool
	// failed is the error of reading the history (the log or the moved
	// goalposts) that stopped the site, if one did.
	failed error
}

func openSiteHistory(root string, opts report.Options) (*siteHistory, error) {
	sh := &siteHistory{done: make(chan struct{})}
	h, err := history.Open(root)
	switch {
	case errors.Is(err, history.ErrNotRepository):
		sh.why = "the repository root is not in a git repository"
		close(sh.done)
		return sh, nil
	case err != nil:
		return nil, err
	}
	sh.h = h
	// The log and the moved goalposts walk the same commits side by side:
	// each commit's trees are diffed once for both.
	h.ShareChanges(source.Watched)
	if sh.head, err = h.Resolve("HEAD"); err != nil {
		sh.why = "HEAD has no commit yet"
		if !errors.Is(err, history.ErrUnknownRevision) {
			sh.why = "cannot read HEAD: " + err.Error()
		}
		sh.head = nil
		close(sh.done)
		return sh, nil
	}
	return sh, nil
}

// start reads the score log in the background, from the commits dated on
// or after since: the pages draw only the commits of the periods they show.
func (sh *siteHistory) start(since model.Date, opts report.Options) {
	if sh.head == nil || sh.started {
		return
	}
	sh.started = true
	go func() {
		defer close(sh.done)
		sh.log, sh.err = scorelog.Build(sh.h, sh.head, scorelog.Options{Period: opts.Period, Owner: opts.Owner, Since: since})
	}()
}

// wait waits for the log, if it was started.
func (sh *siteHistory) wait() {
	if sh.head == nil || sh.started {
		<-sh.done
	}
}

// logSince is the first day of the earliest period among the documents the
// site shows (as score selects them), or asOf when it shows none.
func logSince(repo *model.Repo, asOf model.Date, period string) model.Date {
	since := asOf
	fy := repo.Config.FiscalYearStartMonth
	for _, d := range repo.Objectives {
		if d.Period.IsZero() {
			continue
		}
		first, last := d.Period.Range(fy)
		if period != "" && d.Period.String() != period {
			continue
		}
		if period == "" && (asOf < first || asOf > last) {
			continue
		}
		since = min(since, first)
	}
	return since
}

func (sh *siteHistory) close() {
	sh.wait()
	if sh.h != nil {
		sh.h.Close()
	}
}

// input scores the loaded repository and starts reading the moved
// goalposts from the history, beside the log; the Input's Wait waits for
// both, so that the pages that need no history are rendered meanwhile.
func (sh *siteHistory) input(l *loaded, asOf model.Date, opts report.Options) (site.Input, error) {
	var in site.Input
	r, err := report.Build(l.repo, asOf, opts, nil, nil, sh.why)
	if err != nil {
		return in, err
	}
	in.Report = r
	// Indexed after the report, whose own index is garbage by now: the two
	// are never held at once.
	in.Index = score.NewIndex(l.repo)
	if in.Due, err = in.Index.Due(asOf, score.Options{Period: opts.Period, Owner: opts.Owner}); err != nil {
		return in, err
	}
	if sh.head == nil {
		return in, nil
	}
	walked := r.StartHistory(sh.h, sh.head)
	in.Wait = func() (*scorelog.Log, error) {
		werr := walked()
		sh.wait()
		sh.failed = cmp.Or(sh.err, werr)
		if sh.failed != nil {
			return nil, sh.failed
		}
		log := sh.log
		sh.log = nil // site.Build lets go of it once read
		return log, nil
	}
	return in, nil
}
