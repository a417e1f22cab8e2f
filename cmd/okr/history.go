package main

import (
	"errors"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/okr-as-code/okr/okr/history"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/source"
)

// openHistory opens the git repository that holds the OKR root.
func (a *app) openHistory() (root string, h *history.Repo, err error) {
	wd, err := a.workDir()
	if err != nil {
		return "", nil, err
	}
	root, err = source.FindRoot(wd)
	if err != nil {
		return "", nil, err
	}
	h, err = history.Open(root)
	if errors.Is(err, history.ErrNotRepository) {
		return "", nil, fmt.Errorf("%s is not inside a git repository: this command reads git history", root)
	}
	if err != nil {
		return "", nil, err
	}
	return root, h, nil
}

// loadCommit reads the OKR files of commit c, parsing each distinct blob
// once across calls that share cache, and checks them as of asOf. An object
// of the commit that cannot be read is an error, never a problem.
func loadCommit(h *history.Repo, c *object.Commit, cache *source.Cache, asOf model.Date) (*model.Repo, []model.Problem, error) {
	t, err := source.Commit(h, c, source.Options{AsOf: asOf, Cache: cache})
	if err != nil {
		return nil, nil, err
	}
	return t.Repo, t.Problems, nil
}
