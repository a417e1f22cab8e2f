package lsp

import (
	"io/fs"
	"runtime/debug"
	"slices"
	"strings"
	"sync"

	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/score"
	"github.com/okr-as-code/okr/okr/source"
)

// state is one analysis: the repository as the open documents and the
// files on disk made it at change gen, read and checked through
// okr/source as okr validate reads it.
type state struct {
	gen    int
	asOf   model.Date
	enc    encoding
	open   map[string]*document
	fsys   fs.FS
	tree   *source.Tree // nil when the repository could not be read
	byFile map[string][]model.Problem

	mu    sync.Mutex
	texts map[string]*text // of files read for positions

	indexOnce sync.Once
	idx       *index

	scores map[*model.Objectives]*score.Owner // scoreDoc's, under mu
}

// repo returns the analysed repository, empty when it could not be read.
func (st *state) repo() *model.Repo {
	if st.tree == nil {
		return &model.Repo{Config: model.DefaultConfig()}
	}
	return st.tree.Repo
}

// text returns the text of the file at path: the open document's, else
// the file's as the analysis read it; nil when it cannot be read.
func (st *state) text(p string) *text {
	if d, ok := st.open[p]; ok {
		st.mu.Lock()
		defer st.mu.Unlock()
		if t, ok := st.texts[p]; ok {
			return t
		}
		t := newText(d.text)
		st.texts[p] = t
		return t
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if t, ok := st.texts[p]; ok {
		return t
	}
	var t *text
	if info, err := fs.Stat(st.fsys, p); err == nil && info.Mode().IsRegular() && info.Size() <= int64(maxMessage) {
		if b, err := fs.ReadFile(st.fsys, p); err == nil {
			t = newText(string(b))
		}
	}
	st.texts[p] = t
	return t
}

// scoreDoc returns the score of Objectives document d as of the
// analysis's date, nil when its period is not valid: okr/score over a
// repository of d alone with the measurements of its metrics, which score
// it as the whole repository does (a measurement counts for the key result
// whose document's period holds it, read in the same order), without
// indexing every measurement of the repository for one hover. Computed
// once per document and analysis.
func (st *state) scoreDoc(d *model.Objectives) *score.Owner {
	st.mu.Lock()
	ow, ok := st.scores[d]
	st.mu.Unlock()
	if ok {
		return ow
	}
	metrics := map[string]bool{}
	for _, o := range d.Objectives {
		for _, kr := range o.KeyResults {
			metrics[kr.Metric()] = true
		}
	}
	repo := st.repo()
	mini := &model.Repo{Config: repo.Config, Objectives: []*model.Objectives{d}, KPIs: repo.KPIs, Measurements: measurementsOf(repo, metrics)}
	if rep, err := score.Score(mini, st.asOf, score.Options{Period: d.PeriodText}); err == nil && !d.Period.IsZero() {
		for i := range rep.Owners {
			if rep.Owners[i].File == d.Pos.File {
				ow = &rep.Owners[i]
			}
		}
	}
	st.mu.Lock()
	if st.scores == nil {
		st.scores = map[*model.Objectives]*score.Owner{}
	}
	st.scores[d] = ow
	st.mu.Unlock()
	return ow
}

// measurementsOf returns the measurements of the metrics, in read order.
func measurementsOf(repo *model.Repo, metrics map[string]bool) []model.Measurement {
	var ms []model.Measurement
	for i := range repo.Measurements {
		if metrics[repo.Measurements[i].Metric] {
			ms = append(ms, repo.Measurements[i])
		}
	}
	return ms
}

// kpiHealth returns the health of the KPI id as of the analysis's date,
// nil when no KPI has that id: okr/score over the KPI and its
// measurements.
func (st *state) kpiHealth(id string) *score.KPIHealth {
	repo := st.repo()
	var kpis []*model.KPI
	for _, k := range repo.KPIs {
		if k.ID == id {
			kpis = append(kpis, k)
		}
	}
	if len(kpis) == 0 {
		return nil
	}
	mini := &model.Repo{Config: repo.Config, KPIs: kpis, Measurements: measurementsOf(repo, map[string]bool{id: true})}
	rep := score.KPIs(mini, st.asOf, score.Options{})
	if len(rep.KPIs) == 0 {
		return nil
	}
	return &rep.KPIs[0]
}

// analyseLoop analyses the repository after each change (changes that
// arrive during one analysis are taken together by the next) and publishes
// the diagnostics that changed, until done is closed.
func (s *Server) analyseLoop(done <-chan struct{}) {
	for {
		select {
		case <-done:
			return
		case <-s.kick:
		}
		s.mu.Lock()
		gen, open, epoch := s.snapshot()
		disk, root, enc := s.disk, s.root, s.enc
		// Every request from now on waits for this analysis (it came
		// after a change): the last one's repository can go as soon as
		// the requests that hold it are answered, rather than stay live
		// beside the new one while that is read.
		s.state = nil
		s.mu.Unlock()
		st := s.analyse(gen, open, epoch, disk, root, enc)
		s.publish(st)
		s.mu.Lock()
		s.state = st
		close(s.stateCh)
		s.stateCh = make(chan struct{})
		s.mu.Unlock()
	}
}

// analyse reads and checks the repository; a failure (a panic included)
// is logged and leaves a state with no repository, which requests still
// answer from.
func (s *Server) analyse(gen int, open map[string]*document, epoch map[string]int, disk interface{ FS() fs.FS }, root string, enc encoding) (st *state) {
	asOf := s.opts.AsOf
	if asOf == 0 {
		asOf = model.DateOf(s.opts.Now())
	}
	docs := make(map[string]string, len(open))
	for p, d := range open {
		docs[p] = d.text
	}
	ov := newOverlay(disk.FS(), docs, epoch)
	st = &state{gen: gen, asOf: asOf, enc: enc, open: open, fsys: ov, texts: map[string]*text{}, byFile: map[string][]model.Problem{}}
	defer func() {
		if p := recover(); p != nil {
			s.log.Printf("internal error reading the repository: %v\n%s", p, debug.Stack())
			st.tree, st.byFile = nil, map[string][]model.Problem{}
		}
	}()
	t, err := source.FS(ov, root, source.Options{AsOf: asOf, Cache: s.cache})
	s.cache.Sweep()
	if err != nil {
		s.log.Printf("%s: %v", root, err)
		return st
	}
	st.tree = t
	for _, p := range t.Problems {
		st.byFile[p.File] = append(st.byFile[p.File], p)
	}
	return st
}

// publish sends the diagnostics of every file whose diagnostics differ
// from those last sent for it: every file with problems at first, then
// the files a change altered; an empty list for a file whose problems are
// gone. An open document whose version changed gets its diagnostics even
// when they are the same, with that version, so that the editor knows
// they are those of what it shows.
func (s *Server) publish(st *state) {
	files := make([]string, 0, len(st.byFile)+len(s.published)+len(st.open))
	for f := range st.byFile {
		files = append(files, f)
	}
	for f := range s.published {
		if _, ok := st.byFile[f]; !ok {
			files = append(files, f)
		}
	}
	for f, d := range st.open {
		if v, ok := s.versions[f]; !ok || v != d.version {
			files = append(files, f)
		}
	}
	slices.Sort(files)
	files = slices.Compact(files)
	for f := range s.versions {
		if _, ok := st.open[f]; !ok {
			delete(s.versions, f)
		}
	}
	for _, f := range files {
		if f == "" {
			continue
		}
		diags := st.diagnostics(f)
		d, open := st.open[f]
		if prev, ok := s.published[f]; (ok || len(diags) == 0) && slices.Equal(prev, diags) && (!open || s.versions[f] == d.version) {
			continue
		}
		if open {
			s.versions[f] = d.version
		}
		if len(diags) == 0 {
			delete(s.published, f)
		} else {
			s.published[f] = diags
		}
		params := publishDiagnosticsParams{URI: s.fileURI(st, f), Diagnostics: diags}
		if d, ok := st.open[f]; ok {
			v := d.version
			params.Version = &v
		}
		if err := s.w.notify("textDocument/publishDiagnostics", params); err != nil {
			s.log.Printf("writing: %v", err)
			return
		}
	}
}

// diagnostics returns the diagnostics of file f: its problems, in okr
// validate's order, never nil.
func (st *state) diagnostics(f string) []Diagnostic {
	probs := st.byFile[f]
	out := make([]Diagnostic, 0, len(probs))
	if len(probs) == 0 {
		return out
	}
	t := st.text(f)
	if t == nil {
		t = newText("")
	}
	for _, p := range probs {
		out = append(out, st.diagnostic(t, p))
	}
	return out
}

// diagnostic maps one problem to a diagnostic of the file whose text is t.
func (st *state) diagnostic(t *text, p model.Problem) Diagnostic {
	sev := severityError
	if p.Severity == model.Warning {
		sev = severityWarning
	}
	msg := p.Message
	if p.Hint != "" {
		msg += "\nhint: " + p.Hint
	}
	return Diagnostic{
		Range:    t.problemRange(p.Line, p.Column, p.Rule == "yaml", strings.HasSuffix(p.File, ".csv"), st.enc),
		Severity: sev,
		Code:     p.Rule,
		Source:   "okr",
		Message:  msg,
	}
}
