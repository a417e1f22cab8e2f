// Package history reads an OKR repository's git history with go-git,
// without running git: it resolves revisions the way git users type them
// (ranges A..B and A...B included, with the names a diff shows for their
// sides), presents a commit's tree as a read-only [io/fs.FS], walks commits
// in `git log` order or along first parents, finds the commit before a day
// (okr diff --since) and reports which files a commit changed.
//
// It knows nothing of OKRs. The loader reads a revision through the same
// fs.FS interface as the work tree, and can cache what it parsed by blob
// hash ([BlobHasher]), so that two revisions (okr diff's base and head)
// parse a file they share once. A walk over thousands of commits (okr
// log's, through package source) asks [Repo.Changed] what each commit
// changed and reads those blobs alone, by hash ([Repo.BlobMax]).
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
