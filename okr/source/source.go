package source

import (
	"fmt"
	"io/fs"
	"maps"
	"slices"

	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/okr-as-code/okr/okr/check"
	"github.com/okr-as-code/okr/okr/history"
	"github.com/okr-as-code/okr/okr/internal/loadkit"
	"github.com/okr-as-code/okr/okr/load"
	"github.com/okr-as-code/okr/okr/model"
)

// kit is the loader's steps, which okr/load sets when it is initialised.
var kit = &loadkit.Steps

// ConfigFile is the name of the repository configuration at the root.
const ConfigFile = load.ConfigFile

// Tree is the OKR files of a work tree or a commit, read and checked.
type Tree struct {
	// Root is the directory of the repository root for a work tree, ""
	// for a commit.
	Root string
	Repo *model.Repo
	// Problems are the problems of the files and, unless
	// Options.Unchecked, those the checks found: sorted (model.SortProblems).
	Problems []model.Problem
}

// Options tune how a tree is read.
type Options struct {
	// AsOf is the date the checks run as of.
	AsOf model.Date
	// Unchecked leaves the checks out: Problems are only those found
	// reading the files.
	Unchecked bool
	// Cache, when not nil, parses each distinct file content once across
	// the trees read with it (okr diff reads two revisions, or a revision
	// and the work tree, that share most files).
	Cache *Cache
}

// Cache holds parsed files by path and content hash across reads. It is
// safe for concurrent use.
type Cache = load.Cache

// NewCache returns an empty Cache.
func NewCache() *Cache { return load.NewCache() }

// FindRoot returns the repository root for a start directory (SPEC §1): the
// nearest directory at or above start that holds okr.yaml, else the top of
// the enclosing git work tree, else start itself.
func FindRoot(start string) (string, error) {
	root, err := load.FindRoot(start)
	if err != nil {
		return "", fmt.Errorf("cannot find the repository root: %w", err)
	}
	return root, nil
}

// WorkTree reads the work tree of the repository whose root is found from
// the directory start (FindRoot). It reads through os.Root, so no symbolic
// link inside the repository can make it read a file outside the root.
func WorkTree(start string, opts Options) (*Tree, error) {
	root, err := FindRoot(start)
	if err != nil {
		return nil, err
	}
	repo, probs, err := load.Dir(root, load.Options{Cache: opts.Cache})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", root, err)
	}
	return finish(root, repo, probs, opts), nil
}

// Commit reads the OKR files of commit c, under the prefix of the
// repository's root. An object of the commit that cannot be read
// (missing or corrupt) is an error, never a problem of its file.
func Commit(h *history.Repo, c *object.Commit, opts Options) (*Tree, error) {
	fsys, err := h.FS(c)
	if err != nil {
		return nil, err
	}
	repo, probs, err := load.Load(fsys, load.Options{Cache: opts.Cache})
	// A missing or corrupt object is the repository's fault, not a
	// problem of the file that holds it: the command fails (exit 2).
	if ferr := history.Fault(fsys); ferr != nil {
		err = ferr
	}
	if err != nil {
		return nil, fmt.Errorf("commit %s: %w", c.Hash.String()[:7], err)
	}
	return finish("", repo, probs, opts), nil
}

// FS reads and checks the repository at the top of fsys, a work tree seen
// through a file system of its own: okr lsp's, which lays the editor's
// open buffers over the files of the work tree it reads through os.Root.
// root is the directory it stands for, given back as Tree.Root. With
// opts.Cache, a file parsed before by the same content is not parsed
// again; a file system that knows a key for a file's content without
// reading it (a BlobHash(name) (plumbing.Hash, bool) method, as git trees
// have) is asked for that key instead of being read.
func FS(fsys fs.FS, root string, opts Options) (*Tree, error) {
	repo, probs, err := load.Load(fsys, load.Options{Cache: opts.Cache})
	if err != nil {
		return nil, err
	}
	return finish(root, repo, probs, opts), nil
}

func finish(root string, repo *model.Repo, probs []model.Problem, opts Options) *Tree {
	if opts.Unchecked {
		return &Tree{Root: root, Repo: repo, Problems: model.SortProblems(probs)}
	}
	return &Tree{Root: root, Repo: repo, Problems: Check(repo, probs, opts.AsOf)}
}

// Check runs every check (okr/check) over repo as of asOf and returns
// their problems with probs, those found reading it, sorted.
func Check(repo *model.Repo, probs []model.Problem, asOf model.Date) []model.Problem {
	all := append(slices.Clip(probs), check.Check(repo, check.Options{AsOf: asOf})...)
	return model.SortProblems(all)
}

// Files reads files held in memory, by path, as the whole of a
// repository without okr.yaml would be read: what okr makes of a file
// before it is written. It returns the problems found reading them,
// unchecked.
func Files(files map[string][]byte) (*model.Repo, []model.Problem) {
	paths := slices.Sorted(maps.Keys(files))
	var read []string
	var parsed []loadkit.File
	for _, p := range paths {
		if p == ConfigFile || !load.Candidate(p) {
			continue
		}
		read = append(read, p)
		parsed = append(parsed, kit.ParseBytes(p, files[p]))
	}
	return kit.Assemble(model.DefaultConfig(), read, parsed)
}

// Reads reports whether okr reads the file at name (a path relative to the
// root of the work tree fsys) when its content is data: a YAML or CSV file
// that holds OKR data, not excluded by okr.yaml's ignore globs or by the
// .gitignore files of the directories on the way to it.
func Reads(fsys fs.FS, name string, data []byte) bool {
	return kit.Reads(fsys, name, data)
}

// NamedNotRegular returns probs, sorted, with the problem of file, which
// is not a regular file (mode), made an error: a file named on the command
// line must be read, whereas one found under the root is skipped with a
// warning (SPEC §1).
func NamedNotRegular(probs []model.Problem, file string, mode fs.FileMode) []model.Problem {
	return kit.NamedNotRegular(probs, file, mode)
}
