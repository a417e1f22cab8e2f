package record

// The okr record --from planner as it was before it kept each row's
// outcome in compact arrays (git show 6e39cef:okr/record/feedplan.go),
// with its own reading of the YAML files for the Measurements documents
// that hold no values yet: FuzzPlanFeedAgrees holds PlanFeed to it.

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/okr-as-code/okr/okr/model"
	"go.yaml.in/yaml/v3"
)

// planFeedOld is PlanFeed as it was.
func planFeedOld(root string, repo *model.Repo, rows []Row, file string, replace bool) (*FeedPlan, []FeedProblem, error) {
	x := newMetrics(repo)
	additive := model.AdditiveMetrics(repo)
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, nil, err
	}
	defer r.Close()

	// The measurements there of the rows' metrics, and the last file that
	// holds each, in one pass.
	type info struct {
		last string
		idx  []int32
	}
	metrics := make(map[string]*info, len(rows))
	for _, row := range rows {
		if metrics[row.M.Metric] == nil {
			metrics[row.M.Metric] = &info{}
		}
	}
	for i := range repo.Measurements {
		m := &repo.Measurements[i]
		if in := metrics[m.Metric]; in != nil {
			in.last = m.Pos.File
			in.idx = append(in.idx, int32(i))
		}
	}
	var docs map[string]string // metric → last YAML file with a Measurements document for it
	holderOf := func(metric string) string {
		if docs == nil {
			docs = measurementDocsOld(r.FS(), repo)
		}
		best := metrics[metric].last
		if d := docs[metric]; d > best {
			best = d
		}
		return best
	}

	type done struct {
		row  Row
		file string // where it is, or goes
	}
	earlier := make(map[feedKey][]done, len(rows))
	files := map[string]*FileEdits{}
	fileOf := func(name string) *FileEdits {
		f := files[name]
		if f == nil {
			f = &FileEdits{File: name}
			files[name] = f
		}
		return f
	}
	checked := map[string]error{} // files to append to, checked once
	var probs []FeedProblem
	problem := func(line int, err error) {
		var re *Error
		if errors.As(err, &re) {
			probs = append(probs, FeedProblem{line, re.Msg})
		} else {
			probs = append(probs, FeedProblem{line, err.Error()})
		}
	}
	for _, row := range rows {
		if len(probs) >= maxFeedProblems {
			break
		}
		m := row.M
		if err := x.check(m); err != nil {
			problem(row.Line, err)
			continue
		}
		k := feedKey{m.Metric, model.KeyOfAt(m.At)}
		var existing []model.Measurement
		for _, i := range metrics[m.Metric].idx {
			if repo.Measurements[i].Key() == k.at {
				existing = append(existing, repo.Measurements[i])
			}
		}
		before := earlier[k]
		action, where, line := Add, "", 0
		switch {
		case additive[m.Metric]:
			for _, e := range existing {
				if e.Value == m.Value && e.Note == m.Note {
					action, where = Unchanged, e.Pos.File
				}
			}
			for _, e := range before {
				if e.row.M.Value == m.Value && e.row.M.Note == m.Note {
					action, where = Unchanged, e.file
				}
			}
		case len(before) > 0:
			e := before[len(before)-1]
			old := model.Measurement{Value: e.row.M.Value, Note: e.row.M.Note, Confidence: e.row.M.Confidence, HasConfidence: e.row.M.HasConfidence}
			if !Same(&old, m) {
				problem(row.Line, refusef("%s has another value at %s on line %d of this feed (%s); one value per day: keep one of the two rows",
					m.Metric, m.At, e.row.Line, e.row.M.ValueText()))
				continue
			}
			action, where = Unchanged, e.file
		default:
			d, err := Decide(existing, false, m, replace)
			if err != nil {
				problem(row.Line, err)
				continue
			}
			action, where, line = d.Action, d.Pos.File, d.Pos.Line
		}
		if action == Add {
			where = file
			if where == "" {
				if where = holderOf(m.Metric); where == "" {
					owner, _, _ := strings.Cut(m.Metric, "/")
					where = "measurements/" + owner + ".csv"
				}
			}
			err, ok := checked[where]
			if !ok {
				err = checkFile(r, repo, where, m)
				checked[where] = err
				if err != nil {
					problem(row.Line, err)
				}
			}
			if err != nil {
				continue
			}
		}
		earlier[k] = append(before, done{row, where})
		f := fileOf(where)
		switch action {
		case Add:
			f.Recorded++
			f.Edits = append(f.Edits, Edit{M: m})
		case Unchanged:
			f.Unchanged++
		case Rewrite:
			f.Replaced++
			f.Edits = append(f.Edits, Edit{Line: line, M: m})
		}
	}
	if len(probs) > 0 {
		return nil, probs, nil
	}
	p := &FeedPlan{}
	for _, f := range files {
		p.Files = append(p.Files, *f)
	}
	slices.SortFunc(p.Files, func(a, b FileEdits) int { return strings.Compare(a.File, b.File) })
	return p, nil, nil
}

// measurementDocsOld returns, for each metric that a YAML Measurements
// document names (one with no values yet included), the last file in path
// order that holds one. The files are read a few at a time.
func measurementDocsOld(fsys fs.FS, repo *model.Repo) map[string]string {
	var yamls []string
	for _, f := range repo.Files {
		if isYAML(f) {
			yamls = append(yamls, f)
		}
	}
	found := make([][]string, len(yamls)) // the metrics of each file's documents
	var wg sync.WaitGroup
	next := make(chan int)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				found[i] = docMetricsOld(fsys, yamls[i])
			}
		}()
	}
	for i := range yamls {
		next <- i
	}
	close(next)
	wg.Wait()
	docs := map[string]string{}
	for i, f := range yamls {
		for _, metric := range found[i] {
			docs[metric] = f
		}
	}
	return docs
}

// docMetricsOld returns the metrics of the Measurements documents of a YAML
// file.
func docMetricsOld(fsys fs.FS, file string) []string {
	data, err := fs.ReadFile(fsys, file)
	if err != nil || !bytes.Contains(data, []byte(model.KindMeasurements)) {
		return nil
	}
	parsed, err := parseDocs(data)
	if err != nil {
		return nil
	}
	var out []string
	for _, d := range parsed {
		if len(d.Content) != 1 {
			continue
		}
		for i := 0; i+1 < len(d.Content[0].Content); i += 2 {
			if d.Content[0].Content[i].Value == "metric" {
				metric := d.Content[0].Content[i+1].Value
				if findMeasurements([]*yaml.Node{d}, metric) != nil {
					out = append(out, metric)
				}
			}
		}
	}
	return out
}
