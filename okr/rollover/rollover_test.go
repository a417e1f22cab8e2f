package rollover

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/okr-as-code/okr/okr/check"
	"github.com/okr-as-code/okr/okr/load"
	"github.com/okr-as-code/okr/okr/model"
)

func period(s string) model.Period {
	p, err := model.ParsePeriod(s)
	if err != nil {
		panic(err)
	}
	return p
}

func TestPrevious(t *testing.T) {
	tests := map[string]string{
		"2027-Q1": "2026-Q4", "2026-Q4": "2026-Q3", "2026-Q2": "2026-Q1",
		"2027-H1": "2026-H2", "2026-H2": "2026-H1", "2027": "2026",
	}
	for in, want := range tests {
		if got := Previous(period(in)).String(); got != want {
			t.Errorf("Previous(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestDestination(t *testing.T) {
	tests := []struct{ file, owner, from, to, want string }{
		{"teams/payments/2026-Q4.yaml", "payments", "2026-Q4", "2027-Q1", "teams/payments/2027-Q1.yaml"},
		{"archive/2026-Q4-payments.yml", "payments", "2026-Q4", "2027-Q1", "archive/2027-Q1-payments.yml"},
		{"company/2026.yaml", "acme", "2026", "2027", "company/2027.yaml"},
		{"okrs/2026-Q4/payments.yaml", "payments", "2026-Q4", "2027-Q1", "okrs/2027-Q1/payments.yaml"},
		{"teams/payments/goals.yaml", "payments", "2026-Q4", "2027-Q1", "teams/payments/payments-2027-Q1.yaml"},
		{"goals.yaml", "payments", "2026-H2", "2027-H1", "payments-2027-H1.yaml"},
	}
	for _, tt := range tests {
		if got := Destination(tt.file, tt.owner, period(tt.from), period(tt.to)); got != tt.want {
			t.Errorf("Destination(%s) = %s, want %s", tt.file, got, tt.want)
		}
	}
}

func TestRoll(t *testing.T) {
	n := model.Some
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		name    string
		in      Levels
		reached *float64
		want    Levels
		notes   []string
	}{
		{
			name: "decreasing: the baseline becomes the value reached",
			in:   Levels{Baseline: n(800), Target: n(300)}, reached: f(640),
			want:  Levels{Baseline: n(640), Target: n(300)},
			notes: []string{"baseline 800 → 640"},
		},
		{
			name: "increasing, commit still ahead",
			in:   Levels{Baseline: n(10), Commit: n(20), Target: n(30), Stretch: n(40)}, reached: f(15),
			want:  Levels{Baseline: n(15), Commit: n(20), Target: n(30), Stretch: n(40)},
			notes: []string{"baseline 10 → 15"},
		},
		{
			name: "commit passed: dropped",
			in:   Levels{Baseline: n(800), Commit: n(600), Target: n(300), Stretch: n(200)}, reached: f(550),
			want:  Levels{Baseline: n(550), Target: n(300), Stretch: n(200)},
			notes: []string{"baseline 800 → 550", "commit 600 dropped: the new baseline 550 is already at or past it"},
		},
		{
			name: "commit reached exactly: dropped",
			in:   Levels{Baseline: n(10), Commit: n(20), Target: n(30)}, reached: f(20),
			want:  Levels{Baseline: n(20), Target: n(30)},
			notes: []string{"baseline 10 → 20", "commit 20 dropped: the new baseline 20 is already at or past it"},
		},
		{
			name: "target reached: every level kept",
			in:   Levels{Baseline: n(10), Commit: n(20), Target: n(30), Stretch: n(40)}, reached: f(30),
			want:  Levels{Baseline: n(10), Commit: n(20), Target: n(30), Stretch: n(40)},
			notes: []string{"reached 30, at or past its target 30: levels kept; set a new target"},
		},
		{
			name: "target passed, decreasing",
			in:   Levels{Baseline: n(800), Target: n(300)}, reached: f(250),
			want:  Levels{Baseline: n(800), Target: n(300)},
			notes: []string{"reached 250, at or past its target 300: levels kept; set a new target"},
		},
		{
			name: "went the wrong way",
			in:   Levels{Baseline: n(10), Commit: n(20), Target: n(30)}, reached: f(8.5),
			want:  Levels{Baseline: n(8.5), Commit: n(20), Target: n(30)},
			notes: []string{"baseline 10 → 8.5"},
		},
		{
			name:  "no data",
			in:    Levels{Baseline: n(10), Target: n(30)},
			want:  Levels{Baseline: n(10), Target: n(30)},
			notes: []string{"no measurement: baseline 10 kept"},
		},
		{
			name: "unchanged baseline",
			in:   Levels{Baseline: n(10), Target: n(30)}, reached: f(10),
			want: Levels{Baseline: n(10), Target: n(30)},
		},
		{
			name: "invalid levels are left alone",
			in:   Levels{Baseline: n(10), Target: n(10)}, reached: f(5),
			want: Levels{Baseline: n(10), Target: n(10)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, notes := Roll(tt.in, tt.reached, "")
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("levels (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.notes, notes); diff != "" {
				t.Errorf("notes (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMentions(t *testing.T) {
	tests := []struct {
		title string
		v     float64
		want  bool
	}{
		{"Cut p95 from 800 ms to 300 ms", 800, true},
		{"Cut p95 from 800 ms to 300 ms", 80, false},
		{"Lift conversion from 9.5% to 12%", 9.5, true},
		{"Lift conversion from 9.5% to 12%", 5, false},
		{"Grow from 3% to 8%.", 8, true},
		{"Get 1,500 sign-ups", 500, false},
	}
	for _, tt := range tests {
		if got := mentions(tt.title, tt.v); got != tt.want {
			t.Errorf("mentions(%q, %v) = %v, want %v", tt.title, tt.v, got, tt.want)
		}
	}
}

// A repository where payments rolls over from 2026-Q4 to 2027-Q1: acme has
// yearly goals for 2026 and 2027, so one alignment survives and one does not.
var repoFiles = map[string]string{
	"company/2026.yaml": `apiVersion: okr/v1
kind: Objectives
owner: acme
level: company
period: 2026
objectives:
  - id: grow-revenue
    title: Grow revenue
    key_results:
      - {id: arr, title: ARR, baseline: 40, target: 60}
      - {id: logos, title: Logos, type: at_least, target: 10}
  - id: delight-customers
    title: Delight customers
    key_results:
      - {id: nps, title: NPS, kpi: nps, baseline: 30, target: 50}
      - {id: csat, title: CSAT, baseline: 4, target: 4.5}
`,
	"company/2027.yaml": `apiVersion: okr/v1
kind: Objectives
owner: acme
level: company
period: 2027
objectives:
  - id: grow-revenue
    title: Grow revenue
    key_results:
      - {id: arr, title: ARR, baseline: 60, target: 80}
      - {id: logos, title: Logos, type: at_least, target: 20}
`,
	"kpis/nps.yaml": `apiVersion: okr/v1
kind: KPI
id: nps
name: NPS
direction: increase
---
apiVersion: okr/v1
kind: KPI
id: p95
name: Checkout p95
direction: decrease
`,
	"teams/payments/2026-Q4.yaml": `# Payments goals.
apiVersion: okr/v1
kind: Objectives
owner: payments
period: 2026-Q4
objectives:
  - id: checkout
    title: Make checkout effortless
    aligns_to: acme/grow-revenue
    key_results:
      - id: latency # the one everyone asks about
        title: Cut p95 latency from 800 ms to 300 ms
        kpi: p95
        baseline: 800
        commit: 600
        target: 300
        stretch: 200
        unit: ms
      - id: apple-pay
        title: Offer Apple Pay
        type: milestone
  - id: happy
    title: Keep customers happy
    aligns_to: acme/delight-customers
    key_results:
      - id: tickets
        title: Fewer tickets
        baseline: 100
        target: 50
      - id: refunds
        title: Refund within a day
        type: at_least
        target: 90
`,
	"teams/growth/2026-Q4.yaml": `apiVersion: okr/v1
kind: Objectives
owner: growth
period: 2026-Q4
objectives:
  - id: signups
    title: More sign-ups
    key_results:
      - {id: a, title: A, baseline: 1, target: 2}
      - {id: b, title: B, baseline: 1, target: 2}
`,
	"teams/growth/2027-Q1.yaml": "# already started\n",
	"measurements/m.csv": `metric,at,value,note
p95,2026-10-05,700,
p95,2026-12-20,550,
p95,2027-01-02,500,
payments/checkout/apple-pay,2026-11-02,1,
payments/happy/tickets,2026-12-01,60,
payments/happy/refunds,2026-12-01,95,
`,
}

func writeRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const wantPayments = `# rolled over from teams/payments/2026-Q4.yaml (2026-Q4) on 2027-01-03

# Payments goals.
apiVersion: okr/v1
kind: Objectives
owner: payments
period: 2027-Q1
objectives:
  - id: checkout
    title: Make checkout effortless
    aligns_to: acme/grow-revenue
    key_results:
      - id: latency # the one everyone asks about
        title: Cut p95 latency from 800 ms to 300 ms
        kpi: p95
        baseline: 550
        target: 300
        stretch: 200
        unit: ms
      - id: apple-pay
        title: Offer Apple Pay
        type: milestone
  - id: happy
    title: Keep customers happy
    # aligns_to: acme/delight-customers (no Objectives document of acme covers 2027-Q1 yet; restore it when one does)
    key_results:
      - id: tickets
        title: Fewer tickets
        baseline: 60
        target: 50
      - id: refunds
        title: Refund within a day
        type: at_least
        target: 90
`

func TestMakePlanAndWrite(t *testing.T) {
	dir := writeRepo(t, repoFiles)
	repo, probs, err := load.Dir(dir, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	asOf := model.NewDate(2027, 1, 3)
	if errs, _ := model.Count(append(probs, check.Check(repo, check.Options{AsOf: asOf})...)); errs > 0 {
		t.Fatalf("the fixture has errors: %v", probs)
	}
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	plan, err := MakePlan(r.FS(), repo, Options{From: period("2026-Q4"), To: period("2027-Q1"), AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Files) != 1 {
		t.Fatalf("plan has %d files, want 1", len(plan.Files))
	}
	f := plan.Files[0]
	if f.Path != "teams/payments/2027-Q1.yaml" || len(f.Problems) > 0 {
		t.Errorf("file %s, problems %v", f.Path, f.Problems)
	}
	if diff := cmp.Diff(wantPayments, string(f.Content)); diff != "" {
		t.Errorf("content (-want +got):\n%s", diff)
	}
	wantNotes := []Note{
		{"payments/checkout/latency", "baseline 800 → 550"},
		{"payments/checkout/latency", "commit 600 dropped: the new baseline 550 is already at or past it"},
		{"payments/checkout/latency", "the title still says 800; update it"},
		{"payments/checkout/apple-pay", "milestone already done in 2026-Q4; replace it or remove it"},
		{"payments/happy", "aligns_to acme/delight-customers removed: no Objectives document of acme covers 2027-Q1; kept as a comment"},
		{"payments/happy/tickets", "baseline 100 → 60"},
		{"payments/happy/refunds", "already met its target 90 in 2026-Q4 (reached 95); raise the target or replace the key result"},
	}
	if diff := cmp.Diff(wantNotes, f.Notes); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
	wantSkips := []Skip{{
		Source: Source{File: "teams/growth/2026-Q4.yaml", Owner: "growth"},
		Dest:   "teams/growth/2027-Q1.yaml",
		Reason: "teams/growth/2027-Q1.yaml exists; okr rollover never overwrites a file",
	}}
	if diff := cmp.Diff(wantSkips, plan.Skipped); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}

	if err := Write(dir, f); err != nil {
		t.Fatal(err)
	}
	// The written file is valid with the rest of the repository.
	repo, probs, err = load.Dir(dir, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	probs = append(probs, check.Check(repo, check.Options{AsOf: asOf})...)
	if errs, _ := model.Count(probs); errs > 0 {
		t.Errorf("after the rollover: %v", model.SortProblems(probs))
	}
	// Write never overwrites, and a second plan skips the owner.
	if err := Write(dir, &File{Path: f.Path, Content: []byte("x")}); !errors.Is(err, fs.ErrExist) {
		t.Errorf("Write over an existing file: %v, want ErrExist", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "teams", "payments", "2027-Q1.yaml")); string(b) != wantPayments {
		t.Errorf("the file was overwritten:\n%s", b)
	}
	plan, err = MakePlan(r.FS(), repo, Options{From: period("2026-Q4"), To: period("2027-Q1"), Owner: "payments", AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Files) != 0 || len(plan.Skipped) != 1 || !strings.Contains(plan.Skipped[0].Reason, "payments already has an Objectives document for 2027-Q1 in teams/payments/2027-Q1.yaml") {
		t.Errorf("second plan: %+v", plan)
	}
}

func TestMakePlanRefuses(t *testing.T) {
	dir := writeRepo(t, repoFiles)
	repo, _, err := load.Dir(dir, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	_, err = MakePlan(r.FS(), repo, Options{From: period("2026-Q2"), To: period("2026-Q3")})
	var re *Error
	if !errors.As(err, &re) || re.Msg != "no Objectives document for 2026-Q2: nothing to roll over (choose the period to start from with --from)" {
		t.Errorf("MakePlan: %v", err)
	}
	_, err = MakePlan(r.FS(), repo, Options{From: period("2026-Q4"), To: period("2027-Q1"), Owner: "nobody"})
	if !errors.As(err, &re) || !strings.Contains(re.Msg, `of "nobody"`) {
		t.Errorf("MakePlan: %v", err)
	}

	// A document that would be invalid in the new period is not planned
	// for writing: here, a duplicate objective id.
	files := map[string]string{
		"a/2026-Q4.yaml": "apiVersion: okr/v1\nkind: Objectives\nowner: a\nperiod: 2026-Q4\nobjectives:\n" +
			"  - {id: x, title: X, key_results: [{id: k, title: K, type: milestone}]}\n" +
			"  - {id: x, title: Y, key_results: [{id: k, title: K, type: milestone}]}\n",
	}
	dir = writeRepo(t, files)
	repo, _, err = load.Dir(dir, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r2, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close()
	plan, err := MakePlan(r2.FS(), repo, Options{From: period("2026-Q4"), To: period("2027-Q1")})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Files) != 1 || len(plan.Files[0].Problems) == 0 || plan.Files[0].Problems[0].Rule != "duplicate" {
		t.Errorf("plan: %+v", plan.Files)
	}
}

// Two owners' documents in one file named with the period go to one new
// file, in the same order.
func TestMakePlanSharedFile(t *testing.T) {
	doc := func(owner string) string {
		return "apiVersion: okr/v1\nkind: Objectives\nowner: " + owner + "\nperiod: 2026-H2\nobjectives:\n" +
			"  - id: x\n    title: X\n    key_results:\n      - id: k\n        title: K\n        baseline: 1\n        target: 2\n"
	}
	dir := writeRepo(t, map[string]string{"okrs-2026-H2.yaml": doc("b") + "---\nname: unrelated\n---\n" + doc("a")})
	repo, _, err := load.Dir(dir, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	plan, err := MakePlan(r.FS(), repo, Options{From: period("2026-H2"), To: period("2027-H1"), AsOf: model.NewDate(2026, 12, 31)})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Files) != 1 {
		t.Fatalf("plan: %+v", plan)
	}
	f := plan.Files[0]
	want := "# rolled over from okrs-2026-H2.yaml (2026-H2) on 2026-12-31\n\n" + strings.ReplaceAll(doc("b"), "2026-H2", "2027-H1") +
		"---\n# rolled over from okrs-2026-H2.yaml (2026-H2) on 2026-12-31\n" + strings.ReplaceAll(doc("a"), "2026-H2", "2027-H1")
	if f.Path != "okrs-2027-H1.yaml" || len(f.Problems) != 0 {
		t.Errorf("file %s, problems %v", f.Path, f.Problems)
	}
	if diff := cmp.Diff(want, string(f.Content)); diff != "" {
		t.Errorf("content (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]Source{{"okrs-2026-H2.yaml", "b"}, {"okrs-2026-H2.yaml", "a"}}, f.Sources); diff != "" {
		t.Errorf("sources (-want +got):\n%s", diff)
	}
}

func TestRound12(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0.1 + 0.2, "0.3"},                   // 0.30000000000000004: the 17th digit is float noise
		{33.31 + 33.31 + 33.32, "99.94"},     // 99.94000000000001 when summed in this order
		{99.94 / 3, "33.3133333333"},         // 33.31333…: 12 significant digits, 2 before the point
		{2.0 / 3, "0.666666666667"},          // 0.6666…: the 12th digit rounds up
		{-1234567.8912345, "-1234567.89123"}, // 7 + 5 digits
		{123456789012345, "123456789012000"}, // integers too: 12 digits, then zeros
		{1e-7 / 3, "3.33333333333e-08"},      // small numbers keep the exponent form
		{0, "0"},
		{42, "42"},
	}
	for _, tt := range tests {
		if got := round12(tt.in); got != tt.want {
			t.Errorf("round12(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestBaselineDigits: a baseline copied from a measurement keeps the digits
// of its file, in CSV and YAML; one okr computes is rounded to 12
// significant digits.
func TestBaselineDigits(t *testing.T) {
	objectives := `apiVersion: okr/v1
kind: Objectives
owner: a
period: 2026-Q3
objectives:
  - id: up
    title: Keep it up
    key_results:
      - {id: csv, title: CSV, baseline: 99, target: 99.99}
      - {id: yaml, title: YAML, baseline: 1, target: 1e40}
      - {id: max, title: Max, aggregate: max, baseline: 0, target: 100}
      - {id: mean, title: Mean, aggregate: mean, baseline: 0, target: 100}
      - {id: sum, title: Sum, aggregate: sum, baseline: 0, target: 1}
`
	fsys := fstest.MapFS{
		"okr.yaml":             {Data: []byte("")},
		"teams/a-2026-Q3.yaml": {Data: []byte(objectives)},
		"m/a.csv": {Data: []byte("metric,at,value,note\n" +
			"a/up/csv,2026-09-01,99.9400,\n" +
			"a/up/max,2026-09-01,7.50,\n" +
			"a/up/max,2026-09-02,7.5,later\n" + // the same value: the later one's digits
			"a/up/max,2026-09-03,3,\n" +
			"a/up/mean,2026-09-01,33.31,\n" +
			"a/up/mean,2026-09-02,33.31,\n" +
			"a/up/mean,2026-09-03,33.32,\n" +
			"a/up/sum,2026-09-01,0.1,\n" +
			"a/up/sum,2026-09-02,0.2,\n")},
		"m/a.yaml": {Data: []byte("apiVersion: okr/v1\nkind: Measurements\nmetric: a/up/yaml\nvalues:\n" +
			"  - {at: 2026-08-01, value: 5.0}\n" +
			"  - at: 2026-09-01\n    value: 99999999999999999999999999999999999999\n")},
	}
	repo, probs, err := load.Load(fsys, load.Options{})
	if err != nil || len(probs) > 0 {
		t.Fatalf("load: %v %v", err, probs)
	}
	asOf, _ := model.ParseDate("2026-10-01")
	plan, err := MakePlan(fsys, repo, Options{From: period("2026-Q3"), To: period("2026-Q4"), AsOf: asOf})
	if err != nil || len(plan.Files) != 1 {
		t.Fatalf("MakePlan: %v, %+v", err, plan)
	}
	var got []string
	for _, l := range strings.Split(string(plan.Files[0].Content), "\n") {
		if strings.Contains(l, "baseline") {
			got = append(got, strings.TrimSpace(l))
		}
	}
	want := []string{
		"baseline: 99.9400", // csv: as in the file
		"baseline: 99999999999999999999999999999999999999", // yaml: not 1e+38
		"baseline: 7.5",           // max: 7.50 and 7.5 reached it; the later one's digits
		"baseline: 33.3133333333", // mean: (33.31+33.31+33.32)/3 = 33.31333…, 12 digits
		"baseline: 0.3",           // sum: 0.1+0.2 = 0.30000000000000004, 12 digits
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("baselines (-want +got):\n%s\n%s", diff, plan.Files[0].Content)
	}
	var notes []string
	for _, n := range plan.Files[0].Notes {
		notes = append(notes, n.Ref+": "+n.Message)
	}
	wantNotes := []string{
		"a/up/csv: baseline 99 → 99.9400",
		"a/up/yaml: baseline 1 → 99999999999999999999999999999999999999",
		"a/up/max: baseline 0 → 7.5",
		"a/up/mean: baseline 0 → 33.3133333333",
		"a/up/sum: baseline 0 → 0.3",
	}
	if diff := cmp.Diff(wantNotes, notes); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
}
