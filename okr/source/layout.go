package source

import (
	"fmt"
	"io/fs"
	"path"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/okr-as-code/okr/okr/history"
	"github.com/okr-as-code/okr/okr/internal/loadkit"
	"github.com/okr-as-code/okr/okr/load"
	"github.com/okr-as-code/okr/okr/model"
)

// Layout is which files of a commit's tree okr reads.
type Layout struct {
	Config model.Config
	// Paths are the files okr may read (the YAML and CSV files that the
	// ignore rules do not exclude, okr.yaml aside, whether or not they
	// hold OKR data), in path order, and Blobs their blobs.
	Paths []string
	Blobs []plumbing.Hash

	ignore loadkit.Ignorer
}

// Ignored reports whether the tree's ignore rules exclude path, or a
// directory that holds it, as they stand (for a file a later commit
// adds).
func (l *Layout) Ignored(path string) bool { return l.ignore.Ignored(path) }

// CommitLayout reads okr.yaml and the ignore rules of c's tree and lists
// the files okr reads there, without reading them. An object that cannot
// be read is an error.
func CommitLayout(h *history.Repo, c *object.Commit) (*Layout, error) {
	fsys, err := h.FS(c)
	if err != nil {
		return nil, err
	}
	cfg, _ := kit.ReadConfig(fsys)
	paths, ignore, _, err := kit.Discover(fsys, cfg)
	// A missing or corrupt object is the repository's fault, not a
	// problem of the file that holds it.
	if ferr := history.Fault(fsys); ferr != nil {
		err = ferr
	}
	if err != nil {
		return nil, fmt.Errorf("commit %s: %w", c.Hash.String()[:7], err)
	}
	hashes := make([]plumbing.Hash, len(paths))
	if bh, ok := fsys.(load.BlobHasher); ok {
		for i, p := range paths {
			hashes[i], _ = bh.BlobHash(p)
		}
	}
	return &Layout{Config: cfg, Paths: paths, Blobs: hashes, ignore: ignore}, nil
}

// Candidate reports whether a path names a file okr may read (*.yaml,
// *.yml or *.csv), before ignore rules.
func Candidate(path string) bool { return load.Candidate(path) }

// Watched reports whether a change to the file at path p can change what
// okr reads of its tree: a YAML or CSV file, or a .gitignore file (okr
// log's walk diffs commits with it).
func Watched(p string) bool { return load.Candidate(p) || path.Base(p) == ".gitignore" }

// RulesFile reports whether the file at path p decides which files of its
// tree okr reads: okr.yaml, or a .gitignore file.
func RulesFile(p string) bool { return p == ConfigFile || path.Base(p) == ".gitignore" }

// Blob parses the blob hash as the content of the file at path. A blob
// over the size limit is a problem of the file; one that cannot be read
// (missing or corrupt) is an error.
func Blob(h *history.Repo, path string, hash plumbing.Hash) (File, error) {
	data, err, fault := readBlob(h, path, hash)
	if fault != nil {
		return nil, fault
	}
	return kit.ParseRead(path, data, err), nil
}

// readBlob reads a blob as the content of the file at path: err is what
// reading the file would return (the blob is over the size limit), to be
// parsed as a problem of the file; fault that the blob cannot be read.
func readBlob(h *history.Repo, path string, hash plumbing.Hash) (data []byte, err, fault error) {
	data, err = kit.ReadMax(func(max int64) ([]byte, int64, error) {
		b, n, err := h.SharedBlobMax(hash, max) // the parsers do not change it
		if err != nil {
			fault = &fs.PathError{Op: "read", Path: path, Err: err}
			return nil, 0, fault
		}
		return b, n, nil
	})
	return data, err, fault
}
