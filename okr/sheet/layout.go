package sheet

import (
	"slices"

	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/score"
)

// The layout of okr export and okr import (SPEC §7): the Goals sheet, one
// row per key result, and the KPIs sheet, one row per KPI.
var (
	GoalsColumns = []string{
		"owner", "period", "level", "objective", "objective_title", "objective_type", "aligns_to", "objective_weight",
		"key_result", "title", "type", "kpi", "baseline", "commit", "target", "stretch", "unit", "aggregate", "weight",
		"kr_owner", "cadence", "current", "current_at",
	}
	KPIColumns = []string{"id", "name", "owner", "unit", "direction", "target", "warn", "cadence", "category", "indicator", "description"}
)

// Lists are the columns of fixed words of each sheet and their words: a
// template validates them with a drop-down list.
var (
	GoalsLists = map[string][]string{
		"level": model.Levels, "objective_type": model.ObjectiveTypes, "type": model.KeyResultTypes,
		"aggregate": model.Aggregates, "cadence": model.Cadences,
	}
	KPILists = map[string][]string{"direction": model.Directions, "cadence": model.Cadences, "indicator": model.Indicators}
)

// Goal is one row of the Goals sheet. Numbers absent from the file are
// nil; Level, ObjectiveType, Aggregate and the weights are the values in
// effect (the defaults where the file leaves them out).
type Goal struct {
	Owner, Period, Level                     string
	Objective, ObjectiveTitle, ObjectiveType string
	AlignsTo                                 string
	ObjectiveWeight                          float64
	KeyResult, Title, Type, KPI              string
	Baseline, Commit, Target, Stretch        *float64
	Unit, Aggregate                          string
	Weight                                   float64
	KROwner, Cadence                         string
	Current                                  *float64
	CurrentAt                                *string // the date (or timestamp) of the latest counted measurement
}

// KPIRow is one row of the KPIs sheet.
type KPIRow struct {
	ID, Name, Owner, Unit, Direction string
	Target, Warn                     *float64
	Cadence, Category, Indicator     string
	Description                      string
}

// Export is what okr export writes.
type Export struct {
	AsOf  string
	Goals []Goal
	KPIs  []KPIRow
}

// BuildExport selects the goals as okr score selects them (opts.Period,
// opts.Owner) and returns their rows, with each key result's current
// value as of asOf; and the KPIs that the selected key results read and
// those the selected owners own (every KPI without an owner).
func BuildExport(repo *model.Repo, asOf model.Date, opts score.Options) (*Export, error) {
	r, err := score.Score(repo, asOf, opts)
	if err != nil {
		return nil, err
	}
	docs := map[[2]string]*model.Objectives{}
	for _, d := range repo.Objectives {
		docs[[2]string{d.Owner, d.PeriodText}] = d
	}
	ex := &Export{AsOf: r.AsOf, Goals: []Goal{}, KPIs: []KPIRow{}}
	read := map[string]bool{}
	owners := map[string]bool{}
	for _, o := range r.Owners {
		owners[o.Owner] = true
		doc := docs[[2]string{o.Owner, o.Period}]
		for _, ob := range o.Objectives {
			mob := findObjective(doc, ob.ID)
			for _, k := range ob.KeyResults {
				g := Goal{
					Owner: o.Owner, Period: o.Period, Level: o.Level,
					Objective: ob.ID, ObjectiveTitle: ob.Title, ObjectiveType: ob.Type, AlignsTo: ob.AlignsTo, ObjectiveWeight: ob.Weight,
					KeyResult: k.ID, Title: k.Title, Type: k.Type, KPI: k.KPI,
					Baseline: k.Baseline, Commit: k.Commit, Target: k.Target, Stretch: k.Stretch,
					Unit: k.Unit, Aggregate: k.Aggregate, Weight: k.Weight, KROwner: k.Owner,
					Current: k.Current, CurrentAt: k.LastAt,
				}
				if mkr := findKeyResult(mob, k.ID); mkr != nil {
					g.Cadence = mkr.Cadence
				}
				ex.Goals = append(ex.Goals, g)
				if k.KPI != "" {
					read[k.KPI] = true
				}
			}
		}
	}
	for _, k := range repo.KPIs {
		if opts.Owner != "" && !read[k.ID] && !owners[k.Owner] && k.Owner != opts.Owner {
			continue
		}
		ex.KPIs = append(ex.KPIs, KPIRow{
			ID: k.ID, Name: k.Name, Owner: k.Owner, Unit: k.Unit, Direction: k.Direction,
			Target: numPtr(k.Target), Warn: numPtr(k.Warn), Cadence: k.Cadence, Category: k.Category,
			Indicator: k.Indicator, Description: k.Description,
		})
	}
	slices.SortStableFunc(ex.KPIs, func(a, b KPIRow) int {
		switch {
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}
		return 0
	})
	return ex, nil
}

func findObjective(d *model.Objectives, id string) *model.Objective {
	if d == nil {
		return nil
	}
	for _, o := range d.Objectives {
		if o.ID == id {
			return o
		}
	}
	return nil
}

func findKeyResult(o *model.Objective, id string) *model.KeyResult {
	if o == nil {
		return nil
	}
	for _, k := range o.KeyResults {
		if k.ID == id {
			return k
		}
	}
	return nil
}

func numPtr(n model.Num) *float64 {
	if !n.Set {
		return nil
	}
	v := n.V
	return &v
}

// Template is what okr export --template writes: one example row each.
func Template() *Export {
	f := func(v float64) *float64 { return &v }
	at := "2026-11-09"
	return &Export{
		AsOf: "2026-10-01",
		Goals: []Goal{{
			Owner: "payments", Period: "2026-Q4", Level: "team",
			Objective: "effortless-checkout", ObjectiveTitle: "Make checkout effortless", ObjectiveType: model.Aspirational, ObjectiveWeight: 1,
			KeyResult: "p95-latency", Title: "Cut checkout p95 latency from 800 ms to 300 ms", Type: model.Metric, KPI: "checkout_p95_ms",
			Baseline: f(800), Commit: f(600), Target: f(300), Stretch: f(200), Unit: "ms", Aggregate: model.Last, Weight: 2,
			KROwner: "alice", Cadence: "weekly", Current: f(450), CurrentAt: &at,
		}},
		KPIs: []KPIRow{{
			ID: "checkout_p95_ms", Name: "Checkout p95 latency", Owner: "payments", Unit: "ms", Direction: model.Decrease,
			Target: f(300), Warn: f(500), Cadence: "weekly", Category: "operational", Indicator: "leading",
			Description: "95th percentile of checkout latency",
		}},
	}
}
