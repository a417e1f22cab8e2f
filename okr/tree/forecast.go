package tree

import "github.com/okr-as-code/okr/okr/score"

// forecastScore is the objective's forecast score; nil until the score
// report carries forecasts.
func forecastScore(o *score.Objective) *float64 {
	return nil
}
