package scorelog

import (
	"math"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/okr-as-code/okr/okr/score"
)

const paymentsQ4 = `apiVersion: okr/v1
kind: Objectives
owner: payments
period: 2026-Q4
objectives:
  - id: checkout
    title: Make checkout effortless
    key_results:
      - id: p95
        title: Cut checkout p95 latency
        baseline: 800
        target: 300
        unit: ms
      - id: apple-pay
        title: Offer Apple Pay
        type: milestone
`

const paymentsQ3 = `apiVersion: okr/v1
kind: Objectives
owner: payments
period: 2026-Q3
objectives:
  - id: launch-q3
    title: Launch in Europe
    key_results:
      - id: launch
        title: Go live in Germany
        type: milestone
      - id: docs
        title: Publish the German docs
        type: milestone
`

const growthQ4 = `apiVersion: okr/v1
kind: Objectives
owner: growth
period: 2026-Q4
objectives:
  - id: signups
    title: Win new customers
    key_results:
      - id: trials
        title: Start 100 trials
        type: at_least
        target: 100
      - id: pricing-page
        title: Ship the pricing page
        type: milestone
`

const conversionKR = `      - id: conversion
        title: Lift checkout conversion
        baseline: 2
        target: 4
`

const measurements = "metric,at,value,note\npayments/launch-q3/launch,2026-09-20,1,\npayments/launch-q3/docs,2026-09-21,1,\n"

// buildHistory builds, with the OKR root at root below the top of the work
// tree, a history with every kind of commit `okr log` must tell apart. It
// returns the work tree and the hashes of the commits by name.
func buildHistory(t *testing.T, root string) (string, map[string]string) {
	at := func(p string) string { return path.Join(root, p) }
	var s gitStream
	mark := map[string]int{}
	mark["initial"] = s.commit("main", "2026-09-25T10:00:00Z", "Ada", "Q4 goals", nil,
		put(at("okr.yaml"), "ignore: [\"templates/**\"]\n"),
		put(at("teams/payments.yaml"), paymentsQ4),
		put(at("teams/payments-q3.yaml"), paymentsQ3),
		put(at("teams/growth.yaml"), growthQ4),
		put(at("measurements/payments.csv"), measurements),
		put("README.md", "# OKRs\n"),
		put(".github/workflows/ci.yaml", "on: push\n"))
	mark["record"] = s.commit("main", "2026-10-06T10:00:00Z", "Bea", "Record the p95 latency", nil,
		put(at("measurements/payments.csv"), measurements+"payments/checkout/p95,2026-10-05,700,\n"))
	mark["docs"] = s.commit("main", "2026-10-07T10:00:00Z", "Ada", "Explain the layout", nil,
		put(at("docs/README.md"), "One file per team.\n"), put("README.md", "# OKRs of Acme\n"))
	// YAML files that are not OKR documents, outside and inside the root.
	mark["ci"] = s.commit("main", "2026-10-08T10:00:00Z", "Ada", "Run CI on pull requests", nil,
		put(".github/workflows/ci.yaml", "on: [push, pull_request]\n"), put(at("templates/issue.yaml"), "name: Bug\n"))
	lowered := replace(t, paymentsQ4, "target: 300", "target: 400")
	mark["lower"] = s.commit("main", "2026-10-20T10:00:00Z", "Bob", "Lower the p95 target", nil,
		put(at("teams/payments.yaml"), lowered))
	mark["move"] = s.commit("main", "2026-10-22T10:00:00Z", "Ada", "Move the payments goals", nil,
		mv(at("teams/payments.yaml"), at("teams/payments-q4.yaml")))
	mark["feature"] = s.commit("feature", "2026-10-23T10:00:00Z", "Bea", "Add a conversion key result", []int{mark["move"]},
		put(at("teams/payments-q4.yaml"), lowered+conversionKR))
	mark["apple"] = s.commit("main", "2026-10-24T10:00:00Z", "Ada", "Apple Pay is live", nil,
		put(at("measurements/payments.csv"), measurements+
			"payments/checkout/p95,2026-10-05,700,\npayments/checkout/apple-pay,2026-10-24,1,launched\n"))
	mark["merge"] = s.commit("main", "2026-10-26T10:00:00Z", "Ada", "Merge the conversion key result", []int{mark["apple"], mark["feature"]},
		put(at("teams/payments-q4.yaml"), lowered+conversionKR))
	mark["delete"] = s.commit("main", "2026-10-28T10:00:00Z", "Ada", "Drop the growth goals", nil,
		del(at("teams/growth.yaml")))
	mark["config"] = s.commit("main", "2026-10-29T10:00:00Z", "Ada", "Name the organization", nil,
		put(at("okr.yaml"), "organization: Acme\nignore: [\"templates/**\"]\n"))
	dir, hashes := s.create(t, root)
	ids := map[string]string{}
	for name, m := range mark {
		ids[name] = hashes[m]
	}
	return dir, ids
}

func replace(t *testing.T, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("%q not found", old)
	}
	return strings.Replace(s, old, new, 1)
}

// row is what the tests compare of an Entry.
type row struct {
	Commit, Date, Author, Subject string
	Scores                        map[string]float64
}

func rows(l *Log) []row {
	out := []row{}
	for _, e := range l.Commits {
		out = append(out, row{e.Commit, e.Date, e.Author, e.Subject, e.Scores.Map()})
	}
	return out
}

var approx = cmp.Options{cmpopts.EquateApprox(0, 1e-9), cmpopts.EquateNaNs()}

// scoresAsMap compares Scores as the maps they stand for.
var scoresAsMap = cmp.Transformer("scores", func(s Scores) map[string]float64 { return s.Map() })

func TestBuild(t *testing.T) {
	for _, root := range []string{"", "okrs"} {
		t.Run("root="+root, func(t *testing.T) {
			t.Parallel()
			dir, ids := buildHistory(t, root)
			h := openRepo(t, dir, root)
			head, err := h.Resolve("HEAD")
			if err != nil {
				t.Fatal(err)
			}
			const q3, q4p, q4g = "2026-Q3/payments", "2026-Q4/payments", "2026-Q4/growth"
			tests := []struct {
				name  string
				start string
				opts  Options
				want  []row
			}{{
				// The docs-only and CI commits are absent; the move, the
				// deletion and the config change are present; the merge and
				// the commit it merged are both present.
				name:  "default",
				start: ids["config"],
				want: []row{
					{ids["config"], "2026-10-29T10:00:00Z", "Ada", "Name the organization", map[string]float64{q4p: 1.25 / 3}},
					{ids["delete"], "2026-10-28T10:00:00Z", "Ada", "Drop the growth goals", map[string]float64{q4p: 1.25 / 3}},
					{ids["merge"], "2026-10-26T10:00:00Z", "Ada", "Merge the conversion key result", map[string]float64{q4g: 0, q4p: 1.25 / 3}},
					{ids["apple"], "2026-10-24T10:00:00Z", "Ada", "Apple Pay is live", map[string]float64{q4g: 0, q4p: 0.625}},
					{ids["feature"], "2026-10-23T10:00:00Z", "Bea", "Add a conversion key result", map[string]float64{q4g: 0, q4p: 0.25 / 3}},
					{ids["move"], "2026-10-22T10:00:00Z", "Ada", "Move the payments goals", map[string]float64{q4g: 0, q4p: 0.125}},
					{ids["lower"], "2026-10-20T10:00:00Z", "Bob", "Lower the p95 target", map[string]float64{q4g: 0, q4p: 0.125}},
					{ids["record"], "2026-10-06T10:00:00Z", "Bea", "Record the p95 latency", map[string]float64{q4g: 0, q4p: 0.1}},
					{ids["initial"], "2026-09-25T10:00:00Z", "Ada", "Q4 goals", map[string]float64{q3: 1}},
				},
			}, {
				name:  "from an older revision, one owner, one period",
				start: ids["lower"],
				opts:  Options{Period: "2026-Q4", Owner: "payments"},
				want: []row{
					{ids["lower"], "2026-10-20T10:00:00Z", "Bob", "Lower the p95 target", map[string]float64{q4p: 0.125}},
					{ids["record"], "2026-10-06T10:00:00Z", "Bea", "Record the p95 latency", map[string]float64{q4p: 0.1}},
					// Before the quarter began: no score (NaN, null in JSON).
					{ids["initial"], "2026-09-25T10:00:00Z", "Ada", "Q4 goals", map[string]float64{q4p: math.NaN()}},
				},
			}, {
				name:  "every period",
				start: ids["record"],
				opts:  Options{Period: score.AllPeriods},
				want: []row{
					{ids["record"], "2026-10-06T10:00:00Z", "Bea", "Record the p95 latency", map[string]float64{q3: 1, q4g: 0, q4p: 0.1}},
					{ids["initial"], "2026-09-25T10:00:00Z", "Ada", "Q4 goals", map[string]float64{q3: 1, q4g: math.NaN(), q4p: math.NaN()}},
				},
			}, {
				name:  "an owner with no document",
				start: ids["record"],
				opts:  Options{Owner: "nobody"},
				want: []row{
					{ids["record"], "2026-10-06T10:00:00Z", "Bea", "Record the p95 latency", map[string]float64{}},
					{ids["initial"], "2026-09-25T10:00:00Z", "Ada", "Q4 goals", map[string]float64{}},
				},
			}}
			for _, tt := range tests {
				start := head
				if tt.start != head.Hash.String() {
					if start, err = h.Resolve(tt.start); err != nil {
						t.Fatal(err)
					}
				}
				l, err := Build(h, start, tt.opts)
				if err != nil {
					t.Fatalf("%s: Build: %v", tt.name, err)
				}
				if l.Truncated {
					t.Errorf("%s: Truncated = true in a full clone", tt.name)
				}
				if diff := cmp.Diff(tt.want, rows(l), approx); diff != "" {
					t.Errorf("%s: Build (-want +got):\n%s", tt.name, diff)
				}
				for _, e := range l.Commits {
					if e.Short != e.Commit[:7] {
						t.Errorf("%s: Short = %q for %s", tt.name, e.Short, e.Commit)
					}
				}
			}
		})
	}
}

func TestBuildKeys(t *testing.T) {
	t.Parallel()
	dir, _ := buildHistory(t, "")
	h := openRepo(t, dir, "")
	head, err := h.Resolve("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	l, err := Build(h, head, Options{Period: score.AllPeriods})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"2026-Q3/payments", "2026-Q4/growth", "2026-Q4/payments"}
	if diff := cmp.Diff(want, l.Keys()); diff != "" {
		t.Errorf("Keys (-want +got):\n%s", diff)
	}
}

// A shallow clone logs the commits it has and says that it stopped at its
// boundary, whose commit shows as adding every file.
func TestBuildShallow(t *testing.T) {
	for _, root := range []string{"", "okrs"} {
		t.Run("root="+root, func(t *testing.T) {
			t.Parallel()
			dir, ids := buildHistory(t, root)
			clone := filepath.Join(t.TempDir(), "clone")
			runGit(t, dir, nil, "clone", "-q", "--depth", "2", "file://"+dir, clone)
			h := openRepo(t, clone, root)
			if !h.Shallow() {
				t.Fatal("the clone is not shallow")
			}
			head, err := h.Resolve("HEAD")
			if err != nil {
				t.Fatal(err)
			}
			l, err := Build(h, head, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !l.Truncated {
				t.Error("Truncated = false in a shallow clone")
			}
			want := []row{
				{ids["config"], "2026-10-29T10:00:00Z", "Ada", "Name the organization", map[string]float64{"2026-Q4/payments": 1.25 / 3}},
				{ids["delete"], "2026-10-28T10:00:00Z", "Ada", "Drop the growth goals", map[string]float64{"2026-Q4/payments": 1.25 / 3}},
			}
			if diff := cmp.Diff(want, rows(l), approx); diff != "" {
				t.Errorf("Build (-want +got):\n%s", diff)
			}
		})
	}
}

// A history in which no commit touches an OKR file gives an empty log,
// whose JSON lists no commit as [], not null.
func TestBuildNoOKRFiles(t *testing.T) {
	t.Parallel()
	var s gitStream
	s.commit("main", "2026-10-01T10:00:00Z", "Ada", "Initial", nil,
		put("README.md", "# Not OKRs\n"), put("ci.yaml", "on: push\n"), put("data.csv", "a,b\n1,2\n"))
	dir, _ := s.create(t)
	h := openRepo(t, dir, "")
	head, err := h.Resolve("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	l, err := Build(h, head, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if l.Commits == nil || len(l.Commits) != 0 || l.Truncated {
		t.Errorf("Build = %+v; want no commit, not truncated", l)
	}
}

func TestBuildBadPeriod(t *testing.T) {
	t.Parallel()
	var s gitStream
	s.commit("main", "2026-10-01T10:00:00Z", "Ada", "Initial", nil, put("okr.yaml", "{}\n"))
	dir, _ := s.create(t)
	h := openRepo(t, dir, "")
	head, err := h.Resolve("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Build(h, head, Options{Period: "2026-Q5"}); err == nil {
		t.Error("Build with period 2026-Q5 succeeded; want an error")
	}
}

func TestKeys(t *testing.T) {
	t.Parallel()
	l := &Log{Commits: []Entry{
		{Scores: ScoresOf(map[string]float64{"2027-Q1/a": 0, "2026-Q4/b": 0, "2026-Q1/z": 0, "bad/x": 0})},
		{Scores: ScoresOf(map[string]float64{"2026-H2/c": 0, "2026/d": 0, "2026-Q4/a": 0, "2026-H1/e": 0, "2026-Q3/c": 0})},
	}}
	want := []string{"2026/d", "2026-H1/e", "2026-Q1/z", "2026-H2/c", "2026-Q3/c", "2026-Q4/a", "2026-Q4/b", "2027-Q1/a", "bad/x"}
	if diff := cmp.Diff(want, l.Keys()); diff != "" {
		t.Errorf("Keys (-want +got):\n%s", diff)
	}
	if got := (&Log{}).Keys(); len(got) != 0 {
		t.Errorf("Keys of an empty log = %v", got)
	}
}
