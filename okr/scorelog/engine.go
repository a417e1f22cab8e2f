package scorelog

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/okr-as-code/okr/okr/history"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/score"
	"github.com/okr-as-code/okr/okr/source"
)

// The engine follows a source.Walk, which keeps the OKR files of one commit
// parsed and moves them to each next commit by the files it changed, so
// that the cost of a commit grows with what it changed; the engine indexes
// the documents and measurements of those files. Each owner document's score is cached with the range of
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
	metrics     []*metricState // the metrics its key results count, deduplicated
	valid       bool
	score       float64
	lo, hi      model.Date // the score holds for as-of dates in [lo, hi)
}

type engine struct {
	cfg     model.Config
	files   map[string]fileState // every candidate file, OKR or not
	docs    map[docID]*docState
	order   []*docState // docs in path order
	prevSel []*docState // the documents of the last entry
	selBuf  []*docState // a spare buffer for the selection
	prev    Scores      // the scores of the last entry
	selOK   bool        // prevSel is the selection for dates in [selLo, selHi) until a document comes or goes
	selLo   model.Date
	selHi   model.Date
	keyOf   []int                   // prev.Keys[i] is the key of prevSel[keyOf[i]]
	valBuf  []float64               // values' buffer
	msBuf   []model.Measurement     // scoreDoc's buffer
	mini    model.Repo              // scoreDoc's repository of one document
	ix      score.Index             // scoreDoc's index, reused
	metrics map[string]*metricState // by name; never removed, as documents point to them
}

// metricState is what the engine knows of one metric: the files that hold
// its measurements and the documents that count it.
type metricState struct {
	in   []metricFile // by path
	docs []*docState
}

// metricFile is a file that holds measurements of a metric, and their
// indices in its rows.
type metricFile struct {
	path string
	f    source.File
	rows []int32
}

// metric returns the state of the metric named m, made when there is none.
func (e *engine) metric(m string) *metricState {
	ms := e.metrics[m]
	if ms == nil {
		ms = &metricState{}
		e.metrics[m] = ms
	}
	return ms
}

func compareMetricFiles(a metricFile, p string) int { return strings.Compare(a.path, p) }

func newEngine() *engine {
	return &engine{}
}

// reset empties the state for the n files of a tree read anew, with
// config cfg.
func (e *engine) reset(cfg model.Config, n int) {
	e.cfg = cfg
	e.files = make(map[string]fileState, n)
	e.docs = map[docID]*docState{}
	e.order = e.order[:0]
	e.selOK = false
	e.metrics = map[string]*metricState{}
}

// fileState is a file of the state and the metrics it holds
// measurements of.
type fileState struct {
	f       source.File
	metrics []*metricState
}

// add puts a file into the state.
func (e *engine) add(p string, f source.File) {
	fs := fileState{f: f, metrics: make([]*metricState, 0, len(f.Series()))}
	for m, rows := range f.Series() {
		ms := e.metric(m)
		fs.metrics = append(fs.metrics, ms)
		mf := metricFile{p, f, rows}
		if k, ok := slices.BinarySearchFunc(ms.in, p, compareMetricFiles); ok {
			ms.in[k] = mf
		} else {
			ms.in = slices.Insert(ms.in, k, mf)
		}
		ms.invalidate()
	}
	e.files[p] = fs
	if len(f.Objectives()) > 0 {
		e.selOK = false
	}
	for i, d := range f.Objectives() {
		id := docID{p, i}
		first, last := d.Period.Range(e.cfg.FiscalYearStartMonth)
		ds := &docState{id: id, key: d.Period.String() + "/" + d.Owner, first: first, last: last, doc: d, metrics: e.metricsOf(d)}
		e.docs[id] = ds
		k, _ := slices.BinarySearchFunc(e.order, ds, compareStates)
		e.order = slices.Insert(e.order, k, ds)
		for _, ms := range ds.metrics {
			ms.docs = append(ms.docs, ds)
		}
	}
}

// remove takes a file out of the state.
func (e *engine) remove(p string) {
	fs, ok := e.files[p]
	if !ok {
		return
	}
	f := fs.f
	delete(e.files, p)
	for _, ms := range fs.metrics {
		if k, ok := slices.BinarySearchFunc(ms.in, p, compareMetricFiles); ok {
			ms.in = slices.Delete(ms.in, k, k+1)
		}
		ms.invalidate()
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
			for _, ms := range ds.metrics {
				ms.docs = slices.DeleteFunc(ms.docs, func(x *docState) bool { return x == ds })
			}
		}
	}
}

// invalidate drops the cached scores of the documents that count the
// metric.
func (ms *metricState) invalidate() {
	for _, ds := range ms.docs {
		ds.valid = false
	}
}

// metricsOf returns the metrics d's key results count, by name.
func (e *engine) metricsOf(d *model.Objectives) []*metricState {
	var names []string
	for _, o := range d.Objectives {
		for _, kr := range o.KeyResults {
			names = append(names, kr.Metric())
		}
	}
	slices.Sort(names)
	names = slices.Compact(names)
	ms := make([]*metricState, len(names))
	for i, m := range names {
		ms[i] = e.metric(m)
	}
	return ms
}

// step applies what a commit did to the OKR files to the state.
func (e *engine) step(s *source.Step, cfg model.Config) {
	if s.Reset {
		e.reset(cfg, len(s.Changes))
	}
	for _, ch := range s.Changes {
		if ch.Old != nil {
			e.remove(ch.Path)
		}
		if ch.New != nil {
			e.add(ch.Path, ch.New)
		}
	}
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
	// The measurements are copied into a buffer reused from call to call:
	// the index built on them is dropped once the score is known.
	ms := e.msBuf[:0]
	lo, hi := minDate, maxDate
	for _, m := range ds.metrics {
		for _, mf := range m.in { // by path
			for _, i := range mf.rows {
				x := mf.f.Measurement(int(i))
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
	e.mini = model.Repo{Config: e.cfg, Objectives: append(e.mini.Objectives[:0], ds.doc), Measurements: ms}
	e.ix.Reindex(&e.mini)
	s := e.ix.OwnerScore(ds.doc, t)
	clear(ms) // hold no strings of files gone
	e.msBuf = ms[:0]
	ds.valid, ds.score, ds.lo, ds.hi = true, s, max(lo, ds.first), hi
	return s
}

// build walks the history from start with the engine.
func build(h *history.Repo, start *object.Commit, opts Options) (*Log, error) {
	var period model.Period
	all := opts.Period == score.AllPeriods
	if opts.Period != "" && !all {
		p, err := model.ParsePeriod(opts.Period)
		if err != nil {
			return nil, fmt.Errorf("%w, or %q for every period", err, score.AllPeriods)
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
	e := newEngine()
	var entries []Entry
	slices.Reverse(commits) // oldest first
	w := source.NewWalk(h, commits)
	defer w.Close()
	for {
		s, err := w.Next()
		if err != nil {
			return nil, err
		}
		if s == nil {
			break
		}
		e.step(s, w.Config())
		if !s.Touched {
			continue
		}
		c := s.Commit
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
	if w.At() == start.Hash {
		l.Head, l.HeadProblems = w.Repo()
	}
	return l, nil
}
