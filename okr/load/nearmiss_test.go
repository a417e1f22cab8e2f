package load

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/okr-as-code/okr/okr/model"
)

// TestNearMisses lists both sides of SPEC §1 "Near misses": files meant for
// okr that it would skip are one positioned error each, whose message
// shows the line to write; files plainly not okr's stay ignored.
func TestNearMisses(t *testing.T) {
	const rows = "m,2026-10-01,1\n"
	const kpi = "kind: KPI\nid: nps\nname: NPS\ndirection: increase\n"
	header := func(h, want string) string {
		return `header "` + h + `" is not a measurement header, so okr would skip this file; write the header as: ` + want
	}
	headerSep := func(h, want string) string {
		return `header "` + h + `" is not a measurement header (okr separates cells with commas, in every row), so okr would skip this file; write the header as: ` + want
	}
	headerless := func(want string) string {
		return "the first line looks like a measurement row, but a measurement file starts with its header, so okr would skip this file; write the header as: " + want
	}
	tests := []struct {
		name string
		file string // its name; its content is data
		data string
		want []model.Problem // nil: ignored, or read without problems
	}{
		// CSV near misses
		{"capitalised header", "m.csv", "Metric,At,Value\n" + rows, []model.Problem{E("m.csv", 1, 1, RuleNearMiss, header("Metric,At,Value", "metric,at,value"))}},
		{"spaces after commas", "m.csv", "metric, at, value\n" + rows, []model.Problem{E("m.csv", 1, 1, RuleNearMiss, header("metric, at, value", "metric,at,value"))}},
		{"date instead of at", "m.csv", "metric,date,value,note\n" + rows, []model.Problem{E("m.csv", 1, 1, RuleNearMiss, header("metric,date,value,note", "metric,at,value,note"))}},
		{"semicolons", "m.csv", "metric;at;value\nm;2026-10-01;1\n", []model.Problem{E("m.csv", 1, 1, RuleNearMiss, headerSep("metric;at;value", "metric,at,value"))}},
		{"tabs", "m.csv", "metric\tat\tvalue\tnote\n", []model.Problem{E("m.csv", 1, 1, RuleNearMiss, headerSep(`metric\tat\tvalue\tnote`, "metric,at,value,note"))}},
		{"quoted capitalised header after a BOM", "m.csv", "\ufeff\"Metric\",\"At\",\"Value\"\r\n", []model.Problem{E("m.csv", 1, 1, RuleNearMiss, header(`\"Metric\",\"At\",\"Value\"`, "metric,at,value"))}},
		{"confidence without note", "m.csv", "metric,at,value,confidence\n" + rows, []model.Problem{E("m.csv", 1, 1, RuleNearMiss, header("metric,at,value,confidence", "metric,at,value,note,confidence"))}},
		{"an extra column", "m.csv", "metric,at,value,note,confidence,by\n", []model.Problem{E("m.csv", 1, 1, RuleNearMiss, header("metric,at,value,note,confidence,by", "metric,at,value,note,confidence"))}},
		{"no at column", "m.csv", "metric,value\nm,1\n", []model.Problem{E("m.csv", 1, 1, RuleNearMiss, header("metric,value", "metric,at,value"))}},
		{"headerless row", "m.csv", rows, []model.Problem{E("m.csv", 1, 1, RuleNearMiss, headerless("metric,at,value"))}},
		{"headerless row with a timestamp and a note", "m.csv", "nps,2026-10-01T10:00:00Z,-4.5,launch\n", []model.Problem{E("m.csv", 1, 1, RuleNearMiss, headerless("metric,at,value,note"))}},
		{"headerless row with a confidence", "m.csv", "nps,2026-02-30,45,,7\n", []model.Problem{E("m.csv", 1, 1, RuleNearMiss, headerless("metric,at,value,note,confidence"))}},
		{"headerless row with semicolons", "m.csv", "nps;2026-10-01;45\n", []model.Problem{E("m.csv", 1, 1, RuleNearMiss, headerless("metric,at,value"))}},

		// CSV files that are not okr's, or are measurement files
		{"headcount", "team.csv", "team,people\npayments,4\n", nil},
		{"people", "p.csv", "name,age\nbob,3\n", nil},
		{"empty", "e.csv", "", nil},
		{"two cells", "x.csv", "x,2026-10-01\n", nil},
		{"six cells", "x.csv", "x,2026-10-01,1,a,b,c\n", nil},
		{"third cell not a number", "x.csv", "x,2026-10-01,abc\n", nil},
		{"second cell not a date", "x.csv", "x,October,1\n", nil},
		{"metrics and values", "x.csv", "metrics,values\n", nil},
		{"quoted measurement header", "m.csv", "\"metric\",\"at\",\"value\",\"note\"\n" + rows, nil},
		{"measurement header with confidence", "m.csv", "metric,at,value,note,confidence\n" + rows, nil},

		// YAML near misses
		{"Objectives without apiVersion", "o.yaml", "kind: Objectives\nowner: pay\nperiod: 2026-Q4\nobjectives: []\n", []model.Problem{
			E("o.yaml", 1, 1, RuleNearMiss, "this Objectives document has no apiVersion, so okr would skip it; write: apiVersion: okr/v1"),
			E("o.yaml", 4, 13, "schema", "objectives must not be empty: give at least one item"),
		}},
		{"KPI without apiVersion", "k.yaml", "# comment\n" + kpi, []model.Problem{E("k.yaml", 2, 1, RuleNearMiss, "this KPI document has no apiVersion, so okr would skip it; write: apiVersion: okr/v1")}},
		{"apiversion", "k.yaml", "apiversion: okr/v1\n" + kpi, []model.Problem{E("k.yaml", 1, 1, RuleNearMiss, `key "apiversion" is not spelt apiVersion, so okr would skip this KPI document; write: apiVersion: okr/v1`)}},
		{"api_version", "k.yaml", kpi + "api_version: okr/v1\n", []model.Problem{E("k.yaml", 5, 1, RuleNearMiss, `key "api_version" is not spelt apiVersion, so okr would skip this KPI document; write: apiVersion: okr/v1`)}},
		{"APIVersion", "k.yaml", "APIVersion: okr/v1\n" + kpi, []model.Problem{E("k.yaml", 1, 1, RuleNearMiss, `key "APIVersion" is not spelt apiVersion, so okr would skip this KPI document; write: apiVersion: okr/v1`)}},
		{"api-version in a later document", "k.yaml", "a: 1\n---\napi-version: okr/v1\n" + kpi, []model.Problem{E("k.yaml", 3, 1, RuleNearMiss, `key "api-version" is not spelt apiVersion, so okr would skip this KPI document; write: apiVersion: okr/v1`)}},
		{"apiVersion v1", "k.yaml", "apiVersion: v1\n" + kpi, []model.Problem{E("k.yaml", 1, 13, RuleNearMiss, `apiVersion "v1" is not okr's, so okr would skip this KPI document; write: apiVersion: okr/v1`)}},
		{"apiVersion okr", "m.yaml", "apiVersion: okr\nkind: Measurements\nmetric: nps\nvalues: []\n", []model.Problem{E("m.yaml", 1, 13, RuleNearMiss, `apiVersion "okr" is not okr's, so okr would skip this Measurements document; write: apiVersion: okr/v1`)}},
		{"apiVersion empty", "m.yaml", "apiVersion:\nkind: Measurements\nmetric: nps\nvalues: []\n", []model.Problem{E("m.yaml", 1, 12, RuleNearMiss, `apiVersion empty (null) is not okr's, so okr would skip this Measurements document; write: apiVersion: okr/v1`)}},
		{"objectives without kind or apiVersion", "o.yaml", "owner: pay\nobjectives: []\n", []model.Problem{
			E("o.yaml", 1, 1, RuleNearMiss, "this document with objectives has no apiVersion, so okr would skip it; write: apiVersion: okr/v1"),
			E("o.yaml", 1, 1, "schema", `an OKR document is missing required field "kind"; set kind to Objectives, KPI, Measurements or People`),
		}},
		{"key_results without kind or apiVersion", "o.yaml", "key_results: []\n", []model.Problem{
			E("o.yaml", 1, 1, RuleNearMiss, "this document with key_results has no apiVersion, so okr would skip it; write: apiVersion: okr/v1"),
			E("o.yaml", 1, 1, "schema", `an OKR document is missing required field "kind"; set kind to Objectives, KPI, Measurements or People`),
		}},
		{"misspelt and broken", "k.yaml", "apiversion: okr/v1\nkind: KPI\nid: [\n", []model.Problem{E("k.yaml", 4, 1, "yaml", "invalid YAML: did not find expected node content")}},

		// YAML that is not okr's
		{"kubernetes", "deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n", nil},
		{"another group's KPI", "kpi.yaml", "apiVersion: monitoring.example/v1\n" + kpi, nil},
		{"another group's Objectives", "o.yaml", "apiVersion: goals.example.com/v2\nkind: Objectives\nobjectives: [1]\n", nil},
		{"a workflow", "ci.yml", "name: ci\non: [push]\njobs: {test: {runs-on: ubuntu-latest}}\n", nil},
		{"kind Objective", "o.yaml", "kind: Objective\nowner: pay\n", nil},
		{"kind Deployment without apiVersion", "d.yaml", "kind: Deployment\n", nil},
		{"a list", "l.yaml", "- kind: KPI\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repo, got := loadMap(t, map[string]string{tt.file: tt.data})
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("problems (-want +got):\n%s", d)
			}
			// A near miss counts as an OKR file (okr validate does not say
			// "no OKR files"); an ignored file does not.
			okr := len(repo.Files) == 1
			if wantOKR := tt.want != nil || strings.HasPrefix(tt.name, "quoted measurement") || strings.HasPrefix(tt.name, "measurement header"); okr != wantOKR {
				t.Errorf("read as an OKR file: %v, want %v", okr, wantOKR)
			}
		})
	}
}

// TestNearMissIsRead: a near miss is read as the document it was meant to
// be, so that what refers to it is not reported as unknown as well.
func TestNearMissIsRead(t *testing.T) {
	repo, probs := loadMap(t, map[string]string{
		"o.yaml": "apiversion: okr/v1\nkind: Objectives\nowner: pay\nperiod: 2026-Q4\nobjectives:\n  - id: o\n    title: O\n    key_results: [{id: k, title: K, type: milestone}]\n",
		"k.yaml": "kind: KPI\nid: nps\nname: NPS\ndirection: increase\n",
	})
	want := []model.Problem{
		E("k.yaml", 1, 1, RuleNearMiss, "this KPI document has no apiVersion, so okr would skip it; write: apiVersion: okr/v1"),
		E("o.yaml", 1, 1, RuleNearMiss, `key "apiversion" is not spelt apiVersion, so okr would skip this Objectives document; write: apiVersion: okr/v1`),
	}
	if d := cmp.Diff(want, probs); d != "" {
		t.Errorf("problems (-want +got):\n%s", d)
	}
	if len(repo.Objectives) != 1 || repo.Objectives[0].Objectives[0].KeyResults[0].Ref != "pay/o/k" || len(repo.KPIs) != 1 || repo.KPIs[0].ID != "nps" {
		t.Errorf("the near misses were not read: %+v %+v", repo.Objectives, repo.KPIs)
	}
}

// TestUnreadRefs: from an OKR file that does not parse, the owners and KPI
// ids its documents would define are read from its top-level lines.
func TestUnreadRefs(t *testing.T) {
	repo, probs := loadMap(t, map[string]string{
		"a.yaml": "apiVersion: okr/v1\nkind: Objectives\nowner: pay # the team\nperiod: [2026-Q4\nobjectives:\n  - id: x\n    key_results:\n      - owner: alice\n---\n" +
			"apiVersion: okr/v1\nkind: KPI\nid: 'nps'\nowner: growth\n---\napiVersion: okr/v1\nkind: \"KPI\"\r\nid: p95_ms\r\n",
		"b.yaml": "apiVersion: okr/v1\nkind: Objectives\nowner: Not An Id\nperiod: 2026-Q4\nobjectives:\n\t- id: x\n",
		"c.yaml": "owner: web\nkind: [\n", // not for okr: skipped
	})
	want := []model.Problem{
		E("a.yaml", 4, 1, "yaml", "invalid YAML: did not find expected ',' or ']'"),
		E("b.yaml", 6, 1, "yaml", "invalid YAML: found character that cannot start any token; indent with spaces, not tabs"),
	}
	if d := cmp.Diff(want, probs); d != "" {
		t.Errorf("problems (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"pay"}, repo.UnreadOwners); d != "" {
		t.Errorf("owners (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"nps", "p95_ms"}, repo.UnreadKPIs); d != "" {
		t.Errorf("KPI ids (-want +got):\n%s", d)
	}
}
