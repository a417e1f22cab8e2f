package report

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/okr-as-code/okr/okr/change"
	"github.com/okr-as-code/okr/okr/history"
	"github.com/okr-as-code/okr/okr/load"
	"github.com/okr-as-code/okr/okr/model"
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
        kpi: checkout_p95_ms
        baseline: 800
        target: 300
        unit: ms
      - id: apple-pay
        title: Offer Apple Pay
        type: milestone
`

const conversionKR = `      - id: conversion
        title: Lift checkout conversion
        baseline: 2
        target: 4
`

const paymentsQ3 = `apiVersion: okr/v1
kind: Objectives
owner: payments
period: 2026-Q3
objectives:
  - id: speed
    title: Make checkout fast
    key_results:
      - id: p95
        title: Cut checkout p95 latency
        baseline: 900
        target: 800
      - id: cdn
        title: Serve checkout from the CDN
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

const kpis = `apiVersion: okr/v1
kind: KPI
id: checkout_p95_ms
name: Checkout p95 latency
owner: payments
unit: ms
direction: decrease
target: 300
warn: 500
cadence: weekly
`

const measurements = "metric,at,value,note\ncheckout_p95_ms,2026-10-05,700,\n"

func edit(t *testing.T, s string, oldNew ...string) string {
	t.Helper()
	for i := 0; i+1 < len(oldNew); i += 2 {
		if !strings.Contains(s, oldNew[i]) {
			t.Fatalf("%q not found", oldNew[i])
		}
		s = strings.Replace(s, oldNew[i], oldNew[i+1], 1)
	}
	return s
}

// buildHistory builds a history in which goalposts move before and after
// their period began, on a branch that is merged, in another owner's
// document and after the as-of date of the tests, and in which a file moves
// and a title changes (no goalpost). It returns the work tree and the
// hashes of the commits by name.
func buildHistory(t *testing.T) (string, map[string]string) {
	var s gitStream
	m := map[string]int{}
	m["initial"] = s.commit("main", "2026-09-20T10:00:00Z", "Ada", "Q4 goals", nil,
		put("okr.yaml", "organization: Acme\n"),
		put("teams/payments.yaml", paymentsQ4),
		put("teams/payments-q3.yaml", paymentsQ3),
		put("teams/growth.yaml", growthQ4),
		put("kpis/checkout.yaml", kpis),
		put("measurements/payments.csv", measurements))
	v := edit(t, paymentsQ4, "target: 300", "target: 250")
	m["before"] = s.commit("main", "2026-09-28T10:00:00Z", "Ada", "Tighten the p95 target before the quarter", nil,
		put("teams/payments.yaml", v))
	v = edit(t, v, "target: 250", "target: 400")
	m["lower"] = s.commit("main", "2026-10-20T10:00:00Z", "Bob", "Lower the p95 target", nil,
		put("teams/payments.yaml", v))
	m["q3"] = s.commit("main", "2026-10-21T10:00:00Z", "Ada", "Lower the Q3 target after the fact", nil,
		put("teams/payments-q3.yaml", edit(t, paymentsQ3, "target: 800", "target: 850")))
	v += conversionKR
	m["add"] = s.commit("main", "2026-10-22T10:00:00Z", "Bea", "Add a conversion key result", nil,
		put("teams/payments.yaml", v))
	m["move"] = s.commit("main", "2026-10-23T10:00:00Z", "Ada", "Move the payments goals", nil,
		mv("teams/payments.yaml", "teams/payments/2026-Q4.yaml"))
	v = edit(t, v, "title: Make checkout effortless", "title: Make checkout a joy")
	m["title"] = s.commit("main", "2026-10-24T10:00:00Z", "Ada", "Retitle the checkout objective", nil,
		put("teams/payments/2026-Q4.yaml", v))
	merged := edit(t, v, "target: 4\n", "target: 5\n")
	m["feature"] = s.commit("feature", "2026-10-25T10:00:00Z", "Cy", "Raise the conversion target", []int{m["title"]},
		put("teams/payments/2026-Q4.yaml", merged))
	m["record"] = s.commit("main", "2026-10-26T10:00:00Z", "Ada", "Record the p95 latency", nil,
		put("measurements/payments.csv", measurements+"checkout_p95_ms,2026-10-26,520,\n"))
	m["merge"] = s.commit("main", "2026-10-27T10:00:00Z", "Ada", "Merge the conversion target", []int{m["record"], m["feature"]},
		put("teams/payments/2026-Q4.yaml", merged))
	m["growth"] = s.commit("main", "2026-10-28T10:00:00Z", "Dee", "Lower the trials target", nil,
		put("teams/growth.yaml", edit(t, growthQ4, "target: 100", "target: 80")))
	m["late"] = s.commit("main", "2026-11-20T10:00:00Z", "Bob", "Lower the p95 target again", nil,
		put("teams/payments/2026-Q4.yaml", edit(t, merged, "target: 400", "target: 450")))
	dir, hashes := s.create(t)
	ids := map[string]string{}
	for name, mark := range m {
		ids[name] = hashes[mark]
	}
	return dir, ids
}

// headRepo loads the OKR files of HEAD, as the work tree of a clean
// checkout holds them.
func headRepo(t testing.TB, h *history.Repo) (*model.Repo, *object.Commit) {
	t.Helper()
	head, err := h.Resolve("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	fsys, err := h.FS(head)
	if err != nil {
		t.Fatal(err)
	}
	repo, _, err := load.Load(fsys, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return repo, head
}

func date(t testing.TB, s string) model.Date {
	t.Helper()
	d, err := model.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// row is what the tests compare of a GoalChange.
type row struct {
	Commit, Date, Author, Subject string
	Ref                           string
	Kind                          change.Kind
	Field                         string
	Old, New                      any
	Period, Direction             string
	Landed                        string // the merge that brought the change in, "" for Commit itself
}

func rows(t *testing.T, r *Report) []row {
	t.Helper()
	out := []row{}
	for _, c := range r.Changes {
		if !c.AfterPeriodStart || c.Short != c.Commit[:7] {
			t.Errorf("change %+v: want after_period_start and a 7-digit short hash", c)
		}
		if c.LandedShort != c.Landed[:7] {
			t.Errorf("change %+v: want a 7-digit landed_short", c)
		}
		landed := c.Landed
		if landed == c.Commit {
			landed = ""
		}
		out = append(out, row{c.Commit, c.Date, c.Author, c.Subject, c.Ref, c.Kind, c.Field, c.Old, c.New, c.Period, c.Direction, landed})
	}
	return out
}

func TestBuildChanges(t *testing.T) {
	t.Parallel()
	dir, ids := buildHistory(t)
	h := openRepo(t, dir, "")
	repo, head := headRepo(t, h)

	lower := row{ids["lower"], "2026-10-20", "Bob", "Lower the p95 target",
		"payments/checkout/p95", change.Modified, "target", 250.0, 400.0, "2026-Q4", change.Easier, ""}
	add := row{ids["add"], "2026-10-22", "Bea", "Add a conversion key result",
		"payments/checkout/conversion", change.Added, "", nil, "Lift checkout conversion", "2026-Q4", "", ""}
	// Made on the feature branch, landed with the merge.
	raise := row{ids["feature"], "2026-10-27", "Cy", "Raise the conversion target",
		"payments/checkout/conversion", change.Modified, "target", 4.0, 5.0, "2026-Q4", change.Harder, ids["merge"]}
	growth := row{ids["growth"], "2026-10-28", "Dee", "Lower the trials target",
		"growth/signups/trials", change.Modified, "target", 100.0, 80.0, "2026-Q4", change.Easier, ""}
	late := row{ids["late"], "2026-11-20", "Bob", "Lower the p95 target again",
		"payments/checkout/p95", change.Modified, "target", 400.0, 450.0, "2026-Q4", change.Easier, ""}
	q3 := row{ids["q3"], "2026-10-21", "Ada", "Lower the Q3 target after the fact",
		"payments/speed/p95", change.Modified, "target", 800.0, 850.0, "2026-Q3", change.Easier, ""}

	tests := []struct {
		name   string
		asOf   string
		opts   Options
		period string
		owners []string // "<owner> <period>" of the scores
		want   []row
	}{{
		// Newest first. Not listed: the change before the quarter, the
		// move, the new title, the measurement and the change to the Q3
		// document. The change after the as-of date is listed: it is in
		// the revision, and the scores already count it.
		name:   "the quarter of the as-of date",
		asOf:   "2026-11-15",
		period: "2026-Q4",
		owners: []string{"growth 2026-Q4", "payments 2026-Q4"},
		want:   []row{late, growth, raise, add, lower},
	}, {
		name:   "a later as-of date",
		asOf:   "2026-11-25",
		period: "2026-Q4",
		owners: []string{"growth 2026-Q4", "payments 2026-Q4"},
		want:   []row{late, growth, raise, add, lower},
	}, {
		name:   "one owner",
		asOf:   "2026-11-15",
		opts:   Options{Owner: "payments"},
		period: "2026-Q4",
		owners: []string{"payments 2026-Q4"},
		want:   []row{late, raise, add, lower},
	}, {
		name:   "a past period",
		asOf:   "2026-11-15",
		opts:   Options{Period: "2026-Q3"},
		period: "2026-Q3",
		owners: []string{"payments 2026-Q3"},
		want:   []row{q3},
	}, {
		// Every change the revision holds, though made after the as-of
		// date: a date cannot hide a change that the goals shown carry.
		name:   "before any change",
		asOf:   "2026-10-01",
		period: "2026-Q4",
		owners: []string{"growth 2026-Q4", "payments 2026-Q4"},
		want:   []row{late, growth, raise, add, lower},
	}, {
		name:   "a period with no document",
		asOf:   "2026-11-15",
		opts:   Options{Period: "2027-Q1"},
		period: "2027-Q1",
		owners: []string{},
		want:   []row{},
	}}
	for _, tt := range tests {
		r, err := Build(repo, date(t, tt.asOf), tt.opts, h, head, "")
		if err != nil {
			t.Fatalf("%s: Build: %v", tt.name, err)
		}
		if r.History != "git" || r.Period != tt.period || r.AsOf != tt.asOf || r.Organization != "Acme" {
			t.Errorf("%s: History, Period, AsOf, Organization = %q, %q, %q, %q; want git, %s, %s, Acme",
				tt.name, r.History, r.Period, r.AsOf, r.Organization, tt.period, tt.asOf)
		}
		owners := []string{}
		for _, o := range r.Scores.Owners {
			owners = append(owners, o.Owner+" "+o.Period)
		}
		if diff := cmp.Diff(tt.owners, owners); diff != "" {
			t.Errorf("%s: owners (-want +got):\n%s", tt.name, diff)
		}
		if diff := cmp.Diff(tt.want, rows(t, r)); diff != "" {
			t.Errorf("%s: changes (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestBuildDeterministic(t *testing.T) {
	t.Parallel()
	dir, _ := buildHistory(t)
	var out []string
	for range 2 {
		h := openRepo(t, dir, "")
		repo, head := headRepo(t, h)
		r, err := Build(repo, date(t, "2026-11-15"), Options{}, h, head, "")
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	if out[0] != out[1] {
		t.Errorf("two builds differ:\n%s\n%s", out[0], out[1])
	}
}

func TestBuildRangeAndKPIs(t *testing.T) {
	t.Parallel()
	dir, _ := buildHistory(t)
	h := openRepo(t, dir, "")
	repo, head := headRepo(t, h)
	r, err := Build(repo, date(t, "2026-11-15"), Options{}, h, head, "")
	if err != nil {
		t.Fatal(err)
	}
	if r.Start != "2026-10-01" || r.End != "2026-12-31" {
		t.Errorf("Start, End = %s, %s; want 2026-10-01, 2026-12-31", r.Start, r.End)
	}
	if len(r.KPIs.KPIs) != 1 || r.KPIs.KPIs[0].ID != "checkout_p95_ms" || *r.KPIs.KPIs[0].Last != 520 {
		t.Errorf("KPIs = %+v; want checkout_p95_ms, last 520", r.KPIs.KPIs)
	}
	if _, err := Build(repo, date(t, "2026-11-15"), Options{Period: "2026-Q7"}, h, head, ""); err == nil {
		t.Error("Build with period 2026-Q7 succeeded; want an error")
	}
}

// Without history, the report says why and lists no change ([] in JSON).
func TestBuildNoHistory(t *testing.T) {
	t.Parallel()
	dir, _ := buildHistory(t)
	h := openRepo(t, dir, "")
	repo, _ := headRepo(t, h)
	const why = "the repository root is not in a git repository"
	r, err := Build(repo, date(t, "2026-11-15"), Options{}, nil, nil, why)
	if err != nil {
		t.Fatal(err)
	}
	if r.History != why || r.Changes == nil || len(r.Changes) != 0 {
		t.Errorf("History, Changes = %q, %v; want %q, []", r.History, r.Changes, why)
	}
	if len(r.Scores.Owners) != 2 {
		t.Errorf("%d owners scored; want 2", len(r.Scores.Owners))
	}
}

// A shallow clone reports the changes of the commits it holds whose parent
// it holds too, and says that the history is shallow.
func TestBuildShallow(t *testing.T) {
	t.Parallel()
	dir, ids := buildHistory(t)
	clone := filepath.Join(t.TempDir(), "clone")
	// late, growth, and the merge at the boundary.
	runGit(t, dir, nil, "clone", "-q", "--depth", "3", "file://"+dir, clone)
	h := openRepo(t, clone, "")
	repo, head := headRepo(t, h)
	r, err := Build(repo, date(t, "2026-11-15"), Options{}, h, head, "")
	if err != nil {
		t.Fatal(err)
	}
	if r.History != "shallow" {
		t.Errorf("History = %q; want shallow", r.History)
	}
	want := []row{{ids["late"], "2026-11-20", "Bob", "Lower the p95 target again",
		"payments/checkout/p95", change.Modified, "target", 400.0, 450.0, "2026-Q4", change.Easier, ""},
		{ids["growth"], "2026-10-28", "Dee", "Lower the trials target",
			"growth/signups/trials", change.Modified, "target", 100.0, 80.0, "2026-Q4", change.Easier, ""}}
	if diff := cmp.Diff(want, rows(t, r)); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
}

// The root may be a directory below the top of the work tree; changes
// outside it are not the report's.
func TestBuildSubdirectory(t *testing.T) {
	t.Parallel()
	var s gitStream
	s.commit("main", "2026-09-20T10:00:00Z", "Ada", "Q4 goals", nil,
		put("okrs/okr.yaml", "organization: Acme\n"),
		put("okrs/teams/payments.yaml", paymentsQ4),
		put("other/teams/payments.yaml", paymentsQ4))
	s.commit("main", "2026-10-20T10:00:00Z", "Bob", "Lower the p95 target", nil,
		put("okrs/teams/payments.yaml", edit(t, paymentsQ4, "target: 300", "target: 400")))
	s.commit("main", "2026-10-21T10:00:00Z", "Bob", "Lower a target outside the root", nil,
		put("other/teams/payments.yaml", edit(t, paymentsQ4, "target: 300", "target: 500")))
	dir, hashes := s.create(t, "okrs")
	h := openRepo(t, dir, "okrs")
	repo, head := headRepo(t, h)
	r, err := Build(repo, date(t, "2026-11-15"), Options{}, h, head, "")
	if err != nil {
		t.Fatal(err)
	}
	want := []row{{hashes[2], "2026-10-20", "Bob", "Lower the p95 target",
		"payments/checkout/p95", change.Modified, "target", 300.0, 400.0, "2026-Q4", change.Easier, ""}}
	if diff := cmp.Diff(want, rows(t, r)); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
}

// A merge that resolves a conflict by hand made that change itself: it is
// listed, with the merge commit. The side branch's own change never landed
// as such (the merge settled on another value): it is not listed.
func TestBuildMergeResolution(t *testing.T) {
	t.Parallel()
	var s gitStream
	base := s.commit("main", "2026-09-20T10:00:00Z", "Ada", "Q4 goals", nil, put("teams/payments.yaml", paymentsQ4))
	side := s.commit("side", "2026-10-10T10:00:00Z", "Bea", "Target 350", []int{base},
		put("teams/payments.yaml", edit(t, paymentsQ4, "target: 300", "target: 350")))
	main := s.commit("main", "2026-10-11T10:00:00Z", "Bob", "Target 320", nil,
		put("teams/payments.yaml", edit(t, paymentsQ4, "target: 300", "target: 320")))
	merge := s.commit("main", "2026-10-12T10:00:00Z", "Ada", "Merge side: settle on 340", []int{main, side},
		put("teams/payments.yaml", edit(t, paymentsQ4, "target: 300", "target: 340")))
	dir, hashes := s.create(t)
	h := openRepo(t, dir, "")
	repo, head := headRepo(t, h)
	r, err := Build(repo, date(t, "2026-11-15"), Options{}, h, head, "")
	if err != nil {
		t.Fatal(err)
	}
	kr := "payments/checkout/p95"
	want := []row{
		{hashes[merge], "2026-10-12", "Ada", "Merge side: settle on 340", kr, change.Modified, "target", 320.0, 340.0, "2026-Q4", change.Easier, ""},
		{hashes[main], "2026-10-11", "Bob", "Target 320", kr, change.Modified, "target", 300.0, 320.0, "2026-Q4", change.Easier, ""},
	}
	if diff := cmp.Diff(want, rows(t, r)); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
}

// The example repository, committed before its quarter began, with one
// target lowered mid-quarter: the report lists that change alone.
func TestBuildExample(t *testing.T) {
	t.Parallel()
	const example = "../../examples/acme"
	var ops []string
	var payments string
	err := filepath.WalkDir(example, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(example, p)
		rel = filepath.ToSlash(rel)
		if rel == "teams/payments/2026-Q4.yaml" {
			payments = string(b)
		}
		ops = append(ops, put(rel, string(b)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var s gitStream
	s.commit("main", "2026-09-25T10:00:00Z", "Ada", "Acme's goals", nil, ops...)
	lowered := s.commit("main", "2026-11-10T10:00:00Z", "Bob", "payments: relax the p95 target", nil,
		put("teams/payments/2026-Q4.yaml", edit(t, payments, "        target: 300\n", "        target: 350\n")))
	dir, hashes := s.create(t)
	h := openRepo(t, dir, "")
	repo, head := headRepo(t, h)
	r, err := Build(repo, date(t, "2026-11-15"), Options{}, h, head, "")
	if err != nil {
		t.Fatal(err)
	}
	want := []row{{hashes[lowered], "2026-11-10", "Bob", "payments: relax the p95 target",
		"payments/effortless-checkout/p95-latency", change.Modified, "target", 300.0, 350.0, "2026-Q4", change.Easier, ""}}
	if diff := cmp.Diff(want, rows(t, r)); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	var owners []string
	for _, o := range r.Scores.Owners {
		owners = append(owners, o.Period+"/"+o.Owner)
	}
	wantOwners := []string{"2026/acme", "2026-H2/engineering", "2026-Q4/growth", "2026-Q4/payments", "2026-Q4/platform"}
	if diff := cmp.Diff(wantOwners, owners, cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
		t.Errorf("owners (-want +got):\n%s", diff)
	}
}

// Each key result's counted check-ins, in date order, up to the as-of
// date: the p95 key result reads the KPI checkout_p95_ms, measured on
// 2026-10-05 (700) and 2026-10-26 (520).
func TestBuildCheckins(t *testing.T) {
	t.Parallel()
	dir, _ := buildHistory(t)
	h := openRepo(t, dir, "")
	repo, head := headRepo(t, h)
	for _, tt := range []struct {
		asOf string
		want []Checkin
	}{
		{"2026-11-15", []Checkin{{At: "2026-10-05", Value: 700}, {At: "2026-10-26", Value: 520}}},
		{"2026-10-25", []Checkin{{At: "2026-10-05", Value: 700}}},
		{"2026-10-01", []Checkin{}},
	} {
		r, err := Build(repo, date(t, tt.asOf), Options{Owner: "payments"}, h, head, "")
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][]Checkin{
			"payments/checkout/p95":        tt.want,
			"payments/checkout/apple-pay":  {},
			"payments/checkout/conversion": {},
		}
		if diff := cmp.Diff(want, r.Checkins); diff != "" {
			t.Errorf("as of %s: checkins (-want +got):\n%s", tt.asOf, diff)
		}
	}
}

// Changes to files okr does not read (ignored by okr.yaml or .gitignore)
// are not goal changes; a .gitignore that stops ignoring a file brings its
// goals in, as added after the period began.
func TestBuildIgnoredFiles(t *testing.T) {
	t.Parallel()
	var s gitStream
	s.commit("main", "2026-09-20T10:00:00Z", "Ada", "Q4 goals", nil,
		put("okr.yaml", "ignore: [\"archive/**\"]\n"),
		put(".gitignore", "drafts/\n"),
		put("teams/payments.yaml", paymentsQ4),
		put("archive/payments.yaml", edit(t, paymentsQ4, "owner: payments", "owner: old")),
		put("drafts/growth.yaml", growthQ4))
	s.commit("main", "2026-10-10T10:00:00Z", "Bob", "Edit the archive and the draft", nil,
		put("archive/payments.yaml", edit(t, paymentsQ4, "owner: payments", "owner: old", "target: 300", "target: 900")),
		put("drafts/growth.yaml", edit(t, growthQ4, "target: 100", "target: 10")))
	publish := s.commit("main", "2026-10-20T10:00:00Z", "Cy", "Publish the drafts", nil,
		put(".gitignore", "# nothing ignored\n"))
	dir, hashes := s.create(t)
	h := openRepo(t, dir, "")
	repo, head := headRepo(t, h)
	r, err := Build(repo, date(t, "2026-11-15"), Options{}, h, head, "")
	if err != nil {
		t.Fatal(err)
	}
	pub := func(ref string, kind change.Kind, title any) row {
		return row{hashes[publish], "2026-10-20", "Cy", "Publish the drafts", ref, kind, "", nil, title, "2026-Q4", "", ""}
	}
	want := []row{
		pub("growth", change.Added, nil),
		pub("growth/signups", change.Added, "Win new customers"),
	}
	if diff := cmp.Diff(want, rows(t, r)); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
}

// A branch that moves a target twice (4 → 4.5 → 5) and is merged: the
// merge brings in 4 → 5, made by the branch's second commit, and lands on
// the merge's date; a change the branch made and undid does not show.
func TestBuildMergedBranchMaker(t *testing.T) {
	t.Parallel()
	var s gitStream
	v := paymentsQ4 + conversionKR
	base := s.commit("main", "2026-09-20T10:00:00Z", "Ada", "Q4 goals", nil, put("teams/payments.yaml", v))
	s.commit("side", "2026-09-21T10:00:00Z", "Bea", "Target 4.5", []int{base},
		put("teams/payments.yaml", edit(t, v, "target: 4\n", "target: 4.5\n", "title: Make checkout effortless", "title: Try")))
	second := s.commit("side", "2026-09-22T10:00:00Z", "Cy", "Target 5", nil,
		put("teams/payments.yaml", edit(t, v, "target: 4\n", "target: 5\n")))
	other := s.commit("main", "2026-10-05T10:00:00Z", "Ada", "Notes", nil, put("notes.md", "notes\n"))
	merge := s.commit("main", "2026-11-21T10:00:00Z", "Ada", "Merge side", []int{other, second},
		put("teams/payments.yaml", edit(t, v, "target: 4\n", "target: 5\n")))
	dir, hashes := s.create(t)
	h := openRepo(t, dir, "")
	repo, head := headRepo(t, h)
	r, err := Build(repo, date(t, "2026-11-25"), Options{}, h, head, "")
	if err != nil {
		t.Fatal(err)
	}
	want := []row{{hashes[second], "2026-11-21", "Cy", "Target 5", "payments/checkout/conversion", change.Modified,
		"target", 4.0, 5.0, "2026-Q4", change.Harder, hashes[merge]}}
	if diff := cmp.Diff(want, rows(t, r)); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	if r.Changes[0].AuthorDate != "2026-09-22" {
		t.Errorf("author date %s; want 2026-09-22", r.Changes[0].AuthorDate)
	}
}

// TestStartHistory: a report built without history and given it with
// StartHistory has the changes Build finds with history, though its
// scores' text changes while the history is read (okr site escapes it);
// Changes and History are set only once finish returns.
func TestStartHistory(t *testing.T) {
	t.Parallel()
	dir, _ := buildHistory(t)
	h := openRepo(t, dir, "")
	repo, head := headRepo(t, h)
	want, err := Build(repo, date(t, "2026-11-15"), Options{}, h, head, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Changes) == 0 {
		t.Fatal("the fixture's history has no moved goalpost: it tests nothing")
	}
	r, err := Build(repo, date(t, "2026-11-15"), Options{}, nil, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	finish := r.StartHistory(h, head)
	for i := range r.Scores.Owners {
		r.Scores.Owners[i].Owner += "\x1b"
	}
	if err := finish(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want.Changes, r.Changes); diff != "" {
		t.Errorf("changes (-Build +StartHistory):\n%s", diff)
	}
	if r.History != want.History {
		t.Errorf("History %q, want %q", r.History, want.History)
	}
}
