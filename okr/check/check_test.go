package check

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/okr-as-code/okr/okr/load"
	"github.com/okr-as-code/okr/okr/model"
)

var asOf = model.NewDate(2026, 11, 15)

// run loads an in-memory repository, which must load without problems, and
// returns the sorted problems of Check.
func run(t *testing.T, files map[string]string) []model.Problem {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	repo, probs, err := load.Load(fsys, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range probs {
		if p.Severity == model.Error && p.Rule != "schema" && p.Rule != "number" {
			t.Fatalf("fixture does not load: %v", p)
		}
	}
	return model.SortProblems(Check(repo, Options{AsOf: asOf}))
}

func E(file string, line, col int, rule, msg string) model.Problem {
	return model.Problem{Pos: model.Pos{File: file, Line: line, Column: col}, Severity: model.Error, Rule: rule, Message: msg}
}

func W(file string, line, col int, rule, msg string) model.Problem {
	return model.Problem{Pos: model.Pos{File: file, Line: line, Column: col}, Severity: model.Warning, Rule: rule, Message: msg}
}

// objectives writes an Objectives document; each objective is "id: title"
// followed by its key results as flow mappings, one per line.
func objectives(owner, period string, objs ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "apiVersion: okr/v1\nkind: Objectives\nowner: %s\nperiod: %s\nobjectives:\n", owner, period)
	for _, o := range objs {
		b.WriteString(o)
	}
	return b.String()
}

// obj writes one objective (6 lines before its key results: id, title,
// extra lines, key_results) with the given key results.
func obj(id, title, extra string, krs ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "  - id: %s\n    title: %s\n", id, title)
	if extra != "" {
		for _, l := range strings.Split(extra, "\n") {
			b.WriteString("    " + l + "\n")
		}
	}
	b.WriteString("    key_results:\n")
	for _, kr := range krs {
		b.WriteString("      - " + kr + "\n")
	}
	return b.String()
}

// Two ordinary key results, to keep the key-result-count warning away.
var (
	kr1 = "{id: a, title: A, baseline: 0, target: 10}"
	kr2 = "{id: b, title: B, baseline: 10, target: 0}"
)

func kpi(id, cadence string) string {
	s := "apiVersion: okr/v1\nkind: KPI\nid: " + id + "\nname: N\ndirection: increase\n"
	if cadence != "" {
		s += "cadence: " + cadence + "\n"
	}
	return s
}

// TestCheck gives each rule a repository and the exact problems, with
// file:line:col, that it must produce.
func TestCheck(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []model.Problem
	}{
		{
			name: "valid repository",
			files: map[string]string{
				"okr.yaml": "fiscal_year_start_month: 7\n",
				"acme.yaml": objectives("acme", "2027",
					obj("grow", "Grow revenue", "", kr1, kr2)),
				"pay.yaml": objectives("pay", "2027-Q1",
					obj("fast", "Fast checkout", "aligns_to: acme/grow", "{id: a, title: A, kpi: p95, baseline: 800, commit: 600, target: 300, stretch: 200}", kr2)),
				"kpi.yaml": kpi("p95", "weekly"),
				"m.csv":    "metric,at,value\np95,2026-11-10,500\npay/fast/b,2026-07-01,5\nacme/grow/a,2027-06-30,3\n",
			},
		},
		{
			name: "duplicate ids and (owner, period)",
			files: map[string]string{
				"a.yaml": objectives("pay", "2026-Q4",
					obj("x", "X", "", kr1, kr2, "{id: a, title: A2, type: milestone}"),
					obj("x", "X again", "", kr1, kr2)),
				"b.yaml":  objectives("pay", "2026-Q4", obj("y", "Y", "", kr1, kr2)),
				"k1.yaml": kpi("k", ""),
				"k2.yaml": "# the same KPI again\n" + kpi("k", ""),
			},
			want: []model.Problem{
				E("a.yaml", 11, 14, "duplicate", `key result id "a" is already used in objective "x" at line 9`),
				E("a.yaml", 12, 9, "duplicate", `objective id "x" is already used at line 6 of this document`),
				E("b.yaml", 3, 8, "duplicate", `owner "pay" already has an Objectives document for 2026-Q4 at a.yaml:3:8; merge the two`),
				E("k2.yaml", 4, 5, "duplicate", `KPI id "k" is already defined at k1.yaml:3:5; KPI ids are unique in the repository`),
			},
		},
		{
			name: "unresolved references",
			files: map[string]string{
				"kpi.yaml": kpi("checkout_p95_ms", ""),
				"a.yaml": objectives("pay", "2026-Q4",
					obj("x", "X", "aligns_to: acme/grow-revenu",
						"{id: a, title: A, kpi: checkout_p59_ms, baseline: 0, target: 1}",
						"{id: b, title: B, kpi: nothing_like_it, baseline: 0, target: 1}"),
					obj("y", "Y", "aligns_to: acm/grow-revenue", kr1, kr2),
					obj("z", "Z", "aligns_to: nobody/grow-revenue", kr1, kr2)),
				"acme.yaml": objectives("acme", "2026", obj("grow-revenue", "Grow", "", kr1, kr2)),
			},
			want: []model.Problem{
				E("a.yaml", 8, 16, "reference", `objective "x" aligns to "acme/grow-revenu", which is not defined; did you mean "acme/grow-revenue"?`),
				E("a.yaml", 10, 32, "reference", `key result "a" names KPI "checkout_p59_ms", which is not defined; did you mean "checkout_p95_ms"?`),
				E("a.yaml", 11, 32, "reference", `key result "b" names KPI "nothing_like_it", which is not defined`),
				E("a.yaml", 14, 16, "reference", `objective "y" aligns to "acm/grow-revenue", which is not defined; did you mean "acme/grow-revenue"?`),
				E("a.yaml", 20, 16, "reference", `objective "z" aligns to "nobody/grow-revenue", which is not defined`),
			},
		},
		{
			name: "alignment to a period that does not contain this one",
			files: map[string]string{
				"acme.yaml": objectives("acme", "2026-Q3", obj("grow", "Grow", "", kr1, kr2)),
				"pay.yaml":  objectives("pay", "2026-Q4", obj("x", "X", "aligns_to: acme/grow", kr1, kr2)),
				"h.yaml":    objectives("h", "2026-H2", obj("x", "X", "aligns_to: pay/x", kr1, kr2)),
			},
			want: []model.Problem{
				E("h.yaml", 8, 16, "alignment", `objective "x" (2026-H2) aligns to "pay/x" (2026-Q4), whose period does not contain 2026-H2; align to an objective of a period that contains it`),
				E("pay.yaml", 8, 16, "alignment", `objective "x" (2026-Q4) aligns to "acme/grow" (2026-Q3), whose period does not contain 2026-Q4; align to an objective of a period that contains it`),
			},
		},
		{
			name: "alignment cycles",
			files: map[string]string{
				"a.yaml": objectives("a", "2026",
					obj("x", "X", "aligns_to: b/y", kr1, kr2),
					obj("self", "Self", "aligns_to: a/self", kr1, kr2)),
				"b.yaml": objectives("b", "2026", obj("y", "Y", "aligns_to: c/z", kr1, kr2)),
				"c.yaml": objectives("c", "2026", obj("z", "Z", "aligns_to: a/x", kr1, kr2)),
				"d.yaml": objectives("d", "2026", obj("w", "W", "aligns_to: a/x", kr1, kr2)),
			},
			want: []model.Problem{
				E("a.yaml", 8, 16, "alignment-cycle", "alignment forms a cycle: a/x → b/y → c/z → a/x; remove one of these aligns_to"),
				E("a.yaml", 14, 16, "alignment-cycle", "alignment forms a cycle: a/self → a/self; remove one of these aligns_to"),
			},
		},
		{
			name: "levels",
			files: map[string]string{
				"a.yaml": objectives("a", "2026",
					obj("x", "X", "",
						"{id: same, title: S, baseline: 5, target: 5}",
						"{id: up, title: U, baseline: 0, commit: 3, target: 10, stretch: 12}",
						"{id: down, title: D, baseline: 10, commit: 8, target: 3, stretch: 1}",
						"{id: commit-past, title: C, baseline: 0, commit: 11, target: 10}",
						"{id: stretch-short, title: T, baseline: 10, target: 3, stretch: 4}"),
					obj("y", "Y", "",
						"{id: flat-commit, title: F, baseline: 0, commit: 0, target: 10}",
						"{id: inf, title: I, baseline: .inf, target: .inf}",
						"{id: at-least, title: L, type: at_least, baseline: 5, target: 5}")),
			},
			want: []model.Problem{
				E("a.yaml", 9, 51, "levels", "target equals baseline (5): a metric key result must move from its baseline"),
				E("a.yaml", 12, 70, "levels", "levels must run strictly one way (all increasing or all decreasing): baseline 0, commit 11, target 10"),
				E("a.yaml", 13, 73, "levels", "levels must run strictly one way (all increasing or all decreasing): baseline 10, target 3, stretch 4"),
				E("a.yaml", 17, 58, "levels", "levels must run strictly one way (all increasing or all decreasing): baseline 0, commit 0, target 10"),
			},
		},
		{
			name: "measurements that count for nothing",
			files: map[string]string{
				"kpi.yaml": kpi("p95", ""),
				"a.yaml": objectives("pay", "2026-Q4",
					obj("x", "X", "", "{id: a, title: A, kpi: p95, baseline: 0, target: 1}", kr2)),
				"m.csv": "metric,at,value\n" +
					"pay/x/a,2026-10-01,1\n" +
					"pay/x/a,2026-10-02,1\n" +
					"pay/x/b,2026-09-30,1\n" +
					"pay/x/c,2026-10-01,1\n" +
					"p59,2026-10-01,1\n" +
					"pay/x/b,2026-10-01,1\n" +
					"nobody/x/b,2026-10-01,1\n",
				"m.yaml": "apiVersion: okr/v1\nkind: Measurements\nmetric: pay/x/bb\nvalues:\n  - {at: 2026-10-01, value: 1}\n",
			},
			want: []model.Problem{
				E("m.csv", 2, 1, "measurement", `measurement of "pay/x/a": that key result takes its values from KPI "p95"; record them under "p95" instead (and 1 more measurement(s) of it in this file)`),
				E("m.csv", 4, 1, "measurement", `measurement of "pay/x/b": no Objectives document of "pay" whose period contains its date has that key result; its document is for 2026-Q4: date the measurement within that period`),
				E("m.csv", 5, 1, "measurement", `measurement of "pay/x/c": no KPI or key result has that name; did you mean "pay/x/a"?`),
				E("m.csv", 6, 1, "measurement", `measurement of "p59": no KPI or key result has that name; did you mean "p95"?`),
				E("m.csv", 8, 1, "measurement", `measurement of "nobody/x/b": no KPI or key result has that name`),
				E("m.yaml", 5, 5, "measurement", `measurement of "pay/x/bb": no KPI or key result has that name; did you mean "pay/x/b"?`),
			},
		},
		{
			name: "practice warnings",
			files: map[string]string{
				"a.yaml": objectives("pay", "2026-Q4",
					obj("one", "One", "", kr1),
					obj("six", "Six", "", kr1, kr2, "{id: c, title: C, type: milestone}", "{id: d, title: D, type: milestone}", "{id: e, title: E, type: milestone}", "{id: f, title: F, type: milestone}"),
					obj("tasks", "Tasks", "", "{id: a, title: A, type: milestone}", "{id: b, title: B, type: milestone}"),
					obj("numbers", "Reach 10k users in Q4", "", kr1, kr2),
					obj("five", "Five", "", kr1, kr2),
					obj("six-th", "Sixth", "", kr1, kr2)),
			},
			want: []model.Problem{
				W("a.yaml", 6, 3, "too-many-objectives", "6 objectives for pay in 2026-Q4; keep to at most 5 so that each gets attention"),
				W("a.yaml", 9, 7, "key-result-count", `objective "one" has 1 key result(s); aim for 2 to 5`),
				W("a.yaml", 13, 7, "key-result-count", `objective "six" has 6 key result(s); aim for 2 to 5`),
				W("a.yaml", 22, 7, "milestone-only-objective", `objective "tasks" has only milestone key results; milestones are tasks, add a key result that measures an outcome`),
				W("a.yaml", 25, 12, "numeric-objective-title", `objective title "Reach 10k users in Q4" carries a number; objectives are qualitative, put numbers in key results`),
			},
		},
		{
			name: "stale KPIs",
			files: map[string]string{
				"k.yaml": kpi("never", "weekly") + "---\n" + kpi("old", "weekly") + "---\n" + kpi("fresh", "daily") +
					"---\n" + kpi("future", "monthly") + "---\n" + kpi("nocadence", "") + "---\n" + kpi("edge", "weekly"),
				"m.csv": "metric,at,value\nold,2026-10-31,1\nfresh,2026-11-14,1\nfuture,2026-12-01,1\nedge,2026-11-01,1\n",
			},
			want: []model.Problem{
				W("k.yaml", 6, 10, "stale-kpi", "KPI \"never\" (weekly) has no measurement on or before 2026-11-15; record one with `okr record never VALUE`"),
				W("k.yaml", 13, 10, "stale-kpi", "KPI \"old\" (weekly) was last measured on 2026-10-31, more than 14 days before 2026-11-15; record a new value with `okr record old VALUE`"),
				W("k.yaml", 27, 10, "stale-kpi", "KPI \"future\" (monthly) has no measurement on or before 2026-11-15; record one with `okr record future VALUE`"),
			},
		},
		{
			// References into it are not judged; its own aligns_to to
			// an objective defined nowhere is still an error (SPEC §1: a
			// bad period must not hide it), one to an objective that
			// exists is not (its period cannot be compared).
			name: "no cascades from a document whose period is invalid",
			files: map[string]string{
				"a.yaml": objectives("pay", "2026-Q5", obj("x", "X", "aligns_to: acme/grow", kr1, kr2), obj("z", "Z", "aligns_to: team/y", kr1, kr2)),
				"b.yaml": objectives("team", "2026-Q4", obj("y", "Y", "aligns_to: pay/x", kr1, kr2)),
				"m.csv":  "metric,at,value\npay/x/a,2026-10-01,1\npay/nothing/a,2026-10-01,1\n",
			},
			want: []model.Problem{
				E("a.yaml", 8, 16, "reference", `objective "x" aligns to "acme/grow", which is not defined`),
			},
		},
		{
			name: "fiscal years",
			files: map[string]string{
				"okr.yaml":  "fiscal_year_start_month: 4\n",
				"acme.yaml": objectives("acme", "2027-H1", obj("grow", "Grow", "", kr1, kr2)),
				"pay.yaml": objectives("pay", "2027-Q2", obj("x", "X", "aligns_to: acme/grow", kr1, kr2)) +
					"---\n" + objectives("pay", "2027-Q3", obj("x", "X", "aligns_to: acme/grow", kr1, kr2)),
				"m.csv": "metric,at,value\npay/x/a,2026-07-01,1\npay/x/a,2026-10-01,1\npay/x/a,2027-01-01,1\n",
			},
			want: []model.Problem{
				E("m.csv", 4, 1, "measurement", `measurement of "pay/x/a": no Objectives document of "pay" whose period contains its date has that key result; its documents are for 2027-Q2, 2027-Q3: date the measurement within one of those periods`),
				E("pay.yaml", 20, 16, "alignment", `objective "x" (2027-Q3) aligns to "acme/grow" (2027-H1), whose period does not contain 2027-Q3; align to an objective of a period that contains it`),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := run(t, tt.files)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestOneMistakeOneError: a document with errors still defines what can be
// read from it, so that what refers to it is not reported as unknown as
// well (SPEC §1); the loader's problems and the checks' together.
func TestOneMistakeOneError(t *testing.T) {
	m := "metric,at,value\npay/x/a,2026-10-01,1\npay/x/b,2026-10-02,1\nnps,2026-10-02,1\n"
	tests := []struct {
		name  string
		files map[string]string
		want  []model.Problem
	}{
		{
			name: "a tab: the file does not parse; its owner and KPI id are read from its text",
			files: map[string]string{
				"a.yaml": "apiVersion: okr/v1\nkind: Objectives\nowner: pay\nperiod: 2026-Q4\nobjectives:\n\t- id: x\n---\napiVersion: okr/v1\nkind: KPI\nid: nps\n",
				"b.yaml": objectives("team", "2026-Q4", obj("y", "Y", "aligns_to: pay/x", "{id: c, title: C, kpi: nps, baseline: 0, target: 10}", kr2)),
				"m.csv":  m,
			},
			want: []model.Problem{
				E("a.yaml", 6, 1, "yaml", "invalid YAML: found character that cannot start any token; indent with spaces, not tabs"),
			},
		},
		{
			name: "a misspelt apiVersion: the document is read as meant",
			files: map[string]string{
				"a.yaml": strings.Replace(objectives("pay", "2026-Q4", obj("x", "X", "", kr1, kr2)), "apiVersion", "apiversion", 1),
				"m.csv":  "metric,at,value\npay/x/a,2026-10-01,1\npay/x/b,2026-10-02,1\n",
			},
			want: []model.Problem{
				E("a.yaml", 1, 1, "near-miss", `key "apiversion" is not spelt apiVersion, so okr would skip this Objectives document; write: apiVersion: okr/v1`),
			},
		},
		{
			name: "a key result without id: its objective's key results are not judged",
			files: map[string]string{
				"a.yaml": objectives("pay", "2026-Q4", obj("x", "X", "", "{idd: a, title: A, baseline: 0, target: 10}", kr2)),
				"m.csv":  "metric,at,value\npay/x/a,2026-10-01,1\npay/y/a,2026-10-01,1\n",
			},
			want: []model.Problem{
				E("a.yaml", 9, 10, "schema", `unknown field "idd" in a key result; did you mean "id"?`),
				E("m.csv", 3, 1, "measurement", `measurement of "pay/y/a": no KPI or key result has that name; did you mean "pay/x/b"?`),
			},
		},
		{
			name: "a KPI without id: KPI names are not judged",
			files: map[string]string{
				"k.yaml": "apiVersion: okr/v1\nkind: KPI\nname: NPS\ndirection: increase\n",
				"a.yaml": objectives("pay", "2026-Q4", obj("x", "X", "", "{id: a, title: A, kpi: nps, baseline: 0, target: 10}", kr2)),
				"m.csv":  "metric,at,value\nnps,2026-10-01,1\n",
			},
			want: []model.Problem{
				E("k.yaml", 1, 1, "schema", `a KPI document is missing required field "id"`),
			},
		},
		{
			name: "an Objectives document without owner: key result refs are not judged",
			files: map[string]string{
				"a.yaml": strings.Replace(objectives("pay", "2026-Q4", obj("x", "X", "", kr1, kr2)), "owner: pay", "ownr: pay", 1),
				"b.yaml": objectives("team", "2026-Q4", obj("y", "Y", "aligns_to: pay/x", kr1, kr2)),
				"m.csv":  "metric,at,value\npay/x/a,2026-10-01,1\n",
			},
			want: []model.Problem{
				E("a.yaml", 3, 1, "schema", `unknown field "ownr" in an Objectives document; did you mean "owner"?`),
			},
		},
		{
			name: "a bad period, a misspelt field and an unknown parent: three errors",
			files: map[string]string{
				"a.yaml": objectives("pay", "2026-Q5", obj("x", "X", "aligns_to: acme/grow", "{id: a, title: A, baseline: 0, tagret: 10}", kr2)),
				"m.csv":  "metric,at,value\npay/x/a,2026-10-01,1\npay/x/b,2026-10-02,1\n",
			},
			want: []model.Problem{
				E("a.yaml", 4, 9, "schema", `period "2026-Q5" is not valid: write YYYY-Qn (quarter), YYYY-Hn (half) or YYYY (year), such as 2026-Q4`),
				E("a.yaml", 8, 16, "reference", `objective "x" aligns to "acme/grow", which is not defined`),
				E("a.yaml", 10, 40, "schema", `unknown field "tagret" in a key result; did you mean "target"?`),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, data := range tt.files {
				fsys[name] = &fstest.MapFile{Data: []byte(data)}
			}
			repo, probs, err := load.Load(fsys, load.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got []model.Problem
			for _, p := range append(probs, Check(repo, Options{AsOf: asOf})...) {
				if p.Severity == model.Error {
					got = append(got, p)
				}
			}
			if diff := cmp.Diff(tt.want, model.SortProblems(got)); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}
