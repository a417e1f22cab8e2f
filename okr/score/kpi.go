package score

import (
	"cmp"
	"slices"

	"github.com/okr-as-code/okr/okr/model"
)

// KPI health values; the grades Green, Yellow and Red, and Unknown.
const Unknown = "unknown"

// Trends of a KPI: its last value compared with the previous one.
const (
	Up   = "up"
	Down = "down"
	Flat = "flat"
	None = "none" // fewer than two measurements
)

// KPIReport is the health of the KPIs as of a date. Its JSON is the
// `okr kpi --format json` output.
type KPIReport struct {
	AsOf string      `json:"as_of"`
	KPIs []KPIHealth `json:"kpis"` // by id, then file order
}

// KPIHealth is the health of one KPI. Numbers and dates that do not exist
// are null in JSON (nil here).
type KPIHealth struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Owner     string   `json:"owner"`
	Unit      string   `json:"unit"`
	Direction string   `json:"direction"`
	Target    *float64 `json:"target"`
	Warn      *float64 `json:"warn"`
	Cadence   string   `json:"cadence"`
	// Last is the value of the last measurement whose date is on or before
	// the as-of date (latest instant; ties: read last), LastAt its at as
	// written.
	Last   *float64 `json:"last"`
	LastAt *string  `json:"last_at"`
	// Previous is the measurement just before the last, in the same order.
	Previous   *float64 `json:"previous"`
	PreviousAt *string  `json:"previous_at"`
	// Trend is up, down or flat (Last against Previous), none without a
	// previous value. It is the raw direction; Direction says which is
	// better.
	Trend  string `json:"trend"`
	Health string `json:"health"` // green | yellow | red | unknown
	// Stale is true when the last measurement is more than the cadence's
	// days old (1, 7, 14, 31, 92) as of the date, or when there is none. A KPI
	// without a known cadence is never stale.
	Stale bool `json:"stale"`
	// AgeDays is as-of minus the last measurement's date, in days.
	AgeDays      *int `json:"age_days"`
	Measurements int  `json:"measurements"` // dated on or before as-of
}

// KPIs reports the health of repo's KPIs as of asOf; it indexes the
// measurements first.
func KPIs(repo *model.Repo, asOf model.Date, opts Options) *KPIReport {
	return NewIndex(repo).KPIs(asOf, opts)
}

// KPIs reports the health of the indexed repository's KPIs as of asOf,
// narrowed to opts.Owner when set (opts.Period does not apply).
func (ix *Index) KPIs(asOf model.Date, opts Options) *KPIReport {
	kpis := make([]*model.KPI, 0, len(ix.repo.KPIs))
	for _, k := range ix.repo.KPIs {
		if opts.Owner == "" || k.Owner == opts.Owner {
			kpis = append(kpis, k)
		}
	}
	slices.SortStableFunc(kpis, func(a, b *model.KPI) int { return cmp.Compare(a.ID, b.ID) })
	r := &KPIReport{AsOf: asOf.String(), KPIs: make([]KPIHealth, len(kpis))}
	for i, k := range kpis {
		r.KPIs[i] = ix.kpi(k, asOf)
	}
	return r
}

func (ix *Index) kpi(k *model.KPI, asOf model.Date) KPIHealth {
	h := KPIHealth{
		ID:        k.ID,
		Name:      k.Name,
		Owner:     k.Owner,
		Unit:      k.Unit,
		Direction: k.Direction,
		Target:    optional(k.Target),
		Warn:      optional(k.Warn),
		Cadence:   k.Cadence,
		Trend:     None,
		Health:    Unknown,
	}
	s := ix.series(k.ID)
	// Points before lo are certainly dated before asOf; in [lo, hi) the
	// date decides; from hi on they are certainly after it.
	lo, hi := lowerBound(s, asOf-slack), lowerBound(s, asOf+slack+1)
	h.Measurements = lo
	var last, prev *point
	for i := hi - 1; i >= 0; i-- {
		p := &s[i]
		if p.day > asOf {
			continue
		}
		if i >= lo {
			h.Measurements++
		}
		switch {
		case last == nil:
			last = p
		case prev == nil:
			prev = p
		}
		if prev != nil && i < lo {
			break
		}
	}
	days := model.CadenceDays(k.Cadence)
	if last == nil {
		h.Stale = days > 0
		return h
	}
	h.Last, h.LastAt = optional(model.Some(last.value)), ref(ix.atText(last))
	age := int(asOf - last.day)
	h.AgeDays = &age
	h.Stale = days > 0 && age > days
	if prev != nil {
		h.Previous, h.PreviousAt = optional(model.Some(prev.value)), ref(ix.atText(prev))
		switch {
		case last.value > prev.value:
			h.Trend = Up
		case last.value < prev.value:
			h.Trend = Down
		default:
			h.Trend = Flat
		}
	}
	h.Health = Health(last.value, k)
	return h
}

// Health grades a KPI value: green when it meets the target (≥ for a KPI
// whose direction is increase, ≤ for decrease), yellow when it meets warn,
// else red; unknown when the KPI has no target or no known direction.
func Health(v float64, k *model.KPI) string {
	meets := func(bound float64) bool {
		if k.Direction == model.Decrease {
			return v <= bound
		}
		return v >= bound
	}
	switch {
	case !k.Target.Set || (k.Direction != model.Increase && k.Direction != model.Decrease):
		return Unknown
	case meets(k.Target.V):
		return Green
	case k.Warn.Set && meets(k.Warn.V):
		return Yellow
	}
	return Red
}

func optional(n model.Num) *float64 {
	if !n.Set {
		return nil
	}
	v := n.V
	return &v
}

// atText is a measurement's at as written (its date when not recorded).
func (ix *Index) atText(p *point) string {
	return ix.repo.Measurements[p.i].AtString()
}

func ref(s string) *string { return &s }
