package record

import (
	"errors"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/okr-as-code/okr/okr/model"
)

// FeedPlan is what recording a feed does: the edits of each file, and
// what its rows came to.
type FeedPlan struct {
	Files []FileEdits // in path order
}

// FileEdits are the edits of one file and what its rows came to: recorded
// (appended), unchanged (already there) or replaced.
type FileEdits struct {
	File                          string
	Edits                         []Edit
	Recorded, Unchanged, Replaced int
}

// Totals returns the sums of the files' counts.
func (p *FeedPlan) Totals() (recorded, unchanged, replaced int) {
	for _, f := range p.Files {
		recorded += f.Recorded
		unchanged += f.Unchanged
		replaced += f.Replaced
	}
	return
}

// feedKey is a metric and an at, as SPEC §6 compares them.
type feedKey struct {
	metric string
	at     model.AtKey
}

// PlanFeed checks every row of a feed against repo and against the rows
// before it, as okr record checks one measurement (Check, then Decide),
// and chooses the file of each row to append: file when not empty, else as
// Plan chooses. Unlike one okr record, a row equal to a measurement there
// or to an earlier row (metric, at, value and note) is already recorded
// for an additive metric too, so that a feed is safe to send again. Two
// rows of a metric that is not additive at one at are a problem unless
// they are the same. It returns the plan, or the problems of the rows
// (then nothing is to be written); the error is a failure to read the
// repository's files.
func PlanFeed(root string, repo *model.Repo, rows []Row, file string, replace bool) (*FeedPlan, []FeedProblem, error) {
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
	// The last YAML file with a Measurements document of each metric.
	docs := map[string]string{}
	for _, d := range repo.MeasurementDocs {
		docs[d.Metric] = max(docs[d.Metric], d.File)
	}
	holderOf := func(metric string) string {
		return max(metrics[metric].last, docs[metric])
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

// Apply writes the plan: each file once, atomically, under the lock of
// its directory (taken once for all its files). It stops at the first
// file it cannot write, and returns what it had written.
func (p *FeedPlan) Apply(root string) ([]Result, error) {
	files := slices.Clone(p.Files)
	// By directory, then path: one lock for each directory.
	slices.SortStableFunc(files, func(a, b FileEdits) int {
		return strings.Compare(path.Dir(a.File), path.Dir(b.File))
	})
	return applyFiles(root, files)
}
