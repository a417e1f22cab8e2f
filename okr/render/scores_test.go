package render

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/score"
)

var updateScores = flag.Bool("update-scores", false, "rewrite the golden files of testdata/scores and testdata/kpis")

// scoresRepo is a small repository that exercises every kind of key result,
// both directions, units, a committed objective, no data and text that
// needs escaping.
func scoresRepo() *model.Repo {
	some := model.Some
	q4, _ := model.ParsePeriod("2026-Q4")
	year, _ := model.ParsePeriod("2026")
	doc := func(owner string, p model.Period, objs ...*model.Objective) *model.Objectives {
		d := &model.Objectives{Pos: model.Pos{File: "teams/" + owner + "/" + p.String() + ".yaml", Line: 1, Column: 1},
			Owner: owner, Level: "team", PeriodText: p.String(), Period: p, Objectives: objs}
		for _, o := range objs {
			o.Parent, o.Ref = d, owner+"/"+o.ID
			for _, k := range o.KeyResults {
				k.Parent, k.Ref = o, o.Ref+"/"+k.ID
				if k.Weight == 0 {
					k.Weight = 1
				}
				if k.Aggregate == "" {
					k.Aggregate = model.Last
				}
			}
		}
		return d
	}
	kr := func(id, title, typ string, mod func(*model.KeyResult)) *model.KeyResult {
		k := &model.KeyResult{ID: id, Title: title, Type: typ}
		mod(k)
		return k
	}
	payments := doc("payments", q4,
		&model.Objective{ID: "effortless-checkout", Title: "Make checkout effortless", Type: model.Aspirational, Weight: 2,
			KeyResults: []*model.KeyResult{
				kr("p95-latency", "Cut checkout p95 latency from 800 ms to 300 ms", model.Metric, func(k *model.KeyResult) {
					k.KPI, k.Baseline, k.Commit, k.Target, k.Stretch, k.Unit, k.Weight = "checkout_p95_ms", some(800), some(600), some(300), some(200), "ms", 2
				}),
				kr("conversion", "Lift conversion | mobile and desktop", model.Metric, func(k *model.KeyResult) {
					k.Baseline, k.Target, k.Unit, k.Aggregate, k.Owner = some(2.5), some(3.5), "%", model.Mean, "alice"
				}),
				kr("apple-pay", "Launch Apple Pay", model.Milestone, func(k *model.KeyResult) {}),
			}},
		&model.Objective{ID: "reliable-payouts", Title: "Pay merchants on time, every time", Type: model.Committed, Weight: 1,
			KeyResults: []*model.KeyResult{
				kr("on-time", "Keep on-time payouts at or above 99.9%", model.AtLeast, func(k *model.KeyResult) {
					k.Target, k.Unit = some(99.9), "%"
				}),
				kr("incidents", "At most 2 payout incidents", model.AtMost, func(k *model.KeyResult) {
					k.Target, k.Aggregate = some(2), model.Sum
				}),
				kr("runbook", "Publish the payout runbook", model.Milestone, func(k *model.KeyResult) {}),
			}},
	)
	acme := doc("acme", year,
		&model.Objective{ID: "grow-revenue", Title: "Grow revenue", Type: model.Aspirational, Weight: 1,
			KeyResults: []*model.KeyResult{
				kr("arr", "Reach €12M ARR", model.Metric, func(k *model.KeyResult) {
					k.Baseline, k.Target, k.Unit = some(8), some(12), "M€"
				}),
			}})
	acme.Level = "company"
	search := doc("search", q4)
	ms := []model.Measurement{}
	add := func(metric, at string, v float64) {
		t, d, err := model.ParseAt(at)
		if err != nil {
			panic(err)
		}
		ms = append(ms, model.Measurement{Metric: metric, AtText: at, At: t, Day: d, Value: v, Seq: len(ms) + 1})
	}
	add("checkout_p95_ms", "2026-10-05", 780)
	add("checkout_p95_ms", "2026-10-12", 700)
	add("checkout_p95_ms", "2026-11-09T09:30:00+01:00", 450)
	ms[len(ms)-1].Confidence, ms[len(ms)-1].HasConfidence = 7, true
	add("payments/effortless-checkout/conversion", "2026-10-31", 2.9)
	add("payments/effortless-checkout/conversion", "2026-11-07", 3.1)
	add("payments/effortless-checkout/apple-pay", "2026-11-02", 1)
	ms[len(ms)-1].Confidence, ms[len(ms)-1].HasConfidence = 10, true
	add("payments/reliable-payouts/on-time", "2026-11-01", 99.95)
	add("payments/reliable-payouts/incidents", "2026-10-20", 1)
	add("payments/reliable-payouts/incidents", "2026-11-03", 1)
	add("acme/grow-revenue/arr", "2026-06-30", 10.123)
	add("nps", "2026-09-30", 41)
	add("nps", "2026-10-31", 38)
	add("signups", "2026-11-14", 1200)
	add("signups", "2026-11-15", 1200)
	return &model.Repo{
		Config:       model.DefaultConfig(),
		Objectives:   []*model.Objectives{payments, acme, search},
		Measurements: ms,
		KPIs: []*model.KPI{
			{ID: "checkout_p95_ms", Name: "Checkout p95 latency", Owner: "payments", Unit: "ms", Direction: model.Decrease,
				Target: some(300), Warn: some(500), Cadence: "weekly"},
			{ID: "nps", Name: "Net promoter score", Owner: "cx", Direction: model.Increase, Target: some(40), Cadence: "monthly"},
			{ID: "signups", Name: "Daily sign-ups", Owner: "growth", Direction: model.Increase, Target: some(1000), Warn: some(800), Cadence: "daily"},
			{ID: "uptime", Name: "API uptime | public", Owner: "platform", Unit: "%", Direction: model.Increase, Cadence: "weekly"},
		},
	}
}

func scoresAsOf() model.Date {
	d, err := model.ParseDate("2026-11-15")
	if err != nil {
		panic(err)
	}
	return d
}

// scoresGolden compares got with testdata/<dir>/<name>, or rewrites it with
// -update-scores.
func scoresGolden(t *testing.T, dir, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", dir, name)
	if *updateScores {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update-scores to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got); run go test -update-scores after a deliberate change:\n%s", path, diff)
	}
}

func TestScoresGolden(t *testing.T) {
	full, err := score.Score(scoresRepo(), scoresAsOf(), score.Options{})
	if err != nil {
		t.Fatal(err)
	}
	empty, err := score.Score(scoresRepo(), scoresAsOf(), score.Options{Owner: "nobody"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		golden string
		report *score.Report
		format string
		color  bool
	}{
		{"table.golden", full, "table", false},
		{"table-color.golden", full, "table", true},
		{"default.golden", full, "", false},
		{"json.golden", full, "json", false},
		{"csv.golden", full, "csv", false},
		{"markdown.golden", full, "markdown", false},
		{"markdown-color.golden", full, "markdown", true},
		{"empty-table.golden", empty, "table", false},
		{"empty-json.golden", empty, "json", false},
		{"empty-csv.golden", empty, "csv", false},
		{"empty-markdown.golden", empty, "markdown", false},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			var b bytes.Buffer
			if err := Scores(&b, tt.format, tt.report, tt.color); err != nil {
				t.Fatal(err)
			}
			scoresGolden(t, "scores", tt.golden, b.Bytes())
			var again bytes.Buffer
			if err := Scores(&again, tt.format, tt.report, tt.color); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b.Bytes(), again.Bytes()) {
				t.Error("a second rendering differs")
			}
			if !tt.color && strings.Contains(b.String(), "\x1b[") {
				t.Error("ANSI escape without color")
			}
		})
	}
	// The default format is the table.
	def, _ := os.ReadFile(filepath.Join("testdata", "scores", "default.golden"))
	tab, _ := os.ReadFile(filepath.Join("testdata", "scores", "table.golden"))
	if !bytes.Equal(def, tab) {
		t.Error("the default format is not the table")
	}
}

func TestScoresUnknownFormat(t *testing.T) {
	err := Scores(&bytes.Buffer{}, "yaml", &score.Report{Owners: []score.Owner{}}, false)
	want := `unknown format "yaml": use one of table, json, csv, markdown, xlsx`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
}

func TestScoresNumbers(t *testing.T) {
	tests := map[float64]string{0: "0", 500: "500", 0.5: "0.5", 12.345: "12.35", 12.344: "12.34", -0.001: "0", 1e21: "1000000000000000000000", -3.1: "-3.1", 99.95: "99.95"}
	for v, want := range tests {
		if got := scNum(v); got != want {
			t.Errorf("scNum(%v) = %q, want %q", v, got, want)
		}
	}
	scores := map[float64]string{0: "0.00", 1: "1.00", 0.6: "0.60", 0.125: "0.12", 0.675: "0.68", 0.999: "1.00", -0.0001: "0.00"}
	for v, want := range scores {
		if got := scScore(v); got != want {
			t.Errorf("scScore(%v) = %q, want %q", v, got, want)
		}
	}
}

func ExampleScores() {
	r := &score.Report{AsOf: "2026-11-15", Owners: []score.Owner{{
		Owner: "payments", Period: "2026-Q4", Level: "team", File: "teams/payments/2026-Q4.yaml",
		Start: "2026-10-01", End: "2026-12-31", Score: 0.6, Grade: score.Yellow, Status: score.OnTrack,
		Objectives: []score.Objective{{
			ID: "effortless-checkout", Ref: "payments/effortless-checkout", Title: "Make checkout effortless",
			Type: model.Aspirational, Weight: 1, Score: 0.6, Grade: score.Yellow, Status: score.OnTrack,
			KeyResults: []score.KeyResult{{
				ID: "p95-latency", Ref: "payments/effortless-checkout/p95-latency", Title: "Cut checkout p95 latency",
				Type: model.Metric, Unit: "ms", Aggregate: model.Last, Weight: 1,
				Baseline: scoresPtr(800.0), Target: scoresPtr(300.0), Current: scoresPtr(500.0), LastAt: scoresPtr("2026-11-09"),
				Score: 0.6, Grade: score.Yellow, Status: score.OnTrack, Measurements: 3,
				Owner: "alice", Confidence: scoresPtr(6), ConfidenceAt: scoresPtr("2026-11-09"),
				Forecast:      &score.Forecast{Value: 352.5, Low: scoresPtr(310.2), High: scoresPtr(394.8), Score: 0.895, Grade: score.Green},
				NeededPerWeek: scoresPtr(-30.4347826087),
			}},
			ForecastScore: scoresPtr(0.895), ForecastGrade: scoresPtr(score.Green),
		}},
		ForecastScore: scoresPtr(0.895), ForecastGrade: scoresPtr(score.Green),
	}}}
	if err := Scores(os.Stdout, "csv", r, false); err != nil {
		fmt.Println(err)
	}
	// Output:
	// owner,period,objective,key_result,ref,type,baseline,commit,target,stretch,current,unit,measurements,no_data,score,grade,status,objective_score,owner_score,kr_owner,confidence,confidence_at,forecast,forecast_low,forecast_high,forecast_score,forecast_grade,needed_per_week,objective_forecast_score,owner_forecast_score
	// payments,2026-Q4,effortless-checkout,p95-latency,payments/effortless-checkout/p95-latency,metric,800,,300,,500,ms,3,false,0.6,yellow,on-track,0.6,0.6,alice,6,2026-11-09,352.5,310.2,394.8,0.895,green,-30.4347826087,0.895,0.895
}

func scoresPtr[T any](v T) *T { return &v }

// TestNeededPerWeekShown: needed per week is shown with its sign and unit,
// rounded to two decimals, but never as a bare 0 while the target is unmet.
func TestNeededPerWeekShown(t *testing.T) {
	num := func(v float64) *float64 { return &v }
	tests := []struct {
		name   string
		needed *float64
		unit   string
		want   string
	}{
		{"none", nil, "ms", ""},
		{"met", num(0), "%", "0%"},
		// (300 − 395) / 46 × 7 = −14.4565…, two decimals
		{"decrease", num(-14.456521739130435), "ms", "-14.46 ms"},
		{"increase", num(3.04), "", "+3.04"},
		// 99.93% against ≥ 99.95% with 50 days left: 0.02 / 50 × 7 = 0.0028
		{"tiny", num(0.0028), "%", "+0.0028%"},
		{"tiny negative", num(-0.00123), "ms", "-0.0012 ms"},
	}
	for _, tt := range tests {
		k := score.KeyResult{NeededPerWeek: tt.needed, Unit: tt.unit}
		if got := scNeeded(k); got != tt.want {
			t.Errorf("%s: scNeeded = %q, want %q", tt.name, got, tt.want)
		}
	}
}
