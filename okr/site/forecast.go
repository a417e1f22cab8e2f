package site

import (
	"math"

	"github.com/okr-as-code/okr/okr/score"
)

// forecastOf is a key result's forecast to the last day of its period, nil
// without one; Low and High are NaN without a band.
func forecastOf(kr *score.KeyResult) *forecast {
	f := kr.Forecast
	if f == nil {
		return nil
	}
	out := &forecast{Value: f.Value, Low: math.NaN(), High: math.NaN()}
	if f.Low != nil && f.High != nil {
		out.Low, out.High = *f.Low, *f.High
	}
	return out
}

// ownerForecastScore is an owner's forecast score, NaN without one.
func ownerForecastScore(o *score.Owner) float64 {
	if o.ForecastScore == nil {
		return math.NaN()
	}
	return *o.ForecastScore
}
