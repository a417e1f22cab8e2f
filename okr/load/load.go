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
	"syscall"
	"unicode/utf8"
	"unsafe"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
	"github.com/okr-as-code/okr/okr/internal/atomicfile"
	"github.com/okr-as-code/okr/okr/internal/fastyaml"
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
	// used holds the keys got or put since the last Sweep.
	used map[cacheKey]bool
	// slab is the measurements of the last load that assembled them, and
	// the results, in order, they came from (see assembleCached).
	slab struct {
		from []*fileResult
		ms   []model.Measurement
	}
	// collect says to collect garbage before a new slab replaces the last
	// one (CollectBeforeNewSlab).
	collect bool
}

// CollectBeforeNewSlab makes a load that assembles the repository's
// measurements anew, rather than sharing the last load's, run the
// garbage collector first: for a cache whose loads replace each other
// (okr lsp's, where the last load's repository is dropped before the next
// load), so that the last slab, the repository's largest allocation, is
// freed before its successor is allocated and the peak holds one of them
// rather than two.
func (c *Cache) CollectBeforeNewSlab() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.collect = true
}

type cacheKey struct {
	path string
	hash plumbing.Hash
}

// NewCache returns an empty Cache.
func NewCache() *Cache { return &Cache{m: map[cacheKey]*fileResult{}, used: map[cacheKey]bool{}} }

func (c *Cache) get(k cacheKey) *fileResult {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.m[k]
	if r != nil {
		c.used[k] = true
	}
	return r
}

func (c *Cache) put(k cacheKey, r *fileResult) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[k] = r
	c.used[k] = true
}

// Sweep drops every file that no load has got from the cache or put in it
// since the last Sweep, so that a cache kept across many loads of a
// changing tree (okr lsp's, one load an edit) holds only the files of
// the last load rather than every version ever parsed.
func (c *Cache) Sweep() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.m {
		if !c.used[k] {
			delete(c.m, k)
		}
	}
	clear(c.used)
}

// Len returns the number of parsed files the cache holds.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

// fileResult is everything parsed from one file; it is immutable once built,
// so that a cache can share it between loads.
type fileResult struct {
	okr        bool // an OKR file: it holds at least one OKR document or is a measurement CSV
	objectives []*model.Objectives
	kpis       []*model.KPI
	people     []*model.Person
	hasPeople  bool // the file holds a People document
	// measurementDocs are the metrics of the file's Measurements
	// documents, in document order (see model.Repo.MeasurementDocs).
	measurementDocs []string
	measurements    []model.Measurement // or, once packed, nil and:
	packed          *packedRows
	problems        []model.Problem
	appendable      *appendable // for a measurement file that later versions may append rows to
	// unread says that loadWorkTree has still to read the rows of this
	// measurement file, of csvLines lines.
	unread   bool
	csvLines int
	// For an OKR file that does not parse: the owners and KPI ids its
	// text shows (see unreadRefs).
	unreadOwners, unreadKPIs []string
}

// numMeasurements returns the number of the file's measurements.
func (r *fileResult) numMeasurements() int {
	return len(r.measurements) + r.packed.len()
}

// pack packs the measurements of the file at name, a result not yet
// shared.
func (r *fileResult) pack(name string) *fileResult {
	if len(r.measurements) > 0 {
		r.packed = packRows(name, nil, r.measurements)
		r.measurements = nil
	}
	return r
}

// Load reads the repository in fsys. Problems in the files are returned as
// problems; the error is for a failure to read the repository at all.
func Load(fsys fs.FS, opts Options) (*model.Repo, []model.Problem, error) {
	if _, serr := fs.Stat(fsys, "."); serr != nil {
		return nil, nil, fmt.Errorf("cannot read the repository: %w", serr)
	}
	hasher, _ := fsys.(BlobHasher)
	if rfs, ok := fsys.(*rootFS); ok && opts.Cache == nil {
		// A work tree, parsed for this load alone: see loadWorkTree.
		return loadWorkTree(rfs, opts.Workers)
	}
	t, err := readTree(fsys, opts.Workers, func(p string) *fileResult { return loadFile(fsys, p, opts.Cache, hasher) })
	if err != nil {
		return nil, nil, err
	}
	repo := &model.Repo{Config: t.cfg}
	return repo, append(t.probs, assembleCached(repo, t.paths, t.files, opts.Cache)...), nil
}

// assembleCached is assemble with the measurements of the last load of
// cache (nil: none) taken as they are when they come from the same
// parsed files in the same order: a load after an edit of a file without
// measurements (okr lsp's, one an edit) shares the repository's largest
// slice with the load before instead of building it again. The slice is
// never written once assembled.
func assembleCached(repo *model.Repo, files []string, results []*fileResult, cache *Cache) []model.Problem {
	if cache == nil {
		return assemble(repo, files, results)
	}
	var from []*fileResult
	total := 0
	for _, r := range results {
		if n := r.numMeasurements(); n > 0 && r.okr {
			from = append(from, r)
			total += n
		}
	}
	cache.mu.Lock()
	same := slices.Equal(from, cache.slab.from)
	prev := cache.slab.ms
	collect := !same && cache.collect && prev != nil
	if !same {
		// Let the last slab go while the new one is built.
		cache.slab.from, cache.slab.ms = nil, nil
	}
	cache.mu.Unlock()
	if collect {
		prev = nil
		runtime.GC()
	}
	if same {
		// The files' other parts, as assembleInto takes them.
		var probs []model.Problem
		for i, r := range results {
			probs = append(probs, r.problems...)
			if !r.okr {
				continue
			}
			r.addParts(repo, files[i])
		}
		repo.Measurements = prev
		return probs
	}
	probs := assemble(repo, files, results)
	cache.mu.Lock()
	cache.slab.from, cache.slab.ms = from, repo.Measurements
	cache.mu.Unlock()
	return probs
}

// loadWorkTree is Load of a work tree without a cache, where every file's
// bytes are a buffer of its own that nothing changes and no result is
// shared. So the YAML trees' strings are substrings of those buffers, not
// of copies; and the rows of the measurement files, nearly all of the
// repository's memory, go straight into the repository's one slice of
// measurements rather than into a slice per file copied into it: the walk
// only counts each file's lines, which bound its rows; then each file is
// read again into a buffer reused from file to file, its rows into a
// window of the slice as large as its lines, and assemble moves them down
// in place. The same repository and problems, with one copy of the rows
// and of the CSV text fewer.
func loadWorkTree(fsys *rootFS, workers int) (*model.Repo, []model.Problem, error) {
	t, err := readTree(fsys, workers, func(p string) *fileResult { return parseOwned(fsys, p) })
	if err != nil {
		return nil, nil, err
	}
	// The windows, in path order.
	offs := make([]int, len(t.files)+1)
	for i, r := range t.files {
		n := r.numMeasurements()
		if r.unread {
			n = r.csvLines
		}
		offs[i+1] = offs[i] + n
	}
	slab := make([]model.Measurement, offs[len(t.files)])
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	prefault(slab, workers)
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			for i := range next {
				buf = readRowsInto(fsys, t.paths[i], t.files[i], slab[offs[i]:offs[i]:offs[i+1]], buf)
			}
		}()
	}
	for i, r := range t.files {
		if r.unread {
			next <- i
		}
	}
	close(next)
	wg.Wait()
	repo := &model.Repo{Config: t.cfg}
	return repo, append(t.probs, assembleInto(repo, t.paths, t.files, slab)...), nil
}

// prefault writes to each page of a fresh slab before the workers fill
// it: pages that two threads fault in at once, interleaved as the workers'
// windows are, cost many times more on a virtual machine. It splits the
// slab into one contiguous part per worker, each faulted in by a goroutine
// of its own: on the medium repository's slab of 31 MB, 9-12 ms where one
// goroutine takes 15-21 ms (and huge pages, 6 ms mostly but 70 ms when the
// host must back them, 18 ms on average).
func prefault(slab []model.Measurement, workers int) {
	const step = 4096 / int(unsafe.Sizeof(model.Measurement{}))
	touch := func(part []model.Measurement) {
		for i := 0; i < len(part); i += max(1, step) {
			part[i].Value = 0
		}
	}
	const minPart = 1 << 20 / int(unsafe.Sizeof(model.Measurement{})) // 1 MiB: less is not worth a goroutine
	if workers < 2 || len(slab) < 2*minPart {
		touch(slab)
		return
	}
	var wg sync.WaitGroup
	per := (len(slab) + workers - 1) / workers
	for i := 0; i < len(slab); i += per {
		wg.Add(1)
		go func(part []model.Measurement) {
			defer wg.Done()
			touch(part)
		}(slab[i:min(i+per, len(slab))])
	}
	wg.Wait()
}

// parseOwned is parseFile for a file of a work tree read for one load: a
// measurement file that the plain CSV reader takes is only read, to count
// its lines, and its rows left for readRowsInto; a YAML file is parsed
// without copying its bytes. It returns what parseFile returns.
func parseOwned(fsys *rootFS, name string) *fileResult {
	if !strings.EqualFold(path.Ext(name), ".csv") {
		data, err := fsys.readFile(name)
		if err != nil || len(data) > maxFileSize {
			return parseRead(name, data, err)
		}
		return parseYAMLShared(name, data, true)
	}
	bp := csvBuffers.Get().(*[]byte)
	defer csvBuffers.Put(bp)
	data, err := fsys.readFileInto(name, *bp)
	if cap(data) > cap(*bp) {
		*bp = data[:0]
	}
	if err != nil {
		return parseRead(name, nil, err)
	}
	if rows, ok := plainRows(data); ok {
		return &fileResult{okr: true, unread: true, csvLines: rows}
	}
	return parseData(name, bytes.Clone(data)) // it may keep parts of data
}

// csvBuffers are the buffers measurement files are read into when their
// rows go straight into the repository's slice.
var csvBuffers = sync.Pool{New: func() any { return new([]byte) }}

// plainRows reports whether data, a measurement file's content, is read by
// the plain CSV reader (as parseData and parseCSVAppendable decide), and
// returns its number of lines after any BOM, which bounds its rows.
func plainRows(data []byte) (int, bool) {
	if len(data) > maxFileSize || !measurementHeader(data) {
		return 0, false
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(data, '"') >= 0 || bytes.IndexByte(data, '\r') >= 0 || conflicted(data) || widened(data) != nil {
		return 0, false
	}
	return bytes.Count(data, []byte("\n")), true
}

// readRowsInto reads the measurement file name again, into buf, and sets
// *r to what parseFile returns for it, its rows appended to window when
// they fit (they do unless the file changed since parseOwned read it). It
// returns the buffer, for the next file.
func readRowsInto(fsys *rootFS, name string, r *fileResult, window []model.Measurement, buf []byte) []byte {
	data, err := fsys.readFileInto(name, buf)
	if cap(data) > cap(buf) {
		buf = data[:0]
	}
	rows, ok := plainRows(data)
	switch {
	case err != nil:
		*r = *parseRead(name, nil, err)
	case !ok:
		*r = *parseData(name, bytes.Clone(data))
	default:
		// As parseCSVAppendable reads it; the rows keep nothing of data.
		data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
		ms, probs, _ := readCSVInto(name, &plainCSV{src: unsafe.String(unsafe.SliceData(data), len(data))}, rows, window)
		*r = fileResult{okr: true, measurements: ms, problems: charColumns(data, probs)}
	}
	return buf
}

// assemble puts the parsed files, in path order, into repo: measurements
// numbered in read order. It returns the files' problems.
func assemble(repo *model.Repo, files []string, results []*fileResult) []model.Problem {
	return assembleInto(repo, files, results, nil)
}

// addParts adds what the OKR file at path, parsed as r, holds but its
// measurements to repo: one place for assembleInto and for
// assembleCached's load that keeps the last load's measurements.
func (r *fileResult) addParts(repo *model.Repo, path string) {
	repo.Files = append(repo.Files, path)
	repo.UnreadOwners = append(repo.UnreadOwners, r.unreadOwners...)
	repo.UnreadKPIs = append(repo.UnreadKPIs, r.unreadKPIs...)
	repo.Objectives = append(repo.Objectives, r.objectives...)
	repo.KPIs = append(repo.KPIs, r.kpis...)
	repo.People = append(repo.People, r.people...)
	repo.HasPeople = repo.HasPeople || r.hasPeople
	for _, metric := range r.measurementDocs {
		repo.MeasurementDocs = append(repo.MeasurementDocs, model.MeasurementDoc{Metric: metric, File: path})
	}
}

// assembleInto is assemble into the measurements slab: each result's
// measurements are either their own slice or lie in slab at or after the
// place of the result's first measurement in the repository's order (so
// that moving them down in path order overwrites none not yet moved);
// slab nil means a new slice. Results are not changed, except the
// measurements in slab.
func assembleInto(repo *model.Repo, files []string, results []*fileResult, slab []model.Measurement) []model.Problem {
	var probs []model.Problem
	if slab == nil {
		total := 0
		for _, r := range results {
			total += r.numMeasurements()
		}
		slab = make([]model.Measurement, total)
	}
	seq := 0
	for i, r := range results {
		probs = append(probs, r.problems...)
		if !r.okr {
			continue
		}
		r.addParts(repo, files[i])
		if r.packed != nil {
			r.packed.unpackInto(slab[seq:], seq)
			seq += r.packed.len()
			continue
		}
		n := copy(slab[seq:], r.measurements) // moves down within slab
		for j := seq; j < seq+n; j++ {
			slab[j].Seq = j
		}
		seq += n
	}
	repo.Measurements = slab[:seq:seq]
	return probs
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
	if cache != nil && hasher == nil {
		// A work tree: key the cache by the git blob hash of the content,
		// so that files unchanged since a revision loaded with the same
		// cache are not parsed again (okr diff against the work tree).
		data, err := readFile(fsys, name)
		if err != nil {
			return parseFile(fsys, name) // reports the error
		}
		key = cacheKey{name, plumbing.ComputeHash(plumbing.BlobObject, data)}
		if r := cache.get(key); r != nil {
			return r
		}
		r := parseData(name, data)
		cache.put(key, r)
		return r
	}
	r := parseFile(fsys, name)
	if key.hash != plumbing.ZeroHash {
		cache.put(key, r)
	}
	return r
}

func parseFile(fsys fs.FS, name string) *fileResult {
	data, err := readFile(fsys, name)
	return parseRead(name, data, err)
}

// parseRead parses what readFile returned for name.
func parseRead(name string, data []byte, err error) *fileResult {
	if err != nil {
		return &fileResult{problems: []model.Problem{readProblem(name, err)}}
	}
	return parseData(name, data)
}

var errTooLarge = fmt.Errorf("file is larger than %d MiB; okr does not read it", maxFileSize>>20)

// notRegularError is the error for a file that is not a regular file:
// okr never opens one for reading (SPEC §1), since a FIFO would block it
// and a device could feed it without end.
type notRegularError struct{ mode fs.FileMode }

func (e *notRegularError) Error() string {
	return "not a regular file but " + atomicfile.Kind(e.mode) + "; okr reads only regular files and skips it"
}

// IsNotRegular reports whether err says a file was not read because it is
// not a regular file (a FIFO, socket or device).
func IsNotRegular(err error) bool {
	var nr *notRegularError
	return errors.As(err, &nr)
}

// readProblem is the problem of a file that could not be read: a warning
// for a file that is not regular (it is skipped), else an error.
func readProblem(name string, err error) model.Problem {
	at := model.Pos{File: name}
	switch {
	case errors.Is(err, errTooLarge):
		return model.Errorf(at, "io", "%v", err)
	case IsNotRegular(err):
		return model.Warnf(at, "io", "%v", err)
	}
	return model.Errorf(at, "io", "cannot read: %v", err)
}

// maxReader is implemented by file systems that can refuse a file that is
// too large without a separate Stat, such as a git tree.
type maxReader interface {
	ReadFileMax(name string, max int64) (data []byte, size int64, err error)
}

func readFile(fsys fs.FS, name string) ([]byte, error) {
	if r, ok := fsys.(*rootFS); ok {
		return r.readFile(name)
	}
	if rm, ok := fsys.(maxReader); ok {
		return readMax(func(max int64) ([]byte, int64, error) { return rm.ReadFileMax(name, max) })
	}
	// Only a regular file is opened, and only one within the limit: check
	// first, since opening a FIFO blocks.
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if err := readable(info); err != nil {
		return nil, err
	}
	if rf, ok := fsys.(fs.ReadFileFS); ok {
		// A git tree hands out a blob's bytes at once.
		return rf.ReadFile(name)
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(f)
}

// readable returns the error for a file okr must not read: one that is not
// regular, or larger than the limit.
func readable(info fs.FileInfo) error {
	switch {
	case !info.Mode().IsRegular():
		return &notRegularError{info.Mode()}
	case info.Size() > maxFileSize:
		return errTooLarge
	}
	return nil
}

// readAll reads an open file, which must be regular and within the limit
// as its Stat says, to its end; it never holds more than maxFileSize+1
// bytes, even when the file grows while it is read.
func readAll(f fs.File) ([]byte, error) { return readAllMax(f, maxFileSize) }

// readAllMax is readAll with a limit of max bytes.
func readAllMax(f fs.File, max int64) ([]byte, error) { return readAllInto(f, max, nil) }

// readAllInto is readAllMax reading into buf when it is large enough (the
// result then shares its memory), else into a new buffer.
func readAllInto(f fs.File, max int64, buf []byte) ([]byte, error) {
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if err := readable(info); err != nil {
		return nil, err
	}
	// Read into a buffer of the file's size: io.ReadAll's growing buffer
	// costs copies and many small reads on large files.
	size := int(info.Size())
	data := buf[:0]
	if cap(buf) < size+1 {
		data = make([]byte, 0, size+1) // +1: a read that sees EOF needs no more room
	}
	r := io.LimitReader(f, max+1)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)] // it grew since the Stat
		}
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if int64(len(data)) > max {
		return nil, errTooLarge
	}
	return data, nil
}

// mentionsOKR reports whether a file that does not parse is recognisably
// meant for okr.
// (The key is matched as near misses are: without case, '_' and '-'.)
var mentionsOKR = regexp.MustCompile(`(?i)api[_-]?version["']?\s*:\s*["']?okr/`)

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// maxFileProblems bounds the problems reported for one file, so that a file
// with a mistake repeated a hundred thousand times stays readable and cheap.
const maxFileProblems = 100

// syntaxProblem turns a yaml error into a positioned problem.
func syntaxProblem(file string, data []byte, err error) model.Problem {
	msg := err.Error()
	line, col := 1, 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
		if parserError(msg) {
			line++ // the parser counts lines from 0 in its messages
		}
		if strings.Contains(msg, "tab character") || (strings.Contains(msg, "cannot start any token") && tabIndented(data, line)) {
			if l, c, ok := findTab(data, line); ok {
				line, col = l, c
			}
			msg += "; indent with spaces, not tabs"
		}
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
		switch {
		case parserError(msg):
			// a parser error on the first line carries no line number
		case strings.HasPrefix(msg, "unknown anchor '"):
			name, _, _ := strings.Cut(strings.TrimPrefix(msg, "unknown anchor '"), "'")
			if l, c, ok := findAlias(data, name); ok {
				line, col = l, c
			}
			msg += "; define it with &" + name + " before this alias"
		default:
			if l, c, bad, ok := badCharacter(data); ok {
				line, col, msg = l, c, bad
			}
		}
	}
	return model.Errorf(model.Pos{File: file, Line: line, Column: col}, "yaml", "invalid YAML: %s", msg)
}

// parserError reports whether a yaml message comes from its parser (whose
// line numbers count from 0) rather than its scanner (which count from 1).
func parserError(msg string) bool {
	for _, p := range []string{"did not find expected ", "found duplicate %", "found incompatible YAML document", "found undefined tag handle"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

// badCharacter finds the first byte sequence YAML refuses: invalid UTF-8, or
// a control character other than tab, line feed and carriage return. It
// returns its 1-based line and column (in characters) and a description.
func badCharacter(data []byte) (line, col int, what string, ok bool) {
	line, col = 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return line, col, fmt.Sprintf("byte 0x%02x is not UTF-8; save the file as UTF-8", data[i]), true
		case r == '\n':
			line, col = line+1, 0
		case r == '\t' || r == '\r' || r == 0x85:
		case r < 0x20 || (r >= 0x7f && r <= 0x9f) || r == 0xfffe || r == 0xffff || (r >= 0xd800 && r <= 0xdfff):
			return line, col, fmt.Sprintf("control character %U is not allowed; remove it", r), true
		}
		i += size
		col++
	}
	return 0, 0, "", false
}

// tabIndented reports whether line (1-based) of data starts with a tab
// after any spaces.
func tabIndented(data []byte, line int) bool {
	for i := 1; i < line && len(data) > 0; i++ {
		_, data, _ = bytes.Cut(data, []byte("\n"))
	}
	l, _, _ := bytes.Cut(data, []byte("\n"))
	l = bytes.TrimLeft(l, " ")
	return len(l) > 0 && l[0] == '\t'
}

// findTab returns the position of the first tab in the indentation of a line
// at or after line from.
func findTab(data []byte, from int) (line, col int, ok bool) {
	line = 1
	for len(data) > 0 {
		l, rest, _ := bytes.Cut(data, []byte("\n"))
		if line >= from {
			for i, c := range l {
				if c == '\t' {
					return line, i + 1, true
				}
				if c != ' ' {
					break
				}
			}
		}
		data = rest
		line++
	}
	return 0, 0, false
}

// findAlias returns the position of the first alias *name in data.
func findAlias(data []byte, name string) (line, col int, ok bool) {
	needle := []byte("*" + name)
	for off := 0; ; {
		i := bytes.Index(data[off:], needle)
		if i < 0 {
			return 0, 0, false
		}
		i += off
		end := i + len(needle)
		if end == len(data) || bytes.IndexByte([]byte(" \t\r\n,]}"), data[end]) >= 0 {
			before := data[:i]
			line = bytes.Count(before, []byte("\n")) + 1
			col = utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
			return line, col, true
		}
		off = end
	}
}

var (
	docSeparator = regexp.MustCompile(`(?m)^---`)
	kindKPILine  = regexp.MustCompile(`(?m)^kind:[ \t]*["']?KPI["']?[ \t]*(#.*)?\r?$`)
	ownerLine    = regexp.MustCompile(`(?m)^owner:[ \t]*["']?([a-z0-9][a-z0-9._-]*)["']?[ \t]*(#.*)?\r?$`)
	idLine       = regexp.MustCompile(`(?m)^id:[ \t]*["']?([a-z0-9][a-z0-9_.-]*)["']?[ \t]*(#.*)?\r?$`)
)

// unreadRefs reads, from the text of an OKR file that does not parse, what
// its documents would define: the owner of each document that is not a
// KPI (a top-level owner: line), and the id of each KPI document (a
// top-level id: line in a document with kind: KPI). The checks then do not
// report measurements and references naming them as unknown as well.
func unreadRefs(data []byte) (owners, kpis []string) {
	for _, doc := range docSeparator.Split(string(data), -1) {
		if kindKPILine.MatchString(doc) {
			if m := idLine.FindStringSubmatch(doc); m != nil {
				kpis = append(kpis, m[1])
			}
		} else if m := ownerLine.FindStringSubmatch(doc); m != nil {
			owners = append(owners, m[1])
		}
	}
	return owners, kpis
}

// yamlParsers keeps the fast parsers, and the memory of their trees,
// from one file to the next.
var yamlParsers = sync.Pool{New: func() any { return new(fastyaml.Parser) }}

func parseYAML(name string, data []byte) *fileResult { return parseYAMLShared(name, data, false) }

// parseYAMLShared is parseYAML; shared says that the caller never changes
// data, so that the documents may keep substrings of it rather than of a
// copy.
func parseYAMLShared(name string, data []byte, shared bool) *fileResult {
	if conflicted(data) {
		return parseConflictedYAML(name, data)
	}
	r := &fileResult{}
	budget := maxNodes
	ps := yamlParsers.Get().(*fastyaml.Parser)
	defer yamlParsers.Put(ps)
	parse := ps.Parse
	if shared {
		parse = ps.ParseShared
	}
	if docs, ok := parse(data); ok {
		// Nothing parseDocument returns holds on to the trees, so that
		// the parser can reuse their memory for the next file.
		for i, doc := range docs {
			parseDocument(name, doc, i, r, &budget)
		}
		r.problems = capProblems(r.problems)
		return r
	}
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
				r.problems = append(r.problems, syntaxProblem(name, data, err))
				r.unreadOwners, r.unreadKPIs = unreadRefs(data)
			}
			break
		}
		parseDocument(name, &doc, i, r, &budget)
	}
	r.problems = capProblems(r.problems)
	return r
}

// capProblems keeps the first maxFileProblems problems of one file, in
// position order, and says how many it left out.
func capProblems(ps []model.Problem) []model.Problem {
	if len(ps) <= maxFileProblems {
		return ps
	}
	ps = model.SortProblems(ps)
	if len(ps) <= maxFileProblems {
		return ps
	}
	next := ps[maxFileProblems].Pos // where the problems not shown begin
	return append(ps[:maxFileProblems:maxFileProblems], model.Errorf(next, "limit",
		"too many problems in this file; only the first %d are shown: fix these first", maxFileProblems))
}

// docHeader reads apiVersion and kind from a document's top-level mapping.
func docHeader(root *yaml.Node) (api, kind string, apiNode *yaml.Node) {
	if v, _ := lookup(root, "apiVersion"); v != nil {
		apiNode = resolve(v)
		api, _ = scalar(v)
	}
	if v, _ := lookup(root, "kind"); v != nil {
		kind, _ = scalar(v)
	}
	return api, kind, apiNode
}

func parseDocument(name string, doc *yaml.Node, index int, r *fileResult, budget *int) {
	if len(doc.Content) == 0 {
		return
	}
	root := resolve(doc.Content[0])
	if root == nil || root.Kind != yaml.MappingNode {
		return
	}
	api, kind, apiNode := docHeader(root)
	nearMiss := false
	var misspelt *yaml.Node // the key of an apiVersion spelt otherwise
	if !strings.HasPrefix(api, "okr/") {
		p, k, ok := yamlNearMiss(name, root, kind)
		if !ok {
			return // not okr's
		}
		// A near miss is reported, then read as the document it was meant
		// to be, so that what refers to it is not reported as well.
		r.problems = append(r.problems, p)
		nearMiss, misspelt = true, k
	}
	r.okr = true
	if !nearMiss && api != model.APIVersion {
		r.problems = append(r.problems, model.Errorf(pos(name, apiNode), "api-version",
			"unsupported apiVersion %q: this okr reads %s; write apiVersion: %s", api, model.APIVersion, model.APIVersion))
		return
	}
	sc := newScanner(name, budget)
	sc.scan(root, 0)
	r.problems = append(r.problems, sc.problems...)
	if sc.bomb {
		return
	}
	d := newDecoder(name, sc, maxFileProblems+1-len(r.problems))
	d.skip = misspelt // a near miss is read as if its apiVersion were right
	switch kind {
	case model.KindObjectives:
		r.objectives = append(r.objectives, d.objectives(root, index))
	case model.KindKPI:
		r.kpis = append(r.kpis, d.kpi(root))
	case model.KindMeasurements:
		r.measurements = append(r.measurements, d.measurements(root)...)
		if v, _ := lookup(root, "metric"); api == model.APIVersion && v != nil {
			if metric, ok := scalar(v); ok && metric != "" {
				r.measurementDocs = append(r.measurementDocs, metric)
			}
		}
	case model.KindPeople:
		r.people = append(r.people, d.people(root)...)
		r.hasPeople = true
	default:
		d.document(root)
	}
	r.problems = append(r.problems, d.problems...)
}

func parseConfig(data []byte) (model.Config, []model.Problem) {
	cfg := model.DefaultConfig()
	cfg.File = ConfigFile
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return cfg, []model.Problem{syntaxProblem(ConfigFile, data, err)}
	}
	if len(doc.Content) == 0 {
		return cfg, nil
	}
	root := resolve(doc.Content[0])
	if root == nil || (root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null") {
		return cfg, nil
	}
	budget := maxNodes
	sc := newScanner(ConfigFile, &budget)
	sc.scan(root, 0)
	probs := sc.problems
	if sc.bomb {
		return cfg, probs
	}
	if root.Kind == yaml.MappingNode {
		if v, _ := lookup(root, "apiVersion"); v != nil {
			probs = append(probs, model.Errorf(pos(ConfigFile, root), "config",
				"okr.yaml is the repository config, not an OKR document: move this document to another file"))
			return cfg, probs
		}
	}
	d := newDecoder(ConfigFile, sc, maxFileProblems+1-len(probs))
	cfg = d.config(root, ConfigFile)
	probs = append(probs, d.problems...)
	if cfg.Yellow > cfg.Green {
		p, _ := cfg.Fields.Get("grades")
		probs = append(probs, model.Errorf(p, "config", "grades.yellow (%g) must not be above grades.green (%g)", cfg.Yellow, cfg.Green))
	}
	return cfg, capProblems(probs)
}

// discoverAll lists the candidate files under the root in path order,
// honouring .gitignore files and the ignore globs, and returns the ignore
// patterns it read.
// emit, when not nil, is called with each file as the walk finds it.
func discoverAll(fsys fs.FS, ignore []string, emit func(string)) ([]string, []gitignore.Pattern, []model.Problem, error) {
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
				ps, gp := readGitignore(fsys, ".", nil)
				patterns, probs = append(patterns, ps...), append(probs, gp...)
				return nil
			}
			if d.Name() == ".git" {
				return fs.SkipDir
			}
			if ignored(patterns, parts, true) {
				return fs.SkipDir
			}
			if siteDir(fsys, p) {
				// As an ignore pattern, so that the Ignorer of Discover
				// knows it too.
				patterns = append(patterns, gitignore.ParsePattern("/"+globEscape(p)+"/", nil))
				// okr site writes no YAML or CSV: one found here is a file
				// someone meant okr to read, and a marker must not let a pull
				// request hide it from CI.
				probs = append(probs, hiddenBySite(fsys, p)...)
				return fs.SkipDir
			}
			ps, gp := readGitignore(fsys, p, parts)
			patterns, probs = append(patterns, ps...), append(probs, gp...)
			return nil
		}
		if p == ConfigFile || !candidate(p) || ignored(patterns, parts, false) {
			return nil // Load reads okr.yaml itself
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// The file system refuses links that lead out of the root
			// (os.Root) or stores them unfollowed (git trees); a loop errors.
			info, err := fs.Stat(fsys, p)
			if err != nil {
				probs = append(probs, model.Warnf(model.Pos{File: p}, "symlink", "%s", linkTrouble(err)))
				return nil
			}
			if info.IsDir() {
				return nil // a link to a directory is not followed
			}
			if !info.Mode().IsRegular() {
				probs = append(probs, readProblem(p, &notRegularError{info.Mode()}))
				return nil
			}
		} else if !d.Type().IsRegular() {
			// A FIFO, socket or device: never opened (SPEC §1).
			probs = append(probs, readProblem(p, &notRegularError{d.Type()}))
			return nil
		}
		files = append(files, p)
		if emit != nil {
			emit(p)
		}
		return nil
	})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("cannot read the repository: %w", err)
	}
	slices.Sort(files)
	return files, patterns, probs, nil
}

// linkTrouble says why a symbolic link was not followed.
func linkTrouble(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "symbolic link is broken: its target does not exist"
	case errors.Is(err, syscall.ELOOP):
		return "symbolic link loops; okr does not follow it"
	}
	return "symbolic link leads outside the repository root; okr does not follow it"
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

// SiteMarker is the file that marks a directory written by `okr site`: okr
// never reads such a directory as OKR input (SPEC §3 okr site).
const SiteMarker = ".okr-site"

// RuleSiteDir is the rule of an OKR-looking file inside a directory that
// okr site wrote.
const RuleSiteDir = "site-dir"

// hiddenBySite reports every YAML and CSV file under dir, a directory that
// holds the site marker and is therefore not read: an error each, so that
// adding a marker cannot hide a team's files from okr validate.
func hiddenBySite(fsys fs.FS, dir string) []model.Problem {
	var probs []model.Problem
	_ = fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !candidate(p) {
			return nil
		}
		probs = append(probs, model.Errorf(model.Pos{File: p, Line: 1, Column: 1}, RuleSiteDir,
			"okr does not read this file: %s holds %s, the marker of a directory okr site wrote; move the file out of %s, or delete %s/%s if okr site did not write it",
			dir, SiteMarker, dir, dir, SiteMarker))
		return nil
	})
	return probs
}

// siteDir reports whether directory dir holds the site marker.
func siteDir(fsys fs.FS, dir string) bool {
	_, err := fs.Stat(fsys, path.Join(dir, SiteMarker))
	return err == nil
}

// globEscape escapes the characters a gitignore pattern reads as a glob.
func globEscape(p string) string {
	var b strings.Builder
	for _, r := range p {
		if strings.ContainsRune(`*?[\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// readGitignore reads the patterns of dir/.gitignore, and the problem of
// one that is not a regular file (it is skipped).
func readGitignore(fsys fs.FS, dir string, domain []string) ([]gitignore.Pattern, []model.Problem) {
	name := path.Join(dir, ".gitignore")
	data, err := readFile(fsys, name)
	if IsNotRegular(err) {
		return nil, []model.Problem{readProblem(name, err)}
	}
	if err != nil || len(data) > 1<<20 {
		return nil, nil
	}
	var ps []gitignore.Pattern
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSuffix(line, "\r")
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		ps = append(ps, gitignore.ParsePattern(line, domain))
	}
	return ps, nil
}
