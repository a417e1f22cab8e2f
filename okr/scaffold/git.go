package scaffold

import (
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
)

// DefaultBranch guesses the default branch of the git repository whose work
// tree has its top at top: the branch origin/HEAD points at (what a clone
// of GitHub's repository holds), else the current branch when it is main or
// master or has no commit yet, else main.
func DefaultBranch(top string) string {
	r, err := git.PlainOpenWithOptions(top, &git.PlainOpenOptions{EnableDotGitCommonDir: true})
	if err != nil {
		return "main"
	}
	if ref, err := r.Reference("refs/remotes/origin/HEAD", false); err == nil && ref.Type() == plumbing.SymbolicReference {
		if b, ok := strings.CutPrefix(ref.Target().String(), "refs/remotes/origin/"); ok && b != "" && b != "HEAD" {
			return b
		}
	}
	if ref, err := r.Reference(plumbing.HEAD, false); err == nil && ref.Type() == plumbing.SymbolicReference {
		if b := ref.Target().Short(); b == "main" || b == "master" {
			return b
		}
		// A branch with no commit yet (git init -b trunk) is the one the
		// repository starts from.
		if _, err := r.Reference(ref.Target(), false); err == plumbing.ErrReferenceNotFound && ref.Target().IsBranch() {
			return ref.Target().Short()
		}
	}
	return "main"
}
