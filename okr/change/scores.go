package change

import (
	"cmp"
	"math"
	"slices"

	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/score"
)

// Key names a score: Ref is <owner> for an owner's score (its Objectives
// document for Period), <owner>/<objective> for an objective's or
// <owner>/<objective>/<kr> for a key result's.
type Key struct {
	Period string // such as 2026-Q4
	Ref    string
}

// ScoreFunc scores a repository: the score of every owner and objective it
// knows, by Key. Compare calls it once for the base and once for the head.
type ScoreFunc func(repo *model.Repo) map[Key]float64

// ScoreChange is a score that changed, appeared or disappeared.
type ScoreChange struct {
	Ref    string   `json:"ref"`
	Period string   `json:"period"`
	Old    *float64 `json:"old"` // nil when the base has no such score
	New    *float64 `json:"new"` // nil when the head has no such score
}

// Epsilon is how much a score must move to count as changed.
const Epsilon = 1e-9

// ScoresAsOf returns a ScoreFunc that scores every Objectives document with
// a valid period, its owner, its objectives and their key results, as of
// asOf (score.Score with
// every period). When an (owner, period) is defined twice (a validation
// error), the first document in file order wins.
func ScoresAsOf(asOf model.Date) ScoreFunc {
	return func(repo *model.Repo) map[Key]float64 {
		m := map[Key]float64{}
		r, err := score.Score(repo, asOf, score.Options{Period: score.AllPeriods})
		if err != nil { // only for a bad Options.Period
			return m
		}
		for _, o := range r.Owners {
			k := Key{o.Period, o.Owner}
			if _, dup := m[k]; dup {
				continue
			}
			m[k] = o.Score
			for _, ob := range o.Objectives {
				if k := (Key{o.Period, ob.Ref}); !has(m, k) {
					m[k] = ob.Score
				}
				for _, kr := range ob.KeyResults {
					if k := (Key{o.Period, kr.Ref}); !has(m, k) {
						m[k] = kr.Score
					}
				}
			}
		}
		return m
	}
}

func has(m map[Key]float64, k Key) bool {
	_, ok := m[k]
	return ok
}

// scores lists the keys whose score differs by more than Epsilon, or that
// only one side has. A score that is not finite counts as absent.
func (c *comparer) scores(base, head map[Key]float64) []ScoreChange {
	out := []ScoreChange{}
	for k, b := range base {
		if !finite(b) {
			continue
		}
		h, ok := head[k]
		switch {
		case !ok || !finite(h):
			out = append(out, ScoreChange{Ref: k.Ref, Period: k.Period, Old: &b})
		case math.Abs(h-b) > Epsilon:
			out = append(out, ScoreChange{Ref: k.Ref, Period: k.Period, Old: &b, New: &h})
		}
	}
	for k, h := range head {
		if !finite(h) {
			continue
		}
		if b, ok := base[k]; !ok || !finite(b) {
			out = append(out, ScoreChange{Ref: k.Ref, Period: k.Period, New: &h})
		}
	}
	slices.SortFunc(out, func(a, b ScoreChange) int {
		return cmp.Or(c.comparePeriods(a.Period, b.Period), CompareRefs(a.Ref, b.Ref))
	})
	return out
}

func finite(f float64) bool { return !math.IsInf(f, 0) && !math.IsNaN(f) }
