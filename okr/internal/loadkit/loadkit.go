// Package loadkit hands okr/source the steps of okr/load one by one: read
// okr.yaml, list a tree's files, parse one file (or only the rows appended
// to an earlier version of it), assemble parsed files into a repository.
// okr/source reads a commit's files through them and keeps them parsed
// from commit to commit for okr log.
//
// The steps need okr/load's unexported parser, and no package but
// okr/source should call them: okr/load keeps them unexported and fills
// Steps when it is initialised, and this package, being internal, cannot
// be imported from outside okr/.
package loadkit

import (
	"io/fs"

	"github.com/okr-as-code/okr/okr/model"
)

// File is one parsed file. It is immutable and may be shared.
type File interface {
	// OKR reports whether the file holds OKR data: an OKR document or
	// measurement rows (or a problem that shows it was meant to).
	OKR() bool
	// Objectives returns the file's Objectives documents, in file order.
	Objectives() []*model.Objectives
	// KPIs returns the file's KPI documents, in file order.
	KPIs() []*model.KPI
	// NumMeasurements returns the number of the file's measurements.
	NumMeasurements() int
	// Measurement returns the file's measurement i, in file order; its
	// Seq is not set.
	Measurement(i int) model.Measurement
	// Problems returns the problems found while parsing the file.
	Problems() []model.Problem
	// Series returns the file's measurements grouped by metric: for each
	// metric, the indices of its rows, in file order. It
	// is computed once.
	Series() map[string][]int32
}

// Ignorer tells which paths the ignore rules of a tree exclude.
type Ignorer interface {
	// Ignored reports whether path, or a directory that holds it, is
	// ignored; .git is always ignored.
	Ignored(path string) bool
}

// Tree is a tree's files as ReadTree read them.
type Tree struct {
	Config model.Config
	// Problems are okr.yaml's and those of the walk of the tree, not
	// those of the files.
	Problems []model.Problem
	Paths    []string // in path order
	Files    []File   // of each path
	// Ignorer answers for files added later.
	Ignorer Ignorer
}

// Kit is the loader taken step by step.
type Kit struct {
	// ReadConfig reads okr.yaml at the root of fsys; without one it
	// returns the default config.
	ReadConfig func(fsys fs.FS) (model.Config, []model.Problem)
	// Discover lists the candidate files under the root of fsys in path
	// order, as okr/load's Load reads them: .gitignore files and cfg's
	// ignore globs honoured, okr.yaml excluded. The Ignorer answers for
	// files added later, as long as no .gitignore file and no ignore glob
	// changes.
	Discover func(fsys fs.FS, cfg model.Config) ([]string, Ignorer, []model.Problem, error)
	// ReadTree reads okr.yaml and every file that okr/load's Load reads
	// in fsys, as Load reads them (in parallel, as the walk finds them),
	// but a file for which reuse returns one already parsed. reuse is
	// called from several goroutines at once.
	ReadTree func(fsys fs.FS, reuse func(name string) File) (*Tree, error)
	// ReadMax reads a file through read, which returns its content, or
	// only its size when that is more than max bytes (a git blob read by
	// hash), and returns what reading the file from a file system would:
	// a file over the size limit is an error that ParseRead makes a
	// problem of the file.
	ReadMax func(read func(max int64) ([]byte, int64, error)) ([]byte, error)
	// ParseRead parses what ReadMax returned for name.
	ParseRead func(name string, data []byte, err error) File
	// ParseAfter parses data as the content of the file at name, of which
	// prev (possibly nil) is an earlier version: when data is prev's
	// content with measurement rows appended (a check-in), only those rows
	// are read. The result is always what ParseBytes(name, data) returns.
	ParseAfter func(prev File, name string, data []byte) File
	// ParseBytes parses data as the content of a file at name.
	ParseBytes func(name string, data []byte) File
	// Assemble builds a repository from its config and its parsed files,
	// given in path order, as Load does; it returns the files' problems.
	Assemble func(cfg model.Config, paths []string, files []File) (*model.Repo, []model.Problem)
	// Reads reports whether Load would read the file at name of fsys
	// were its content data: a file okr reads (YAML or CSV) that holds
	// OKR data, not excluded by okr.yaml's ignore globs or by the
	// .gitignore files on the way to it.
	Reads func(fsys fs.FS, name string, data []byte) bool
	// NamedNotRegular returns probs with the problem of file, which is
	// not a regular file (its mode), made an error: a file named on the
	// command line must be read, whereas one found under the root is
	// skipped with a warning (SPEC §1).
	NamedNotRegular func(probs []model.Problem, file string, mode fs.FileMode) []model.Problem
}

// Steps are okr/load's steps; okr/load sets them when it is initialised.
var Steps Kit
