package change

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"github.com/okr-as-code/okr/okr/model"
)

// Kind says what happened to the thing a Change names.
type Kind string

// Kinds of change, in the order a Diff lists them for one ref.
const (
	Removed  Kind = "removed"
	Added    Kind = "added"
	Modified Kind = "modified"
)

// What a Change's ref names: an owner's Objectives document for a period, an
// objective, a key result or a KPI. An owner and a KPI can share an id; the
// entity (and the KPI's empty period) tells them apart.
const (
	Owner     = "owner"
	Objective = "objective"
	KeyResult = "key_result"
	KPI       = "kpi"
)

// Directions of a moved level.
const (
	Easier = "easier" // toward the baseline (a target or commit lowered on a goal to increase, …)
	Harder = "harder" // away from the baseline
)

// Diff is the semantic difference between two repositories: its JSON is the
// `okr diff --format json` output (SPEC §3).
type Diff struct {
	Base string `json:"base"` // the base revision, as named by the caller
	Head string `json:"head"` // the head revision, as named by the caller
	// AsOf is the date the scores are computed as of, YYYY-MM-DD ("" when
	// Options.AsOf is not set).
	AsOf         string              `json:"as_of"`
	Changes      []Change            `json:"changes"`      // never nil
	Scores       []ScoreChange       `json:"scores"`       // never nil
	Measurements []MeasurementChange `json:"measurements"` // check-ins added or removed; never nil
}

// Change is one thing added, removed or modified.
type Change struct {
	// Ref is <owner> (an Objectives document), <owner>/<objective>,
	// <owner>/<objective>/<kr> or a KPI id.
	Ref  string `json:"ref"`
	Kind Kind   `json:"kind"`
	// Field is the YAML key that changed (target, title, …); empty for
	// added and removed.
	Field string `json:"field"`
	// Old and New are the values before and after: a string, a float64, or
	// nil where absent. For an added or removed objective or key result they
	// are its title, for a KPI its name, for an Objectives document nil.
	Old any `json:"old"`
	New any `json:"new"`
	// AfterPeriodStart is true for a goalpost change (a key result's
	// baseline, commit, target or stretch changed, or a key result,
	// objective or Objectives document added or removed) made on or after
	// the first day of its document's period. It is false for every other
	// change and for KPIs, which have no period.
	AfterPeriodStart bool `json:"after_period_start"`
	// Period is the period of the ref's Objectives document, "" for a KPI.
	Period string `json:"period"`
	// Entity is what Ref names: owner, objective, key_result or kpi.
	Entity string `json:"entity"`
	// Direction is easier or harder for a level (baseline, commit, target,
	// stretch) of a metric, at_least or at_most key result that moved from
	// one number to another, else "".
	Direction string `json:"direction"`
	// Unit is the head's unit of a numeric value that has one (a key
	// result's baseline, commit, target and stretch, a KPI's target and
	// warn), else "". BaseUnit is the base's, for Old. Neither is in the
	// JSON, which `okr report` embeds too: units are in the definitions.
	Unit     string `json:"-"`
	BaseUnit string `json:"-"`
	// Pos is where the change is in the head: the changed field's value,
	// else the added entity, else (removed) the nearest entity that holds
	// it in the head. Its File is zero when the head has none of them (a
	// removed document or KPI).
	Pos model.Pos `json:"-"`
}

// Goalpost reports whether c is a change to a key result's levels or an
// addition or removal of a goal: the changes that can be flagged
// AfterPeriodStart.
func (c Change) Goalpost() bool {
	if c.Entity == KPI {
		return false
	}
	if c.Kind != Modified {
		return true
	}
	return c.Entity == KeyResult && isLevel(c.Field)
}

func isLevel(field string) bool {
	switch field {
	case "baseline", "commit", "target", "stretch":
		return true
	}
	return false
}

// WorkTree is the name of the work tree as a revision, in Diff.Head.
const WorkTree = "work tree"

// Options are what Compare needs besides the two repositories.
type Options struct {
	// Base and Head name the revisions in the Diff ("origin/main",
	// "work tree", …); Compare only copies them.
	Base, Head string
	// Date is when the head's changes were made: the head commit's date, or
	// the as-of date when the head is the work tree. A goalpost change is
	// AfterPeriodStart when Date is on or after the first day of its period.
	Date model.Date
	// Scores, when not nil, scores each repository; the Diff lists the
	// scores that changed.
	Scores ScoreFunc
	// AsOf, when not zero, is the date the scores are computed as of, for
	// Diff.AsOf.
	AsOf model.Date
	// Measurements asks for the check-ins added and removed
	// (Diff.Measurements); without it that list is empty, and Compare
	// costs nothing per measurement.
	Measurements bool
}

// Fields in schema order, as Compare reports them.
var (
	OwnerFields     = []string{"level"}
	ObjectiveFields = []string{"title", "description", "type", "aligns_to", "weight"}
	KeyResultFields = []string{"title", "type", "kpi", "baseline", "commit", "target", "stretch", "unit", "aggregate", "weight", "owner", "cadence"}
	KPIFields       = []string{"name", "owner", "unit", "direction", "target", "warn", "cadence", "category", "indicator", "description"}
)

// Compare returns the changes from base to head, keyed by refs and periods,
// never by file: moving a document to another file, reordering documents,
// objectives or key results, and changing comments or layout are no change.
// A nil repository is an empty one. Fields are compared by their effective
// values, so an omitted type and an explicit default are equal.
//
// An added or removed Objectives document is one change on <owner>, plus one
// for each of its objectives; an added or removed objective is one change,
// its key results going with it. A key result that moves to another
// objective, or an objective to another period, is removed and added.
//
// Periods come from the head's okr.yaml (its fiscal year start month).
func Compare(base, head *model.Repo, opts Options) *Diff {
	if base == nil {
		base = &model.Repo{Config: model.DefaultConfig()}
	}
	if head == nil {
		head = &model.Repo{Config: model.DefaultConfig()}
	}
	c := &comparer{fy: head.Config.FiscalYearStartMonth, date: opts.Date, starts: map[string]model.Date{}}
	c.documents(indexDocs(base), indexDocs(head))
	c.kpis(base.KPIs, head.KPIs)
	d := &Diff{Base: opts.Base, Head: opts.Head, Changes: c.out, Scores: []ScoreChange{}, Measurements: []MeasurementChange{}}
	if opts.Measurements {
		d.Measurements = measurements(base, head)
	}
	if opts.AsOf != 0 {
		d.AsOf = opts.AsOf.String()
	}
	if d.Changes == nil {
		d.Changes = []Change{}
	}
	slices.SortStableFunc(d.Changes, func(a, b Change) int {
		return cmp.Or(
			c.comparePeriods(a.Period, b.Period),
			CompareRefs(a.Ref, b.Ref),
			cmp.Compare(a.Entity, b.Entity), // an owner and a KPI of one name
			cmp.Compare(kindRank(a.Kind), kindRank(b.Kind)),
			cmp.Compare(fieldRank(a.Entity, a.Field), fieldRank(b.Entity, b.Field)),
		)
	})
	if opts.Scores != nil {
		d.Scores = c.scores(opts.Scores(base), opts.Scores(head))
	}
	return d
}

// CompareRefs orders refs segment by segment, so that an owner comes just
// before its objectives ("payments" < "payments/checkout" < "payments-eu").
func CompareRefs(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		ca, cb := a[i], b[i]
		if ca == cb {
			continue
		}
		if ca == '/' {
			return -1
		}
		if cb == '/' {
			return 1
		}
		return cmp.Compare(ca, cb)
	}
	return cmp.Compare(len(a), len(b))
}

func kindRank(k Kind) int {
	switch k {
	case Removed:
		return 0
	case Added:
		return 1
	}
	return 2
}

func fieldRank(entity, field string) int {
	var fs []string
	switch entity {
	case Owner:
		fs = OwnerFields
	case Objective:
		fs = ObjectiveFields
	case KeyResult:
		fs = KeyResultFields
	case KPI:
		fs = KPIFields
	}
	if i := slices.Index(fs, field); i >= 0 {
		return i
	}
	return -1 // added and removed: no field
}

type comparer struct {
	fy     int
	date   model.Date
	starts map[string]model.Date // period text → first day; absent when invalid
	out    []Change
}

// start returns the first day of a period, and false when the period text is
// not a valid period.
func (c *comparer) start(period string) (model.Date, bool) {
	if d, ok := c.starts[period]; ok {
		return d, true
	}
	p, err := model.ParsePeriod(period)
	if err != nil {
		return 0, false
	}
	first, _ := p.Range(c.fy)
	c.starts[period] = first
	return first, true
}

// comparePeriods orders periods by first day, a longer period before a
// shorter one starting the same day (2026, 2026-H1, 2026-Q1, 2026-Q2,
// 2026-H2, …); "" (KPIs) first and invalid periods last, by text.
func (c *comparer) comparePeriods(a, b string) int {
	if a == b {
		return 0
	}
	if a == "" || b == "" {
		return cmp.Compare(a, b)
	}
	pa, ea := model.ParsePeriod(a)
	pb, eb := model.ParsePeriod(b)
	switch {
	case ea != nil && eb != nil:
		return cmp.Compare(a, b)
	case ea != nil:
		return 1
	case eb != nil:
		return -1
	}
	fa, la := pa.Range(c.fy)
	fb, lb := pb.Range(c.fy)
	return cmp.Or(cmp.Compare(fa, fb), cmp.Compare(lb, la), cmp.Compare(a, b))
}

func (c *comparer) after(period string) bool {
	first, ok := c.start(period)
	return ok && c.date >= first
}

func (c *comparer) add(ch Change) {
	if ch.Goalpost() {
		ch.AfterPeriodStart = c.after(ch.Period)
	}
	c.out = append(c.out, ch)
}

// document is an owner's Objectives for a period, with its objectives by id.
// Duplicates (a validation error) merge: the first of each id wins.
type document struct {
	doc  *model.Objectives
	objs map[string]*objective
	ids  []string // first-seen order
}

type objective struct {
	o   *model.Objective
	krs map[string]*model.KeyResult
	ids []string
}

type docKey struct{ owner, period string }

// periodOf is the key of a document's period: the canonical period, or the
// text as written when it is not valid.
func periodOf(d *model.Objectives) string {
	if !d.Period.IsZero() {
		return d.Period.String()
	}
	return d.PeriodText
}

func indexDocs(r *model.Repo) map[docKey]*document {
	docs := map[docKey]*document{}
	for _, d := range r.Objectives {
		k := docKey{d.Owner, periodOf(d)}
		doc := docs[k]
		if doc == nil {
			doc = &document{doc: d, objs: map[string]*objective{}}
			docs[k] = doc
		}
		for _, o := range d.Objectives {
			ob := doc.objs[o.ID]
			if ob == nil {
				ob = &objective{o: o, krs: map[string]*model.KeyResult{}}
				doc.objs[o.ID] = ob
				doc.ids = append(doc.ids, o.ID)
			}
			for _, kr := range o.KeyResults {
				if _, dup := ob.krs[kr.ID]; !dup {
					ob.krs[kr.ID] = kr
					ob.ids = append(ob.ids, kr.ID)
				}
			}
		}
	}
	return docs
}

func (c *comparer) documents(base, head map[docKey]*document) {
	for k, b := range base {
		h := head[k]
		if h == nil {
			c.add(Change{Ref: k.owner, Kind: Removed, Period: k.period, Entity: Owner})
			for _, id := range b.ids {
				o := b.objs[id].o
				c.add(Change{Ref: objRef(k.owner, id), Kind: Removed, Old: o.Title, Period: k.period, Entity: Objective})
			}
			continue
		}
		c.fields(k.owner, k.period, Owner, OwnerFields, ownerValues(b.doc), ownerValues(h.doc), fieldsAt(h.doc.Fields, h.doc.Pos), nil)
		for _, id := range b.ids {
			bo := b.objs[id]
			ho := h.objs[id]
			ref := objRef(k.owner, id)
			if ho == nil {
				c.add(Change{Ref: ref, Kind: Removed, Old: bo.o.Title, Period: k.period, Entity: Objective, Pos: h.doc.Pos})
				continue
			}
			c.fields(ref, k.period, Objective, ObjectiveFields, objectiveValues(bo.o), objectiveValues(ho.o), fieldsAt(ho.o.Fields, ho.o.Pos), nil)
			for _, kid := range bo.ids {
				bk := bo.krs[kid]
				hk := ho.krs[kid]
				kref := ref + "/" + kid
				if hk == nil {
					c.add(Change{Ref: kref, Kind: Removed, Old: bk.Title, Period: k.period, Entity: KeyResult, Pos: ho.o.Pos})
					continue
				}
				c.fields(kref, k.period, KeyResult, KeyResultFields, keyResultValues(bk), keyResultValues(hk), fieldsAt(hk.Fields, hk.Pos), func(ch *Change) {
					ch.Direction = direction(ch.Field, bk, hk)
					if isLevel(ch.Field) {
						ch.Unit, ch.BaseUnit = hk.Unit, bk.Unit
					}
				})
			}
			for _, kid := range ho.ids {
				if kr := ho.krs[kid]; bo.krs[kid] == nil {
					c.add(Change{Ref: ref + "/" + kid, Kind: Added, New: kr.Title, Period: k.period, Entity: KeyResult, Pos: kr.Pos})
				}
			}
		}
		for _, id := range h.ids {
			if o := h.objs[id].o; b.objs[id] == nil {
				c.add(Change{Ref: objRef(k.owner, id), Kind: Added, New: o.Title, Period: k.period, Entity: Objective, Pos: o.Pos})
			}
		}
	}
	for k, h := range head {
		if base[k] != nil {
			continue
		}
		c.add(Change{Ref: k.owner, Kind: Added, Period: k.period, Entity: Owner, Pos: h.doc.Pos})
		for _, id := range h.ids {
			o := h.objs[id].o
			c.add(Change{Ref: objRef(k.owner, id), Kind: Added, New: o.Title, Period: k.period, Entity: Objective, Pos: o.Pos})
		}
	}
}

func objRef(owner, id string) string { return owner + "/" + id }

// fields adds one Modified change per field whose value differs, at the
// position at gives the field in the head; more, when not nil, completes
// each change (its Direction and Unit).
func (c *comparer) fields(ref, period, entity string, names []string, old, new []any, at func(string) model.Pos, more func(*Change)) {
	for i, name := range names {
		if equal(old[i], new[i]) {
			continue
		}
		ch := Change{Ref: ref, Kind: Modified, Field: name, Old: old[i], New: new[i], Period: period, Entity: entity, Pos: at(name)}
		if more != nil {
			more(&ch)
		}
		c.add(ch)
	}
}

// fieldsAt returns where a field's value is written in an entity at pos,
// or pos itself when the field is not written (unset in the head).
func fieldsAt(fs model.Fields, pos model.Pos) func(string) model.Pos {
	return func(field string) model.Pos { return fs.At(field, pos) }
}

func equal(a, b any) bool {
	if fa, ok := a.(float64); ok {
		fb, ok := b.(float64)
		return ok && fa == fb
	}
	return a == b
}

func (c *comparer) kpis(base, head []*model.KPI) {
	bk := map[string]*model.KPI{}
	for _, k := range base {
		if _, dup := bk[k.ID]; !dup {
			bk[k.ID] = k
		}
	}
	hk := map[string]*model.KPI{}
	for _, k := range head {
		if _, dup := hk[k.ID]; !dup {
			hk[k.ID] = k
		}
	}
	for id, b := range bk {
		h := hk[id]
		if h == nil {
			c.add(Change{Ref: id, Kind: Removed, Old: str(b.Name), Entity: KPI})
			continue
		}
		c.fields(id, "", KPI, KPIFields, kpiValues(b), kpiValues(h), fieldsAt(h.Fields, h.Pos), func(ch *Change) {
			if ch.Field == "target" || ch.Field == "warn" {
				ch.Unit, ch.BaseUnit = h.Unit, b.Unit
			}
		})
	}
	for id, h := range hk {
		if bk[id] == nil {
			c.add(Change{Ref: id, Kind: Added, New: str(h.Name), Entity: KPI, Pos: h.Pos})
		}
	}
}

// The effective values of each entity's fields, in the order of its Fields
// list: strings (nil when empty), float64s (nil when unset).

func ownerValues(d *model.Objectives) []any {
	return []any{cmp.Or(d.Level, "team")}
}

func objectiveValues(o *model.Objective) []any {
	return []any{str(o.Title), str(o.Description), cmp.Or(o.Type, model.Aspirational), str(o.AlignsTo), weight(o.Weight)}
}

func keyResultValues(kr *model.KeyResult) []any {
	return []any{
		str(kr.Title), cmp.Or(kr.Type, model.Metric), str(kr.KPI),
		num(kr.Baseline), num(kr.Commit), num(kr.Target), num(kr.Stretch),
		str(kr.Unit), cmp.Or(kr.Aggregate, model.Last), weight(kr.Weight), str(kr.Owner), str(kr.Cadence),
	}
}

func kpiValues(k *model.KPI) []any {
	return []any{
		str(k.Name), str(k.Owner), str(k.Unit), str(k.Direction), num(k.Target), num(k.Warn),
		str(k.Cadence), str(k.Category), str(k.Indicator), str(k.Description),
	}
}

func str(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// num is a set number as a float64; a number JSON cannot carry (±Inf, NaN:
// a validation error) as its text.
func num(n model.Num) any {
	if !n.Set {
		return nil
	}
	if math.IsInf(n.V, 0) || math.IsNaN(n.V) {
		return strconv.FormatFloat(n.V, 'g', -1, 64)
	}
	return n.V
}

// weight is the effective weight: 1 when unset (0 in a model built by hand;
// the loader defaults an absent weight to 1).
func weight(w float64) any {
	if w == 0 {
		return 1.0
	}
	return num(model.Some(w))
}

// direction says whether moving a level from its value in b to its value in
// h made the key result easier or harder, or "" when that is not clear
// (a milestone, a type change, a level set or unset, a metric whose baseline
// and target do not say which way is better).
func direction(field string, b, h *model.KeyResult) string {
	if !isLevel(field) {
		return ""
	}
	typ := cmp.Or(b.Type, model.Metric)
	if cmp.Or(h.Type, model.Metric) != typ {
		return ""
	}
	old, new := level(b, field), level(h, field)
	if !old.Set || !new.Set || !old.Finite() || !new.Finite() || old.V == new.V {
		return ""
	}
	// sense is +1 when higher is better, -1 when lower is better.
	var sense float64
	switch typ {
	case model.AtLeast:
		if field != "target" {
			return ""
		}
		sense = 1
	case model.AtMost:
		if field != "target" {
			return ""
		}
		sense = -1
	case model.Metric:
		sense = metricSense(b)
		if sense == 0 {
			sense = metricSense(h)
		}
	}
	// Any level moved against the goal's direction makes it easier: a
	// target, commit or stretch toward the baseline needs less progress; a
	// baseline away from the target credits more of it.
	switch d := (new.V - old.V) * sense; {
	case d < 0:
		return Easier
	case d > 0:
		return Harder
	}
	return ""
}

func metricSense(kr *model.KeyResult) float64 {
	b, t := kr.Baseline, kr.Target
	if !b.Set || !t.Set || !b.Finite() || !t.Finite() {
		return 0
	}
	switch {
	case t.V > b.V:
		return 1
	case t.V < b.V:
		return -1
	}
	return 0
}

func level(kr *model.KeyResult, field string) model.Num {
	switch field {
	case "baseline":
		return kr.Baseline
	case "commit":
		return kr.Commit
	case "target":
		return kr.Target
	case "stretch":
		return kr.Stretch
	}
	return model.Num{}
}
