package scorelog

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/okr-as-code/okr/okr/history"
	"github.com/okr-as-code/okr/okr/load"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/score"
)

// The engine keeps the OKR files of one commit parsed and applies each next
// commit's changed files to them, so that the cost of a commit grows with
// what it changed. Each owner document's score is cached with the range of
// as-of dates over which it cannot change (no counted measurement is dated
// inside it), and recomputed only when one of its files or metrics changes
// or the as-of date leaves that range.

type docID struct {
	path string
	i    int // index among the file's Objectives documents
}

func compareStates(a, b *docState) int {
	return cmp.Or(cmp.Compare(a.id.path, b.id.path), cmp.Compare(a.id.i, b.id.i))
}

type docState struct {
	id          docID
	key         string     // "<period>/<owner>"
	first, last model.Date // the period's days
	doc         *model.Objectives
	metrics     []string // the metrics its key results count, deduplicated
	valid       bool
	score       float64
	lo, hi      model.Date // the score holds for as-of dates in [lo, hi)
}

type engine struct {
	h *history.Repo

	at       plumbing.Hash // the commit whose tree the state holds
	cfg      model.Config
	cfgProbs []model.Problem // okr.yaml's problems and the walk's warnings
	ignore   *load.Ignorer
	files    map[string]*load.File    // every candidate file, OKR or not
	hashes   map[string]plumbing.Hash // the blob of each file
	docs     map[docID]*docState
	order    []*docState // docs in path order
	prevSel  []*docState // the documents of the last entry
	selBuf   []*docState // a spare buffer for the selection
	prev     Scores      // the scores of the last entry
	selOK    bool        // prevSel is the selection for dates in [selLo, selHi) until a document comes or goes
	selLo    model.Date
	selHi    model.Date
	keyOf    []int                      // prev.Keys[i] is the key of prevSel[keyOf[i]]
	valBuf   []float64                  // values' buffer
	byMetric map[string]map[docID]bool  // metric → documents that count it
	metricIn map[string]map[string]bool // metric → files that hold it
}

func newEngine(h *history.Repo) *engine {
	return &engine{h: h}
}

func blobHash(fsys any, p string) plumbing.Hash {
	if bh, ok := fsys.(load.BlobHasher); ok {
		if h, ok := bh.BlobHash(p); ok {
			return h
		}
	}
	return plumbing.ZeroHash
}

// rebuild reads the whole tree of c.
func (e *engine) rebuild(c *object.Commit) error {
	fsys, err := e.h.FS(c)
	if err != nil {
		return err
	}
	cfg, cfgProbs := load.ReadConfig(fsys)
	paths, ignore, walkProbs, err := load.Discover(fsys, cfg)
	if ferr := history.Fault(fsys); ferr != nil {
		err = ferr
	}
	if err != nil {
		return fmt.Errorf("commit %s: %w", c.Hash.String()[:7], err)
	}
	e.cfgProbs = append(cfgProbs, walkProbs...)
	// Files whose blob is unchanged since the last state are not parsed
	// again.
	hashes := make([]plumbing.Hash, len(paths))
	parsed := make([]*load.File, len(paths))
	for i, p := range paths {
		hashes[i] = blobHash(fsys, p)
		if f := e.files[p]; f != nil && !hashes[i].IsZero() && e.hashes[p] == hashes[i] {
			parsed[i] = f
		}
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	next := 0
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= len(paths) {
					return
				}
				if parsed[i] == nil {
					parsed[i] = load.ParseFile(fsys, paths[i])
				}
			}
		}()
	}
	wg.Wait()
	// A missing or corrupt object is the repository's fault, not a
	// problem of the file that holds it.
	if err := history.Fault(fsys); err != nil {
		return fmt.Errorf("commit %s: %w", c.Hash.String()[:7], err)
	}
	e.at = c.Hash
	e.cfg = cfg
	e.ignore = ignore
	e.files = make(map[string]*load.File, len(paths))
	e.hashes = make(map[string]plumbing.Hash, len(paths))
	e.docs = map[docID]*docState{}
	e.order = e.order[:0]
	e.selOK = false
	e.byMetric = map[string]map[docID]bool{}
	e.metricIn = map[string]map[string]bool{}
	for i, p := range paths {
		e.add(p, parsed[i], hashes[i])
	}
	return nil
}

// add puts a file into the state.
func (e *engine) add(p string, f *load.File, h plumbing.Hash) {
	e.files[p] = f
	e.hashes[p] = h
	for m := range f.Series() {
		if e.metricIn[m] == nil {
			e.metricIn[m] = map[string]bool{}
		}
		e.metricIn[m][p] = true
		e.invalidate(m)
	}
	if len(f.Objectives()) > 0 {
		e.selOK = false
	}
	for i, d := range f.Objectives() {
		id := docID{p, i}
		first, last := d.Period.Range(e.cfg.FiscalYearStartMonth)
		ds := &docState{id: id, key: d.Period.String() + "/" + d.Owner, first: first, last: last, doc: d, metrics: metricsOf(d)}
		e.docs[id] = ds
		k, _ := slices.BinarySearchFunc(e.order, ds, compareStates)
		e.order = slices.Insert(e.order, k, ds)
		for _, m := range ds.metrics {
			if e.byMetric[m] == nil {
				e.byMetric[m] = map[docID]bool{}
			}
			e.byMetric[m][id] = true
		}
	}
}

// remove takes a file out of the state.
func (e *engine) remove(p string) {
	f := e.files[p]
	if f == nil {
		return
	}
	delete(e.files, p)
	delete(e.hashes, p)
	for m := range f.Series() {
		delete(e.metricIn[m], p)
		e.invalidate(m)
	}
	if len(f.Objectives()) > 0 {
		e.selOK = false
	}
	for i := range f.Objectives() {
		id := docID{p, i}
		ds := e.docs[id]
		delete(e.docs, id)
		if ds == nil {
			continue
		}
		if k, ok := slices.BinarySearchFunc(e.order, ds, compareStates); ok {
			e.order = slices.Delete(e.order, k, k+1)
		}
		if ds != nil {
			for _, m := range ds.metrics {
				delete(e.byMetric[m], id)
			}
		}
	}
}

func (e *engine) invalidate(metric string) {
	for id := range e.byMetric[metric] {
		if ds := e.docs[id]; ds != nil {
			ds.valid = false
		}
	}
}

func metricsOf(d *model.Objectives) []string {
	var ms []string
	for _, o := range d.Objectives {
		for _, kr := range o.KeyResults {
			ms = append(ms, kr.Metric())
		}
	}
	slices.Sort(ms)
	return slices.Compact(ms)
}

// prepared is a commit with what it changed, read and parsed ahead of the
// engine.
type prepared struct {
	c       *object.Commit
	changes []history.FileChange
	files   map[string]*load.File // the changed candidate files as they are after c
	err     error
}

// fileRead is a changed file as load.ReadMax returned it.
type fileRead struct {
	path string
	data []byte
	err  error
}

// prepare finds, reads and parses what each commit changed, in order, ahead
// of the engine: the reading from git in one goroutine, the parsing in
// another, both overlapping the engine's own work (scoring). Closing done
// stops them.
func prepare(h *history.Repo, commits []*object.Commit, done <-chan struct{}) <-chan *prepared {
	type readCommit struct {
		p     *prepared
		reads []fileRead
	}
	reads := make(chan readCommit, 16)
	out := make(chan *prepared, 16)
	go func() {
		defer close(reads)
		for _, c := range commits {
			rc := readCommit{p: &prepared{c: c}}
			rc.p.changes, rc.p.err = h.Changed(c, func(p string) bool {
				return load.Candidate(p) || path.Base(p) == ".gitignore"
			})
			for _, ch := range rc.p.changes {
				if ch.To.IsZero() || !load.Candidate(ch.Path) {
					continue
				}
				// By the blob's hash: no need to look the path up in
				// the commit's trees. A blob over the size limit is a
				// problem of its file; one that cannot be read (missing
				// or corrupt) is the repository's fault, an error.
				var readErr error
				data, err := load.ReadMax(func(max int64) ([]byte, int64, error) {
					b, n, err := h.BlobMax(ch.To, max)
					if err != nil {
						readErr = err
						err = &fs.PathError{Op: "read", Path: ch.Path, Err: err}
					}
					return b, n, err
				})
				if readErr != nil {
					rc.p.err = fmt.Errorf("commit %s: %w", c.Hash.String()[:7], err)
					break
				}
				rc.reads = append(rc.reads, fileRead{ch.Path, data, err})
			}
			select {
			case reads <- rc:
			case <-done:
				return
			}
			if rc.p.err != nil {
				return
			}
		}
	}()
	go func() {
		defer close(out)
		last := map[string]*load.File{} // the version of each measurement file parsed last
		for rc := range reads {
			for _, ch := range rc.p.changes {
				if ch.To.IsZero() {
					delete(last, ch.Path) // deleted: keep no stale version
				}
			}
			rc.p.files = make(map[string]*load.File, len(rc.reads))
			for _, r := range rc.reads {
				var f *load.File
				if r.err == nil {
					// A check-in appends rows: read only those.
					f = load.ParseAfter(last[r.path], r.path, r.data)
				} else {
					f = load.ParseRead(r.path, r.data, r.err)
				}
				if strings.EqualFold(path.Ext(r.path), ".csv") {
					last[r.path] = f
				}
				f.Series() // here rather than in the engine's goroutine
				rc.p.files[r.path] = f
			}
			select {
			case out <- rc.p:
			case <-done:
				return
			}
		}
	}()
	return out
}

// step moves the state from c's first parent to c, and reports whether c
// added, deleted, modified or renamed an OKR file.
func (e *engine) step(p *prepared) (bool, error) {
	c, changes := p.c, p.changes
	incremental := len(c.ParentHashes) > 0 && c.ParentHashes[0] == e.at && e.files != nil
	if incremental {
		for _, ch := range changes {
			if ch.Path == load.ConfigFile || path.Base(ch.Path) == ".gitignore" {
				incremental = false // new ignore rules or config: read the tree again
				break
			}
		}
	}
	touched := false
	if !incremental {
		// Whether a change touched an OKR file: the old state (when it is
		// the parent's) or the old blob, and the new state.
		old := e.files
		if len(c.ParentHashes) == 0 || c.ParentHashes[0] != e.at {
			old = nil
		}
		if err := e.rebuild(c); err != nil {
			return false, err
		}
		for _, ch := range changes {
			switch {
			case ch.Path == load.ConfigFile:
				touched = true
			case e.files[ch.Path] != nil && e.files[ch.Path].OKR():
				touched = true
			case old != nil && old[ch.Path] != nil && old[ch.Path].OKR():
				touched = true
			case old == nil && !ch.From.IsZero() && load.Candidate(ch.Path):
				data, err := e.h.Blob(ch.From)
				if err != nil && !errors.Is(err, history.ErrTooLarge) {
					return false, fmt.Errorf("commit %s: %w", c.Hash.String()[:7], &fs.PathError{Op: "read", Path: ch.Path, Err: err})
				}
				if err == nil && load.ParseBytes(ch.Path, data).OKR() {
					touched = true
				}
			}
		}
		return touched, nil
	}
	for _, ch := range changes {
		old := e.files[ch.Path]
		if old == nil && (!load.Candidate(ch.Path) || ch.To.IsZero() || e.ignore.Ignored(ch.Path)) {
			continue // not a file okr reads
		}
		if old != nil {
			touched = touched || old.OKR()
			e.remove(ch.Path)
		}
		if ch.To.IsZero() {
			continue
		}
		f := p.files[ch.Path]
		if f == nil {
			return false, fmt.Errorf("internal error: commit %s: %s was not read", c.Hash, ch.Path)
		}
		touched = touched || f.OKR()
		e.add(ch.Path, f, ch.To)
	}
	e.at = c.Hash
	return touched, nil
}

// scores returns the selected documents' scores as of t. When the
// selection is what it was for the previous entry, the scores share its
// keys; when every score is the same too, they are the previous entry's.
func (e *engine) scores(t model.Date, period model.Period, all bool, owner string) Scores {
	if e.selOK && e.selLo <= t && t < e.selHi {
		// The same documents as for the last entry: rescore those whose
		// cached score does not hold at t.
		changed := false
		for _, ds := range e.prevSel {
			if !(ds.valid && ds.lo <= t && t < ds.hi) {
				if old := ds.score; differs(e.scoreDoc(ds, t), old) {
					changed = true
				}
			}
		}
		if !changed {
			return e.prev
		}
		e.prev = Scores{Keys: e.prev.Keys, vals: chunk(e.values(e.prevSel), e.prev.vals)}
		return e.prev
	}
	// Select anew, and find the dates [selLo, selHi) around t over which
	// the selection stays the same: no document's period starts or ends
	// inside.
	e.selLo, e.selHi = minDate, maxDate
	sel := e.selBuf[:0] // reused: the selection is rebuilt here
	changed := false
	for _, ds := range e.order {
		d := ds.doc
		if d.Period.IsZero() || (owner != "" && d.Owner != owner) {
			continue
		}
		switch {
		case all:
		case !period.IsZero():
			if d.Period != period {
				continue
			}
		default:
			if t < ds.first {
				e.selHi = min(e.selHi, ds.first)
				continue
			}
			if t > ds.last {
				e.selLo = max(e.selLo, ds.last+1)
				continue
			}
			e.selLo, e.selHi = max(e.selLo, ds.first), min(e.selHi, ds.last+1)
		}
		if !(ds.valid && ds.lo <= t && t < ds.hi) {
			if old := ds.score; differs(e.scoreDoc(ds, t), old) {
				changed = true
			}
		}
		sel = append(sel, ds)
	}
	e.selOK = true
	same := e.prev.Keys != nil && slices.Equal(sel, e.prevSel)
	if same && !changed {
		e.selBuf = sel
		return e.prev
	}
	keys, prevVals := e.prev.Keys, e.prev.vals
	if !same {
		keys, e.keyOf = sortedKeys(sel)
		prevVals = nil
	}
	e.prev = Scores{Keys: keys, vals: chunk(e.values(sel), prevVals)}
	e.prevSel, e.selBuf = sel, e.prevSel
	return e.prev
}

// values returns the scores of the selection sel in the order of its keys,
// in a buffer reused from call to call.
func (e *engine) values(sel []*docState) []float64 {
	e.valBuf = slices.Grow(e.valBuf[:0], len(e.keyOf))[:len(e.keyOf)]
	for i, j := range e.keyOf {
		e.valBuf[i] = sel[j].score
	}
	return e.valBuf
}

// sortedKeys returns the distinct keys of sel, sorted, and for each the
// index in sel of the document whose score it shows: of documents with the
// same key (a mistake the checks report), the last in path order, as a map
// filled in path order would keep.
func sortedKeys(sel []*docState) ([]string, []int) {
	idx := make([]int, len(sel))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return strings.Compare(sel[a].key, sel[b].key) })
	keys := make([]string, 0, len(idx))
	keyOf := idx[:0]
	for n, i := range idx {
		if n+1 < len(idx) && sel[idx[n+1]].key == sel[i].key {
			continue // a later document has the same key
		}
		keys = append(keys, sel[i].key)
		keyOf = append(keyOf, i)
	}
	return keys, keyOf
}

// differs compares two scores by their bits, so that no score (NaN) is
// the same as no score.
func differs(a, b float64) bool { return math.Float64bits(a) != math.Float64bits(b) }

const (
	minDate = model.Date(math.MinInt32)
	maxDate = model.Date(math.MaxInt32)
)

// scoreDoc scores one document as of t, from its cache when still valid:
// NaN (no score) before its period's first day.
func (e *engine) scoreDoc(ds *docState, t model.Date) float64 {
	if ds.valid && ds.lo <= t && t < ds.hi {
		return ds.score
	}
	if t < ds.first {
		ds.valid, ds.score, ds.lo, ds.hi = true, math.NaN(), minDate, ds.first
		return ds.score
	}
	n := 0
	for _, m := range ds.metrics {
		for p := range e.metricIn[m] {
			n += len(e.files[p].Series()[m])
		}
	}
	ms := make([]model.Measurement, 0, n)
	lo, hi := minDate, maxDate
	var paths []string
	for _, m := range ds.metrics {
		paths = paths[:0]
		for p := range e.metricIn[m] {
			paths = append(paths, p)
		}
		slices.Sort(paths)
		for _, p := range paths {
			f := e.files[p]
			rows := f.Measurements()
			for _, i := range f.Series()[m] {
				x := rows[i]
				x.Seq = len(ms)
				ms = append(ms, x)
				if x.Day <= t {
					lo = max(lo, x.Day)
				} else {
					hi = min(hi, x.Day)
				}
			}
		}
	}
	// The selection holds only documents of a valid period.
	mini := &model.Repo{Config: e.cfg, Objectives: []*model.Objectives{ds.doc}, Measurements: ms}
	s := score.NewIndex(mini).OwnerScore(ds.doc, t)
	ds.valid, ds.score, ds.lo, ds.hi = true, s, max(lo, ds.first), hi
	return s
}

// repo assembles the state into a repository, as load.Load reads the
// same tree, with the problems found while parsing it.
func (e *engine) repo() (*model.Repo, []model.Problem) {
	paths := make([]string, 0, len(e.files))
	for p := range e.files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	files := make([]*load.File, len(paths))
	for i, p := range paths {
		files[i] = e.files[p]
	}
	repo, probs := load.Assemble(e.cfg, paths, files)
	return repo, append(slices.Clone(e.cfgProbs), probs...)
}

// build walks the history from start with the engine.
func build(h *history.Repo, start *object.Commit, opts Options) (*Log, error) {
	var period model.Period
	all := opts.Period == score.AllPeriods
	if opts.Period != "" && !all {
		p, err := model.ParsePeriod(opts.Period)
		if err != nil {
			return nil, err
		}
		period = p
	}
	var commits []*object.Commit
	truncated, err := h.Walk(start, func(c *object.Commit) error {
		if opts.Since == 0 || model.DateOf(history.CommitInfo(c).Date) >= opts.Since {
			commits = append(commits, c)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	e := newEngine(h)
	var entries []Entry
	slices.Reverse(commits) // oldest first
	done := make(chan struct{})
	defer close(done)
	for p := range prepare(h, commits, done) {
		if p.err != nil {
			return nil, p.err
		}
		c := p.c
		touched, err := e.step(p)
		if err != nil {
			return nil, err
		}
		if !touched {
			continue
		}
		info := history.CommitInfo(c)
		entries = append(entries, Entry{
			Commit:  info.Hash,
			Short:   info.Short,
			Date:    info.Date.Format(time.RFC3339),
			Author:  info.Author,
			Subject: info.Subject,
			Scores:  e.scores(model.DateOf(info.Date), period, all, opts.Owner),
		})
	}
	slices.Reverse(entries)
	if entries == nil {
		entries = []Entry{}
	}
	l := &Log{Commits: entries, Truncated: truncated}
	if e.files != nil && e.at == start.Hash {
		l.Head, l.HeadProblems = e.repo()
	}
	return l, nil
}
