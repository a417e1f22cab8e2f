package main

import (
	"fmt"

	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/render"
	"github.com/okr-as-code/okr/okr/score"
	"github.com/okr-as-code/okr/okr/source"
)

// loaded is a repository read from the work tree and checked.
type loaded struct {
	root     string
	repo     *model.Repo
	problems []model.Problem // sorted
}

// load finds the root, reads the work tree and runs every check as of asOf.
// selected reads the flags of a command that selects documents as okr score
// does (score, due, tree): its --format (def, else one of formats), the
// as-of date and --period, each checked once, then loads the repository.
func (a *app) selected(def string, formats []string, period string) (string, model.Date, *loaded, error) {
	format, err := a.formatOr(def, formats)
	if err != nil {
		return "", 0, nil, err
	}
	asOf, err := a.asOf()
	if err != nil {
		return "", 0, nil, err
	}
	if period != "" && period != score.AllPeriods {
		if _, err := parsePeriodFlag(period); err != nil {
			return "", 0, nil, err
		}
	}
	l, err := a.load(asOf)
	return format, asOf, l, err
}

func (a *app) load(asOf model.Date) (*loaded, error) {
	return a.loadWith(asOf, nil)
}

// loadWith is load with a cache of parsed files shared with other loads.
func (a *app) loadWith(asOf model.Date, cache *source.Cache) (*loaded, error) {
	wd, err := a.workDir()
	if err != nil {
		return nil, err
	}
	t, err := source.WorkTree(wd, source.Options{AsOf: asOf, Cache: cache})
	if err != nil {
		return nil, err
	}
	return &loaded{root: t.Root, repo: t.Repo, problems: t.Problems}, nil
}

// finish ends a command that loaded the repository: it prints the errors
// in the OKR files to stderr and returns errProblems when there are any,
// after the command has printed what it could.
func (a *app) finish(l *loaded) error {
	n := 0
	for _, p := range l.problems {
		if p.Severity == model.Error {
			fmt.Fprintln(a.stderr, render.ProblemLine(p))
			n++
		}
	}
	if n == 0 {
		return nil
	}
	fmt.Fprintf(a.stderr, "okr: %d error(s) in the OKR files; results above may be incomplete (see okr validate)\n", n)
	return errProblems
}
