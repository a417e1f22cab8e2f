package score

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/okr-as-code/okr/okr/model"
)

// TestScoreKeyResult scores one key result in payments' 2026-Q4 document
// (2026-10-01 … 2026-12-31, 92 days) and compares all of its report.
func TestScoreKeyResult(t *testing.T) {
	withAgg := func(kr *model.KeyResult, agg string) *model.KeyResult { kr.Aggregate = agg; return kr }
	const ref = "payments/checkout/kr"
	// want fills the fields every case shares.
	want := func(k KeyResult) KeyResult {
		k.ID, k.Ref, k.Title = "kr", ref, "Key result kr"
		k.Type = cmpOr(k.Type, model.Metric)
		k.Aggregate = cmpOr(k.Aggregate, model.Last)
		k.Weight = 1
		return k
	}
	seq := func(m model.Measurement, n int) model.Measurement { m.Seq = n; return m }
	tests := []struct {
		name string
		kr   *model.KeyResult
		ms   []model.Measurement
		asOf string // default 2026-11-15: e = 46/92, expected 0.35
		want KeyResult
	}{
		{
			name: "last is the latest at, not the last read",
			kr:   metricKR("kr", 0, 10),
			ms:   []model.Measurement{meas(ref, "2026-10-05", 7), meas(ref, "2026-10-10", 5), meas(ref, "2026-10-03", 9)},
			want: KeyResult{Baseline: f(0), Target: f(10), Current: f(5), LastAt: s("2026-10-10"),
				Score: 0.5, Grade: Yellow, Status: OnTrack, Measurements: 3},
		},
		{
			name: "last: a tie on at goes to the one read last",
			kr:   metricKR("kr", 0, 10),
			ms:   []model.Measurement{meas(ref, "2026-10-05", 4), meas(ref, "2026-10-05", 6), meas(ref, "2026-10-01", 9)},
			want: KeyResult{Baseline: f(0), Target: f(10), Current: f(6), LastAt: s("2026-10-05"),
				Score: 0.6, Grade: Yellow, Status: OnTrack, Measurements: 3},
		},
		{
			name: "last: a tie on at is broken by Seq, not slice order",
			kr:   metricKR("kr", 0, 10),
			ms:   []model.Measurement{seq(meas(ref, "2026-10-05", 4), 9), seq(meas(ref, "2026-10-05", 6), 2)},
			want: KeyResult{Baseline: f(0), Target: f(10), Current: f(4), LastAt: s("2026-10-05"),
				Score: 0.4, Grade: Yellow, Status: OnTrack, Measurements: 2},
		},
		{
			name: "last: the same instant written with two offsets is a tie",
			kr:   metricKR("kr", 0, 10),
			ms:   []model.Measurement{meas(ref, "2026-10-05T12:00:00Z", 1), meas(ref, "2026-10-05T14:00:00+02:00", 2)},
			want: KeyResult{Baseline: f(0), Target: f(10), Current: f(2), LastAt: s("2026-10-05T14:00:00+02:00"),
				Score: 0.2, Grade: Red, Status: AtRisk, Measurements: 2},
		},
		{
			name: "last is the latest instant, even when its date as written is earlier",
			kr:   metricKR("kr", 0, 10),
			ms: []model.Measurement{
				meas(ref, "2026-10-05T23:00:00-05:00", 8), // 2026-10-06T04:00Z
				meas(ref, "2026-10-06T01:00:00+02:00", 2), // 2026-10-05T23:00Z
			},
			want: KeyResult{Baseline: f(0), Target: f(10), Current: f(8), LastAt: s("2026-10-05T23:00:00-05:00"),
				Score: 0.8, Grade: Green, Status: OnTrack, Measurements: 2},
		},
		{
			name: "sum",
			kr:   withAgg(metricKR("kr", 0, 10), model.Sum),
			ms:   []model.Measurement{meas(ref, "2026-10-05", 3), meas(ref, "2026-10-06", 4), meas(ref, "2026-10-07", 2)},
			want: KeyResult{Aggregate: model.Sum, Baseline: f(0), Target: f(10), Current: f(9), LastAt: s("2026-10-07"),
				Score: 0.9, Grade: Green, Status: OnTrack, Measurements: 3},
		},
		{
			name: "max",
			kr:   withAgg(metricKR("kr", 0, 10), model.Max),
			ms:   []model.Measurement{meas(ref, "2026-10-05", 3), meas(ref, "2026-10-06", 4), meas(ref, "2026-10-07", 2)},
			want: KeyResult{Aggregate: model.Max, Baseline: f(0), Target: f(10), Current: f(4), LastAt: s("2026-10-07"),
				Score: 0.4, Grade: Yellow, Status: OnTrack, Measurements: 3},
		},
		{
			name: "min",
			kr:   withAgg(metricKR("kr", 0, 10), model.Min),
			ms:   []model.Measurement{meas(ref, "2026-10-05", 3), meas(ref, "2026-10-06", 4), meas(ref, "2026-10-07", 2)},
			want: KeyResult{Aggregate: model.Min, Baseline: f(0), Target: f(10), Current: f(2), LastAt: s("2026-10-07"),
				Score: 0.2, Grade: Red, Status: AtRisk, Measurements: 3},
		},
		{
			name: "mean",
			kr:   withAgg(metricKR("kr", 0, 10), model.Mean),
			ms:   []model.Measurement{meas(ref, "2026-10-05", 3), meas(ref, "2026-10-06", 4), meas(ref, "2026-10-07", 2)},
			want: KeyResult{Aggregate: model.Mean, Baseline: f(0), Target: f(10), Current: f(3), LastAt: s("2026-10-07"),
				Score: 0.3, Grade: Red, Status: AtRisk, Measurements: 3},
		},
		{
			name: "measurements before the period and after as-of do not count",
			kr:   withAgg(metricKR("kr", 0, 10), model.Sum),
			ms: []model.Measurement{
				meas(ref, "2026-09-30", 100), // the day before the period
				meas(ref, "2026-10-01", 1),   // its first day
				meas(ref, "2026-11-15", 3),   // as-of
				meas(ref, "2026-11-16", 100), // the day after as-of
			},
			want: KeyResult{Aggregate: model.Sum, Baseline: f(0), Target: f(10), Current: f(4), LastAt: s("2026-11-15"),
				Score: 0.4, Grade: Yellow, Status: OnTrack, Measurements: 2},
		},
		{
			name: "a timestamp counts by its date as written, not its UTC date",
			kr:   withAgg(metricKR("kr", 0, 10), model.Sum),
			ms: []model.Measurement{
				meas(ref, "2026-09-30T23:30:00-05:00", 100), // 2026-10-01T04:30Z, but written on 09-30
				meas(ref, "2026-10-01T00:30:00+02:00", 1),   // 2026-09-30T22:30Z, but written on 10-01
				meas(ref, "2026-11-15T23:59:59-12:00", 2),   // 2026-11-16T11:59Z, written on as-of
				meas(ref, "2026-11-16T00:00:00+14:00", 100), // 2026-11-15T10:00Z, written after as-of
			},
			want: KeyResult{Aggregate: model.Sum, Baseline: f(0), Target: f(10), Current: f(3), LastAt: s("2026-11-15T23:59:59-12:00"),
				Score: 0.3, Grade: Red, Status: AtRisk, Measurements: 2},
		},
		{
			name: "no data",
			kr:   metricKR("kr", 0, 10),
			want: KeyResult{Baseline: f(0), Target: f(10), Score: 0, Grade: Red, Status: OffTrack, NoData: true},
		},
		{
			name: "no data: only measurements after as-of and of other metrics",
			kr:   metricKR("kr", 0, 10),
			ms:   []model.Measurement{meas(ref, "2026-11-16", 10), meas("payments/checkout/other", "2026-10-05", 10)},
			want: KeyResult{Baseline: f(0), Target: f(10), Score: 0, Grade: Red, Status: OffTrack, NoData: true},
		},
		{
			name: "clamped at 1 beyond target",
			kr:   metricKR("kr", 0, 10),
			ms:   []model.Measurement{meas(ref, "2026-10-05", 15)},
			want: KeyResult{Baseline: f(0), Target: f(10), Current: f(15), LastAt: s("2026-10-05"),
				Score: 1, Grade: Green, Status: OnTrack, Measurements: 1},
		},
		{
			name: "clamped at 0 behind baseline",
			kr:   metricKR("kr", 0, 10),
			ms:   []model.Measurement{meas(ref, "2026-10-05", -5)},
			want: KeyResult{Baseline: f(0), Target: f(10), Current: f(-5), LastAt: s("2026-10-05"),
				Score: 0, Grade: Red, Status: OffTrack, Measurements: 1},
		},
		{
			name: "decreasing with commit, target and stretch",
			kr: &model.KeyResult{ID: "kr", Title: "Key result kr", Unit: "ms",
				Baseline: model.Some(800), Commit: model.Some(600), Target: model.Some(300), Stretch: model.Some(200)},
			ms: []model.Measurement{meas(ref, "2026-10-05", 450)},
			want: KeyResult{Unit: "ms", Baseline: f(800), Commit: f(600), Target: f(300), Stretch: f(200), Current: f(450),
				LastAt: s("2026-10-05"), Score: 0.5, Grade: Yellow, Status: OnTrack, Measurements: 1},
		},
		{
			name: "a KPI-linked key result takes the KPI's measurements",
			kr:   &model.KeyResult{ID: "kr", Title: "Key result kr", KPI: "p95_ms", Baseline: model.Some(800), Target: model.Some(300)},
			ms: []model.Measurement{
				meas("p95_ms", "2026-09-01", 900), meas("p95_ms", "2026-10-12", 700), meas("p95_ms", "2026-11-01", 550),
				meas(ref, "2026-11-02", 300), // its own ref: an error for check, ignored here
			},
			want: KeyResult{KPI: "p95_ms", Baseline: f(800), Target: f(300), Current: f(550), LastAt: s("2026-11-01"),
				Score: 0.5, Grade: Yellow, Status: OnTrack, Measurements: 2},
		},
		{
			name: "milestone done",
			kr:   &model.KeyResult{ID: "kr", Title: "Key result kr", Type: model.Milestone},
			ms:   []model.Measurement{meas(ref, "2026-10-05", 0), meas(ref, "2026-11-02", 1)},
			want: KeyResult{Type: model.Milestone, Current: f(1), LastAt: s("2026-11-02"),
				Score: 1, Grade: Green, Status: OnTrack, Measurements: 2},
		},
		{
			name: "at_most over target",
			kr:   &model.KeyResult{ID: "kr", Title: "Key result kr", Type: model.AtMost, Target: model.Some(5), Aggregate: model.Max},
			ms:   []model.Measurement{meas(ref, "2026-10-05", 3), meas(ref, "2026-11-02", 6), meas(ref, "2026-11-03", 2)},
			want: KeyResult{Type: model.AtMost, Aggregate: model.Max, Target: f(5), Current: f(6), LastAt: s("2026-11-03"),
				Score: 0, Grade: Red, Status: OffTrack, Measurements: 3},
		},
		{
			name: "the day before the period: not started, nothing counts",
			kr:   metricKR("kr", 0, 10),
			ms:   []model.Measurement{meas(ref, "2026-09-30", 10)},
			asOf: "2026-09-30",
			want: KeyResult{Baseline: f(0), Target: f(10), Score: 0, Grade: Red, Status: NotStarted, NoData: true},
		},
		{
			name: "the first day",
			kr:   metricKR("kr", 0, 10),
			ms:   []model.Measurement{meas(ref, "2026-10-01", 1)},
			asOf: "2026-10-01",
			want: KeyResult{Baseline: f(0), Target: f(10), Current: f(1), LastAt: s("2026-10-01"),
				Score: 0.1, Grade: Red, Status: OnTrack, Measurements: 1},
		},
		{
			name: "the last day",
			kr:   metricKR("kr", 0, 10),
			ms:   []model.Measurement{meas(ref, "2026-12-31", 6)},
			asOf: "2026-12-31",
			want: KeyResult{Baseline: f(0), Target: f(10), Current: f(6), LastAt: s("2026-12-31"),
				Score: 0.6, Grade: Yellow, Status: AtRisk, Measurements: 1},
		},
		{
			name: "the day after the period: closed, counted up to its last day",
			kr:   metricKR("kr", 0, 10),
			ms:   []model.Measurement{meas(ref, "2026-12-31", 7), meas(ref, "2027-01-01", 10)},
			asOf: "2027-01-01",
			want: KeyResult{Baseline: f(0), Target: f(10), Current: f(7), LastAt: s("2026-12-31"),
				Score: 0.7, Grade: Green, Status: Closed, Measurements: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := repo([]*model.Objectives{doc("payments", "2026-Q4", obj("checkout", "", tt.kr))}, nil, tt.ms...)
			asOf := date(cmpOr(tt.asOf, "2026-11-15"))
			got, err := Score(r, asOf, Options{Period: "2026-Q4"})
			if err != nil {
				t.Fatal(err)
			}
			// The check-in fields have their own tests (checkin_test.go).
			checkin := cmpopts.IgnoreFields(KeyResult{}, "Forecast", "NeededPerWeek", "Confidence", "ConfidenceAt")
			if diff := cmp.Diff(want(tt.want), got.Owners[0].Objectives[0].KeyResults[0], approx, checkin); diff != "" {
				t.Errorf("key result (-want +got):\n%s", diff)
			}
		})
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// TestScoreWeightsAndGrades checks objective and owner scores, weights and
// the grading of committed objectives, on a whole report.
func TestScoreWeightsAndGrades(t *testing.T) {
	kr := func(id string, w float64) *model.KeyResult {
		k := metricKR(id, 0, 100)
		k.Weight = w
		return k
	}
	weighted := obj("weighted", model.Aspirational, kr("a", 2), kr("b", 1)) // (2·0.9 + 1·0.3)/3 = 0.7
	weighted.Weight = 3
	almost := obj("almost", model.Committed, kr("c", 1), kr("d", 1)) // (1 + 0.98)/2 = 0.99
	done := obj("done", model.Committed, kr("e", 1), kr("f", 4))     // 1
	d := doc("payments", "2026-Q4", weighted, almost, done)
	d.Level = "department"
	r := repo([]*model.Objectives{d}, nil,
		meas("payments/weighted/a", "2026-10-10", 90),
		meas("payments/weighted/b", "2026-10-10", 30),
		meas("payments/almost/c", "2026-10-10", 100),
		meas("payments/almost/d", "2026-10-10", 98),
		meas("payments/done/e", "2026-10-10", 100),
		meas("payments/done/f", "2026-10-10", 120),
	)
	got, err := Score(r, date("2026-12-31"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	keyResult := func(o, id string, w, current, score float64, grade, status string) KeyResult {
		return KeyResult{ID: id, Ref: "payments/" + o + "/" + id, Title: "Key result " + id, Type: model.Metric,
			Aggregate: model.Last, Weight: w, Baseline: f(0), Target: f(100), Current: f(current), LastAt: s("2026-10-10"),
			Score: score, Grade: grade, Status: status, Measurements: 1}
	}
	want := &Report{
		AsOf: "2026-12-31",
		Owners: []Owner{{
			Owner: "payments", Period: "2026-Q4", Level: "department", File: "payments/2026-Q4.yaml",
			Start: "2026-10-01", End: "2026-12-31",
			// (3·0.7 + 1·0.99 + 1·1) / 5 = 0.818; aspirational: not all objectives are committed
			Score: 0.818, Grade: Green, Status: OnTrack,
			Objectives: []Objective{
				{ID: "weighted", Ref: "payments/weighted", Title: "Objective weighted", Type: model.Aspirational, Weight: 3,
					Score: 0.7, Grade: Green, Status: OnTrack, KeyResults: []KeyResult{
						keyResult("weighted", "a", 2, 90, 0.9, Green, OnTrack),
						keyResult("weighted", "b", 1, 30, 0.3, Red, OffTrack),
					}},
				{ID: "almost", Ref: "payments/almost", Title: "Objective almost", Type: model.Committed, Weight: 1,
					Score: 0.99, Grade: Yellow, Status: AtRisk, KeyResults: []KeyResult{
						keyResult("almost", "c", 1, 100, 1, Green, OnTrack),
						keyResult("almost", "d", 1, 98, 0.98, Yellow, AtRisk),
					}},
				{ID: "done", Ref: "payments/done", Title: "Objective done", Type: model.Committed, Weight: 1,
					Score: 1, Grade: Green, Status: OnTrack, KeyResults: []KeyResult{
						keyResult("done", "e", 1, 100, 1, Green, OnTrack),
						keyResult("done", "f", 4, 120, 1, Green, OnTrack),
					}},
			},
		}},
	}
	if diff := cmp.Diff(want, got, approx); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
	// Committed objectives are green only at exactly 1.0.
	if got.Owners[0].Objectives[2].Score != 1 {
		t.Errorf("done scored %v, want exactly 1", got.Owners[0].Objectives[2].Score)
	}
}

func TestScoreOwnerAllCommitted(t *testing.T) {
	a := metricKR("a", 0, 100)
	b := metricKR("b", 0, 100)
	d := doc("payments", "2026-Q4", obj("x", model.Committed, a), obj("y", model.Committed, b))
	r := repo([]*model.Objectives{d}, nil, meas("payments/x/a", "2026-10-02", 100), meas("payments/y/b", "2026-10-02", 98))
	got, err := Score(r, date("2026-12-31"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	o := got.Owners[0]
	type summary struct {
		Score         float64
		Grade, Status string
	}
	// 0.99 ≥ green but not 1.0; on the last day a committed pace expects 1.0.
	if diff := cmp.Diff(summary{0.99, Yellow, AtRisk}, summary{o.Score, o.Grade, o.Status}, approx); diff != "" {
		t.Errorf("owner (-want +got):\n%s", diff)
	}
}

// TestScoreResolvesRefsByPeriod: the same owner has a 2026-Q3 and a 2026-Q4
// document with the same objective and key result ids; each measurement
// counts for the document whose period contains its date.
func TestScoreResolvesRefsByPeriod(t *testing.T) {
	q3 := doc("payments", "2026-Q3", obj("checkout", "", withSum(metricKR("conv", 0, 10))))
	q4 := doc("payments", "2026-Q4", obj("checkout", "", withSum(metricKR("conv", 0, 10))))
	const ref = "payments/checkout/conv"
	r := repo([]*model.Objectives{q4, q3}, nil,
		meas(ref, "2026-07-01", 1), meas(ref, "2026-09-30", 2), // Q3
		meas(ref, "2026-10-01", 3), meas(ref, "2026-12-31", 4), // Q4
		meas(ref, "2027-01-01", 100), // Q1 2027: no document
	)
	tests := []struct {
		name string
		asOf string
		opts Options
		want []string // period: current
	}{
		{"all as of the end", "2027-01-15", Options{Period: AllPeriods}, []string{"2026-Q3: 3", "2026-Q4: 7"}},
		{"Q3 by default in Q3", "2026-09-30", Options{}, []string{"2026-Q3: 3"}},
		{"Q4 by default in Q4", "2026-10-01", Options{}, []string{"2026-Q4: 3"}},
		{"Q4 before it began", "2026-09-30", Options{Period: "2026-Q4"}, []string{"2026-Q4: none"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Score(r, date(tt.asOf), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, o := range rep.Owners {
				cur := "none"
				if c := o.Objectives[0].KeyResults[0].Current; c != nil {
					cur = fmtFloat(*c)
				}
				got = append(got, o.Period+": "+cur)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("owners (-want +got):\n%s", diff)
			}
		})
	}
}

func withSum(kr *model.KeyResult) *model.KeyResult { kr.Aggregate = model.Sum; return kr }

func TestScoreSelection(t *testing.T) {
	mk := func(owner, period string) *model.Objectives {
		return doc(owner, period, obj("o", "", metricKR("k", 0, 1)))
	}
	bad := mk("broken", "2026-Q4")
	bad.Period = model.Period{} // an invalid period text
	r := repo([]*model.Objectives{
		mk("zeta", "2026-Q4"), mk("acme", "2026-Q4"), mk("acme", "2026"), mk("acme", "2026-H2"),
		mk("payments", "2026-Q3"), mk("payments", "2026-Q4"), mk("payments", "2027-Q1"), bad,
	}, nil)
	tests := []struct {
		name    string
		asOf    string
		opts    Options
		want    []string
		wantErr bool
	}{
		{"default: periods containing as-of, year before half before quarter", "2026-11-15", Options{},
			[]string{"acme 2026", "acme 2026-H2", "acme 2026-Q4", "payments 2026-Q4", "zeta 2026-Q4"}, false},
		{"a period exactly, not the periods containing it", "2026-11-15", Options{Period: "2026-Q4"},
			[]string{"acme 2026-Q4", "payments 2026-Q4", "zeta 2026-Q4"}, false},
		{"a year exactly", "2026-11-15", Options{Period: "2026"}, []string{"acme 2026"}, false},
		{"all", "2026-11-15", Options{Period: AllPeriods},
			[]string{"acme 2026", "acme 2026-H2", "acme 2026-Q4", "payments 2026-Q3", "payments 2026-Q4", "payments 2027-Q1", "zeta 2026-Q4"}, false},
		{"owner narrows", "2026-11-15", Options{Period: AllPeriods, Owner: "payments"},
			[]string{"payments 2026-Q3", "payments 2026-Q4", "payments 2027-Q1"}, false},
		{"owner narrows the default", "2026-11-15", Options{Owner: "payments"}, []string{"payments 2026-Q4"}, false},
		{"unknown owner", "2026-11-15", Options{Owner: "nobody"}, []string{}, false},
		{"nothing contains as-of", "2030-01-01", Options{}, []string{}, false},
		{"invalid period", "2026-11-15", Options{Period: "2026-Q5"}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Score(r, date(tt.asOf), tt.opts)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error = %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			got := []string{}
			for _, o := range rep.Owners {
				got = append(got, o.Owner+" "+o.Period)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("owners (-want +got):\n%s", diff)
			}
			if rep.Owners == nil {
				t.Error("Owners is nil, want an empty list")
			}
		})
	}
}

// TestScoreFiscalYear: with fiscal_year_start_month 7, 2027-Q1 is
// 2026-07-01 … 2026-09-30 and fiscal 2027 is 2026-07-01 … 2027-06-30.
func TestScoreFiscalYear(t *testing.T) {
	const ref = "acme/grow/revenue"
	mk := func(period string) *model.Objectives {
		return doc("acme", period, obj("grow", "", withSum(metricKR("revenue", 0, 100))))
	}
	r := repo([]*model.Objectives{mk("2027-Q1"), mk("2027"), mk("2026-Q4"), mk("2027-Q2")}, nil,
		meas(ref, "2026-06-30", 1000), // fiscal 2026-Q4
		meas(ref, "2026-07-01", 10),   // first day of fiscal 2027
		meas(ref, "2026-08-15", 20),
		meas(ref, "2026-10-01", 40), // fiscal 2027-Q2
	)
	r.Config.FiscalYearStartMonth = 7
	rep, err := Score(r, date("2026-08-15"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Period, Start, End string
		Current            float64
		Status             string
	}
	var got []row
	for _, o := range rep.Owners {
		got = append(got, row{o.Period, o.Start, o.End, *o.Objectives[0].KeyResults[0].Current, o.Status})
	}
	// 2027-Q1: e = 46/92, expected 0.35, score 0.3 → at-risk; 2027: e = 46/365.
	want := []row{
		{"2027", "2026-07-01", "2027-06-30", 30, OnTrack},
		{"2027-Q1", "2026-07-01", "2026-09-30", 30, AtRisk},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("owners (-want +got):\n%s", diff)
	}
}

// TestScoreEmptyLists: a document without objectives has [] (cmp tells nil
// from empty).
func TestScoreEmptyLists(t *testing.T) {
	d := doc("payments", "2026-Q4")
	r := repo([]*model.Objectives{d}, nil)
	rep, err := Score(r, date("2026-11-15"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := &Report{AsOf: "2026-11-15", Owners: []Owner{{ // no key result: no forecast
		Owner: "payments", Period: "2026-Q4", Level: "team", File: "payments/2026-Q4.yaml",
		Start: "2026-10-01", End: "2026-12-31", Score: 0, Grade: Red, Status: OffTrack, Objectives: []Objective{},
	}}}
	if diff := cmp.Diff(want, rep); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
}

// TestReportJSON pins the JSON shape of SPEC §3: every key present, absent
// numbers null, empty lists [], full precision.
func TestReportJSON(t *testing.T) {
	kr := metricKR("third", 0, 3)
	empty := doc("payments", "2026-Q4", obj("checkout", "", kr, metricKR("none", 0, 1)))
	r := repo([]*model.Objectives{empty, doc("search", "2026-Q4")}, []*model.KPI{{ID: "nps", Direction: model.Increase}},
		meas("payments/checkout/third", "2026-10-05", 1))
	rep, err := Score(r, date("2026-11-15"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"as_of":"2026-11-15","owners":[` +
		`{"owner":"payments","period":"2026-Q4","level":"team","file":"payments/2026-Q4.yaml","start":"2026-10-01","end":"2026-12-31",` +
		`"score":0.16666666666666666,"grade":"red","status":"at-risk","forecast_score":null,"forecast_grade":null,"objectives":[` +
		`{"id":"checkout","ref":"payments/checkout","title":"Objective checkout","type":"aspirational","aligns_to":"","weight":1,` +
		`"score":0.16666666666666666,"grade":"red","status":"at-risk","forecast_score":null,"forecast_grade":null,"key_results":[` +
		`{"id":"third","ref":"payments/checkout/third","title":"Key result third","type":"metric","kpi":"","unit":"","aggregate":"last","weight":1,` +
		`"baseline":0,"commit":null,"target":3,"stretch":null,"current":1,"last_at":"2026-10-05",` +
		`"score":0.3333333333333333,"grade":"red","status":"at-risk","measurements":1,"no_data":false,` +
		// one measurement: no forecast; (3 − 1) / 46 days left × 7 = 14/46 (render.JSON rounds it)
		`"owner":"","confidence":null,"confidence_at":null,"forecast":null,"needed_per_week":0.30434782608695654},` +
		`{"id":"none","ref":"payments/checkout/none","title":"Key result none","type":"metric","kpi":"","unit":"","aggregate":"last","weight":1,` +
		`"baseline":0,"commit":null,"target":1,"stretch":null,"current":null,"last_at":null,` +
		`"score":0,"grade":"red","status":"off-track","measurements":0,"no_data":true,` +
		`"owner":"","confidence":null,"confidence_at":null,"forecast":null,"needed_per_week":null}]}]},` +
		`{"owner":"search","period":"2026-Q4","level":"team","file":"search/2026-Q4.yaml","start":"2026-10-01","end":"2026-12-31",` +
		`"score":0,"grade":"red","status":"off-track","forecast_score":null,"forecast_grade":null,"objectives":[]}]}`
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("JSON (-want +got):\n%s", diff)
	}

	kgot, err := json.Marshal(KPIs(r, date("2026-11-15"), Options{}))
	if err != nil {
		t.Fatal(err)
	}
	kwant := `{"as_of":"2026-11-15","kpis":[{"id":"nps","name":"","owner":"","unit":"","direction":"increase","target":null,"warn":null,"cadence":"",` +
		`"last":null,"last_at":null,"previous":null,"previous_at":null,"trend":"none","health":"unknown","stale":false,"age_days":null,"measurements":0}]}`
	if diff := cmp.Diff(kwant, string(kgot)); diff != "" {
		t.Errorf("KPI JSON (-want +got):\n%s", diff)
	}
}

// TestOwnerScoreIsScore holds OwnerScore to the owner scores of Score, on
// the synthetic repository (every aggregate, KPIs and refs, committed
// objectives) at dates before, inside and after its quarters.
func TestOwnerScoreIsScore(t *testing.T) {
	repo := syntheticRepo(12)
	repo.Objectives[5].Objectives[1].Weight = 3
	repo.Objectives[6].Objectives[0].KeyResults[2].Weight = 0.5
	ix := NewIndex(repo)
	checked := 0
	for _, asOf := range []string{"2025-12-31", "2026-01-01", "2026-02-14", "2026-03-31", "2026-05-20", "2026-09-30", "2026-12-31", "2027-06-01"} {
		r, err := ix.Score(date(asOf), Options{Period: AllPeriods})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range r.Owners {
			var d *model.Objectives
			for _, x := range repo.Objectives {
				if x.Owner == o.Owner && x.Period.String() == o.Period {
					d = x
				}
			}
			if got := ix.OwnerScore(d, date(asOf)); got != o.Score {
				t.Fatalf("OwnerScore(%s %s, %s) = %v, Score says %v", o.Owner, o.Period, asOf, got, o.Score)
			}
			checked++
		}
	}
	if checked < 300 {
		t.Fatalf("checked only %d owner scores", checked)
	}
}

// TestReindexIsNewIndex: one Index reindexed over repositories of several
// sizes, larger and smaller than the last, scores each as a new one does.
func TestReindexIsNewIndex(t *testing.T) {
	var ix Index
	checked := 0
	for _, n := range []int{12, 3, 20, 1, 12} {
		repo := syntheticRepo(n)
		ix.Reindex(repo)
		fresh := NewIndex(repo)
		for _, asOf := range []string{"2026-01-01", "2026-02-14", "2026-05-20", "2026-12-31"} {
			for _, d := range repo.Objectives {
				got, want := ix.OwnerScore(d, date(asOf)), fresh.OwnerScore(d, date(asOf))
				if math.Float64bits(got) != math.Float64bits(want) {
					t.Errorf("repository of %d, %s, %s as of %s: reindexed %v, new %v", n, d.Owner, d.Period, asOf, got, want)
				}
				checked++
			}
		}
	}
	if checked == 0 {
		t.Fatal("nothing compared")
	}
}
