package site

import (
	"math"

	"github.com/okr-as-code/okr/okr/score"
)

// forecastOf is a key result's forecast to the last day of its period; nil
// while the score report carries none.
func forecastOf(kr *score.KeyResult) *forecast {
	return nil
}

// ownerForecastScore is an owner's forecast score, NaN without one.
func ownerForecastScore(o *score.Owner) float64 {
	return math.NaN()
}
