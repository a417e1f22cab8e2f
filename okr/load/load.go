package load

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
	"github.com/okr-as-code/okr/okr/model"
	"go.yaml.in/yaml/v3"
)

// ConfigFile is the name of the repository configuration at the root.
const ConfigFile = "okr.yaml"

// maxFileSize bounds the size of a file okr reads.
const maxFileSize = 256 << 20

// Options tune Load.
type Options struct {
	// Cache, when not nil, memoises parsed files by content hash across
	// calls, for file systems that report one (git revisions).
	Cache *Cache
	// Workers is the number of files parsed at once; 0 means GOMAXPROCS.
	Workers int
}

// BlobHasher is implemented by file systems that know the hash of a file's
// content without reading it, such as a git tree.
type BlobHasher interface {
	BlobHash(name string) (plumbing.Hash, bool)
}

// Cache holds parsed files by (path, content hash). It is safe for
// concurrent use.
type Cache struct {
	mu sync.Mutex
	m  map[cacheKey]*fileResult
}

type cacheKey struct {
	path string
	hash plumbing.Hash
}

// NewCache returns an empty Cache.
func NewCache() *Cache { return &Cache{m: map[cacheKey]*fileResult{}} }

func (c *Cache) get(k cacheKey) *fileResult {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[k]
}

func (c *Cache) put(k cacheKey, r *fileResult) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[k] = r
}

// fileResult is everything parsed from one file; it is immutable once built,
// so that a cache can share it between loads.
type fileResult struct {
	okr          bool // an OKR file: it holds at least one OKR document or is a measurement CSV
	objectives   []*model.Objectives
	kpis         []*model.KPI
	measurements []model.Measurement
	problems     []model.Problem
}

// Load reads the repository in fsys. Problems in the files are returned as
// problems; the error is for a failure to read the repository at all.
func Load(fsys fs.FS, opts Options) (*model.Repo, []model.Problem, error) {
	repo := &model.Repo{Config: model.DefaultConfig()}
	var probs []model.Problem

	if data, err := fs.ReadFile(fsys, ConfigFile); err == nil {
		cfg, ps := parseConfig(data)
		repo.Config = cfg
		probs = append(probs, ps...)
	} else if !errors.Is(err, fs.ErrNotExist) {
		if _, serr := fs.Stat(fsys, "."); serr != nil {
			return nil, nil, fmt.Errorf("cannot read the repository: %w", serr)
		}
		probs = append(probs, model.Errorf(model.Pos{File: ConfigFile}, "io", "cannot read %s: %v", ConfigFile, err))
	}

	files, ps, err := discover(fsys, repo.Config.Ignore)
	if err != nil {
		return nil, nil, err
	}
	probs = append(probs, ps...)

	results := make([]*fileResult, len(files))
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	hasher, _ := fsys.(BlobHasher)
	var next int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range min(workers, max(1, len(files))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= len(files) {
					return
				}
				results[i] = loadFile(fsys, files[i], opts.Cache, hasher)
			}
		}()
	}
	wg.Wait()

	seq := 0
	total := 0
	for _, r := range results {
		total += len(r.measurements)
	}
	repo.Measurements = make([]model.Measurement, 0, total)
	for i, r := range results {
		probs = append(probs, r.problems...)
		if !r.okr {
			continue
		}
		repo.Files = append(repo.Files, files[i])
		repo.Objectives = append(repo.Objectives, r.objectives...)
		repo.KPIs = append(repo.KPIs, r.kpis...)
		for _, m := range r.measurements {
			m.Seq = seq
			seq++
			repo.Measurements = append(repo.Measurements, m)
		}
	}
	return repo, probs, nil
}

func loadFile(fsys fs.FS, name string, cache *Cache, hasher BlobHasher) *fileResult {
	var key cacheKey
	if cache != nil && hasher != nil {
		if h, ok := hasher.BlobHash(name); ok {
			key = cacheKey{name, h}
			if r := cache.get(key); r != nil {
				return r
			}
		}
	}
	r := parseFile(fsys, name)
	if key.hash != plumbing.ZeroHash {
		cache.put(key, r)
	}
	return r
}

func parseFile(fsys fs.FS, name string) *fileResult {
	data, err := readFile(fsys, name)
	if err != nil {
		if errors.Is(err, errTooLarge) {
			return &fileResult{problems: []model.Problem{model.Errorf(model.Pos{File: name}, "io", "%v", err)}}
		}
		return &fileResult{problems: []model.Problem{model.Errorf(model.Pos{File: name}, "io", "cannot read: %v", err)}}
	}
	if strings.EqualFold(path.Ext(name), ".csv") {
		ms, ps, ok := parseCSV(name, data)
		return &fileResult{okr: ok, measurements: ms, problems: ps}
	}
	return parseYAML(name, data)
}

var errTooLarge = fmt.Errorf("file is larger than %d MiB; okr does not read it", maxFileSize>>20)

func readFile(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFileSize {
		return nil, errTooLarge
	}
	return data, nil
}

// mentionsOKR reports whether a file that does not parse is recognisably
// meant for okr.
var mentionsOKR = regexp.MustCompile(`apiVersion["']?\s*:\s*["']?okr/`)

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxProblem turns a yaml error into a positioned problem.
func syntaxProblem(file string, err error) model.Problem {
	msg := err.Error()
	line := 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	return model.Errorf(model.Pos{File: file, Line: line, Column: 1}, "yaml", "invalid YAML: %s", msg)
}

func parseYAML(name string, data []byte) *fileResult {
	r := &fileResult{}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for i := 0; ; i++ {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if err == io.EOF {
			break
		}
		if err != nil {
			if r.okr || mentionsOKR.Match(data) {
				r.okr = true
				r.problems = append(r.problems, syntaxProblem(name, err))
			}
			break
		}
		parseDocument(name, &doc, i, r)
	}
	return r
}

// docKind reads apiVersion and kind from a document's top-level mapping.
func docHeader(root *yaml.Node) (api, kind string, apiNode *yaml.Node) {
	for _, p := range pairs(root, nil) {
		switch resolve(p.k).Value {
		case "apiVersion":
			apiNode = resolve(p.v)
			api, _ = scalar(p.v)
		case "kind":
			kind, _ = scalar(p.v)
		}
	}
	return api, kind, apiNode
}

func parseDocument(name string, doc *yaml.Node, index int, r *fileResult) {
	if len(doc.Content) == 0 {
		return
	}
	root := resolve(doc.Content[0])
	if root == nil || root.Kind != yaml.MappingNode {
		return
	}
	api, kind, apiNode := docHeader(root)
	if !strings.HasPrefix(api, "okr/") {
		return
	}
	r.okr = true
	if api != model.APIVersion {
		r.problems = append(r.problems, model.Errorf(pos(name, apiNode), "api-version",
			"unsupported apiVersion %q: this okr reads %s", api, model.APIVersion))
		return
	}
	c := &converter{file: name, budget: maxNodes, own: map[string]bool{}}
	v := c.toJSON(root, "", 0)
	r.problems = append(r.problems, c.problems...)
	if c.bomb {
		return
	}
	r.problems = append(r.problems, schemaProblems(name, root, v, kind, c.own)...)
	d := &decoder{file: name}
	switch kind {
	case model.KindObjectives:
		r.objectives = append(r.objectives, d.objectives(root, index))
	case model.KindKPI:
		r.kpis = append(r.kpis, d.kpi(root))
	case model.KindMeasurements:
		r.measurements = append(r.measurements, d.measurements(root)...)
	}
	r.problems = append(r.problems, d.problems...)
}

func parseConfig(data []byte) (model.Config, []model.Problem) {
	cfg := model.DefaultConfig()
	cfg.File = ConfigFile
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return cfg, []model.Problem{syntaxProblem(ConfigFile, err)}
	}
	if len(doc.Content) == 0 {
		return cfg, nil
	}
	root := resolve(doc.Content[0])
	if root == nil || (root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null") {
		return cfg, nil
	}
	c := &converter{file: ConfigFile, budget: maxNodes, own: map[string]bool{}}
	v := c.toJSON(root, "", 0)
	probs := c.problems
	if c.bomb {
		return cfg, probs
	}
	if m, ok := v.(map[string]any); ok {
		if _, has := m["apiVersion"]; has {
			probs = append(probs, model.Errorf(pos(ConfigFile, root), "config",
				"okr.yaml is the repository config, not an OKR document: move this document to another file"))
			return cfg, probs
		}
	}
	probs = append(probs, schemaProblems(ConfigFile, root, v, "", c.own)...)
	d := &decoder{file: ConfigFile}
	cfg = d.config(root, ConfigFile)
	if cfg.Yellow > cfg.Green {
		p, _ := cfg.Fields.Get("grades")
		probs = append(probs, model.Errorf(p, "config", "grades.yellow (%g) must not be above grades.green (%g)", cfg.Yellow, cfg.Green))
	}
	return cfg, append(probs, d.problems...)
}

// discover lists the candidate files under the root in path order,
// honouring .gitignore files and the ignore globs.
func discover(fsys fs.FS, ignore []string) ([]string, []model.Problem, error) {
	var patterns []gitignore.Pattern
	for _, g := range ignore {
		patterns = append(patterns, gitignore.ParsePattern(g, nil))
	}
	var files []string
	var probs []model.Problem
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			probs = append(probs, model.Warnf(model.Pos{File: p}, "io", "cannot read: %v", err))
			return nil
		}
		parts := strings.Split(p, "/")
		if d.IsDir() {
			if p == "." {
				patterns = append(patterns, readGitignore(fsys, ".", nil)...)
				return nil
			}
			if d.Name() == ".git" {
				return fs.SkipDir
			}
			if ignored(patterns, parts, true) {
				return fs.SkipDir
			}
			patterns = append(patterns, readGitignore(fsys, p, parts)...)
			return nil
		}
		if !candidate(p) || ignored(patterns, parts, false) {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// The file system refuses links that lead out of the root
			// (os.Root) or stores them unfollowed (git trees); a loop errors.
			info, err := fs.Stat(fsys, p)
			if err != nil {
				probs = append(probs, model.Warnf(model.Pos{File: p}, "symlink",
					"symbolic link not followed: it leads outside the repository root, loops or is broken"))
				return nil
			}
			if !info.Mode().IsRegular() {
				return nil
			}
		} else if !d.Type().IsRegular() {
			return nil
		}
		if p == ConfigFile {
			return nil
		}
		files = append(files, p)
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("cannot read the repository: %w", err)
	}
	slices.Sort(files)
	return files, probs, nil
}

func candidate(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".yaml", ".yml", ".csv":
		return true
	}
	return false
}

func ignored(ps []gitignore.Pattern, parts []string, isDir bool) bool {
	if len(ps) == 0 {
		return false
	}
	return gitignore.NewMatcher(ps).Match(parts, isDir)
}

func readGitignore(fsys fs.FS, dir string, domain []string) []gitignore.Pattern {
	data, err := fs.ReadFile(fsys, path.Join(dir, ".gitignore"))
	if err != nil || len(data) > 1<<20 {
		return nil
	}
	var ps []gitignore.Pattern
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSuffix(line, "\r")
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		ps = append(ps, gitignore.ParsePattern(line, domain))
	}
	return ps
}
