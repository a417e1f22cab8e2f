package digest

import (
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/okr-as-code/okr/okr/change"
	"github.com/okr-as-code/okr/okr/load"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/site"
)

// approx compares scores to 12 significant digits, as JSON carries them.
var approx = cmpopts.EquateApprox(0, 1e-12)

func repoOf(t *testing.T, files map[string]string) *model.Repo {
	t.Helper()
	fsys := fstest.MapFS{}
	for k, v := range files {
		fsys[k] = &fstest.MapFile{Data: []byte(v)}
	}
	repo, probs, err := load.Load(fsys, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range probs {
		if p.Severity == model.Error {
			t.Fatalf("fixture: %v", p)
		}
	}
	return repo
}

const (
	buildDoc = "apiVersion: okr/v1\nkind: Objectives\nowner: pay\nperiod: 2026-Q4\nobjectives:\n" +
		"  - id: fast\n    title: Fast\n    key_results:\n" +
		"      - {id: a, title: A, baseline: 0, target: %s, owner: ann}\n" +
		"      - {id: b, title: B, baseline: 0, target: 10, owner: ben}\n" +
		"  - id: safe\n    title: Safe\n    key_results:\n" +
		"      - {id: c, title: C, type: milestone}\n"
	buildKPI = "apiVersion: okr/v1\nkind: KPI\nid: nps\nname: NPS\nowner: pay\ndirection: increase\ntarget: 50\nwarn: 30\ncadence: weekly\n"
)

// TestBuild: each section of a digest, worked by hand. Then is as of
// 2026-11-03 (BASE's day), now as of 2026-11-15; Q4 runs 2026-10-01 …
// 2026-12-31 (92 days).
func TestBuild(t *testing.T) {
	then := repoOf(t, map[string]string{
		"o.yaml": sprintf(buildDoc, "10"),
		"k.yaml": buildKPI,
		"m.csv": "metric,at,value,note,confidence\n" +
			"pay/fast/a,2026-10-10,4,,9\n" + // a = 4/10 = 0.4
			"pay/fast/b,2026-10-10,2,,\n" + // b = 2/10 = 0.2
			"nps,2026-10-10,60,,\n", // green, measured 24 days before 11-03: stale (weekly)
	})
	now := repoOf(t, map[string]string{
		"o.yaml": sprintf(buildDoc, "8"), // a's target moved 10 → 8 (easier, after 10-01)
		"k.yaml": buildKPI,
		"m.csv": "metric,at,value,note,confidence\n" +
			"pay/fast/a,2026-10-10,4,,9\n" +
			"pay/fast/b,2026-10-10,2,,\n" +
			"nps,2026-10-10,60,,\n" +
			"pay/fast/a,2026-11-03,6,,\n" + // on BASE's day: not a check-in since
			"pay/fast/a,2026-11-10,6,,5\n" + // a = 6/8 = 0.75; confidence 9 → 5
			"pay/fast/b,2026-11-12,3,,\n" + // b = 3/10 = 0.3
			"nps,2026-11-14,20,,\n", // red (below warn 30), fresh
	})
	by := "Bob"
	g, err := Build(Input{Now: now, AsOf: model.NewDate(2026, 11, 15), Then: then, BaseCommit: "c0ffee", BaseDay: model.NewDate(2026, 11, 3),
		Authors: func(chs []change.Change) ([]*string, error) { return []*string{&by}, nil }}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Now: fast = (0.75 + 0.3)/2 = 0.525, safe = 0 (no data), pay = 0.2625.
	// Then: fast = (0.4 + 0.2)/2 = 0.3, safe = 0, pay = 0.15.
	// Elapsed now 46/92 = 0.5, expected 0.35: a (0.75) on-track, b (0.3)
	// at-risk, c (0) off-track; pay 0.2625 red.
	mean, before := 0.2625, 0.15
	if diff := cmp.Diff(Summary{Owners: 1, MeanScore: &mean, MeanScoreBefore: &before, Red: 1}, g.Summary, approx); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
	// Displayed: fast 0.30 → 0.53 (+0.23), pay 0.15 → 0.26 (+0.11); safe
	// 0 → 0 is no change.
	if diff := cmp.Diff([]ScoreChange{
		{Ref: "pay/fast", Period: "2026-Q4", Old: 0.3, New: 0.525},
		{Ref: "pay", Period: "2026-Q4", Old: 0.15, New: 0.2625},
	}, g.ScoreChanges, approx); diff != "" {
		t.Errorf("score changes (-want +got):\n%s", diff)
	}
	// After 11-03 up to 11-15: ann 1 (11-10), ben 1 (11-12), pay 1 (nps 11-14).
	if diff := cmp.Diff([]Checkins{{"ann", 1}, {"ben", 1}, {"pay", 1}}, g.Checkins); diff != "" {
		t.Errorf("check-ins (-want +got):\n%s", diff)
	}
	// a's confidence 9 → 5: a drop of 4, at least 3.
	if diff := cmp.Diff([]ConfidenceDrop{{Ref: "pay/fast/a", Period: "2026-Q4", Old: 9, New: 5}}, g.ConfidenceDrops); diff != "" {
		t.Errorf("confidence drops (-want +got):\n%s", diff)
	}
	// nps: green and stale then, red and fresh now: it turned red.
	green, stale := "green", true
	if diff := cmp.Diff([]KPIChange{{ID: "nps", Name: "NPS", Health: "red", HealthBefore: &green, Stale: false, StaleBefore: &stale}}, g.KPIs); diff != "" {
		t.Errorf("kpis (-want +got):\n%s", diff)
	}
	// c is off-track (score 0, no forecast); a and b have forecasts from
	// two dates: b's (from 2 on 10-10 to 3 on 11-12: 3 + 1/33 per day for
	// 49 more days, about 4.5, 0.45: yellow) keeps it off the list.
	if len(g.AtRisk) != 1 || g.AtRisk[0].Ref != "pay/safe/c" || g.AtRisk[0].Owner != "pay" {
		t.Errorf("at risk: %+v", g.AtRisk)
	}
	want := Moved{Change: change.Change{Ref: "pay/fast/a", Kind: change.Modified, Field: "target", Old: 10.0, New: 8.0,
		AfterPeriodStart: true, Period: "2026-Q4", Entity: change.KeyResult, Direction: change.Easier}, Author: &by}
	if diff := cmp.Diff([]Moved{want}, g.Moved, cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Pos" }, cmp.Ignore())); diff != "" {
		t.Errorf("moved (-want +got):\n%s", diff)
	}
	// Due as of 11-15 (weekly): c never (since 09-30: 46 days, 39
	// overdue); a last 11-10 and b 11-12 are not due; nps 11-14 is not.
	if len(g.Due) != 1 || g.Due[0].Ref != "pay/safe/c" || g.Due[0].OverdueDays != 39 {
		t.Errorf("due: %+v", g.Due)
	}
}

// TestNoBase: without a BASE, only the headline, at risk and due.
func TestNoBase(t *testing.T) {
	now := repoOf(t, map[string]string{"o.yaml": sprintf(buildDoc, "10")})
	g, err := Build(Input{Now: now, AsOf: model.NewDate(2026, 11, 15), NoBase: "the repository is not in git"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, s := range g.sections() {
		keys = append(keys, s.key)
	}
	if diff := cmp.Diff([]string{"at_risk", "due"}, keys); diff != "" {
		t.Errorf("sections (-want +got):\n%s", diff)
	}
	if g.Base != nil || g.Summary.MeanScoreBefore != nil {
		t.Errorf("base %v, mean before %v", g.Base, g.Summary.MeanScoreBefore)
	}
	if _, err := Build(Input{Now: now, AsOf: model.NewDate(2026, 11, 15)}, Options{Period: "2026-Q5"}); err == nil {
		t.Error("--period 2026-Q5 accepted")
	}
}

// TestAnchorIsSite's: the digest links key results with the anchor okr
// site gives their sections.
func TestAnchorIsSites(t *testing.T) {
	if a, b := KeyResultAnchor("grow", "arr"), site.KeyResultAnchor("grow", "arr"); a != b || a != "kr-grow.arr" {
		t.Errorf("digest %q, site %q, want kr-grow.arr", a, b)
	}
}

func TestParseLink(t *testing.T) {
	for in, want := range map[string]string{
		"https://acme.example/okrs/": "https://acme.example/okrs",
		"http://localhost:8080":      "http://localhost:8080",
		"acme.example":               "",
		"ftp://acme.example":         "",
		"javascript:alert(1)":        "",
		// the pages' names follow the address: no query or fragment
		"https://acme.example/okrs?v=1": "",
		"https://acme.example/okrs?":    "",
		"https://acme.example/okrs#top": "",
		"https://acme.example/okrs/#":   "",
	} {
		got, err := ParseLink(in)
		if got != want || (err != nil) != (want == "") {
			t.Errorf("ParseLink(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
