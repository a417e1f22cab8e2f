package lsp

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/okr-as-code/okr/okr/format"
)

// acme starts a server on a copy of the acme example, initialized.
func acme(t *testing.T) *client {
	t.Helper()
	c := startServer(t, copyDir(t, "../../examples/acme"))
	c.initialize()
	return c
}

// given opens file with fixture text that holds the cursor marker, or,
// when the fixture is a line of the file on disk with the marker, the
// file with that line marked; it returns the cursor's position.
func (c *client) given(file, fixture string) Position {
	c.t.Helper()
	b, err := os.ReadFile(filepath.Join(c.root, file))
	text := string(b)
	if err == nil && !strings.Contains(fixture, "\n") {
		plain := strings.Replace(fixture, marker, "", 1)
		if !strings.Contains(text, plain) {
			c.t.Fatalf("%s has no line %q", file, plain)
		}
		fixture = strings.Replace(text, plain, fixture, 1)
	}
	text, at := cut(c.t, fixture)
	c.open(file, text)
	return at
}

// replaced returns the text of file on disk with its line from replaced
// by line (a fixture line with the cursor marker).
func (c *client) replaced(file, from, line string) string {
	c.t.Helper()
	b, _ := os.ReadFile(filepath.Join(c.root, file))
	if !strings.Contains(string(b), from+"\n") {
		c.t.Fatalf("%s has no line %q", file, from)
	}
	return strings.Replace(string(b), from+"\n", line+"\n", 1)
}

func (c *client) at(method, file string, at Position, extra map[string]any) json.RawMessage {
	c.t.Helper()
	params := map[string]any{"textDocument": map[string]any{"uri": c.uri(file)}, "position": at}
	for k, v := range extra {
		params[k] = v
	}
	r := c.call(method, params)
	if r.Error != nil {
		c.t.Fatalf("%s: %v", method, r.Error)
	}
	return r.Result
}

// flowConversion is the conversion key result of acme's payments
// document, which the flow mapping cases write as one line.
const flowConversion = "      - id: conversion\n        title: Lift checkout conversion from 67% to 72%\n        kpi: checkout_conversion_pct\n        baseline: 67\n        target: 72\n        unit: \"%\"\n        owner: alice"

func TestHover(t *testing.T) {
	tests := []struct {
		name, file, line string
		from             string   // the line of the file that line replaces, when it is not the file's
		want             []string // in the hover's Markdown
		not              []string
	}{{
		name: "given a key result's id, then its score, grade, status, values, forecast and confidence",
		file: "teams/payments/2026-Q4.yaml", line: "      - id: p95-la‸tency",
		want: []string{"**key result** `payments/effortless-checkout/p95-latency`", "Cut checkout p95 latency", "score **", "target 300 ms", "baseline 520 ms", "last check-in 2026-", "*as of 2026-11-15*"},
	}, {
		name: "given a key result's id in a flow mapping, then its score",
		file: "teams/payments/2026-Q4.yaml", from: flowConversion,
		line: "      - {id: conver‸sion, title: Lift checkout conversion from 67% to 72%, kpi: checkout_conversion_pct, baseline: 67, target: 72, unit: \"%\", owner: alice}",
		want: []string{"**key result** `payments/effortless-checkout/conversion`", "target 72 %", "score **"},
	}, {
		name: "given a kpi: in a flow mapping, then the KPI",
		file: "teams/payments/2026-Q4.yaml", from: flowConversion,
		line: "      - {id: conversion, title: Lift checkout conversion from 67% to 72%, kpi: checkout_conv‸ersion_pct, baseline: 67, target: 72, unit: \"%\", owner: alice}",
		want: []string{"**KPI** `checkout_conversion_pct`"},
		not:  []string{"**key result**"},
	}, {
		name: "given an owner in a flow mapping, then the person",
		file: "teams/payments/2026-Q4.yaml", from: flowConversion,
		line: "      - {id: conversion, title: Lift checkout conversion from 67% to 72%, kpi: checkout_conversion_pct, baseline: 67, target: 72, unit: \"%\", owner: al‸ice}",
		want: []string{"**person** `alice`  \nAlice Martin"},
	}, {
		name: "given a key result's title, then the same",
		file: "teams/payments/2026-Q4.yaml", line: "        title: Lift checkout ‸conversion from 67% to 72%",
		want: []string{"**key result** `payments/effortless-checkout/conversion`", "target 72 %"},
	}, {
		name: "given an objective's id, then its score and key results",
		file: "teams/payments/2026-Q4.yaml", line: "  - id: effortless‸-checkout",
		want: []string{"**objective** `payments/effortless-checkout`", "score **", "- `p95-latency`", "- `apple-pay`"},
	}, {
		name: "given a kpi: field, then the KPI's name, health, last value and date",
		file: "teams/payments/2026-Q4.yaml", line: "        kpi: checkout‸_p95_ms",
		want: []string{"**KPI** `checkout_p95_ms`", "Checkout p95 latency", "health **", "last ", " ms on 2026-"},
	}, {
		name: "given a measurement row's metric, then its KPI",
		file: "measurements/payments.csv", line: "checkout‸_p95_ms,2026-07-06,790,",
		want: []string{"**KPI** `checkout_p95_ms`"},
	}, {
		name: "given a KPI document's id, then the KPI",
		file: "kpis/nps.yaml", line: "id: n‸ps",
		want: []string{"**KPI** `nps`", "Net Promoter Score"},
	}, {
		name: "given an owner, then what it owns",
		file: "teams/payments/2026-Q4.yaml", line: "owner: pay‸ments",
		want: []string{"**owner** `payments`", "2026-Q4"},
	}, {
		name: "given a title with Markdown and HTML, then it is escaped",
		file: "teams/payments/2026-Q4.yaml", line: "        title: Offer Apple Pay on every ‸web checkout <b>*now*</b> [x](http://e.example) @team",
		want: []string{"&lt;b&gt;", `\*now\*`, `\[x\]`},
		not:  []string{"<b>", " *now*", "[x](http", "@team"},
	}, {
		name: "given a key result's owner who is a person, then their name and team from People and what they own",
		file: "teams/payments/2026-Q4.yaml", line: "        owner: al‸ice",
		want: []string{"**person** `alice`  \nAlice Martin · team `payments`", "key result(s)"},
		not:  []string{"**owner**", "not a person"},
	}, {
		name: "given a document's owner who is a person, then their name from People",
		file: "teams/payments/2026-Q4.yaml", line: "owner: le‸na", from: "owner: payments",
		want: []string{"**person** `lena`  \nLena Fischer", "Objectives for 2026-Q4"},
	}, {
		name: "given a People entry's id, then the person",
		file: "people.yaml", line: "  - id: e‸rin",
		want: []string{"**person** `erin`  \nErin Walsh · team `platform`", "key result(s)"},
	}, {
		name: "given the id of a People entry that repeats another's, then that entry's person, not the first",
		file: "people.yaml", line: "  - id: al‸ice", from: "  - id: bob",
		want: []string{"**person** `alice`  \nBob Okafor · team `payments`"},
	}, {
		name: "given a People entry without a name, then its id and team",
		file: "people.yaml", line: "  - id: gu‸s\n    team: platform", from: "  - id: gus\n    name: Gus Pereira\n    team: platform",
		want: []string{"**person** `gus`  \nteam `platform`  \n"},
	}, {
		name: "given a People entry's name, then the person",
		file: "people.yaml", line: "    name: Gus Per‸eira",
		want: []string{"**person** `gus`  \nGus Pereira"},
	}, {
		name: "given a People entry's team, then the owner and the people of that team",
		file: "people.yaml", line: "    team: plat‸form",
		want: []string{"**owner** `platform`", "Objectives for 2026-Q3, 2026-Q4", "team of Erin Walsh (`erin`), Frank Moreau (`frank`), Gus Pereira (`gus`)"},
	}, {
		name: "given a key result's owner who is no person, then it says so",
		file: "teams/payments/2026-Q4.yaml", line: "        owner: zo‸e", from: "        owner: alice",
		want: []string{"**owner** `zoe`  \nnot a person of a People document  \n1 key result(s)"},
	}, {
		name: "given a People entry's team that owns nothing, then it says so, with the people of that team",
		file: "people.yaml", line: "    team: no‸body", from: "    team: growth",
		want: []string{"**owner** `nobody`  \nnot a person of a People document  \nowns no Objectives document, KPI or key result  \nteam of Carol Diaz (`carol`)"},
	}, {
		name: "given a person's name with Markdown and HTML, then it is escaped",
		file: "people.yaml", line: "    name: Alice <b>*M*</b> [x](http://e.example) @here‸", from: "    name: Alice Martin",
		want: []string{"&lt;b&gt;", `\*M\*`, `\[x\]`},
		not:  []string{"<b>", "*M*", "[x](http", " @here"},
	}}
	c := acme(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c.t = t
			fixture := tc.line
			if strings.Contains(tc.name, "escaped") {
				fixture = "        title: Offer Apple Pay on every web checkout"
				b, _ := os.ReadFile(filepath.Join(c.root, tc.file))
				text := strings.Replace(string(b), fixture, strings.Replace(tc.line, marker, "", 1), 1)
				text = strings.Replace(text, strings.Replace(tc.line, marker, "", 1), tc.line, 1)
				fixture = text
			}
			if tc.from != "" {
				fixture = c.replaced(tc.file, tc.from, tc.line)
			}
			at := c.given(tc.file, fixture)
			var h *Hover
			if err := json.Unmarshal(c.at("textDocument/hover", tc.file, at, nil), &h); err != nil || h == nil {
				t.Fatalf("no hover: %v", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(h.Contents.Value, w) {
					t.Errorf("hover lacks %q:\n%s", w, h.Contents.Value)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(h.Contents.Value, n) {
					t.Errorf("hover holds %q:\n%s", n, h.Contents.Value)
				}
			}
			if h.Contents.Kind != "markdown" {
				t.Errorf("kind %q", h.Contents.Kind)
			}
		})
	}
}

func TestDefinition(t *testing.T) {
	tests := []struct {
		name, file, line string
		from             string     // the line of the file that line replaces, when it is not the file's
		want             []Location // URIs as paths from the root
	}{{
		name: "given a kpi: field, then the KPI's id line",
		file: "teams/payments/2026-Q4.yaml", line: "        kpi: checkout_p‸95_ms",
		// kpis/checkout.yaml:18 "id: checkout_p95_ms": the value from
		// character 4 to 19.
		want: []Location{{URI: "kpis/checkout.yaml", Range: Range{Position{17, 4}, Position{17, 19}}}},
	}, {
		name: "given a CSV row's metric, then the KPI's id line",
		file: "measurements/payments.csv", line: "checkout_p95_ms‸,2026-07-06,790,",
		want: []Location{{URI: "kpis/checkout.yaml", Range: Range{Position{17, 4}, Position{17, 19}}}},
	}, {
		name: "given a CSV row's key result ref, then the key result's id line in the document whose period holds the row",
		file: "measurements/payments.csv", line: "payments/effortless-checkout/apple‸-pay,2026-10-19,0,waiting on the merchant certificate,5",
		// teams/payments/2026-Q4.yaml:30 "      - id: apple-pay": 12 to 21.
		want: []Location{{URI: "teams/payments/2026-Q4.yaml", Range: Range{Position{29, 12}, Position{29, 21}}}},
	}, {
		name: "given aligns_to, then the objective's id line",
		file: "teams/payments/2026-Q4.yaml", line: "    aligns_to: acme/‸delight-customers",
		// company/2026.yaml:36 "  - id: delight-customers": 8 to 25.
		want: []Location{{URI: "company/2026.yaml", Range: Range{Position{35, 8}, Position{35, 25}}}},
	}, {
		name: "given a key result's owner who is a person, then their People entry's id line",
		file: "teams/payments/2026-Q4.yaml", line: "        owner: ali‸ce",
		// people.yaml:6 "  - id: alice": 8 to 13.
		want: []Location{{URI: "people.yaml", Range: Range{Position{5, 8}, Position{5, 13}}}},
	}, {
		name: "given a document's owner who is a person, then their People entry's id line",
		file: "teams/payments/2026-Q4.yaml", line: "owner: le‸na", from: "owner: payments",
		// people.yaml:45 "  - id: lena": 8 to 12.
		want: []Location{{URI: "people.yaml", Range: Range{Position{44, 8}, Position{44, 12}}}},
	}, {
		name: "given a People entry's team, then the owner: lines of the Objectives documents and KPIs it owns",
		file: "people.yaml", line: "    team: gro‸wth",
		// "owner: growth" on line 3 of growth's two documents, line 5 of
		// its KPI: 7 to 13; documents in path order, then KPIs.
		want: []Location{
			{URI: "teams/growth/2026-Q3.yaml", Range: Range{Position{2, 7}, Position{2, 13}}},
			{URI: "teams/growth/2026-Q4.yaml", Range: Range{Position{2, 7}, Position{2, 13}}},
			{URI: "kpis/weekly_active_accounts.yaml", Range: Range{Position{4, 7}, Position{4, 13}}},
		},
	}, {
		name: "given a key result's owner who is no person and owns nothing, then nothing",
		file: "teams/payments/2026-Q4.yaml", line: "        owner: no‸body", from: "        owner: alice",
		want: nil,
	}, {
		// Last: it leaves the document open with the lines of a key
		// result as one.
		name: "given a kpi: in a flow mapping, then the KPI's id line",
		file: "teams/payments/2026-Q4.yaml", from: flowConversion,
		line: "      - {id: conversion, title: Lift checkout conversion, kpi: checkout_p‸95_ms, baseline: 67, target: 72}",
		want: []Location{{URI: "kpis/checkout.yaml", Range: Range{Position{17, 4}, Position{17, 19}}}},
	}}
	c := acme(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c.t = t
			fixture := tc.line
			if tc.from != "" {
				fixture = c.replaced(tc.file, tc.from, tc.line)
			}
			at := c.given(tc.file, fixture)
			var locs []Location
			if err := json.Unmarshal(c.at("textDocument/definition", tc.file, at, nil), &locs); err != nil {
				t.Fatal(err)
			}
			for i := range tc.want {
				tc.want[i].URI = c.uri(tc.want[i].URI)
			}
			if diff := cmp.Diff(tc.want, locs); diff != "" {
				t.Errorf("definition (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReferences(t *testing.T) {
	// Given the KPI checkout_p95_ms, when its references are asked from
	// its id, then they are the key results that read it and every CSV
	// row that names it (20 in payments.csv).
	c := acme(t)
	at := c.given("kpis/checkout.yaml", "id: checkout_p‸95_ms")
	var locs []Location
	if err := json.Unmarshal(c.at("textDocument/references", "kpis/checkout.yaml", at, map[string]any{"context": map[string]any{"includeDeclaration": true}}), &locs); err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, l := range locs {
		count[strings.TrimPrefix(l.URI, c.uri("")+"/")]++
	}
	want := map[string]int{"kpis/checkout.yaml": 1, "teams/payments/2026-Q3.yaml": 1, "teams/payments/2026-Q4.yaml": 1, "measurements/payments.csv": 20}
	if diff := cmp.Diff(want, count); diff != "" {
		t.Errorf("references by file (-want +got):\n%s", diff)
	}
	for _, l := range locs {
		if strings.HasSuffix(l.URI, "2026-Q4.yaml") && l.Range.Start != (Position{14, 13}) {
			t.Errorf("reference in 2026-Q4.yaml at %+v, want its kpi: value at 14:13", l.Range.Start)
		}
	}
}

// TestReferencesByPeriod checks the references of a key result whose ref
// another period's document shares (growth has
// activate-signups/trial-conversion in 2026-Q3 and in 2026-Q4): a
// measurement names the one whose period holds its day (SPEC §1), so each
// has only its own rows.
func TestReferencesByPeriod(t *testing.T) {
	tests := []struct {
		name, file, line string
		want             map[string]int
	}{
		// growth.csv has trial-conversion rows on 07-13, 07-27, 08-10,
		// 08-24, 09-07 and 09-28 (Q3: 6), and on 10-12, 10-26 and 11-09
		// (Q4: 3).
		{"2026-Q4's", "teams/growth/2026-Q4.yaml", "      - id: trial-‸conversion", map[string]int{"teams/growth/2026-Q4.yaml": 1, "measurements/growth.csv": 3}},
		{"2026-Q3's", "teams/growth/2026-Q3.yaml", "      - id: trial-‸conversion", map[string]int{"teams/growth/2026-Q3.yaml": 1, "measurements/growth.csv": 6}},
		// A row of 2026-07-13 names 2026-Q3's.
		{"a Q3 row's", "measurements/growth.csv", "growth/activate-signups/trial‸-conversion,2026-07-13,8.2,", map[string]int{"teams/growth/2026-Q3.yaml": 1, "measurements/growth.csv": 6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := acme(t)
			at := c.given(tt.file, tt.line)
			var locs []Location
			if err := json.Unmarshal(c.at("textDocument/references", tt.file, at, map[string]any{"context": map[string]any{"includeDeclaration": true}}), &locs); err != nil {
				t.Fatal(err)
			}
			count := map[string]int{}
			for _, l := range locs {
				count[strings.TrimPrefix(l.URI, c.uri("")+"/")]++
			}
			if diff := cmp.Diff(tt.want, count); diff != "" {
				t.Errorf("references by file (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCompletion(t *testing.T) {
	tests := []struct {
		name, file, fixture string
		want                []string // among the labels
		exactly             bool
		absent              []string // not among the labels
	}{{
		name: "given aggregate:, then the aggregates", file: "teams/payments/2026-Q4.yaml",
		fixture: "        aggregate: ‸", want: []string{"last", "sum", "max", "min", "mean"}, exactly: true,
	}, {
		name: "given an objective's type:, then the objective types", file: "teams/payments/2026-Q4.yaml",
		fixture: "    type: ‸", want: []string{"aspirational", "committed"}, exactly: true,
	}, {
		name: "given kpi:, then the KPI ids", file: "teams/payments/2026-Q4.yaml",
		fixture: "        kpi: ‸", want: []string{"checkout_p95_ms", "nps"},
	}, {
		name: "given aligns_to:, then objectives of periods that contain the document's", file: "teams/payments/2026-Q4.yaml",
		fixture: "    aligns_to: ‸", want: []string{"acme/delight-customers", "payments/effortless-checkout"},
	}, {
		name: "given owner:, then the owners", file: "teams/payments/2026-Q4.yaml",
		fixture: "        owner: ‸", want: []string{"payments", "alice", "acme"},
	}, {
		// p95-latency reads the KPI checkout_p95_ms, in 2026-Q3 and 2026-Q4:
		// a measurement of it would be an error.
		name: "given a CSV row's first cell, then KPI ids and the refs of key results that take no KPI", file: "measurements/payments.csv",
		fixture: "‸", want: []string{"checkout_p95_ms", "payments/effortless-checkout/apple-pay"}, absent: []string{"payments/effortless-checkout/p95-latency"},
	}, {
		// p95-latency has id, title, kpi, baseline, commit, target,
		// stretch, unit, weight and owner already.
		name: "given a new key in a key result, then the key result's keys it does not have", file: "teams/payments/2026-Q4.yaml",
		fixture: "        ‸", want: []string{"type", "aggregate", "cadence"}, exactly: true,
	}, {
		// nps has every key but unit.
		name: "given a new top-level key in a KPI document, then the keys it does not have", file: "kpis/nps.yaml",
		fixture: "‸", want: []string{"unit"}, exactly: true,
	}, {
		name: "given a new key in the first objective, then the objective's keys it does not have", file: "teams/payments/2026-Q4.yaml",
		fixture: "    ‸", want: []string{"type"}, exactly: true,
	}}
	c := acme(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c.t = t
			b, _ := os.ReadFile(filepath.Join(c.root, tc.file))
			text := string(b)
			switch {
			case strings.HasSuffix(tc.file, ".csv"):
				text += tc.fixture + "\n"
			case strings.HasPrefix(tc.fixture, "        ") && tc.fixture != "        kpi: ‸":
				// After the last key of payments' first key result.
				text = strings.Replace(text, "        owner: alice\n", "        owner: alice\n"+tc.fixture+"\n", 1)
			case strings.HasPrefix(tc.fixture, "    "):
				text = strings.Replace(text, "    weight: 2\n", "    weight: 2\n"+tc.fixture+"\n", 1)
			default:
				text = strings.Replace(text, "        unit: ms\n", "        unit: ms\n"+tc.fixture+"\n", 1)
				if !strings.Contains(text, marker) {
					text += tc.fixture + "\n"
				}
			}
			at := c.given(tc.file, text)
			var list completionList
			if err := json.Unmarshal(c.at("textDocument/completion", tc.file, at, nil), &list); err != nil {
				t.Fatal(err)
			}
			var labels []string
			for _, it := range list.Items {
				labels = append(labels, it.Label)
			}
			if tc.exactly {
				if diff := cmp.Diff(tc.want, labels); diff != "" {
					t.Errorf("labels (-want +got):\n%s", diff)
				}
				return
			}
			for _, w := range tc.want {
				if !slices.Contains(labels, w) {
					t.Errorf("labels %v lack %q", labels, w)
				}
			}
			for _, a := range tc.absent {
				if slices.Contains(labels, a) {
					t.Errorf("labels %v hold %q", labels, a)
				}
			}
		})
	}
}

// TestCompletionAlignsToNotItself checks that an objective's aligns_to
// does not offer the objective itself (a cycle), and offers its siblings.
func TestCompletionAlignsToNotItself(t *testing.T) {
	// Given the aligns_to of payments' effortless-checkout,
	c := acme(t)
	at := c.given("teams/payments/2026-Q4.yaml", "    aligns_to: ‸acme/delight-customers")
	// when completion is asked there,
	var list completionList
	if err := json.Unmarshal(c.at("textDocument/completion", "teams/payments/2026-Q4.yaml", at, nil), &list); err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, it := range list.Items {
		labels = append(labels, it.Label)
	}
	// then the objectives of 2026-Q4 and above are offered, but not
	// effortless-checkout itself.
	for _, w := range []string{"acme/delight-customers", "payments/fewer-failures"} {
		if !slices.Contains(labels, w) {
			t.Errorf("labels %v lack %q", labels, w)
		}
	}
	if slices.Contains(labels, "payments/effortless-checkout") {
		t.Errorf("labels %v offer the objective itself", labels)
	}
}

func TestCompletionPeople(t *testing.T) {
	c := acme(t)
	complete := func(file, fixture string) []CompletionItem {
		t.Helper()
		at := c.given(file, fixture)
		var list completionList
		if err := json.Unmarshal(c.at("textDocument/completion", file, at, nil), &list); err != nil {
			t.Fatal(err)
		}
		return list.Items
	}
	details := func(items []CompletionItem) map[string]string {
		m := map[string]string{}
		for _, it := range items {
			m[it.Label] = it.Detail
		}
		return m
	}
	// Given a People document with zoe, who owns nothing yet,
	people := c.openDisk("people.yaml")
	c.replace("people.yaml", people+"  - id: zoe\n    name: Zoe Quinn\n")
	// when a key result's owner: is completed,
	got := details(complete("teams/payments/2026-Q4.yaml", c.replaced("teams/payments/2026-Q4.yaml", "        owner: alice", "        owner: ‸")))
	// then zoe is offered too, each person with their name as detail, and
	// the owners who are no person with "owner".
	want := map[string]string{"zoe": "Zoe Quinn", "alice": "Alice Martin", "payments": "owner", "acme": "owner"}
	for id, detail := range want {
		if d, ok := got[id]; !ok || d != detail {
			t.Errorf("owner: offers %q with detail %q (offered %v), want detail %q", id, d, ok, detail)
		}
	}
	// Given a People entry's team:, then the owners of an Objectives
	// document or a KPI, and no person (a team names one of those).
	var labels []string
	for _, it := range complete("people.yaml", c.replaced("people.yaml", "    team: growth", "    team: ‸")) {
		labels = append(labels, it.Label)
	}
	if diff := cmp.Diff([]string{"acme", "engineering", "growth", "payments", "platform"}, labels); diff != "" {
		t.Errorf("team: offers (-want +got):\n%s", diff)
	}
	// Given a new key in gus's entry (id, name and team), then the keys of
	// a person it does not have.
	labels = nil
	for _, it := range complete("people.yaml", c.replaced("people.yaml", "    name: Gus Pereira", "    name: Gus Pereira\n    ‸")) {
		labels = append(labels, it.Label)
	}
	if diff := cmp.Diff([]string{"email", "slack", "teams"}, labels); diff != "" {
		t.Errorf("keys of a person (-want +got):\n%s", diff)
	}
}

func TestCodeActions(t *testing.T) {
	tests := []struct {
		name, file, fixture string
		want                string // the text after the first action's edits
	}{{
		name: "given a misspelt field, then it is changed to the field meant",
		file: "kpis/x.yaml", fixture: "apiVersion: okr/v1\nkind: KPI\nid: x\nname: X\ndirection: increase\ntag‸ret: 3\n",
		want: "apiVersion: okr/v1\nkind: KPI\nid: x\nname: X\ndirection: increase\ntarget: 3\n",
	}, {
		name: "given a misspelt word, then it is changed to the word meant",
		file: "kpis/x.yaml", fixture: "apiVersion: okr/v1\nkind: KPI\nid: x\nname: X\ndirection: increse‸\n",
		want: "apiVersion: okr/v1\nkind: KPI\nid: x\nname: X\ndirection: increase\n",
	}, {
		name: "given a document without apiVersion, then it is added",
		file: "kpis/x.yaml", fixture: "kind: KPI‸\nid: x\nname: X\ndirection: increase\n",
		want: "apiVersion: okr/v1\nkind: KPI\nid: x\nname: X\ndirection: increase\n",
	}, {
		name: "given apiVersion spelt otherwise, then it is spelt apiVersion",
		file: "kpis/x.yaml", fixture: "apiver‸sion: okr/v1\nkind: KPI\nid: x\nname: X\ndirection: increase\n",
		want: "apiVersion: okr/v1\nkind: KPI\nid: x\nname: X\ndirection: increase\n",
	}, {
		name: "given an apiVersion without a group, then okr/v1",
		file: "kpis/x.yaml", fixture: "apiVersion: v1‸\nkind: KPI\nid: x\nname: X\ndirection: increase\n",
		want: "apiVersion: okr/v1\nkind: KPI\nid: x\nname: X\ndirection: increase\n",
	}, {
		name: "given a misspelt field in a People entry, then it is changed to the field meant",
		file: "people2.yaml", fixture: "apiVersion: okr/v1\nkind: People\npeople:\n  - id: zoe\n    name: Zoe\n    emial‸: zoe@acme.example\n",
		want: "apiVersion: okr/v1\nkind: People\npeople:\n  - id: zoe\n    name: Zoe\n    email: zoe@acme.example\n",
	}, {
		name: "given a person without a name, then name is added to fill in",
		file: "people2.yaml", fixture: "apiVersion: okr/v1\nkind: People\npeople:\n  - id: zoe‸\n    team: growth\n",
		want: "apiVersion: okr/v1\nkind: People\npeople:\n  - name: \n    id: zoe\n    team: growth\n",
	}, {
		name: "given a measurement row without a header, then the header is added",
		file: "m.csv", fixture: "nps,2026-10-01,40‸\n",
		want: "metric,at,value\nnps,2026-10-01,40\n",
	}, {
		name: "given a near-miss CSV header, then it is rewritten",
		file: "m.csv", fixture: "metric;at;value‸\n",
		want: "metric,at,value\n",
	}, {
		name: "given a key result without title, then title is added to fill in",
		file: "teams/x.yaml", fixture: "apiVersion: okr/v1\nkind: Objectives\nowner: x\nperiod: 2026-Q4\nobjectives:\n  - id: o\n    title: O\n    key_results:\n      - id: k‸\n        type: milestone\n      - id: k2\n        title: K2\n        type: milestone\n",
		want: "apiVersion: okr/v1\nkind: Objectives\nowner: x\nperiod: 2026-Q4\nobjectives:\n  - id: o\n    title: O\n    key_results:\n      - title: \n        id: k\n        type: milestone\n      - id: k2\n        title: K2\n        type: milestone\n",
	}, {
		// In a flow mapping, after its brace: the YAML stays valid.
		name: "given a key result in a flow mapping without title, then title is added to fill in",
		file: "teams/x.yaml", fixture: "apiVersion: okr/v1\nkind: Objectives\nowner: x\nperiod: 2026-Q4\nobjectives:\n  - {id: o, title: O, key_results: [{id: k, type: milestone}‸, {id: k2, title: K2, type: milestone}]}\n",
		want: "apiVersion: okr/v1\nkind: Objectives\nowner: x\nperiod: 2026-Q4\nobjectives:\n  - {id: o, title: O, key_results: [{title: , id: k, type: milestone}, {id: k2, title: K2, type: milestone}]}\n",
	}, {
		// The metric cell only: the rest of the row stays.
		name: "given a CSV row's misspelt metric, then the cell is changed to the KPI meant",
		file: "m.csv", fixture: "metric,at,value,note\nnps‸x,2026-10-01,40,kept\n",
		want: "metric,at,value,note\nnps,2026-10-01,40,kept\n",
	}, {
		// The problem is at the first value; the fix is at metric:.
		name: "given a Measurements document's misspelt metric, then metric: is changed to the KPI meant",
		file: "m.yaml", fixture: "apiVersion: okr/v1\nkind: Measurements\nmetric: npx\nvalues:\n  - {at: 2026-10-01,‸ value: 40}\n  - {at: 2026-10-08, value: 41}\n",
		want: "apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues:\n  - {at: 2026-10-01, value: 40}\n  - {at: 2026-10-08, value: 41}\n",
	}, {
		name: "given a misspelt kpi:, then it is changed to the KPI meant",
		file: "teams/x.yaml", fixture: "apiVersion: okr/v1\nkind: Objectives\nowner: x\nperiod: 2026-Q4\nobjectives:\n  - id: o\n    title: O\n    key_results:\n      - id: k\n        title: K\n        kpi: npz‸\n        baseline: 1\n        target: 2\n",
		want: "apiVersion: okr/v1\nkind: Objectives\nowner: x\nperiod: 2026-Q4\nobjectives:\n  - id: o\n    title: O\n    key_results:\n      - id: k\n        title: K\n        kpi: nps\n        baseline: 1\n        target: 2\n",
	}}
	c := acme(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c.t = t
			at := c.given(tc.file, tc.fixture)
			text, _ := cut(t, tc.fixture)
			r := c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": c.uri(tc.file)}, "range": Range{at, at}, "context": map[string]any{"diagnostics": []any{}}})
			var actions []CodeAction
			if err := json.Unmarshal(r.Result, &actions); err != nil || len(actions) == 0 {
				t.Fatalf("no action: %v %s", err, r.Result)
			}
			a := actions[0]
			if a.Kind != "quickfix" || len(a.Diagnostics) != 1 {
				t.Errorf("action %+v, want a quickfix with its diagnostic", a)
			}
			got := applyEdits(t, text, a.Edit.Changes[c.uri(tc.file)])
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("after %q (-want +got):\n%s", a.Title, diff)
			}
			// The fixed text has no problem of that rule left there.
			c.replace(tc.file, got)
			for _, d := range c.diagnostics(tc.file) {
				if d.Range.Start.Line == at.Line && d.Code == a.Diagnostics[0].Code && d.Message == a.Diagnostics[0].Message {
					t.Errorf("the problem is still there: %+v", d)
				}
			}
		})
	}
}

// applyEdits applies edits (UTF-16 positions) to text.
func applyEdits(t *testing.T, text string, edits []TextEdit) string {
	t.Helper()
	slices.SortFunc(edits, func(a, b TextEdit) int {
		if before(a.Range.Start, b.Range.Start) {
			return 1
		}
		return -1
	})
	for _, e := range edits {
		tx := newText(text)
		s, en := tx.offset(e.Range.Start, utf16Encoding), tx.offset(e.Range.End, utf16Encoding)
		text = text[:s] + e.NewText + text[en:]
	}
	return text
}

func TestDocumentSymbols(t *testing.T) {
	// Given payments' 2026-Q4 objectives, then the symbols are its
	// objectives with their key results.
	c := acme(t)
	r := c.call("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": c.uri("teams/payments/2026-Q4.yaml")}})
	var syms []DocumentSymbol
	if err := json.Unmarshal(r.Result, &syms); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range syms {
		got = append(got, s.Name)
		for _, k := range s.Children {
			got = append(got, s.Name+"/"+k.Name)
			if !inside(k.Range, s.Range) || !inside(k.SelectionRange, k.Range) {
				t.Errorf("%s/%s: ranges not nested: %+v in %+v", s.Name, k.Name, k, s.Range)
			}
		}
	}
	want := []string{"effortless-checkout", "effortless-checkout/p95-latency", "effortless-checkout/conversion", "effortless-checkout/apple-pay"}
	if len(got) < len(want) || !slices.Equal(got[:len(want)], want) {
		t.Errorf("symbols %v, want them to start with %v", got, want)
	}
	if syms[0].SelectionRange.Start != (Position{6, 8}) {
		t.Errorf("effortless-checkout selection at %+v, want its id at 6:8", syms[0].SelectionRange.Start)
	}
}

func TestFormatting(t *testing.T) {
	c := acme(t)
	format1 := func(file string) []TextEdit {
		t.Helper()
		r := c.call("textDocument/formatting", map[string]any{"textDocument": map[string]any{"uri": c.uri(file)}, "options": map[string]any{"tabSize": 2, "insertSpaces": true}})
		var edits []TextEdit
		if err := json.Unmarshal(r.Result, &edits); err != nil {
			t.Fatal(err)
		}
		return edits
	}
	// Given a document already as okr fmt writes it, then no edit.
	if e := format1("kpis/nps.yaml"); len(e) != 0 {
		t.Errorf("edits %+v for a formatted document", e)
	}
	// Given keys out of order (a comment kept), then one edit: okr fmt's.
	messy := "# NPS\nkind: KPI\napiVersion: okr/v1\nname: NPS\nid: nps2\ndirection: increase\n"
	c.open("kpis/nps2.yaml", messy)
	want, err := format.Source([]byte(messy))
	if err != nil {
		t.Fatal(err)
	}
	e := format1("kpis/nps2.yaml")
	if len(e) != 1 || applyEdits(t, messy, e) != string(want) {
		t.Errorf("edits %+v, want one edit to:\n%s", e, want)
	}
	// Given a document that does not parse, then no edit.
	c.replace("kpis/nps2.yaml", "apiVersion: okr/v1\nkind: [KPI\n")
	if e := format1("kpis/nps2.yaml"); len(e) != 0 {
		t.Errorf("edits %+v for a document that does not parse", e)
	}
}

// TestCompletionLarge checks that a list longer than maxCompletions keeps
// the items that start with what is typed, at most maxCompletions, and
// says it is incomplete.
func TestCompletionLarge(t *testing.T) {
	// Given 1,200 KPIs, k0000 to k1199,
	var b strings.Builder
	for i := range 1200 {
		fmt.Fprintf(&b, "---\napiVersion: okr/v1\nkind: KPI\nid: k%04d\nname: K\ndirection: increase\n", i)
	}
	c := startServer(t, writeFiles(t, map[string]string{"kpis.yaml": b.String()}))
	c.initialize()
	list := func(fixture string) completionList {
		t.Helper()
		at := c.given("m.csv", fixture)
		var l completionList
		if err := json.Unmarshal(c.at("textDocument/completion", "m.csv", at, nil), &l); err != nil {
			t.Fatal(err)
		}
		return l
	}
	// when nothing is typed, then 1,000 of them, incomplete;
	if l := list("metric,at,value\n‸\n"); len(l.Items) != maxCompletions || !l.IsIncomplete {
		t.Errorf("%d items, incomplete %v; want %d, incomplete", len(l.Items), l.IsIncomplete, maxCompletions)
	}
	// when k11 is typed, then k1100 to k1199, complete.
	l := list("metric,at,value\nk11‸\n")
	if len(l.Items) != 100 || l.IsIncomplete || l.Items[0].Label != "k1100" {
		t.Errorf("%d items from %v, incomplete %v; want the 100 from k1100", len(l.Items), l.Items[:min(1, len(l.Items))], l.IsIncomplete)
	}
}

// TestHoverOwnerWithoutPeople checks that, in a repository without a
// People document, an owner's hover says what it owns and nothing of
// People (SPEC §5: the People rules hold only when there is one).
func TestHoverOwnerWithoutPeople(t *testing.T) {
	// Given a repository without People, whose key result bob owns,
	doc := "apiVersion: okr/v1\nkind: Objectives\nowner: a\nperiod: 2026-Q4\nobjectives:\n  - id: o\n    title: O\n    key_results:\n      - id: k\n        title: K\n        type: milestone\n        owner: bob\n"
	c := startServer(t, writeFiles(t, map[string]string{"teams/a.yaml": doc}))
	c.initialize()
	// when bob is hovered,
	at := c.given("teams/a.yaml", "        owner: b‸ob")
	var h *Hover
	if err := json.Unmarshal(c.at("textDocument/hover", "teams/a.yaml", at, nil), &h); err != nil || h == nil {
		t.Fatalf("no hover: %v", err)
	}
	// then what bob owns, and nothing of People.
	want := "**owner** `bob`  \n1 key result(s)\n\n*as of 2026-11-15*"
	if diff := cmp.Diff(want, h.Contents.Value); diff != "" {
		t.Errorf("hover (-want +got):\n%s", diff)
	}
}
