package main

import (
	"errors"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/okr-as-code/okr/okr/check"
	"github.com/okr-as-code/okr/okr/history"
	"github.com/okr-as-code/okr/okr/load"
	"github.com/okr-as-code/okr/okr/model"
)

// openHistory opens the git repository that holds the OKR root.
func (a *app) openHistory() (root string, h *history.Repo, err error) {
	wd, err := a.workDir()
	if err != nil {
		return "", nil, err
	}
	root, err = load.FindRoot(wd)
	if err != nil {
		return "", nil, fmt.Errorf("cannot find the repository root: %w", err)
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
func loadCommit(h *history.Repo, c *object.Commit, cache *load.Cache, asOf model.Date) (*model.Repo, []model.Problem, error) {
	fsys, err := h.FS(c)
	if err != nil {
		return nil, nil, err
	}
	repo, probs, err := load.Load(fsys, load.Options{Cache: cache})
	// A missing or corrupt object is the repository's fault, not a
	// problem of the file that holds it: the command fails (exit 2).
	if ferr := history.Fault(fsys); ferr != nil {
		err = ferr
	}
	if err != nil {
		return nil, nil, fmt.Errorf("commit %s: %w", c.Hash.String()[:7], err)
	}
	probs = append(probs, check.Check(repo, check.Options{AsOf: asOf})...)
	return repo, model.SortProblems(probs), nil
}
