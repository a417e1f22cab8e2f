package tree

import "github.com/okr-as-code/okr/okr/score"

// forecastScore is the objective's forecast score, nil without one.
func forecastScore(o *score.Objective) *float64 {
	return o.ForecastScore
}
