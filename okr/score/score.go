package score

import (
	"cmp"
	"math"

	"github.com/okr-as-code/okr/okr/model"
)

// Options selects what Score scores.
type Options struct {
	// Period selects Objectives documents: "" (the default) those whose
	// period contains the as-of date, "all" every document, else the
	// documents of exactly that period, such as "2026-Q4" (a year's
	// documents are not those of its quarters).
	Period string
	// Owner, when not empty, keeps the documents owned by Owner and, from
	// every other selected document, the key results whose owner is Owner
	// (with their objectives): objective and owner scores stay those of the
	// whole document; only the rows reported are narrowed. For KPIs it
	// keeps that owner's KPIs.
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
	Grade  string `json:"grade"`
	Status string `json:"status"`
	// ForecastScore is the same weighted mean over the objectives' forecast
	// scores, taking an objective's score where it has none; nil (null)
	// when no key result of the document has a forecast. ForecastGrade is
	// its grade.
	ForecastScore *float64    `json:"forecast_score"`
	ForecastGrade *string     `json:"forecast_grade"`
	Objectives    []Objective `json:"objectives"` // file order
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
	Score  float64 `json:"score"`
	Grade  string  `json:"grade"`
	Status string  `json:"status"`
	// ForecastScore is Σ w·f / Σ w over the key results, f a key result's
	// forecast score or, without a forecast, its score; nil (null) when
	// none of them has a forecast. ForecastGrade is its grade.
	ForecastScore *float64    `json:"forecast_score"`
	ForecastGrade *string     `json:"forecast_grade"`
	KeyResults    []KeyResult `json:"key_results"` // file order
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
	// Owner is the key result's owner, the person who checks in; "" when
	// none.
	Owner string `json:"owner"`
	// Confidence is that of the latest counted measurement that carries
	// one (0..10), ConfidenceAt that measurement's at as written; both nil
	// (null) when none does.
	Confidence   *int    `json:"confidence"`
	ConfidenceAt *string `json:"confidence_at"`
	// Forecast is where the key result is projected to land on the
	// period's last day (SPEC §2); nil (null) without one.
	Forecast *Forecast `json:"forecast"`
	// NeededPerWeek is (target − current) / days left × 7, 0 when current
	// meets the target; nil (null) for a milestone, without a current, or
	// on and after the period's last day.
	NeededPerWeek *float64 `json:"needed_per_week"`
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
	docs, err := ix.selectDocs(asOf, opts)
	if err != nil {
		return nil, err
	}
	nobj, nkr := 0, 0
	for _, s := range docs {
		nobj += len(s.doc.Objectives)
		for _, o := range s.doc.Objectives {
			nkr += len(o.KeyResults)
		}
	}

	r := &Report{AsOf: asOf.String(), Owners: make([]Owner, len(docs))}
	// A few large allocations rather than one per objective, key result and
	// number: each list is a full slice expression of one of these.
	objs := make([]Objective, nobj)
	krs := make([]KeyResult, nkr)
	ats := make([]string, nkr)
	fcs := make([]Forecast, nkr)
	nums := make([]float64, 0, 8*nkr) // never grows: pointers into it stay put
	num := func(n model.Num) *float64 {
		// A level of .inf or .nan is a validation error, and no number:
		// null, as an unset one.
		if !n.Set || math.IsInf(n.V, 0) || math.IsNaN(n.V) {
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
		var ows, oww, fows float64
		oe := weightExp(len(doc.Objectives), func(j int) float64 { return doc.Objectives[j].Weight })
		docForecasts := false
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
			var ws, ww, fws float64
			ke := weightExp(len(o.KeyResults), func(k int) float64 { return o.KeyResults[k].Weight })
			forecasts := false
			for k, kr := range o.KeyResults {
				agg := aggregate{kind: kr.Aggregate}
				var lastP, confP *point
				fc := newForecaster(kr, s.first, s.last, asOf)
				window(ix.series(kr.Metric()), s.first, end, func(p *point) {
					agg.add(p.value)
					lastP = p
					if p.conf >= 0 {
						confP = p
					}
					fc.add(p.day, s.first, p.value)
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
					Owner:        kr.Owner,
				}
				cur, ok := agg.value()
				if ok {
					out.Score = KeyResultScore(kr, cur)
					if !math.IsInf(cur, 0) && !math.IsNaN(cur) {
						out.Current = num(model.Some(cur))
					}
					ats[0] = ix.atText(lastP)
					out.LastAt = &ats[0]
					if v, ok := NeededPerWeek(kr, cur, int(s.last-asOf)); ok {
						out.NeededPerWeek = num(model.Some(v))
					}
				} else {
					out.NoData = true
				}
				ats = ats[1:]
				if confP != nil {
					c := int(confP.conf)
					out.Confidence = &c
					out.ConfidenceAt = ref(ix.atText(confP))
				}
				if low, high, band, has := fc.forecast(kr, cur, ok, committed, s.first, s.last, asOf, repo.Config, &fcs[0]); has {
					out.Forecast = &fcs[0]
					if band {
						out.Forecast.Low, out.Forecast.High = num(model.Some(low)), num(model.Some(high))
					}
				}
				fcs = fcs[1:]
				out.Grade = Grade(out.Score, committed, repo.Config)
				out.Status = Status(out.Score, committed, s.first, s.last, asOf)
				w := math.Ldexp(out.Weight, -ke)
				ws += w * out.Score
				ww += w
				if out.Forecast != nil {
					forecasts = true
					fws += w * out.Forecast.Score
				} else {
					fws += w * out.Score
				}
			}
			ob.Score = mean(ws, ww)
			ob.Grade = Grade(ob.Score, committed, repo.Config)
			ob.Status = Status(ob.Score, committed, s.first, s.last, asOf)
			w := math.Ldexp(ob.Weight, -oe)
			ows += w * ob.Score
			oww += w
			if forecasts {
				docForecasts = true
				ob.ForecastScore, ob.ForecastGrade = forecastScore(fws, ww, committed, repo.Config)
				fows += w * *ob.ForecastScore
			} else {
				fows += w * ob.Score
			}
			ow.Objectives[j] = ob
		}
		ow.Score = mean(ows, oww)
		ow.Grade = Grade(ow.Score, allCommitted, repo.Config)
		ow.Status = Status(ow.Score, allCommitted, s.first, s.last, asOf)
		if docForecasts {
			ow.ForecastScore, ow.ForecastGrade = forecastScore(fows, oww, allCommitted, repo.Config)
		}
		if opts.Owner != "" && doc.Owner != opts.Owner {
			ow.Objectives = ownedRows(ow.Objectives, opts.Owner)
		}
		r.Owners[i] = ow
	}
	return r, nil
}

// forecastScore is the weighted mean Σ w·f / Σ w of forecast scores and its
// grade.
func forecastScore(fws, ww float64, committed bool, cfg model.Config) (*float64, *string) {
	v := mean(fws, ww)
	g := Grade(v, committed, cfg)
	return &v, &g
}

// ownsKeyResult reports whether a key result of doc has owner as its owner.
func ownsKeyResult(doc *model.Objectives, owner string) bool {
	for _, o := range doc.Objectives {
		for _, kr := range o.KeyResults {
			if kr.Owner == owner {
				return true
			}
		}
	}
	return false
}

// ownedRows keeps the key results whose owner is owner, and the objectives
// that hold one; it reuses objs' storage.
func ownedRows(objs []Objective, owner string) []Objective {
	out := objs[:0]
	for _, ob := range objs {
		krs := ob.KeyResults[:0]
		for _, k := range ob.KeyResults {
			if k.Owner == owner {
				krs = append(krs, k)
			}
		}
		if len(krs) > 0 {
			ob.KeyResults = krs
			out = append(out, ob)
		}
	}
	return out
}

// OwnerScore returns the score of the Objectives document doc of the
// indexed repository as of asOf: what Score reports as its Owner's score,
// without the rest of the report. doc's period must be valid.
func (ix *Index) OwnerScore(doc *model.Objectives, asOf model.Date) float64 {
	first, last := doc.Period.Range(ix.repo.Config.FiscalYearStartMonth)
	end := min(asOf, last)
	var ows, oww float64
	oe := weightExp(len(doc.Objectives), func(j int) float64 { return doc.Objectives[j].Weight })
	for _, o := range doc.Objectives {
		var ws, ww float64
		ke := weightExp(len(o.KeyResults), func(k int) float64 { return o.KeyResults[k].Weight })
		for _, kr := range o.KeyResults {
			agg := aggregate{kind: kr.Aggregate}
			window(ix.series(kr.Metric()), first, end, func(p *point) { agg.add(p.value) })
			s := 0.0
			if cur, ok := agg.value(); ok {
				s = KeyResultScore(kr, cur)
			}
			w := math.Ldexp(weight(kr.Weight), -ke)
			ws += w * s
			ww += w
		}
		w := math.Ldexp(weight(o.Weight), -oe)
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

// weightExp returns the binary exponent e of the largest of the n weights
// w(i) (each as weight makes it), so that the weighted means use the weights
// scaled by 2^−e (math.Ldexp(w, −e)), which lie in [2^−1075, 1): Σ w cannot
// overflow (two weights of 1e308) nor Σ w·s underflow (weights of 5e-324).
// Scaling by a power of two is exact, so ordinary weights give the same
// bits as unscaled ones; a weight negligible beside the largest (5e-324
// beside 1e308) may scale to 0 and then counts for nothing, as in exact
// arithmetic it counts for less than 2^−1000.
func weightExp(n int, w func(i int) float64) int {
	hi := 0.0
	for i := range n {
		hi = max(hi, weight(w(i)))
	}
	if hi == 0 {
		return 0
	}
	_, e := math.Frexp(hi)
	return e
}

// mean returns Σ w·s / Σ w, or 0 with nothing to average.
func mean(ws, ww float64) float64 {
	if ww == 0 {
		return 0
	}
	return clamp(ws / ww)
}
