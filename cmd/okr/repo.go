package main

import (
	"fmt"

	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/render"
	"github.com/okr-as-code/okr/okr/source"
)

// loaded is a repository read from the work tree and checked.
type loaded struct {
	root     string
	repo     *model.Repo
	problems []model.Problem // sorted; with checked, only once it returns
	// checked, when not nil, waits for the checks that run beside the
	// command (loadAtBeside) and sets problems.
	checked func()
}

// loadAtBeside is loadAt for a command that reads only the documents
// until it ends (score, kpi): the checks run beside it, and finish waits
// for their problems. They only read the documents, as scoring does
// (TestCheckBesideScoring runs them together under the race detector).
func (a *app) loadAtBeside() (model.Date, *loaded, error) {
	asOf, err := a.asOf()
	if err != nil {
		return 0, nil, err
	}
	wd, err := a.workDir()
	if err != nil {
		return 0, nil, err
	}
	t, err := source.WorkTree(wd, source.Options{AsOf: asOf, Unchecked: true})
	if err != nil {
		return 0, nil, err
	}
	l := &loaded{root: t.Root, repo: t.Repo}
	done := make(chan []model.Problem, 1)
	go func() { done <- source.Check(t.Repo, t.Problems, asOf) }()
	l.checked = func() {
		l.problems, l.checked = <-done, nil
	}
	return asOf, l, nil
}

// loadAt loads the repository as of the --at date (load), and returns
// that date.
func (a *app) loadAt() (model.Date, *loaded, error) {
	asOf, err := a.asOf()
	if err != nil {
		return 0, nil, err
	}
	l, err := a.load(asOf)
	return asOf, l, err
}

// load finds the root, reads the work tree and runs every check as of asOf.
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
	if l.checked != nil {
		l.checked()
	}
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
