package score

import (
	"strconv"

	"fmt"

	"github.com/okr-as-code/okr/okr/model"
)

// Helpers that build a model.Repo the way the loader fills one.

func date(s string) model.Date {
	d, err := model.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// meas is a measurement of metric at a date or RFC 3339 timestamp.
func meas(metric, at string, v float64) model.Measurement {
	t, d, err := model.ParseAt(at)
	if err != nil {
		panic(err)
	}
	return model.Measurement{Metric: metric, AtText: at, At: t, Day: d, Value: v}
}

// doc builds an Objectives document and wires refs, parents and defaults.
func doc(owner, period string, objs ...*model.Objective) *model.Objectives {
	p, err := model.ParsePeriod(period)
	if err != nil {
		panic(err)
	}
	d := &model.Objectives{
		Pos:        model.Pos{File: fmt.Sprintf("%s/%s.yaml", owner, period), Line: 1, Column: 1},
		Owner:      owner,
		Level:      "team",
		PeriodText: period,
		Period:     p,
		Objectives: objs,
	}
	for _, o := range objs {
		o.Parent = d
		o.Ref = owner + "/" + o.ID
		if o.Type == "" {
			o.Type = model.Aspirational
		}
		if o.Weight == 0 {
			o.Weight = 1
		}
		for _, kr := range o.KeyResults {
			kr.Parent = o
			kr.Ref = o.Ref + "/" + kr.ID
			if kr.Type == "" {
				kr.Type = model.Metric
			}
			if kr.Aggregate == "" {
				kr.Aggregate = model.Last
			}
			if kr.Weight == 0 {
				kr.Weight = 1
			}
		}
	}
	return d
}

func obj(id, typ string, krs ...*model.KeyResult) *model.Objective {
	return &model.Objective{ID: id, Title: "Objective " + id, Type: typ, KeyResults: krs}
}

// metricKR is a metric key result from baseline to target.
func metricKR(id string, baseline, target float64) *model.KeyResult {
	return &model.KeyResult{ID: id, Title: "Key result " + id, Baseline: model.Some(baseline), Target: model.Some(target)}
}

// repo assembles a repository with the default config; measurements
// without a Seq get their read order.
func repo(docs []*model.Objectives, kpis []*model.KPI, ms ...model.Measurement) *model.Repo {
	for i := range ms {
		if ms[i].Seq == 0 {
			ms[i].Seq = i + 1
		}
	}
	return &model.Repo{Config: model.DefaultConfig(), Objectives: docs, KPIs: kpis, Measurements: ms}
}

func f(v float64) *float64 { return &v }
func s(v string) *string   { return &v }
func n(v int) *int         { return &v }

func fmtFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
