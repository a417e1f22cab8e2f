package load

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
	"github.com/okr-as-code/okr/okr/internal/loadkit"
	"github.com/okr-as-code/okr/okr/model"
)

// This file holds the loader's steps one by one: the reading of a whole
// tree that Load does (readTree), and, for okr/source, which keeps a
// repository up to date file by file (the score history of `okr log`)
// instead of loading it whole, each step alone. okr/source reaches them
// through okr/internal/loadkit, which init fills.

func init() {
	loadkit.Steps = loadkit.Kit{
		ReadConfig: readConfig,
		Discover: func(fsys fs.FS, cfg model.Config) ([]string, loadkit.Ignorer, []model.Problem, error) {
			// No Ignorer on error: not a nil *ignorer in an interface.
			files, ig, probs, err := discover(fsys, cfg)
			if err != nil {
				return nil, nil, nil, err
			}
			return files, ig, probs, nil
		},
		ReadTree:  readFiles,
		ReadMax:   readMax,
		ParseRead: func(name string, data []byte, err error) loadkit.File { return parseReadResult(name, data, err) },
		ParseAfter: func(prev loadkit.File, name string, data []byte) loadkit.File {
			p, _ := prev.(*file)
			return parseAfter(p, name, data)
		},
		ParseBytes: func(name string, data []byte) loadkit.File { return parseBytes(name, data) },
		Assemble: func(cfg model.Config, paths []string, files []loadkit.File) (*model.Repo, []model.Problem) {
			parsed := make([]*file, len(files))
			for i, f := range files {
				parsed[i] = f.(*file)
			}
			return assembleFiles(cfg, paths, parsed)
		},
		Reads:           reads,
		NamedNotRegular: namedNotRegular,
	}
}

// tree is a tree's okr.yaml and files, as readTree read them.
type tree[T any] struct {
	cfg      model.Config
	probs    []model.Problem // okr.yaml's and the walk's
	paths    []string        // the candidate files, in path order
	files    []T             // what parse returned for each
	patterns []gitignore.Pattern
}

// readTree reads okr.yaml and the candidate files of fsys, each file by
// parse, on workers goroutines (0: GOMAXPROCS) that parse the files as the
// walk finds them, so that the walk overlaps the parsing.
func readTree[T any](fsys fs.FS, workers int, parse func(name string) T) (*tree[T], error) {
	cfg, probs := readConfig(fsys)
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	type found struct {
		path string
		r    T
	}
	paths := make(chan string, 64)
	var mu sync.Mutex
	var parsed []found
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range paths {
				r := parse(p)
				mu.Lock()
				parsed = append(parsed, found{p, r})
				mu.Unlock()
			}
		}()
	}
	files, patterns, ps, err := discoverAll(fsys, cfg.Ignore, func(p string) { paths <- p })
	close(paths)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	// Results in path order.
	slices.SortFunc(parsed, func(a, b found) int { return strings.Compare(a.path, b.path) })
	results := make([]T, len(parsed))
	for i, f := range parsed {
		if f.path != files[i] {
			return nil, fmt.Errorf("internal error: parsed %s, listed %s", f.path, files[i])
		}
		results[i] = f.r
	}
	return &tree[T]{cfg: cfg, probs: append(probs, ps...), paths: files, files: results, patterns: patterns}, nil
}

// readFiles is readTree for okr/source: each file parsed, unless reuse
// returns one already parsed for its path.
func readFiles(fsys fs.FS, reuse func(name string) loadkit.File) (*loadkit.Tree, error) {
	t, err := readTree(fsys, 0, func(p string) loadkit.File {
		if f := reuse(p); f != nil {
			return f
		}
		return parseFileResult(fsys, p)
	})
	if err != nil {
		return nil, err
	}
	return &loadkit.Tree{Config: t.cfg, Problems: t.probs, Paths: t.paths, Files: t.files, Ignorer: &ignorer{m: gitignore.NewMatcher(t.patterns)}}, nil
}

// file is one parsed file. It is immutable and may be shared.
type file struct {
	r      *fileResult
	once   sync.Once
	series map[string][]int32
}

// OKR reports whether the file holds OKR data: an OKR document or
// measurement rows (or a problem that shows it was meant to).
func (f *file) OKR() bool { return f.r.okr }

// Objectives returns the file's Objectives documents, in file order.
func (f *file) Objectives() []*model.Objectives { return f.r.objectives }

// KPIs returns the file's KPI documents, in file order.
func (f *file) KPIs() []*model.KPI { return f.r.kpis }

// Measurements returns the file's measurements in file order, in a new
// slice; their Seq is not set.
func (f *file) Measurements() []model.Measurement {
	if f.r.packed != nil {
		return f.r.packed.all()
	}
	return slices.Clone(f.r.measurements)
}

// NumMeasurements returns the number of the file's measurements.
func (f *file) NumMeasurements() int { return f.r.numMeasurements() }

// Measurement returns the file's measurement i, in file order; its Seq is
// not set.
func (f *file) Measurement(i int) model.Measurement {
	if f.r.packed != nil {
		return f.r.packed.at(i)
	}
	return f.r.measurements[i]
}

// Problems returns the problems found while parsing the file.
func (f *file) Problems() []model.Problem { return f.r.problems }

// Series returns the file's measurements grouped by metric: for each
// metric, the indices in Measurements of its rows, in file order. It is
// computed once.
func (f *file) Series() map[string][]int32 {
	f.once.Do(func() {
		if f.r.packed != nil {
			f.series = f.r.packed.series()
			return
		}
		n := f.r.numMeasurements()
		metric := func(i int) string { return f.r.measurements[i].Metric }
		count := map[string]int{}
		for i := range n {
			count[metric(i)]++
		}
		// One array for all series, each series a full slice of it.
		all := make([]int32, n)
		next := make(map[string]int, len(count))
		f.series = make(map[string][]int32, len(count))
		off := 0
		for i := range n {
			m := metric(i)
			if _, ok := next[m]; !ok {
				n := count[m]
				f.series[m] = all[off : off+n : off+n]
				next[m] = off
				off += n
			}
			all[next[m]] = int32(i)
			next[m]++
		}
	})
	return f.series
}

// readConfig reads okr.yaml at the root of fsys; without one it returns
// the default config.
func readConfig(fsys fs.FS) (model.Config, []model.Problem) {
	data, err := readFile(fsys, ConfigFile)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return model.DefaultConfig(), nil
		}
		if IsNotRegular(err) || errors.Is(err, errTooLarge) {
			return model.DefaultConfig(), []model.Problem{readProblem(ConfigFile, err)}
		}
		return model.DefaultConfig(), []model.Problem{model.Errorf(model.Pos{File: ConfigFile}, "io", "cannot read %s: %v", ConfigFile, err)}
	}
	return parseConfig(data)
}

// discover lists the candidate files under the root of fsys in path order,
// as Load reads them: .gitignore files and cfg's ignore globs honoured,
// okr.yaml excluded. The ignorer it returns answers for files added later,
// as long as no .gitignore file and no ignore glob changes.
func discover(fsys fs.FS, cfg model.Config) ([]string, *ignorer, []model.Problem, error) {
	files, patterns, probs, err := discoverAll(fsys, cfg.Ignore, nil)
	if err != nil {
		return nil, nil, nil, err
	}
	return files, &ignorer{m: gitignore.NewMatcher(patterns)}, probs, nil
}

// ignorer tells which paths the ignore rules of a tree exclude.
type ignorer struct{ m gitignore.Matcher }

// Ignored reports whether path, or a directory that holds it, is ignored;
// .git is always ignored.
func (ig *ignorer) Ignored(p string) bool {
	parts := strings.Split(p, "/")
	for i := 1; i < len(parts); i++ {
		if parts[i-1] == ".git" || ig.m.Match(parts[:i], true) {
			return true
		}
	}
	return ig.m.Match(parts, false)
}

// Candidate reports whether a path names a file okr may read (*.yaml,
// *.yml or *.csv), before ignore rules.
func Candidate(path string) bool { return candidate(path) }

// parseFileResult reads and parses the file at name in fsys.
func parseFileResult(fsys fs.FS, name string) *file {
	return &file{r: parseFile(fsys, name)}
}

// readMax reads a file through read, which returns its content, or only
// its size when that is more than max bytes (such as a git blob read by
// hash), and returns what readFile would.
func readMax(read func(max int64) ([]byte, int64, error)) ([]byte, error) {
	data, size, err := read(maxFileSize)
	if err != nil {
		return nil, err
	}
	if size > maxFileSize {
		return nil, errTooLarge
	}
	return data, nil
}

// parseReadResult parses what readFile returned for name:
// parseReadResult(name, readFile(fsys, name)) is parseFileResult(fsys,
// name).
func parseReadResult(name string, data []byte, err error) *file {
	return &file{r: parseRead(name, data, err)}
}

// parseAfter parses data as the content of the file at name, of which prev
// is an earlier version: when data is prev's content with measurement rows
// appended (a check-in), only those rows are read. The result is always
// what parseBytes(name, data) returns.
func parseAfter(prev *file, name string, data []byte) *file {
	if prev != nil && strings.EqualFold(path.Ext(name), ".csv") {
		if r := parseAppended(prev.r, name, data); r != nil {
			return &file{r: r}
		}
	}
	return parseBytes(name, data)
}

// parseBytes parses data as the content of a file at name.
func parseBytes(name string, data []byte) *file {
	return &file{r: parseData(name, data)}
}

// parseData parses the content of a file by its name's extension.
func parseData(name string, data []byte) *fileResult {
	if len(data) > maxFileSize {
		return &fileResult{problems: []model.Problem{model.Errorf(model.Pos{File: name}, "io", "%v", errTooLarge)}}
	}
	if strings.EqualFold(path.Ext(name), ".csv") {
		if !measurementHeader(data) {
			if conflicted(data) {
				return parseConflictedCSV(name, data)
			}
			if p, ok := csvNearMiss(name, data); ok {
				return &fileResult{okr: true, problems: []model.Problem{p}}
			}
			return &fileResult{}
		}
		ms, ps, a := parseCSVAppendable(name, data)
		r := &fileResult{okr: true, measurements: ms, problems: ps, appendable: a}
		return r.pack(name)
	}
	return parseYAML(name, data).pack(name)
}

// assembleFiles builds a repository from its config and its parsed files,
// given in path order, as Load does; it returns the files' problems.
func assembleFiles(cfg model.Config, paths []string, files []*file) (*model.Repo, []model.Problem) {
	results := make([]*fileResult, len(files))
	for i, f := range files {
		results[i] = f.r
	}
	repo := &model.Repo{Config: cfg}
	return repo, assemble(repo, paths, results)
}

// namedNotRegular returns probs with the problem of file, which is not a
// regular file (its mode), made an error: a file named on the command line
// must be read, whereas one found under the root is skipped with a warning
// (SPEC §1). It adds the error when probs has none for file.
func namedNotRegular(probs []model.Problem, file string, mode fs.FileMode) []model.Problem {
	p := readProblem(file, &notRegularError{mode})
	p.Severity = model.Error
	out := make([]model.Problem, 0, len(probs)+1)
	for _, q := range probs {
		if q.File == file && q.Rule == p.Rule && q.Message == p.Message {
			continue
		}
		out = append(out, q)
	}
	return model.SortProblems(append(out, p))
}

// reads reports whether Load would read the file at name of fsys were its
// content data: a candidate that holds OKR data, not excluded by okr.yaml's
// ignore globs or by the .gitignore files of the directories on the way to
// it (read as discoverAll reads them).
func reads(fsys fs.FS, name string, data []byte) bool {
	if name == ConfigFile || !candidate(name) {
		return false
	}
	cfg, _ := readConfig(fsys)
	var patterns []gitignore.Pattern
	for _, g := range cfg.Ignore {
		patterns = append(patterns, gitignore.ParsePattern(g, nil))
	}
	parts := strings.Split(name, "/")
	ps, _ := readGitignore(fsys, ".", nil)
	patterns = append(patterns, ps...)
	for i := 1; i < len(parts); i++ {
		if parts[i-1] == ".git" || ignored(patterns, parts[:i], true) {
			return false
		}
		ps, _ := readGitignore(fsys, strings.Join(parts[:i], "/"), parts[:i])
		patterns = append(patterns, ps...)
	}
	return !ignored(patterns, parts, false) && parseData(name, data).okr
}
