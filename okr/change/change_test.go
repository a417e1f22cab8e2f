package change_test

import (
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/okr-as-code/okr/okr/change"
	"github.com/okr-as-code/okr/okr/load"
	"github.com/okr-as-code/okr/okr/model"
)

const paymentsQ4 = `apiVersion: okr/v1
kind: Objectives
owner: payments
period: 2026-Q4
objectives:
  - id: effortless-checkout
    title: Make checkout effortless
    key_results:
      - id: p95-latency
        title: Cut checkout p95 latency
        kpi: checkout_p95_ms
        baseline: 800
        target: 300
        unit: ms
      - id: apple-pay
        title: Launch Apple Pay
        type: milestone
  - id: trusted-payments
    title: Be the payments team merchants trust
    key_results:
      - id: disputes
        title: Resolve disputes within two days
        type: at_most
        target: 2
        unit: days
      - id: uptime
        title: Keep the API up
        type: at_least
        target: 99.9
`

const checkoutKPI = `apiVersion: okr/v1
kind: KPI
id: checkout_p95_ms
name: Checkout p95 latency
owner: payments
unit: ms
direction: decrease
target: 300
cadence: weekly
`

const measurements = `metric,at,value,note
checkout_p95_ms,2026-10-05,780,
checkout_p95_ms,2026-11-09,550,
payments/trusted-payments/disputes,2026-11-01,3,
payments/trusted-payments/uptime,2026-11-01,99.95,
`

const growthQ4 = `apiVersion: okr/v1
kind: Objectives
owner: growth
level: department
period: 2026-Q4
objectives:
  - id: more-merchants
    title: Win merchants we do not have yet
    key_results:
      - id: signups
        title: Sign up merchants
        baseline: 0
        target: 500
`

// files returns the base repository's files with edits applied: each pair
// replaces the first occurrence of old with new in the named file.
func files(edits map[string][][2]string) fstest.MapFS {
	fsys := fstest.MapFS{
		"teams/payments/2026-Q4.yaml": {Data: []byte(paymentsQ4)},
		"kpis/checkout.yaml":          {Data: []byte(checkoutKPI)},
		"measurements/payments.csv":   {Data: []byte(measurements)},
	}
	for name, es := range edits {
		s := string(fsys[name].Data)
		for _, e := range es {
			if !strings.Contains(s, e[0]) {
				panic("edit: " + name + " has no " + e[0])
			}
			s = strings.Replace(s, e[0], e[1], 1)
		}
		fsys[name] = &fstest.MapFile{Data: []byte(s)}
	}
	return fsys
}

func loadRepo(t *testing.T, fsys fstest.MapFS) *model.Repo {
	t.Helper()
	repo, probs, err := load.Load(fsys, load.Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range probs {
		if p.Severity == model.Error {
			t.Fatalf("fixture: %s", p)
		}
	}
	return repo
}

func date(s string) model.Date {
	d, err := model.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

const (
	p95      = "payments/effortless-checkout/p95-latency"
	applePay = "payments/effortless-checkout/apple-pay"
	q4       = "2026-Q4"
)

func TestCompare(t *testing.T) {
	const (
		midQuarter = "2026-11-15"
		before     = "2026-09-20"
	)
	const yaml = "teams/payments/2026-Q4.yaml"
	tests := []struct {
		name string
		head fstest.MapFS // nil: the base itself
		date string
		want []change.Change
	}{
		{
			name: "nothing changed",
			date: midQuarter,
			want: []change.Change{},
		},
		{
			name: "target lowered mid-quarter",
			head: files(map[string][][2]string{yaml: {{"target: 300", "target: 400"}}}),
			date: midQuarter,
			want: []change.Change{
				{Ref: p95, Kind: change.Modified, Field: "target", Old: 300.0, New: 400.0, AfterPeriodStart: true, Period: q4, Entity: change.KeyResult, Direction: change.Easier},
			},
		},
		{
			name: "target changed before the period began",
			head: files(map[string][][2]string{yaml: {{"target: 300", "target: 400"}}}),
			date: before,
			want: []change.Change{
				{Ref: p95, Kind: change.Modified, Field: "target", Old: 300.0, New: 400.0, Period: q4, Entity: change.KeyResult, Direction: change.Easier},
			},
		},
		{
			name: "target changed on the period's first day",
			head: files(map[string][][2]string{yaml: {{"target: 300", "target: 400"}}}),
			date: "2026-10-01",
			want: []change.Change{
				{Ref: p95, Kind: change.Modified, Field: "target", Old: 300.0, New: 400.0, AfterPeriodStart: true, Period: q4, Entity: change.KeyResult, Direction: change.Easier},
			},
		},
		{
			name: "target changed on the day before the period",
			head: files(map[string][][2]string{yaml: {{"target: 300", "target: 400"}}}),
			date: "2026-09-30",
			want: []change.Change{
				{Ref: p95, Kind: change.Modified, Field: "target", Old: 300.0, New: 400.0, Period: q4, Entity: change.KeyResult, Direction: change.Easier},
			},
		},
		{
			name: "levels made harder, set and unset",
			head: files(map[string][][2]string{yaml: {
				{"baseline: 800", "baseline: 700"},
				{"target: 300", "target: 250\n        stretch: 200"},
				{"target: 2\n", "target: 1\n"},
				{"target: 99.9", "target: 99.99"},
			}}),
			date: midQuarter,
			want: []change.Change{
				{Ref: p95, Kind: change.Modified, Field: "baseline", Old: 800.0, New: 700.0, AfterPeriodStart: true, Period: q4, Entity: change.KeyResult, Direction: change.Harder},
				{Ref: p95, Kind: change.Modified, Field: "target", Old: 300.0, New: 250.0, AfterPeriodStart: true, Period: q4, Entity: change.KeyResult, Direction: change.Harder},
				{Ref: p95, Kind: change.Modified, Field: "stretch", Old: nil, New: 200.0, AfterPeriodStart: true, Period: q4, Entity: change.KeyResult},
				{Ref: "payments/trusted-payments/disputes", Kind: change.Modified, Field: "target", Old: 2.0, New: 1.0, AfterPeriodStart: true, Period: q4, Entity: change.KeyResult, Direction: change.Harder},
				{Ref: "payments/trusted-payments/uptime", Kind: change.Modified, Field: "target", Old: 99.9, New: 99.99, AfterPeriodStart: true, Period: q4, Entity: change.KeyResult, Direction: change.Harder},
			},
		},
		{
			name: "baseline moved away from the target is easier",
			head: files(map[string][][2]string{yaml: {{"baseline: 800", "baseline: 900"}, {"target: 2\n", "target: 3\n"}}}),
			date: midQuarter,
			want: []change.Change{
				{Ref: p95, Kind: change.Modified, Field: "baseline", Old: 800.0, New: 900.0, AfterPeriodStart: true, Period: q4, Entity: change.KeyResult, Direction: change.Easier},
				{Ref: "payments/trusted-payments/disputes", Kind: change.Modified, Field: "target", Old: 2.0, New: 3.0, AfterPeriodStart: true, Period: q4, Entity: change.KeyResult, Direction: change.Easier},
			},
		},
		{
			name: "key result added",
			head: files(map[string][][2]string{yaml: {{"        target: 99.9\n", "        target: 99.9\n      - id: refunds\n        title: Refund within a day\n        type: at_most\n        target: 1\n"}}}),
			date: midQuarter,
			want: []change.Change{
				{Ref: "payments/trusted-payments/refunds", Kind: change.Added, New: "Refund within a day", AfterPeriodStart: true, Period: q4, Entity: change.KeyResult},
			},
		},
		{
			name: "key result removed before the period",
			head: files(map[string][][2]string{yaml: {{"      - id: apple-pay\n        title: Launch Apple Pay\n        type: milestone\n", ""}}}),
			date: before,
			want: []change.Change{
				{Ref: applePay, Kind: change.Removed, Old: "Launch Apple Pay", Period: q4, Entity: change.KeyResult},
			},
		},
		{
			name: "objective title and description",
			head: files(map[string][][2]string{yaml: {{"title: Make checkout effortless", "title: Make checkout fast\n    description: Nobody waits."}}}),
			date: midQuarter,
			want: []change.Change{
				{Ref: "payments/effortless-checkout", Kind: change.Modified, Field: "title", Old: "Make checkout effortless", New: "Make checkout fast", Period: q4, Entity: change.Objective},
				{Ref: "payments/effortless-checkout", Kind: change.Modified, Field: "description", Old: nil, New: "Nobody waits.", Period: q4, Entity: change.Objective},
			},
		},
		{
			name: "file moved and documents merged into one file",
			head: fstest.MapFS{
				"okrs/all.yaml":       {Data: []byte(checkoutKPI + "---\n" + paymentsQ4)},
				"data/measures.csv":   {Data: []byte(measurements)},
				"unrelated/ci.yaml":   {Data: []byte("on: push\n")},
				"unrelated/notes.csv": {Data: []byte("a,b\n1,2\n")},
			},
			date: midQuarter,
			want: []change.Change{},
		},
		{
			name: "objectives and key results reordered",
			head: files(map[string][][2]string{yaml: {
				{"      - id: disputes\n        title: Resolve disputes within two days\n        type: at_most\n        target: 2\n        unit: days\n", ""},
				{"        target: 99.9\n", "        target: 99.9\n      - id: disputes\n        title: Resolve disputes within two days\n        type: at_most\n        target: 2\n        unit: days\n"},
			}}),
			date: midQuarter,
			want: []change.Change{},
		},
		{
			name: "KPI fields",
			head: files(map[string][][2]string{"kpis/checkout.yaml": {{"target: 300", "target: 350\nwarn: 500"}, {"weekly", "daily"}}}),
			date: midQuarter,
			want: []change.Change{
				{Ref: "checkout_p95_ms", Kind: change.Modified, Field: "target", Old: 300.0, New: 350.0, Entity: change.KPI},
				{Ref: "checkout_p95_ms", Kind: change.Modified, Field: "warn", Old: nil, New: 500.0, Entity: change.KPI},
				{Ref: "checkout_p95_ms", Kind: change.Modified, Field: "cadence", Old: "weekly", New: "daily", Entity: change.KPI},
			},
		},
		{
			name: "KPI removed",
			head: fstest.MapFS{"teams/payments/2026-Q4.yaml": {Data: []byte(strings.Replace(paymentsQ4, "        kpi: checkout_p95_ms\n", "", 1))}},
			date: midQuarter,
			want: []change.Change{
				{Ref: "checkout_p95_ms", Kind: change.Removed, Old: "Checkout p95 latency", Entity: change.KPI},
				{Ref: p95, Kind: change.Modified, Field: "kpi", Old: "checkout_p95_ms", New: nil, Period: q4, Entity: change.KeyResult},
			},
		},
		{
			name: "key result moved between objectives",
			head: files(map[string][][2]string{yaml: {
				{"      - id: apple-pay\n        title: Launch Apple Pay\n        type: milestone\n", ""},
				{"        target: 99.9\n", "        target: 99.9\n      - id: apple-pay\n        title: Launch Apple Pay\n        type: milestone\n"},
			}}),
			date: midQuarter,
			want: []change.Change{
				{Ref: applePay, Kind: change.Removed, Old: "Launch Apple Pay", AfterPeriodStart: true, Period: q4, Entity: change.KeyResult},
				{Ref: "payments/trusted-payments/apple-pay", Kind: change.Added, New: "Launch Apple Pay", AfterPeriodStart: true, Period: q4, Entity: change.KeyResult},
			},
		},
		{
			name: "explicit defaults are no change",
			head: files(map[string][][2]string{yaml: {
				{"period: 2026-Q4", "level: team\nperiod: 2026-Q4"},
				{"title: Make checkout effortless", "title: Make checkout effortless\n    type: aspirational\n    weight: 1"},
				{"kpi: checkout_p95_ms", "kpi: checkout_p95_ms\n        type: metric\n        aggregate: last\n        weight: 1.0"},
			}}),
			date: midQuarter,
			want: []change.Change{},
		},
		{
			name: "type, weight, aggregate, owner and level",
			head: files(map[string][][2]string{yaml: {
				{"period: 2026-Q4", "level: department\nperiod: 2026-Q4"},
				{"title: Make checkout effortless", "title: Make checkout effortless\n    type: committed\n    weight: 2"},
				{"kpi: checkout_p95_ms", "kpi: checkout_p95_ms\n        aggregate: min\n        owner: alice"},
				{"type: at_least\n        target: 99.9", "type: metric\n        baseline: 99\n        target: 99.9"},
			}}),
			date: midQuarter,
			want: []change.Change{
				{Ref: "payments", Kind: change.Modified, Field: "level", Old: "team", New: "department", Period: q4, Entity: change.Owner},
				{Ref: "payments/effortless-checkout", Kind: change.Modified, Field: "type", Old: "aspirational", New: "committed", Period: q4, Entity: change.Objective},
				{Ref: "payments/effortless-checkout", Kind: change.Modified, Field: "weight", Old: 1.0, New: 2.0, Period: q4, Entity: change.Objective},
				{Ref: p95, Kind: change.Modified, Field: "aggregate", Old: "last", New: "min", Period: q4, Entity: change.KeyResult},
				{Ref: p95, Kind: change.Modified, Field: "owner", Old: nil, New: "alice", Period: q4, Entity: change.KeyResult},
				{Ref: "payments/trusted-payments/uptime", Kind: change.Modified, Field: "type", Old: "at_least", New: "metric", Period: q4, Entity: change.KeyResult},
				{Ref: "payments/trusted-payments/uptime", Kind: change.Modified, Field: "baseline", Old: nil, New: 99.0, AfterPeriodStart: true, Period: q4, Entity: change.KeyResult},
			},
		},
		{
			name: "owner document added",
			head: func() fstest.MapFS {
				fsys := files(nil)
				fsys["teams/growth.yaml"] = &fstest.MapFile{Data: []byte(growthQ4)}
				return fsys
			}(),
			date: "2026-12-01",
			want: []change.Change{
				{Ref: "growth", Kind: change.Added, AfterPeriodStart: true, Period: q4, Entity: change.Owner},
				{Ref: "growth/more-merchants", Kind: change.Added, New: "Win merchants we do not have yet", AfterPeriodStart: true, Period: q4, Entity: change.Objective},
			},
		},
		{
			name: "objective moved to the next period",
			head: files(map[string][][2]string{yaml: {{"period: 2026-Q4", "period: 2027-Q1"}}}),
			date: midQuarter,
			want: []change.Change{
				{Ref: "payments", Kind: change.Removed, AfterPeriodStart: true, Period: q4, Entity: change.Owner},
				{Ref: "payments/effortless-checkout", Kind: change.Removed, Old: "Make checkout effortless", AfterPeriodStart: true, Period: q4, Entity: change.Objective},
				{Ref: "payments/trusted-payments", Kind: change.Removed, Old: "Be the payments team merchants trust", AfterPeriodStart: true, Period: q4, Entity: change.Objective},
				{Ref: "payments", Kind: change.Added, Period: "2027-Q1", Entity: change.Owner},
				{Ref: "payments/effortless-checkout", Kind: change.Added, New: "Make checkout effortless", Period: "2027-Q1", Entity: change.Objective},
				{Ref: "payments/trusted-payments", Kind: change.Added, New: "Be the payments team merchants trust", Period: "2027-Q1", Entity: change.Objective},
			},
		},
	}
	base := loadRepo(t, files(nil))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			head := base
			if tt.head != nil {
				head = loadRepo(t, tt.head)
			}
			got := change.Compare(base, head, change.Options{Base: "main", Head: "work tree", Date: date(tt.date)})
			want := &change.Diff{Base: "main", Head: "work tree", Changes: tt.want, Scores: []change.ScoreChange{}}
			if diff := cmp.Diff(want, got, ignoreWhere, cmpopts.IgnoreFields(change.Diff{}, "Measurements")); diff != "" {
				t.Errorf("Compare (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCompareFiscalYear(t *testing.T) {
	// With a fiscal year starting in July, 2027-Q1 begins on 2026-07-01.
	cfg := fstest.MapFile{Data: []byte("fiscal_year_start_month: 7\n")}
	base := files(map[string][][2]string{"teams/payments/2026-Q4.yaml": {{"2026-Q4", "2027-Q1"}}})
	base["okr.yaml"] = &cfg
	head := files(map[string][][2]string{"teams/payments/2026-Q4.yaml": {{"2026-Q4", "2027-Q1"}, {"target: 300", "target: 400"}}})
	head["okr.yaml"] = &cfg
	got := change.Compare(loadRepo(t, base), loadRepo(t, head), change.Options{Date: date("2026-08-01")})
	want := []change.Change{
		{Ref: p95, Kind: change.Modified, Field: "target", Old: 300.0, New: 400.0, AfterPeriodStart: true, Period: "2027-Q1", Entity: change.KeyResult, Direction: change.Easier},
	}
	if diff := cmp.Diff(want, got.Changes, ignoreWhere); diff != "" {
		t.Errorf("Compare (-want +got):\n%s", diff)
	}
}

func TestCompareNil(t *testing.T) {
	head := loadRepo(t, files(nil))
	got := change.Compare(nil, head, change.Options{Date: date("2026-01-01"), Scores: change.ScoresAsOf(date("2026-11-15"))})
	want := []change.Change{
		{Ref: "checkout_p95_ms", Kind: change.Added, New: "Checkout p95 latency", Entity: change.KPI},
		{Ref: "payments", Kind: change.Added, Period: q4, Entity: change.Owner},
		{Ref: "payments/effortless-checkout", Kind: change.Added, New: "Make checkout effortless", Period: q4, Entity: change.Objective},
		{Ref: "payments/trusted-payments", Kind: change.Added, New: "Be the payments team merchants trust", Period: q4, Entity: change.Objective},
	}
	if diff := cmp.Diff(want, got.Changes, ignoreWhere); diff != "" {
		t.Errorf("Compare(nil, head) (-want +got):\n%s", diff)
	}
	// the owner, its 2 objectives and their 4 key results
	if len(got.Scores) != 7 {
		t.Errorf("Compare(nil, head) scores = %v, want 7 added", got.Scores)
	}
	empty := change.Compare(nil, nil, change.Options{})
	b, err := json.Marshal(empty)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"base":"","head":"","as_of":"","changes":[],"scores":[],"measurements":[]}` {
		t.Errorf("empty diff JSON = %s", b)
	}
}

// ignoreWhere leaves out of a comparison of changes where they are and
// their units, which TestCompareWhere tests.
var ignoreWhere = cmpopts.IgnoreFields(change.Change{}, "Pos", "Unit", "BaseUnit")

func f(v float64) *float64 { return &v }

func TestScores(t *testing.T) {
	base := loadRepo(t, files(nil))
	head := loadRepo(t, files(map[string][][2]string{"teams/payments/2026-Q4.yaml": {{"target: 300", "target: 400"}}}))
	got := change.Compare(base, head, change.Options{Date: date("2026-11-15"), Scores: change.ScoresAsOf(date("2026-11-15"))})
	// p95-latency: current 550 from 800 toward 300 scores 0.5; toward 400, 0.625.
	want := []change.ScoreChange{
		{Ref: "payments", Period: q4, Old: f((0.25 + 0.5) / 2), New: f((0.3125 + 0.5) / 2)},
		{Ref: "payments/effortless-checkout", Period: q4, Old: f(0.25), New: f(0.3125)},
		{Ref: p95, Period: q4, Old: f(0.5), New: f(0.625)},
	}
	if diff := cmp.Diff(want, got.Scores); diff != "" {
		t.Errorf("scores (-want +got):\n%s", diff)
	}
}

func TestScoreFunc(t *testing.T) {
	base, head := &model.Repo{}, &model.Repo{}
	scores := map[*model.Repo]map[change.Key]float64{
		base: {
			{"2026-Q4", "payments"}:          0.5,
			{"2026-Q4", "payments/checkout"}: 0.2,
			{"2026-Q4", "payments-eu"}:       0.1,
			{"2026", "acme"}:                 0.3,
			{"2026-Q1", "acme"}:              0.9,
			{"2026-Q2", "acme"}:              0.4,
		},
		head: {
			{"2026-Q4", "payments"}:          0.5 + 1e-12, // within Epsilon
			{"2026-Q4", "payments/checkout"}: 0.3,
			{"2026-Q4", "payments-eu/x"}:     0.4,
			{"2026", "acme"}:                 0.35,
			{"2026-H1", "acme"}:              0.6,
			{"2026-Q1", "acme"}:              0.9,
		},
	}
	got := change.Compare(base, head, change.Options{Scores: func(r *model.Repo) map[change.Key]float64 { return scores[r] }})
	want := []change.ScoreChange{
		{Ref: "acme", Period: "2026", Old: f(0.3), New: f(0.35)},
		{Ref: "acme", Period: "2026-H1", New: f(0.6)},
		{Ref: "acme", Period: "2026-Q2", Old: f(0.4)},
		{Ref: "payments/checkout", Period: "2026-Q4", Old: f(0.2), New: f(0.3)},
		{Ref: "payments-eu", Period: "2026-Q4", Old: f(0.1)},
		{Ref: "payments-eu/x", Period: "2026-Q4", New: f(0.4)},
	}
	if diff := cmp.Diff(want, got.Scores); diff != "" {
		t.Errorf("scores (-want +got):\n%s", diff)
	}
}

func TestCompareDeterministic(t *testing.T) {
	base := loadRepo(t, files(nil))
	headFS := files(map[string][][2]string{"teams/payments/2026-Q4.yaml": {
		{"target: 300", "target: 400"},
		{"title: Launch Apple Pay", "title: Launch Apple Pay and Google Pay"},
		{"period: 2026-Q4", "level: company\nperiod: 2026-Q4"},
	}})
	headFS["teams/growth.yaml"] = &fstest.MapFile{Data: []byte(growthQ4 + "---\n" + strings.Replace(growthQ4, "2026-Q4", "2026-Q3", 1))}
	headFS["kpis/checkout.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(checkoutKPI, "id: checkout_p95_ms", "id: checkout_p99_ms", 1))}
	head := loadRepo(t, headFS)
	opts := change.Options{Date: date("2026-11-15"), Scores: change.ScoresAsOf(date("2026-11-15"))}
	first, err := json.Marshal(change.Compare(base, head, opts))
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		again, _ := json.Marshal(change.Compare(base, head, opts))
		if string(again) != string(first) {
			t.Fatalf("Compare is not deterministic:\n%s\n%s", first, again)
		}
	}
	var d change.Diff
	if err := json.Unmarshal(first, &d); err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, c := range d.Changes {
		order = append(order, c.Period+" "+c.Ref+" "+string(c.Kind)+" "+c.Field)
	}
	want := []string{
		" checkout_p95_ms removed ",
		" checkout_p99_ms added ",
		"2026-Q3 growth added ",
		"2026-Q3 growth/more-merchants added ",
		"2026-Q4 growth added ",
		"2026-Q4 growth/more-merchants added ",
		"2026-Q4 payments modified level",
		"2026-Q4 payments/effortless-checkout/apple-pay modified title",
		"2026-Q4 payments/effortless-checkout/p95-latency modified target",
	}
	if diff := cmp.Diff(want, order); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

func TestGoalpost(t *testing.T) {
	tests := []struct {
		c    change.Change
		want bool
	}{
		{change.Change{Kind: change.Modified, Field: "target", Entity: change.KeyResult}, true},
		{change.Change{Kind: change.Modified, Field: "title", Entity: change.KeyResult}, false},
		{change.Change{Kind: change.Modified, Field: "target", Entity: change.KPI}, false},
		{change.Change{Kind: change.Added, Entity: change.KPI}, false},
		{change.Change{Kind: change.Removed, Entity: change.Objective}, true},
		{change.Change{Kind: change.Modified, Field: "level", Entity: change.Owner}, false},
	}
	for _, tt := range tests {
		if got := tt.c.Goalpost(); got != tt.want {
			t.Errorf("%+v.Goalpost() = %v, want %v", tt.c, got, tt.want)
		}
	}
}

func TestDirection(t *testing.T) {
	some := model.Some
	q4, _ := model.ParsePeriod("2026-Q4")
	repo := func(kr model.KeyResult) *model.Repo {
		doc := &model.Objectives{Owner: "growth", PeriodText: "2026-Q4", Period: q4}
		o := &model.Objective{ID: "win", Ref: "growth/win", Title: "Win", Parent: doc}
		kr.ID, kr.Ref, kr.Title, kr.Parent = "signups", "growth/win/signups", "Sign up", o
		o.KeyResults = []*model.KeyResult{&kr}
		doc.Objectives = []*model.Objective{o}
		return &model.Repo{Config: model.DefaultConfig(), Objectives: []*model.Objectives{doc}}
	}
	tests := []struct {
		name       string
		base, head model.KeyResult
		field      string // "" when no change is expected
		want       string
	}{
		{"increase: target lowered", model.KeyResult{Baseline: some(0), Target: some(500)}, model.KeyResult{Baseline: some(0), Target: some(400)}, "target", change.Easier},
		{"increase: commit raised", model.KeyResult{Baseline: some(0), Commit: some(200), Target: some(500)}, model.KeyResult{Baseline: some(0), Commit: some(300), Target: some(500)}, "commit", change.Harder},
		{"increase: stretch lowered", model.KeyResult{Baseline: some(0), Target: some(500), Stretch: some(800)}, model.KeyResult{Baseline: some(0), Target: some(500), Stretch: some(700)}, "stretch", change.Easier},
		{"increase: baseline raised", model.KeyResult{Baseline: some(0), Target: some(500)}, model.KeyResult{Baseline: some(100), Target: some(500)}, "baseline", change.Harder},
		{"stretch unset", model.KeyResult{Baseline: some(0), Target: some(500), Stretch: some(800)}, model.KeyResult{Baseline: some(0), Target: some(500)}, "stretch", ""},
		{"milestone target", model.KeyResult{Type: model.Milestone, Target: some(1)}, model.KeyResult{Type: model.Milestone, Target: some(2)}, "target", ""},
		{"hand-built defaults", model.KeyResult{Target: some(1)}, model.KeyResult{Type: model.Metric, Aggregate: model.Last, Weight: 1, Target: some(1)}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := change.Compare(repo(tt.base), repo(tt.head), change.Options{})
			var want []change.Change
			if tt.field != "" {
				c := change.Change{Ref: "growth/win/signups", Kind: change.Modified, Field: tt.field, Period: q4.String(), Entity: change.KeyResult, Direction: tt.want}
				for _, kr := range []*model.KeyResult{&tt.base, &tt.head} {
					var n model.Num
					switch tt.field {
					case "baseline":
						n = kr.Baseline
					case "commit":
						n = kr.Commit
					case "target":
						n = kr.Target
					case "stretch":
						n = kr.Stretch
					}
					var v any
					if n.Set {
						v = n.V
					}
					if kr == &tt.base {
						c.Old = v
					} else {
						c.New = v
					}
				}
				want = append(want, c)
			} else {
				want = []change.Change{}
			}
			if diff := cmp.Diff(want, d.Changes, ignoreWhere); diff != "" {
				t.Errorf("Compare (-want +got):\n%s", diff)
			}
		})
	}
}
