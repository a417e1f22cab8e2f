package score

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/okr-as-code/okr/okr/model"
)

// Kinds of DueItem.
const (
	DueKeyResult = "key_result"
	DueKPI       = "kpi"
)

// DueReport lists the check-ins due as of a date (SPEC §2, "Check-ins
// due"). Its JSON is the `okr due --format json` output.
type DueReport struct {
	AsOf string    `json:"as_of"`
	Due  []DueItem `json:"due"` // by person, then most overdue first, then ref
	// Documents is how many Objectives documents the options selected,
	// whether or not their period contains as-of.
	Documents int `json:"-"`
}

// DueItem is one key result or KPI whose check-in is due.
type DueItem struct {
	Kind  string `json:"kind"`  // key_result | kpi
	Ref   string `json:"ref"`   // a key result's ref, a KPI's id
	Title string `json:"title"` // a key result's title, a KPI's name
	// Owner is the person who owes the check-in: the key result's owner,
	// else its document's owner; a KPI's owner.
	Owner string `json:"owner"`
	// Name is the person's name from the People documents (SPEC §5), or
	// Owner itself when none names them.
	Name          string `json:"name"`
	DocumentOwner string `json:"document_owner"` // the key result's document's owner, or the KPI's
	Period        string `json:"period"`         // the key result's document's period; "" for a KPI
	File          string `json:"file"`           // where the key result or KPI is defined
	Cadence       string `json:"cadence"`        // daily | weekly | biweekly | monthly | quarterly
	// LastAt is the at, as written, of the latest counted measurement; nil
	// (null) when there is none.
	LastAt *string `json:"last_at"`
	// SinceDays is as-of minus the last measurement's date (or, for a key
	// result without one, minus the day before its period's first day).
	SinceDays int `json:"since_days"`
	// OverdueDays is SinceDays minus the cadence's days: always ≥ 1.
	OverdueDays int `json:"overdue_days"`
}

// DefaultCadence is the check-in cadence of a key result when neither it
// nor okr.yaml names one.
const DefaultCadence = "weekly"

// Cadence returns the check-in cadence of kr in a repository configured
// with cfg: its own cadence, else okr.yaml's checkin_cadence, else weekly.
// A cadence that is not a known word (a validation error) is passed over.
func Cadence(kr *model.KeyResult, cfg model.Config) string {
	for _, c := range []string{kr.Cadence, cfg.CheckinCadence} {
		if model.CadenceDays(c) > 0 {
			return c
		}
	}
	return DefaultCadence
}

// Due lists the check-ins due in repo as of asOf; it indexes the
// measurements first.
func Due(repo *model.Repo, asOf model.Date, opts Options) (*DueReport, error) {
	return NewIndex(repo).Due(asOf, opts)
}

// Due lists the check-ins due as of asOf in the indexed repository (SPEC
// §2):
//
//   - Key results of the documents opts selects (as Score selects them,
//     Owner keeping the owner's documents and the key results it owns
//     elsewhere), only while their document's period contains asOf, and
//     not those that read a KPI (the KPI is due instead). With cadence c
//     (Cadence) and last the date of the latest counted measurement, or the
//     day before the period's first day without one, since = asOf − last;
//     due when since > c, by since − c days.
//   - KPIs with a known cadence (opts.Owner, when set, keeps that owner's),
//     by the same rule with last their last measurement dated on or before
//     asOf; a KPI never measured by then is not listed.
//
// Its only error is an Options.Period that is neither "", "all" nor a
// valid period.
func (ix *Index) Due(asOf model.Date, opts Options) (*DueReport, error) {
	repo := ix.repo
	docs, err := ix.selectDocs(asOf, opts)
	if err != nil {
		return nil, err
	}
	r := &DueReport{AsOf: asOf.String(), Due: []DueItem{}, Documents: len(docs)}
	for _, s := range docs {
		doc := s.doc
		if asOf < s.first || asOf > s.last {
			continue
		}
		whole := opts.Owner == "" || doc.Owner == opts.Owner
		for _, o := range doc.Objectives {
			for _, kr := range o.KeyResults {
				if kr.KPI != "" || (!whole && kr.Owner != opts.Owner) {
					continue
				}
				cadence := Cadence(kr, repo.Config)
				last := s.first - 1
				var lastP *point
				window(ix.series(kr.Ref), s.first, asOf, func(p *point) { lastP = p })
				if lastP != nil {
					last = lastP.day
				}
				since := int(asOf - last)
				over := since - model.CadenceDays(cadence)
				if over <= 0 {
					continue
				}
				item := DueItem{
					Kind:          DueKeyResult,
					Ref:           kr.Ref,
					Title:         kr.Title,
					Owner:         cmp.Or(kr.Owner, doc.Owner),
					DocumentOwner: doc.Owner,
					Period:        doc.Period.String(),
					File:          kr.Pos.File,
					Cadence:       cadence,
					SinceDays:     since,
					OverdueDays:   over,
				}
				if item.File == "" {
					item.File = doc.Pos.File
				}
				if lastP != nil {
					item.LastAt = ref(ix.atText(lastP))
				}
				r.Due = append(r.Due, item)
			}
		}
	}
	for _, k := range repo.KPIs {
		days := model.CadenceDays(k.Cadence)
		if days == 0 || (opts.Owner != "" && k.Owner != opts.Owner) {
			continue
		}
		h := ix.kpi(k, asOf)
		if h.LastAt == nil {
			continue // never measured: not listed
		}
		if over := *h.AgeDays - days; over > 0 {
			r.Due = append(r.Due, DueItem{
				Kind:          DueKPI,
				Ref:           k.ID,
				Title:         k.Name,
				Owner:         k.Owner,
				DocumentOwner: k.Owner,
				File:          k.Pos.File,
				Cadence:       k.Cadence,
				LastAt:        h.LastAt,
				SinceDays:     *h.AgeDays,
				OverdueDays:   over,
			})
		}
	}
	people := model.PeopleOf(repo)
	for i := range r.Due {
		r.Due[i].Name = people.Name(r.Due[i].Owner)
	}
	slices.SortStableFunc(r.Due, func(a, b DueItem) int {
		return cmp.Or(
			cmp.Compare(a.Owner, b.Owner),
			cmp.Compare(b.OverdueDays, a.OverdueDays),
			cmp.Compare(a.Ref, b.Ref),
			cmp.Compare(a.Kind, b.Kind),
		)
	})
	return r, nil
}

// docSel is a selected Objectives document with its period's days and its
// index in file order.
type docSel struct {
	doc         *model.Objectives
	first, last model.Date
	n           int
}

// selectDocs returns the documents opts selects as of asOf, sorted by
// owner, then period start (a longer period first), then file order.
func (ix *Index) selectDocs(asOf model.Date, opts Options) ([]docSel, error) {
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
	var docs []docSel
	for n, doc := range repo.Objectives {
		if doc.Period.IsZero() || (opts.Owner != "" && doc.Owner != opts.Owner && !ownsKeyResult(doc, opts.Owner)) {
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
		docs = append(docs, docSel{doc, first, last, n})
	}
	slices.SortFunc(docs, func(a, b docSel) int {
		return cmp.Or(
			cmp.Compare(a.doc.Owner, b.doc.Owner),
			cmp.Compare(a.first, b.first),
			cmp.Compare(b.last, a.last), // a year before its first half and quarter
			cmp.Compare(a.n, b.n),
		)
	})
	return docs, nil
}
