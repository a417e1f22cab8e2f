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
// and chooses the file of each row to append: into when not empty, else
// as Plan chooses. Unlike one okr record, a row equal to a measurement there
// or to an earlier row (metric, at, value and note) is already recorded
// for an additive metric too, so that a feed is safe to send again. Two
// rows of a metric that is not additive at one at are a problem unless
// they are the same. It returns the plan, or the problems of the rows
// (then nothing is to be written); the error is a failure to read the
// repository's files.
func PlanFeed(root string, repo *model.Repo, rows []Row, into string, replace bool) (*FeedPlan, []FeedProblem, error) {
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

	// What each row came to, in a few bytes a row: the plan is made
	// while the repository is live, and at SPEC §4's scale a plan of
	// copies of the rows grew the heap by a collection's worth.
	type outcome struct {
		action Action
		line   int32 // the line to rewrite
		ok     bool  // checked, and to be counted in where
	}
	out := make([]outcome, len(rows))
	where := make([]string, len(rows)) // the file each row is in, or goes to
	// The earlier rows of each metric and at: last[k] is the index of the
	// last one plus one, prev[i] the one before row i (plus one), 0 none.
	last := make(map[feedKey]int32, len(rows))
	prev := make([]int32, len(rows))
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
	var existing []model.Measurement
	for n, row := range rows {
		if len(probs) >= maxFeedProblems {
			break
		}
		m := row.M
		if err := x.check(m); err != nil {
			problem(row.Line, err)
			continue
		}
		k := feedKey{m.Metric, model.KeyOfAt(m.At)}
		existing = existing[:0]
		for _, i := range metrics[m.Metric].idx {
			if repo.Measurements[i].Key() == k.at {
				existing = append(existing, repo.Measurements[i])
			}
		}
		before := last[k]
		action, file, line := Add, "", 0
		switch {
		case additive[m.Metric]:
			for _, e := range existing {
				if e.Value == m.Value && e.Note == m.Note {
					action, file = Unchanged, e.Pos.File
				}
			}
			var same int32 = -1 // the last earlier row the same as this one
			for e := before; e > 0; e = prev[e-1] {
				if em := rows[e-1].M; em.Value == m.Value && em.Note == m.Note && same < 0 {
					same = e - 1
				}
			}
			if same >= 0 {
				action, file = Unchanged, where[same]
			}
		case before > 0:
			e := rows[before-1]
			old := model.Measurement{Value: e.M.Value, Note: e.M.Note, Confidence: e.M.Confidence, HasConfidence: e.M.HasConfidence}
			if !Same(&old, m) {
				problem(row.Line, refusef("%s has another value at %s on line %d of this feed (%s); one value per day: keep one of the two rows",
					m.Metric, m.At, e.Line, e.M.ValueText()))
				continue
			}
			action, file = Unchanged, where[before-1]
		default:
			d, err := Decide(existing, false, m, replace)
			if err != nil {
				problem(row.Line, err)
				continue
			}
			action, file, line = d.Action, d.Pos.File, d.Pos.Line
		}
		if action == Add {
			file = into
			if file == "" {
				if file = holderOf(m.Metric); file == "" {
					owner, _, _ := strings.Cut(m.Metric, "/")
					file = "measurements/" + owner + ".csv"
				}
			}
			err, ok := checked[file]
			if !ok {
				err = checkFile(r, repo, file, m)
				checked[file] = err
				if err != nil {
					problem(row.Line, err)
				}
			}
			if err != nil {
				continue
			}
		}
		prev[n], last[k] = before, int32(n+1)
		out[n], where[n] = outcome{action, int32(line), true}, file
	}
	if len(probs) > 0 {
		return nil, probs, nil
	}
	// The files, with their edits in the order of the feed's lines,
	// each list made once at its length.
	files := map[string]*FileEdits{}
	for n, o := range out {
		if !o.ok {
			continue
		}
		f := files[where[n]]
		if f == nil {
			f = &FileEdits{File: where[n]}
			files[where[n]] = f
		}
		switch o.action {
		case Add:
			f.Recorded++
		case Unchanged:
			f.Unchanged++
		case Rewrite:
			f.Replaced++
		}
	}
	for _, f := range files {
		f.Edits = make([]Edit, 0, f.Recorded+f.Replaced)
	}
	for n, o := range out {
		if o.ok && o.action != Unchanged {
			f := files[where[n]]
			f.Edits = append(f.Edits, Edit{Line: int(o.line), M: rows[n].M})
		}
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
