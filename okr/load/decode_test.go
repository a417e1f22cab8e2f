package load

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/okr-as-code/okr/okr/model"
)

// TestLoadDecodes checks the values the loader decodes: defaults, YAML 1.2
// numbers, dates kept as written, merge keys, CSV rows, read order.
func TestLoadDecodes(t *testing.T) {
	files := map[string]string{
		"okr.yaml": "organization: Acme\nfiscal_year_start_month: 7\ngrades: {green: 0.8}\nignore: [archive/**]\ncheckin_cadence: biweekly\n",
		"teams/a.yaml": `apiVersion: okr/v1
kind: Objectives
owner: pay
period: 2027
objectives:
  - id: fast
    title: Fast checkout
    type: committed
    aligns_to: acme/grow
    weight: 2
    key_results:
      - &base
        id: p95
        title: Cut p95
        kpi: p95_ms
        baseline: 012
        commit: 1e3
        target: 99999999999999999999
        stretch: 0x10
        unit: ms
        aggregate: max
        weight: 0.5
        owner: alice
        cadence: monthly
      - <<: *base
        id: p99
        baseline: -1_000
      - {id: done, title: Done, type: milestone}
`,
		"kpis.yaml": `apiVersion: okr/v1
kind: KPI
id: p95_ms
name: p95
owner: pay
unit: ms
direction: decrease
target: 300
warn: 500
cadence: biweekly
category: operational
indicator: leading
description: Free text.
`,
		"m/a.yaml": `apiVersion: okr/v1
kind: Measurements
metric: p95_ms
values:
  - {at: 2026-10-05, value: 780}
  - {at: 2026-10-05T23:30:00-05:00, value: 700, note: CDN, confidence: 6}
  - {at: 2026-10-06, value: 690, confidence: 0}
`,
		"m/b.csv":           "metric,at,value,note\np95_ms,2026-10-19,640,\npay/fast/done,2026-11-02,1,\"launched, finally\"\n",
		"archive/old.yaml":  "apiVersion: okr/v1\nkind: KPI\nid: [\n",
		"docs/notes.yaml":   "title: not okr\n",
		"docs/people.csv":   "name,team\nbob,pay\n",
		"README.md":         "apiVersion: okr/v1\n",
		"m/c.CSV":           "metric,at,value\np95_ms,2026-10-26,600\n",
		"m/d.csv":           "metric,at,value,note,confidence\np95_ms,2026-10-27,590,,7\np95_ms,2026-10-28,580,n\np95_ms,2026-10-29,570\np95_ms,2026-10-30,560,, 10 \np95_ms,2026-10-31,550,x,\n",
		".git/config.yaml":  "apiVersion: okr/v1\nkind: [\n",
		"teams/empty.yaml":  "",
		"teams/other.yml":   "# just a comment\n---\n---\n",
		"teams/list.yaml":   "- apiVersion: okr/v1\n",
		"teams/scalar.yaml": "okr/v1\n",
	}
	repo, probs := loadMap(t, files)
	if len(probs) != 0 {
		t.Fatalf("unexpected problems: %v", probs)
	}
	year, _ := model.ParsePeriod("2027")
	pos := func(file string, line, col int) model.Pos { return model.Pos{File: file, Line: line, Column: col} }
	doc := &model.Objectives{Pos: pos("teams/a.yaml", 1, 1), Owner: "pay", Level: "team", PeriodText: "2027", Period: year}
	p95 := &model.KeyResult{
		Pos: pos("teams/a.yaml", 12, 9), ID: "p95", Ref: "pay/fast/p95", Title: "Cut p95", Type: model.Metric, KPI: "p95_ms",
		Baseline: model.Some(12), Commit: model.Some(1000), Target: model.Some(1e20), Stretch: model.Some(16),
		Unit: "ms", Aggregate: model.Max, Weight: 0.5, Owner: "alice", Cadence: "monthly",
	}
	p99 := *p95
	p99.Pos, p99.ID, p99.Ref, p99.Baseline = pos("teams/a.yaml", 25, 9), "p99", "pay/fast/p99", model.Some(-1000)
	done := &model.KeyResult{Pos: pos("teams/a.yaml", 28, 9), ID: "done", Ref: "pay/fast/done", Title: "Done", Type: model.Milestone, Aggregate: model.Last, Weight: 1}
	doc.Objectives = []*model.Objective{{
		Pos: pos("teams/a.yaml", 6, 5), ID: "fast", Ref: "pay/fast", Title: "Fast checkout", Type: model.Committed,
		AlignsTo: "acme/grow", Weight: 2, KeyResults: []*model.KeyResult{p95, &p99, done},
	}}
	at := func(s string) time.Time {
		t, _, err := model.ParseAt(s)
		if err != nil {
			panic(err)
		}
		return t
	}
	day := func(s string) model.Date {
		d, err := model.ParseDate(s)
		if err != nil {
			panic(err)
		}
		return d
	}
	want := &model.Repo{
		Config:     model.Config{File: "okr.yaml", Organization: "Acme", FiscalYearStartMonth: 7, Green: 0.8, Yellow: 0.4, Ignore: []string{"archive/**"}, CheckinCadence: "biweekly"},
		Objectives: []*model.Objectives{doc},
		KPIs: []*model.KPI{{
			Pos: pos("kpis.yaml", 1, 1), ID: "p95_ms", Name: "p95", Owner: "pay", Unit: "ms", Direction: model.Decrease,
			Target: model.Some(300), Warn: model.Some(500), Cadence: "biweekly", Category: "operational", Indicator: "leading", Description: "Free text.",
		}},
		Measurements: []model.Measurement{
			{Pos: pos("m/a.yaml", 5, 5), Metric: "p95_ms", At: at("2026-10-05"), Day: day("2026-10-05"), Value: 780, Seq: 0},
			{Pos: pos("m/a.yaml", 6, 5), Metric: "p95_ms", AtText: "2026-10-05T23:30:00-05:00", At: at("2026-10-05T23:30:00-05:00"), Day: day("2026-10-05"), Value: 700, Note: "CDN", Confidence: 6, HasConfidence: true, Seq: 1},
			{Pos: pos("m/a.yaml", 7, 5), Metric: "p95_ms", At: at("2026-10-06"), Day: day("2026-10-06"), Value: 690, HasConfidence: true, Seq: 2},
			{Pos: pos("m/b.csv", 2, 1), Metric: "p95_ms", At: at("2026-10-19"), Day: day("2026-10-19"), Value: 640, Seq: 3},
			{Pos: pos("m/b.csv", 3, 1), Metric: "pay/fast/done", At: at("2026-11-02"), Day: day("2026-11-02"), Value: 1, Note: "launched, finally", Seq: 4},
			{Pos: pos("m/c.CSV", 2, 1), Metric: "p95_ms", At: at("2026-10-26"), Day: day("2026-10-26"), Value: 600, Seq: 5},
			// a confidence column; rows that leave out trailing optional cells
			{Pos: pos("m/d.csv", 2, 1), Metric: "p95_ms", At: at("2026-10-27"), Day: day("2026-10-27"), Value: 590, Confidence: 7, HasConfidence: true, Seq: 6},
			{Pos: pos("m/d.csv", 3, 1), Metric: "p95_ms", At: at("2026-10-28"), Day: day("2026-10-28"), Value: 580, Note: "n", Seq: 7},
			{Pos: pos("m/d.csv", 4, 1), Metric: "p95_ms", At: at("2026-10-29"), Day: day("2026-10-29"), Value: 570, Seq: 8},
			{Pos: pos("m/d.csv", 5, 1), Metric: "p95_ms", At: at("2026-10-30"), Day: day("2026-10-30"), Value: 560, Confidence: 10, HasConfidence: true, Seq: 9},
			{Pos: pos("m/d.csv", 6, 1), Metric: "p95_ms", At: at("2026-10-31"), Day: day("2026-10-31"), Value: 550, Note: "x", Seq: 10},
		},
		Files: []string{"kpis.yaml", "m/a.yaml", "m/b.csv", "m/c.CSV", "m/d.csv", "teams/a.yaml"},
		// The YAML Measurements documents, CSV files not among them.
		MeasurementDocs: []model.MeasurementDoc{{Metric: "p95_ms", File: "m/a.yaml"}},
	}
	opts := cmp.Options{
		cmpopts.IgnoreFields(model.Objective{}, "Parent"),
		cmpopts.IgnoreFields(model.KeyResult{}, "Parent"),
		cmpopts.IgnoreTypes(model.Fields{}),
	}
	if diff := cmp.Diff(want, repo, opts); diff != "" {
		t.Errorf("repo (-want +got):\n%s", diff)
	}
	// Parents link back, and fields remember where each value was written.
	o := repo.Objectives[0].Objectives[0]
	if o.Parent != repo.Objectives[0] || o.KeyResults[0].Parent != o {
		t.Errorf("parents not linked")
	}
	if got, want := o.KeyResults[0].Fields.At("target", model.Pos{}), pos("teams/a.yaml", 18, 17); got != want {
		t.Errorf("target field at %v, want %v", got, want)
	}
	if got, want := o.KeyResults[1].Fields.At("target", model.Pos{}), pos("teams/a.yaml", 18, 17); got != want {
		t.Errorf("merged target field at %v, want %v (where it is written)", got, want)
	}
	if got, want := repo.Config.Fields.At("grades", model.Pos{}), pos("okr.yaml", 3, 9); got != want {
		t.Errorf("grades field at %v, want %v", got, want)
	}
}

// TestLoadDefaults checks the defaults of an empty repository and config.
func TestLoadDefaults(t *testing.T) {
	for name, files := range map[string]map[string]string{
		"no okr.yaml":    {},
		"empty okr.yaml": {"okr.yaml": ""},
		"null okr.yaml":  {"okr.yaml": "~\n"},
	} {
		t.Run(name, func(t *testing.T) {
			repo, probs := loadMap(t, files)
			if len(probs) != 0 {
				t.Errorf("problems: %v", probs)
			}
			want := model.DefaultConfig()
			if _, ok := files["okr.yaml"]; ok {
				want.File = "okr.yaml"
			}
			if diff := cmp.Diff(want, repo.Config); diff != "" {
				t.Errorf("config (-want +got):\n%s", diff)
			}
			if repo.Files != nil || repo.Objectives != nil || repo.KPIs != nil || len(repo.Measurements) != 0 {
				t.Errorf("not empty: %+v", repo)
			}
		})
	}
}

// TestPeriodAsNumber: a year the schema accepts as a whole number, however
// YAML writes it, is read as that year (2026.0 and 0x7ea are 2026).
func TestPeriodAsNumber(t *testing.T) {
	for _, written := range []string{"2026", "2026.0", "0x7ea", "2_026"} {
		t.Run(written, func(t *testing.T) {
			src := strings.Replace(objectivesDoc, "period: 2026-Q4", "period: "+written, 1)
			repo, probs := loadMap(t, map[string]string{"a.yaml": src})
			if len(probs) != 0 {
				t.Fatalf("problems: %v", probs)
			}
			year, _ := model.ParsePeriod("2026")
			if got := repo.Objectives[0]; got.PeriodText != "2026" || got.Period != year {
				t.Errorf("period %q = %q (%v), want 2026", written, got.PeriodText, got.Period)
			}
		})
	}
}

// TestMeasurementDocs: the loader notes every YAML Measurements document
// by its metric and file, one with no values yet too, in path order then
// document order; okr record finds where a metric is kept from them.
func TestMeasurementDocs(t *testing.T) {
	files := map[string]string{
		"b.yaml": "apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues: []\n" +
			"---\napiVersion: okr/v1\nkind: Measurements\nmetric: churn\n" + // no values key at all
			"---\napiVersion: okr/v1\nkind: Measurements\nmetric: [x]\nvalues: []\n" + // not a name
			"---\napiVersion: okr/v1\nkind: KPI\nid: nps\nname: NPS\nowner: cx\nunit: points\ndirection: increase\n",
		"a.yml": "apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues:\n  - {at: 2026-11-02, value: 40}\n",
		// A CSV file holds rows, not documents.
		"c.csv": "metric,at,value\nnps,2026-11-03,41\n",
		// apiVersion okr/v2 is reported, not read as a document okr writes to.
		"d.yaml": "apiVersion: okr/v2\nkind: Measurements\nmetric: nps\nvalues: []\n",
	}
	repo, _ := loadMap(t, files)
	want := []model.MeasurementDoc{{Metric: "nps", File: "a.yml"}, {Metric: "nps", File: "b.yaml"}, {Metric: "churn", File: "b.yaml"}}
	if diff := cmp.Diff(want, repo.MeasurementDocs); diff != "" {
		t.Errorf("MeasurementDocs (-want +got):\n%s", diff)
	}
}
