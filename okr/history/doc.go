// Package history reads an OKR repository's git history with go-git,
// without running git: it resolves revisions the way git users type them,
// presents a commit's tree as a read-only [io/fs.FS], walks commits in
// `git log` order and reports which files a commit changed.
//
// It knows nothing of OKRs. The loader reads a revision through the same
// fs.FS interface as the work tree, and can cache what it parsed by blob
// hash ([BlobHasher]) so that a walk over thousands of commits parses each
// version of a file once.
//
// A [Repo] is opened from the OKR root, which may sit below the top of the
// work tree; every path it takes or returns is relative to that root and
// "/"-separated.
//
//	repo, err := history.Open(root)
//	...
//	defer repo.Close()
//	head, err := repo.Resolve("origin/main")
//	fsys, err := repo.FS(head)
//
// Shallow clones, as CI systems make them, are read as far as they go:
// [Repo.Walk] stops at the boundary and says so, and a revision beyond it
// fails with [ErrShallow] and a hint to fetch the full history.
//
// go-git's own log with a path filter is not used: it diffs whole trees at
// every commit. [Repo.Changed] compares trees by hash instead and descends
// only into the subtrees that differ.
package history
