package score

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/okr-as-code/okr/okr/model"
)

// Options selects what Score scores.
type Options struct {
	// Period selects Objectives documents: "" (the default) those whose
	// period contains the as-of date, "all" every document, else the
	// documents of exactly that period, such as "2026-Q4" (a year's
	// documents are not those of its quarters).
	Period string
	// Owner, when not empty, keeps only that owner's documents (and, for
	// KPIs, only that owner's KPIs).
	Owner string
}

// AllPeriods is the Options.Period value that selects every document.
const AllPeriods = "all"

// Report is the score of the selected Objectives documents as of a date.
// Its JSON is the `okr score --format json` output.
type Report struct {
	AsOf   string  `json:"as_of"`  // YYYY-MM-DD
	Owners []Owner `json:"owners"` // by owner, then period start (longer period first), then file order
}

// Owner is the score of one Objectives document: an owner's goals for a
// period.
type Owner struct {
	Owner  string `json:"owner"`
	Period string `json:"period"`
	Level  string `json:"level"`
	File   string `json:"file"`  // relative to the root, "/"-separated
	Start  string `json:"start"` // first day of the period
	End    string `json:"end"`   // last day of the period
	// Score is Σ w·s / Σ w over the objectives.
	Score float64 `json:"score"`
	// Grade and Status treat the document as committed when all its
	// objectives are committed, else as aspirational.
	Grade      string      `json:"grade"`
	Status     string      `json:"status"`
	Objectives []Objective `json:"objectives"` // file order
}

// Objective is the score of one objective.
type Objective struct {
	ID       string  `json:"id"`
	Ref      string  `json:"ref"`
	Title    string  `json:"title"`
	Type     string  `json:"type"`
	AlignsTo string  `json:"aligns_to"` // "" when not aligned
	Weight   float64 `json:"weight"`
	// Score is Σ w·s / Σ w over the key results.
	Score      float64     `json:"score"`
	Grade      string      `json:"grade"`
	Status     string      `json:"status"`
	KeyResults []KeyResult `json:"key_results"` // file order
}

// KeyResult is the score of one key result. Levels that are not set, and
// Current when no measurement counts, are null in JSON (nil here).
type KeyResult struct {
	ID        string   `json:"id"`
	Ref       string   `json:"ref"`
	Title     string   `json:"title"`
	Type      string   `json:"type"`
	KPI       string   `json:"kpi"` // "" when the key result has its own measurements
	Unit      string   `json:"unit"`
	Aggregate string   `json:"aggregate"`
	Weight    float64  `json:"weight"`
	Baseline  *float64 `json:"baseline"`
	Commit    *float64 `json:"commit"`
	Target    *float64 `json:"target"`
	Stretch   *float64 `json:"stretch"`
	Current   *float64 `json:"current"`
	// LastAt is the at of the latest counted measurement, as written; null
	// when none counts.
	LastAt *string `json:"last_at"`
	Score  float64 `json:"score"`
	// Grade and Status follow the key result's objective's type.
	Grade        string `json:"grade"`
	Status       string `json:"status"`
	Measurements int    `json:"measurements"` // how many counted
	NoData       bool   `json:"no_data"`
}

// Score scores repo as of asOf. It indexes the measurements first; to score
// the same repository several times, use NewIndex and Index.Score.
func Score(repo *model.Repo, asOf model.Date, opts Options) (*Report, error) {
	return NewIndex(repo).Score(asOf, opts)
}

// Score scores the indexed repository as of asOf. Its only error is an
// Options.Period that is neither "", "all" nor a valid period.
//
// For each key result, the measurements that count are those of its metric
// (its KPI if it has one, else its own ref) whose civil date lies between the
// first day of its document's period and min(asOf, the last day), inclusive:
// so a measurement of a key result ref counts for the document of that owner
// whose period contains the measurement's date. Documents whose period is
// invalid are never selected.
func (ix *Index) Score(asOf model.Date, opts Options) (*Report, error) {
	repo := ix.repo
	fy := repo.Config.FiscalYearStartMonth
	var want model.Period
	switch opts.Period {
	case "", AllPeriods:
	default:
		p, err := model.ParsePeriod(opts.Period)
		if err != nil {
			return nil, fmt.Errorf("%w, or %q for every period", err, AllPeriods)
		}
		want = p
	}

	type sel struct {
		doc         *model.Objectives
		first, last model.Date
		n           int // file order
	}
	var docs []sel
	nobj, nkr := 0, 0
	for n, doc := range repo.Objectives {
		if doc.Period.IsZero() || (opts.Owner != "" && doc.Owner != opts.Owner) {
			continue
		}
		first, last := doc.Period.Range(fy)
		switch opts.Period {
		case "":
			if asOf < first || asOf > last {
				continue
			}
		case AllPeriods:
		default:
			if doc.Period != want {
				continue
			}
		}
		docs = append(docs, sel{doc, first, last, n})
		nobj += len(doc.Objectives)
		for _, o := range doc.Objectives {
			nkr += len(o.KeyResults)
		}
	}
	slices.SortFunc(docs, func(a, b sel) int {
		return cmp.Or(
			cmp.Compare(a.doc.Owner, b.doc.Owner),
			cmp.Compare(a.first, b.first),
			cmp.Compare(b.last, a.last), // a year before its first half and quarter
			cmp.Compare(a.n, b.n),
		)
	})

	r := &Report{AsOf: asOf.String(), Owners: make([]Owner, len(docs))}
	// A few large allocations rather than one per objective, key result and
	// number: each list is a full slice expression of one of these.
	objs := make([]Objective, nobj)
	krs := make([]KeyResult, nkr)
	ats := make([]string, nkr)
	nums := make([]float64, 0, 5*nkr) // never grows: pointers into it stay put
	num := func(n model.Num) *float64 {
		if !n.Set {
			return nil
		}
		nums = append(nums, n.V)
		return &nums[len(nums)-1]
	}
	for i, s := range docs {
		doc := s.doc
		end := min(asOf, s.last)
		ow := Owner{
			Owner:      doc.Owner,
			Period:     doc.Period.String(),
			Level:      cmp.Or(doc.Level, "team"),
			File:       doc.Pos.File,
			Start:      s.first.String(),
			End:        s.last.String(),
			Objectives: objs[:len(doc.Objectives):len(doc.Objectives)],
		}
		objs = objs[len(doc.Objectives):]
		var ows, oww float64
		allCommitted := len(doc.Objectives) > 0
		for j, o := range doc.Objectives {
			committed := o.Type == model.Committed
			allCommitted = allCommitted && committed
			ob := Objective{
				ID:         o.ID,
				Ref:        o.Ref,
				Title:      o.Title,
				Type:       cmp.Or(o.Type, model.Aspirational),
				AlignsTo:   o.AlignsTo,
				Weight:     weight(o.Weight),
				KeyResults: krs[:len(o.KeyResults):len(o.KeyResults)],
			}
			krs = krs[len(o.KeyResults):]
			var ws, ww float64
			for k, kr := range o.KeyResults {
				agg := aggregate{kind: kr.Aggregate}
				var lastP *point
				window(ix.series(kr.Metric()), s.first, end, func(p *point) {
					agg.add(p.value)
					lastP = p
				})
				out := &ob.KeyResults[k]
				*out = KeyResult{
					ID:           kr.ID,
					Ref:          kr.Ref,
					Title:        kr.Title,
					Type:         cmp.Or(kr.Type, model.Metric),
					KPI:          kr.KPI,
					Unit:         kr.Unit,
					Aggregate:    cmp.Or(kr.Aggregate, model.Last),
					Weight:       weight(kr.Weight),
					Baseline:     num(kr.Baseline),
					Commit:       num(kr.Commit),
					Target:       num(kr.Target),
					Stretch:      num(kr.Stretch),
					Measurements: agg.n,
				}
				if cur, ok := agg.value(); ok {
					out.Score = KeyResultScore(kr, cur)
					if !math.IsInf(cur, 0) && !math.IsNaN(cur) {
						out.Current = num(model.Some(cur))
					}
					ats[0] = ix.atText(lastP)
					out.LastAt = &ats[0]
				} else {
					out.NoData = true
				}
				ats = ats[1:]
				out.Grade = Grade(out.Score, committed, repo.Config)
				out.Status = Status(out.Score, committed, s.first, s.last, asOf)
				ws += out.Weight * out.Score
				ww += out.Weight
			}
			ob.Score = mean(ws, ww)
			ob.Grade = Grade(ob.Score, committed, repo.Config)
			ob.Status = Status(ob.Score, committed, s.first, s.last, asOf)
			ows += ob.Weight * ob.Score
			oww += ob.Weight
			ow.Objectives[j] = ob
		}
		ow.Score = mean(ows, oww)
		ow.Grade = Grade(ow.Score, allCommitted, repo.Config)
		ow.Status = Status(ow.Score, allCommitted, s.first, s.last, asOf)
		r.Owners[i] = ow
	}
	return r, nil
}

// OwnerScore returns the score of the Objectives document doc of the
// indexed repository as of asOf: what Score reports as its Owner's score,
// without the rest of the report. doc's period must be valid.
func (ix *Index) OwnerScore(doc *model.Objectives, asOf model.Date) float64 {
	first, last := doc.Period.Range(ix.repo.Config.FiscalYearStartMonth)
	end := min(asOf, last)
	var ows, oww float64
	for _, o := range doc.Objectives {
		var ws, ww float64
		for _, kr := range o.KeyResults {
			agg := aggregate{kind: kr.Aggregate}
			window(ix.series(kr.Metric()), first, end, func(p *point) { agg.add(p.value) })
			s := 0.0
			if cur, ok := agg.value(); ok {
				s = KeyResultScore(kr, cur)
			}
			w := weight(kr.Weight)
			ws += w * s
			ww += w
		}
		w := weight(o.Weight)
		ows += w * mean(ws, ww)
		oww += w
	}
	return mean(ows, oww)
}

// weight returns w, or 1 for a weight that is not a positive finite number
// (a validation error; the loader defaults an absent weight to 1).
func weight(w float64) float64 {
	if w > 0 && !math.IsInf(w, 0) {
		return w
	}
	return 1
}

// mean returns Σ w·s / Σ w, or 0 with nothing to average.
func mean(ws, ww float64) float64 {
	if ww == 0 {
		return 0
	}
	return clamp(ws / ww)
}
