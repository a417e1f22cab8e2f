package load

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/okr-as-code/okr/okr/model"
)

// A valid Objectives document, reused by the cases below.
const objectivesDoc = `apiVersion: okr/v1
kind: Objectives
owner: payments
period: 2026-Q4
objectives:
  - id: effortless-checkout
    title: Make checkout effortless
    key_results:
      - id: p95-latency
        title: Cut p95 latency
        baseline: 800
        target: 300
      - id: apple-pay
        title: Launch Apple Pay
        type: milestone
`

// TestLoadProblems gives each loader check a document and the exact
// problems, with file:line:col, that it must produce.
func TestLoadProblems(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []model.Problem
	}{
		{
			name:  "valid document",
			files: map[string]string{"a.yaml": objectivesDoc},
		},
		{
			name:  "yaml syntax error in an okr file",
			files: map[string]string{"a.yaml": "apiVersion: okr/v1\nkind: KPI\nid: a: b\n"},
			want:  []model.Problem{E("a.yaml", 3, 1, "yaml", "invalid YAML: mapping values are not allowed in this context")},
		},
		{
			name:  "yaml parser error counts lines from one",
			files: map[string]string{"a.yaml": "apiVersion: okr/v1\nkind: KPI\nid: [a,\nname: x\n"},
			want:  []model.Problem{E("a.yaml", 3, 1, "yaml", "invalid YAML: did not find expected ',' or ']'")},
		},
		{
			name:  "yaml syntax error in a later document",
			files: map[string]string{"a.yaml": objectivesDoc + "---\nkind: [\n"},
			want:  []model.Problem{E("a.yaml", 18, 1, "yaml", "invalid YAML: did not find expected node content")},
		},
		{
			name: "broken yaml that is not for okr is skipped",
			files: map[string]string{
				"ci.yaml":       "on: [push\njobs: {\n",
				"template.yaml": "{{ .Values }}: [\n",
			},
		},
		{
			name:  "tab in indentation",
			files: map[string]string{"a.yaml": "apiVersion: okr/v1\nkind: KPI\nid: a\n\tname: b\n"},
			want:  []model.Problem{E("a.yaml", 4, 1, "yaml", "invalid YAML: found a tab character that violates indentation; indent with spaces, not tabs")},
		},
		{
			name:  "invalid utf-8",
			files: map[string]string{"a.yaml": "apiVersion: okr/v1\nkind: KPI\nid: a\nname: é\xff\n"},
			want:  []model.Problem{E("a.yaml", 4, 8, "yaml", "invalid YAML: byte 0xff is not UTF-8; save the file as UTF-8")},
		},
		{
			name:  "control character",
			files: map[string]string{"a.yaml": "apiVersion: okr/v1\nkind: KPI\nid: a\x01\n"},
			want:  []model.Problem{E("a.yaml", 3, 6, "yaml", "invalid YAML: control character U+0001 is not allowed; remove it")},
		},
		{
			name:  "unknown anchor",
			files: map[string]string{"a.yaml": "apiVersion: okr/v1\nkind: KPI\nid: a\nname: *nope\n"},
			want:  []model.Problem{E("a.yaml", 4, 7, "yaml", "invalid YAML: unknown anchor 'nope' referenced; define it with &nope before this alias")},
		},
		{
			name: "unsupported apiVersion",
			files: map[string]string{
				"a.yaml": "apiVersion: okr/v2\nkind: KPI\n",
				"b.yaml": "apiVersion: okr/v1beta\nkind: [\n",
			},
			want: []model.Problem{
				E("a.yaml", 1, 13, "api-version", `unsupported apiVersion "okr/v2": this okr reads okr/v1; write apiVersion: okr/v1`),
				E("b.yaml", 3, 1, "yaml", "invalid YAML: did not find expected node content"),
			},
		},
		{
			name:  "missing kind",
			files: map[string]string{"a.yaml": "apiVersion: okr/v1\nid: a\n"},
			want:  []model.Problem{E("a.yaml", 1, 1, "schema", `an OKR document is missing required field "kind"; set kind to Objectives, KPI, Measurements or People`)},
		},
		{
			name:  "unknown kind",
			files: map[string]string{"a.yaml": "apiVersion: okr/v1\nkind: Objectivs\n"},
			want:  []model.Problem{E("a.yaml", 2, 7, "schema", `kind "Objectivs" is not one of Objectives, KPI, Measurements, People; did you mean "Objectives"?`)},
		},
		{
			name:  "unknown field with a suggestion",
			files: map[string]string{"a.yaml": strings.Replace(objectivesDoc, "        target: 300", "        tagret: 300", 1)},
			want: []model.Problem{
				// Not also "missing required field target": the typo says it.
				E("a.yaml", 12, 9, "schema", `unknown field "tagret" in a key result; did you mean "target"?`),
			},
		},
		{
			name:  "unknown field with the allowed list",
			files: map[string]string{"a.yaml": objectivesDoc[:len(objectivesDoc)-1] + "\nsponsor: ceo\n"},
			want: []model.Problem{
				E("a.yaml", 16, 1, "schema", `unknown field "sponsor" in an Objectives document; allowed: apiVersion, kind, owner, level, period, objectives`),
			},
		},
		{
			name: "wrong types",
			files: map[string]string{"a.yaml": `apiVersion: okr/v1
kind: Objectives
owner: 7
period: [2026]
objectives:
  - id: a
    title: {x: 1}
    weight: "2"
    key_results: ok
  - just text
`},
			want: []model.Problem{
				E("a.yaml", 3, 8, "schema", `owner must be text, not the number 7; quote it: "7"`),
				E("a.yaml", 4, 9, "schema", "period must be YYYY-Qn (quarter), YYYY-Hn (half) or YYYY (year), such as 2026-Q4, not a list"),
				E("a.yaml", 7, 12, "schema", "title must be text, not a mapping"),
				E("a.yaml", 8, 13, "schema", `weight must be a number, not the text "2"; remove the quotes`),
				E("a.yaml", 9, 18, "schema", `key_results must be a list, not the text "ok"`),
				E("a.yaml", 10, 5, "schema", `objectives item must be a mapping, not the text "just text"`),
			},
		},
		{
			name: "enum, pattern, minimum, empty",
			files: map[string]string{"a.yaml": `apiVersion: okr/v1
kind: Objectives
owner: Pay Team
level: squad
period: 2026-Q5
objectives:
  - id: a
    title: ""
    type: comitted
    weight: 0
    aligns_to: nowhere
    key_results: []
`},
			want: []model.Problem{
				E("a.yaml", 3, 8, "schema", `owner "Pay Team" is not valid: use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, such as "pay-team"`),
				E("a.yaml", 4, 8, "schema", `level "squad" is not one of company, department, team, individual`),
				E("a.yaml", 5, 9, "schema", `period "2026-Q5" is not valid: write YYYY-Qn (quarter), YYYY-Hn (half) or YYYY (year), such as 2026-Q4`),
				E("a.yaml", 8, 12, "schema", "title must not be empty"),
				E("a.yaml", 9, 11, "schema", `type "comitted" is not one of aspirational, committed; did you mean "committed"?`),
				E("a.yaml", 10, 13, "schema", "weight must be greater than 0"),
				E("a.yaml", 11, 16, "schema", `aligns_to "nowhere" is not valid: write <owner>/<objective-id>, such as acme/grow-revenue`),
				E("a.yaml", 12, 18, "schema", "key_results must not be empty: give at least one item"),
			},
		},
		{
			name: "key result levels the type does not take",
			files: map[string]string{"a.yaml": `apiVersion: okr/v1
kind: Objectives
owner: a
period: 2026
objectives:
  - id: a
    title: A
    key_results:
      - {id: a, title: A, type: milestone, target: 1}
      - {id: b, title: B, type: at_least, target: 1, stretch: 2}
      - {id: c, title: C, type: at_most}
`},
			want: []model.Problem{
				E("a.yaml", 9, 44, "schema", `field "target" is not allowed in a milestone key result: a milestone is done (1) or not (0) and has no levels; remove it, or set type to metric`),
				E("a.yaml", 10, 54, "schema", `field "stretch" is not allowed in an at_least key result: only a metric key result has commit and stretch; remove it, or set type to metric`),
				E("a.yaml", 11, 9, "schema", `an at_most key result is missing required field "target"`),
			},
		},
		{
			name: "duplicate keys",
			files: map[string]string{"a.yaml": `apiVersion: okr/v1
kind: KPI
id: a
name: A
direction: increase
name: B
values: {at: 1, at: 2}
`},
			want: []model.Problem{
				E("a.yaml", 6, 1, "duplicate-key", `key "name" repeated in this mapping (first at line 4, column 1); keep one`),
				E("a.yaml", 7, 1, "schema", `unknown field "values" in a KPI document; allowed: apiVersion, kind, id, name, owner, unit, direction, target, warn, cadence, category, indicator, description`),
				E("a.yaml", 7, 17, "duplicate-key", `key "at" repeated in this mapping (first at line 7, column 10); keep one`),
			},
		},
		{
			name: "non-finite and non-numbers",
			files: map[string]string{"a.yaml": `apiVersion: okr/v1
kind: KPI
id: a
name: A
direction: increase
target: .inf
warn: 1e999
---
apiVersion: okr/v1
kind: Measurements
metric: a
values:
  - {at: 2026-10-01, value: .NaN}
  - {at: 2026-10-02, value: -.Inf}
  - {at: 2026-10-03, value: !!float many}
`},
			want: []model.Problem{
				E("a.yaml", 6, 9, "number", ".inf is not a finite number; write an ordinary number"),
				E("a.yaml", 7, 7, "number", "1e999 is not a finite number; write an ordinary number"),
				E("a.yaml", 13, 29, "number", ".NaN is not a finite number; write an ordinary number"),
				E("a.yaml", 14, 29, "number", "-.Inf is not a finite number; write an ordinary number"),
				E("a.yaml", 15, 29, "number", `"many" is tagged !!float but is not a number`),
			},
		},
		{
			name: "dates",
			files: map[string]string{"a.yaml": `apiVersion: okr/v1
kind: Measurements
metric: a
values:
  - {at: 2026-02-30, value: 1}
  - {at: 2026-10-01T25:00:00Z, value: 1}
  - {at: 20261001, value: 1}
  - {at: "2026-13-01", value: 1}
`},
			want: []model.Problem{
				E("a.yaml", 5, 10, "date", `impossible date "2026-02-30": February 2026 has 28 days`),
				E("a.yaml", 6, 10, "schema", `at "2026-10-01T25:00:00Z" is not valid: write a date YYYY-MM-DD or an RFC 3339 timestamp such as 2026-10-05T14:00:00Z`),
				E("a.yaml", 7, 10, "schema", `at must be text, not the number 20261001; write a date YYYY-MM-DD or an RFC 3339 timestamp such as 2026-10-05T14:00:00Z`),
				E("a.yaml", 8, 10, "schema", `at "2026-13-01" is not valid: write a date YYYY-MM-DD or an RFC 3339 timestamp such as 2026-10-05T14:00:00Z`),
			},
		},
		{
			name: "yaml 1.1 surprises",
			files: map[string]string{"a.yaml": `apiVersion: okr/v1
kind: KPI
id: no
name: yes
direction: increase
target: on
warn: 012
`},
			want: []model.Problem{
				E("a.yaml", 6, 9, "schema", `target must be a number, not the text "on"`),
			},
		},
		{
			name: "keys that are not text and bad merges",
			files: map[string]string{"a.yaml": `apiVersion: okr/v1
kind: KPI
id: a
name: A
direction: increase
? [x, y]
: 1
<<: 3
`},
			want: []model.Problem{
				E("a.yaml", 6, 3, "yaml", "a key must be a plain name, not a list; okr documents only use text keys"),
				E("a.yaml", 8, 5, "yaml", "the merge key << must name a mapping, or a list of mappings, to merge"),
			},
		},
		{
			name: "billion laughs",
			files: map[string]string{"a.yaml": `apiVersion: okr/v1
kind: KPI
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
`},
			want: []model.Problem{
				E("a.yaml", 3, 26, "yaml", "aliases and merge keys in this file expand to more than 100000 nodes; write the values out instead"),
			},
		},
		{
			name: "okr.yaml",
			files: map[string]string{"okr.yaml": `organization: [Acme]
fiscal_year_start_month: 13
grades: {green: 0.3, yelow: 0.5, yellow: 0.6}
ignore: archive
`},
			want: []model.Problem{
				E("okr.yaml", 1, 15, "schema", "organization must be text, not a list"),
				E("okr.yaml", 2, 26, "schema", "fiscal_year_start_month must be at most 12"),
				E("okr.yaml", 3, 9, "config", "grades.yellow (0.6) must not be above grades.green (0.3)"),
				E("okr.yaml", 3, 22, "schema", `unknown field "yelow" in grades; did you mean "yellow"?`),
				E("okr.yaml", 4, 9, "schema", `ignore must be a list, not the text "archive"`),
			},
		},
		{
			name:  "okr.yaml holding an OKR document",
			files: map[string]string{"okr.yaml": objectivesDoc},
			want: []model.Problem{
				E("okr.yaml", 1, 1, "config", "okr.yaml is the repository config, not an OKR document: move this document to another file"),
			},
		},
		{
			name:  "okr.yaml that does not parse",
			files: map[string]string{"okr.yaml": "grades: {green: 1\n"},
			want:  []model.Problem{E("okr.yaml", 2, 1, "yaml", "invalid YAML: did not find expected ',' or '}'")},
		},
		{
			name: "csv",
			files: map[string]string{
				"m.csv": "metric,at,value,note\n" +
					"a,2026-10-01,1\n" +
					"a,2026-10-01,1,x,y\n" +
					"a\n" +
					",2026-10-01,1,\n" +
					"a,2026-02-30,1,\n" +
					"a,yesterday,1,\n" +
					"a,2026-10-01,NaN,\n" +
					"a,2026-10-01,-Inf,\n" +
					"a,2026-10-01,1e999,\n" +
					"a,2026-10-01,,\n" +
					"a,2026-10-01,0x10,\n" +
					"a,2026-10-01,1,say \"hi\"\n" +
					"a,2026-10-01,1,\"unterminated\n",
			},
			want: []model.Problem{
				E("m.csv", 3, 1, "csv", "row has 5 fields, want 3 to 4 (metric,at,value,note)"),
				E("m.csv", 4, 1, "csv", "row has 1 field, want 3 to 4 (metric,at,value,note)"),
				E("m.csv", 5, 1, "csv", "empty metric: name a KPI id or a key result ref owner/objective/kr"),
				E("m.csv", 6, 3, "date", `impossible date "2026-02-30": February 2026 has 28 days`),
				E("m.csv", 7, 3, "date", `invalid time "yesterday": want YYYY-MM-DD or an RFC 3339 timestamp such as 2026-10-05T14:00:00Z`),
				E("m.csv", 8, 14, "number", `value "NaN" is not a finite number; write a number such as 42 or -0.5`),
				E("m.csv", 9, 14, "number", `value "-Inf" is not a finite number; write a number such as 42 or -0.5`),
				E("m.csv", 10, 14, "number", `value "1e999" is not a finite number; write a number such as 42 or -0.5`),
				E("m.csv", 11, 14, "number", "value is empty; write a number such as 42"),
				E("m.csv", 12, 14, "number", `value "0x10" is not a number; write a decimal number such as 42 or -0.5`),
				E("m.csv", 13, 20, "csv", `bare " in non-quoted-field (quote a field that holds a comma or quote, and double quotes inside it: "say ""hi""")`),
				E("m.csv", 14, 30, "csv", `extraneous or missing " in quoted-field (quote a field that holds a comma or quote, and double quotes inside it: "say ""hi""")`),
			},
		},
		{
			name: "csv header",
			files: map[string]string{
				"a.csv": "metric,at,value,source\na,2026-10-01,1,x\n",
				"b.csv": "\xef\xbb\xbfmetric,at,value\r\na,2026-10-01,1\r\n",
				"c.csv": "name,age\nbob,3\n",
				"d.csv": "",
				"e.csv": "metric,at,value\n",
			},
			want: []model.Problem{
				E("a.csv", 1, 1, RuleNearMiss, `header "metric,at,value,source" is not a measurement header, so okr would skip this file; write the header as: metric,at,value,note`),
			},
		},
		{
			// SPEC §1: an integer 0–10 written as one; the measurement
			// itself is kept.
			name: "confidence",
			files: map[string]string{
				"m.csv": "metric,at,value,note,confidence\n" +
					"a,2026-10-01,1,,6\n" +
					"a,2026-10-01,1,,6.0\n" +
					"a,2026-10-01,1,,\"6\"\n" + // csv unquotes it: 6 is fine
					"a,2026-10-01,1,,6.5\n" +
					"a,2026-10-01,1,,11\n" +
					"a,2026-10-01,1,,-1\n" +
					"a,2026-10-01,1,x,high\n" +
					"a,2026-10-01,1,,+6\n" +
					"a,2026-10-01,1,,06\n" +
					"a,2026-10-01,1,,0\n" +
					"a,2026-10-01,1,,10\n" +
					"a,2026-10-01,1,,6,x\n",
				"y.yaml": "apiVersion: okr/v1\nkind: Measurements\nmetric: a\nvalues:\n" +
					"  - {at: 2026-10-01, value: 1, confidence: 6}\n" +
					"  - {at: 2026-10-01, value: 1, confidence: 6.0}\n" +
					"  - {at: 2026-10-01, value: 1, confidence: \"6\"}\n" +
					"  - {at: 2026-10-01, value: 1, confidence: 6.5}\n" +
					"  - {at: 2026-10-01, value: 1, confidence: 11}\n" +
					"  - {at: 2026-10-01, value: 1, confidence: -1}\n" +
					"  - {at: 2026-10-01, value: 1, confidence: high}\n" +
					"  - {at: 2026-10-01, value: 1, confidence: 0x6}\n" +
					"  - {at: 2026-10-01, value: 1, confidence: }\n" +
					"  - {at: 2026-10-01, value: 1, confidence: [6]}\n" +
					"  - {at: 2026-10-01, value: 1, confidence: 1e999}\n",
			},
			want: []model.Problem{
				E("m.csv", 3, 17, "number", `confidence "6.0" is not valid: write a whole number from 0 (no chance) to 10 (certain), such as 6`),
				E("m.csv", 5, 17, "number", `confidence "6.5" is not valid: write a whole number from 0 (no chance) to 10 (certain), such as 6`),
				E("m.csv", 6, 17, "number", `confidence "11" is not valid: write a whole number from 0 (no chance) to 10 (certain), such as 6`),
				E("m.csv", 7, 17, "number", `confidence "-1" is not valid: write a whole number from 0 (no chance) to 10 (certain), such as 6`),
				E("m.csv", 8, 18, "number", `confidence "high" is not valid: write a whole number from 0 (no chance) to 10 (certain), such as 6`),
				E("m.csv", 9, 17, "number", `confidence "+6" is not valid: write a whole number from 0 (no chance) to 10 (certain), such as 6`),
				E("m.csv", 10, 17, "number", `confidence "06" is not valid: write a whole number from 0 (no chance) to 10 (certain), such as 6`),
				E("m.csv", 13, 1, "csv", "row has 6 fields, want 3 to 5 (metric,at,value,note,confidence)"),
				E("y.yaml", 6, 44, "number", `confidence 6.0 is not valid: write a whole number from 0 (no chance) to 10 (certain), such as 6`),
				E("y.yaml", 7, 44, "schema", `confidence "6" is not valid: write a whole number from 0 (no chance) to 10 (certain), such as 6`),
				E("y.yaml", 8, 44, "schema", `confidence 6.5 is not valid: write a whole number from 0 (no chance) to 10 (certain), such as 6`),
				E("y.yaml", 9, 44, "schema", `confidence 11 is not valid: write a whole number from 0 (no chance) to 10 (certain), such as 6`),
				E("y.yaml", 10, 44, "schema", `confidence -1 is not valid: write a whole number from 0 (no chance) to 10 (certain), such as 6`),
				E("y.yaml", 11, 44, "schema", `confidence "high" is not valid: write a whole number from 0 (no chance) to 10 (certain), such as 6`),
				E("y.yaml", 12, 44, "number", `confidence 0x6 is not valid: write a whole number from 0 (no chance) to 10 (certain), such as 6`),
				E("y.yaml", 13, 44, "schema", `confidence empty (null) is not valid: write a whole number from 0 (no chance) to 10 (certain), such as 6`),
				E("y.yaml", 14, 44, "schema", `confidence a list is not valid: write a whole number from 0 (no chance) to 10 (certain), such as 6`),
				E("y.yaml", 15, 44, "number", "1e999 is not a finite number; write an ordinary number"),
			},
		},
		{
			// SPEC §1: daily | weekly | biweekly | monthly | quarterly.
			name: "cadence",
			files: map[string]string{
				"okr.yaml": "checkin_cadence: fortnightly\n",
				"k.yaml":   "apiVersion: okr/v1\nkind: KPI\nid: k\nname: K\ndirection: increase\ncadence: biweekly\n---\napiVersion: okr/v1\nkind: KPI\nid: j\nname: J\ndirection: increase\ncadence: fortnightly\n",
				"o.yaml": strings.Replace(objectivesDoc, "        type: milestone\n", "        type: milestone\n        cadence: biweekly\n", 1) +
					"---\n" + strings.Replace(strings.Replace(objectivesDoc, "payments", "web", 1), "        type: milestone\n", "        type: milestone\n        cadence: wekly\n", 1),
			},
			want: []model.Problem{
				E("k.yaml", 13, 10, "schema", `cadence "fortnightly" is not one of daily, weekly, biweekly, monthly, quarterly`),
				E("o.yaml", 33, 18, "schema", `cadence "wekly" is not one of daily, weekly, biweekly, monthly, quarterly; did you mean "weekly"?`),
				E("okr.yaml", 1, 18, "schema", `checkin_cadence "fortnightly" is not one of daily, weekly, biweekly, monthly, quarterly`),
			},
		},
		{
			name: "too many problems in one file",
			files: map[string]string{
				"a.yaml": "apiVersion: okr/v1\nkind: Measurements\nmetric: a\nvalues:\n" + strings.Repeat("  - {at: 2026-02-30, value: 1}\n", 150),
			},
			want: func() []model.Problem {
				var ps []model.Problem
				for i := range 100 {
					ps = append(ps, E("a.yaml", 5+i, 10, "date", `impossible date "2026-02-30": February 2026 has 28 days`))
				}
				return append(ps, E("a.yaml", 105, 10, "limit", "too many problems in this file; only the first 100 are shown: fix these first"))
			}(),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := loadMap(t, tt.files)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}
