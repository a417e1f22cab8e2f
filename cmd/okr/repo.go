package main

import (
	"fmt"

	"github.com/okr-as-code/okr/okr/check"
	"github.com/okr-as-code/okr/okr/load"
	"github.com/okr-as-code/okr/okr/model"
)

// loaded is a repository read from the work tree and checked.
type loaded struct {
	root     string
	repo     *model.Repo
	problems []model.Problem // sorted
}

// load finds the root, reads the work tree and runs every check as of asOf.
func (a *app) load(asOf model.Date) (*loaded, error) {
	wd, err := a.workDir()
	if err != nil {
		return nil, err
	}
	root, err := load.FindRoot(wd)
	if err != nil {
		return nil, fmt.Errorf("cannot find the repository root: %w", err)
	}
	repo, probs, err := load.Dir(root, load.Options{})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", root, err)
	}
	probs = append(probs, check.Check(repo, check.Options{AsOf: asOf})...)
	return &loaded{root: root, repo: repo, problems: model.SortProblems(probs)}, nil
}

// errors returns whether the repository has error-level problems.
func (l *loaded) hasErrors() bool {
	e, _ := model.Count(l.problems)
	return e > 0
}
