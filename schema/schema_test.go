package schema

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// objectivesWith wraps one objective, given as YAML lines indented for an
// item of objectives, in an otherwise valid Objectives document.
func objectivesWith(objective string) string {
	return "apiVersion: okr/v1\nkind: Objectives\nowner: payments\nperiod: 2026-Q4\nobjectives:\n" + objective
}

// keyResult wraps one key result, given as the YAML mapping without
// indentation, in an otherwise valid Objectives document; its location is
// /objectives/0/key_results/0.
func keyResult(kr string) string {
	lines := strings.Split(strings.TrimRight(kr, "\n"), "\n")
	for i, l := range lines {
		if i == 0 {
			lines[i] = "      - " + l
		} else {
			lines[i] = "        " + l
		}
	}
	return objectivesWith("  - id: effortless-checkout\n    title: Make checkout effortless\n    key_results:\n" + strings.Join(lines, "\n") + "\n")
}

const kr0 = "/objectives/0/key_results/0"

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string // violations(); nil: valid
	}{
		// okr.yaml
		{name: "config/empty", yaml: "{}"},
		{name: "config/null is not a config", yaml: "", want: []string{": type"}},
		{name: "config/full", yaml: `
organization: Acme
fiscal_year_start_month: 7
grades:
  green: 0.7
  yellow: 0.4
ignore: ["archive/**", "drafts/*.yaml"]
`},
		{name: "config/grades at bounds", yaml: "grades: {green: 1, yellow: 0}"},
		{name: "config/unknown key", yaml: "organisation: Acme", want: []string{": additionalProperties organisation"}},
		{name: "config/kind without apiVersion is config", yaml: "kind: Objectives", want: []string{": additionalProperties kind"}},
		{name: "config/month 0", yaml: "fiscal_year_start_month: 0", want: []string{"/fiscal_year_start_month: minimum"}},
		{name: "config/month 13", yaml: "fiscal_year_start_month: 13", want: []string{"/fiscal_year_start_month: maximum"}},
		{name: "config/month fraction", yaml: "fiscal_year_start_month: 1.5", want: []string{"/fiscal_year_start_month: type"}},
		{name: "config/month text", yaml: "fiscal_year_start_month: July", want: []string{"/fiscal_year_start_month: type"}},
		{name: "config/organization not text", yaml: "organization: [Acme]", want: []string{"/organization: type"}},
		{name: "config/green above 1", yaml: "grades: {green: 1.5}", want: []string{"/grades/green: maximum"}},
		{name: "config/yellow below 0", yaml: "grades: {yellow: -0.1}", want: []string{"/grades/yellow: minimum"}},
		{name: "config/grade unknown", yaml: "grades: {red: 0.1}", want: []string{"/grades: additionalProperties red"}},
		{name: "config/grades not a mapping", yaml: "grades: 0.7", want: []string{"/grades: type"}},
		{name: "config/ignore not a list", yaml: "ignore: archive/**", want: []string{"/ignore: type"}},
		{name: "config/ignore item not text", yaml: "ignore: [archive, 7]", want: []string{"/ignore/1: type"}},
		{name: "config/checkin_cadence", yaml: "checkin_cadence: biweekly"},
		{name: "config/checkin_cadence fortnightly", yaml: "checkin_cadence: fortnightly", want: []string{"/checkin_cadence: enum"}},
		{name: "not a mapping", yaml: "- apiVersion: okr/v1", want: []string{": type"}},

		// any OKR document
		{name: "document/other apiVersion", yaml: "apiVersion: okr/v2\nkind: KPI\nid: x\nname: X\ndirection: increase", want: []string{"/apiVersion: const"}},
		{name: "document/apiVersion not text", yaml: "apiVersion: 1\nkind: KPI\nid: x\nname: X\ndirection: increase", want: []string{"/apiVersion: const"}},
		{name: "document/no kind", yaml: "apiVersion: okr/v1\nowner: payments", want: []string{": required kind"}},
		{name: "document/unknown kind", yaml: "apiVersion: okr/v1\nkind: Objective\nowner: payments", want: []string{"/kind: enum"}},

		// Objectives
		{name: "objectives/spec example", yaml: `
apiVersion: okr/v1
kind: Objectives
owner: payments
level: team
period: 2026-Q4
objectives:
  - id: effortless-checkout
    title: Make checkout effortless
    description: Free text.
    type: aspirational
    aligns_to: acme/grow-revenue
    weight: 1
    key_results:
      - id: p95-latency
        title: Cut checkout p95 latency from 800 ms to 300 ms
        type: metric
        kpi: checkout_p95_ms
        baseline: 800
        commit: 600
        target: 300
        stretch: 200
        unit: ms
        aggregate: last
        weight: 2
        owner: alice
      - id: apple-pay
        title: Launch Apple Pay
        type: milestone
      - id: conversion
        title: Keep conversion at least 3.1%
        type: at_least
        baseline: 2.9
        target: 3.1
        unit: "%"
      - id: refunds
        title: At most 40 refunds a week
        type: at_most
        target: 40
        aggregate: max
`},
		{name: "objectives/minimal", yaml: keyResult("id: a\ntitle: A\nbaseline: 0\ntarget: 10")},
		{name: "objectives/period half", yaml: strings.Replace(keyResult("id: a\ntitle: A\nbaseline: 0\ntarget: 1"), "2026-Q4", "2026-H2", 1)},
		{name: "objectives/period year as number", yaml: strings.Replace(keyResult("id: a\ntitle: A\nbaseline: 0\ntarget: 1"), "2026-Q4", "2026", 1)},
		{name: "objectives/period year as text", yaml: strings.Replace(keyResult("id: a\ntitle: A\nbaseline: 0\ntarget: 1"), "2026-Q4", "'2026'", 1)},
		{name: "objectives/every level", yaml: strings.Replace(keyResult("id: a\ntitle: A\nbaseline: 0\ntarget: 1"), "owner: payments", "owner: acme.eu_1\nlevel: company", 1)},
		{name: "objectives/committed fractional weight", yaml: objectivesWith(`
  - id: o
    title: O
    type: committed
    weight: 0.5
    key_results: [{id: k, title: K, target: 1, type: at_least}]
`)},
		{name: "objectives/missing owner, period, objectives", yaml: "apiVersion: okr/v1\nkind: Objectives", want: []string{": required owner,period,objectives"}},
		{name: "objectives/unknown top-level field", yaml: strings.Replace(keyResult("id: a\ntitle: A\nbaseline: 0\ntarget: 1"), "owner: payments", "owner: payments\nteam: payments", 1), want: []string{": additionalProperties team"}},
		{name: "objectives/no objectives", yaml: "apiVersion: okr/v1\nkind: Objectives\nowner: payments\nperiod: 2026-Q4\nobjectives: []", want: []string{"/objectives: minItems"}},
		{name: "objectives/objectives not a list", yaml: "apiVersion: okr/v1\nkind: Objectives\nowner: payments\nperiod: 2026-Q4\nobjectives: {}", want: []string{"/objectives: type"}},
		{name: "objectives/owner upper-case", yaml: strings.Replace(keyResult("id: a\ntitle: A\nbaseline: 0\ntarget: 1"), "owner: payments", "owner: Payments", 1), want: []string{"/owner: pattern"}},
		{name: "objectives/owner leading dash", yaml: strings.Replace(keyResult("id: a\ntitle: A\nbaseline: 0\ntarget: 1"), "owner: payments", "owner: -payments", 1), want: []string{"/owner: pattern"}},
		{name: "objectives/owner a number", yaml: strings.Replace(keyResult("id: a\ntitle: A\nbaseline: 0\ntarget: 1"), "owner: payments", "owner: 42", 1), want: []string{"/owner: type"}},
		{name: "objectives/bad level", yaml: strings.Replace(keyResult("id: a\ntitle: A\nbaseline: 0\ntarget: 1"), "owner: payments", "owner: payments\nlevel: squad", 1), want: []string{"/level: enum"}},
		{name: "objectives/period Q5", yaml: strings.Replace(keyResult("id: a\ntitle: A\nbaseline: 0\ntarget: 1"), "2026-Q4", "2026-Q5", 1), want: []string{"/period: anyOf"}},
		{name: "objectives/period H3", yaml: strings.Replace(keyResult("id: a\ntitle: A\nbaseline: 0\ntarget: 1"), "2026-Q4", "2026-H3", 1), want: []string{"/period: anyOf"}},
		{name: "objectives/period two-digit year", yaml: strings.Replace(keyResult("id: a\ntitle: A\nbaseline: 0\ntarget: 1"), "2026-Q4", "26-Q4", 1), want: []string{"/period: anyOf"}},
		{name: "objectives/period lower-case", yaml: strings.Replace(keyResult("id: a\ntitle: A\nbaseline: 0\ntarget: 1"), "2026-Q4", "2026-q4", 1), want: []string{"/period: anyOf"}},
		{name: "objectives/period date", yaml: strings.Replace(keyResult("id: a\ntitle: A\nbaseline: 0\ntarget: 1"), "2026-Q4", "2026-10-01", 1), want: []string{"/period: anyOf"}},
		{name: "objectives/period small number", yaml: strings.Replace(keyResult("id: a\ntitle: A\nbaseline: 0\ntarget: 1"), "2026-Q4", "99", 1), want: []string{"/period: anyOf"}},
		{name: "objectives/period fractional", yaml: strings.Replace(keyResult("id: a\ntitle: A\nbaseline: 0\ntarget: 1"), "2026-Q4", "2026.5", 1), want: []string{"/period: anyOf"}},

		// an objective
		{name: "objective/missing id, title, key_results", yaml: objectivesWith("  - description: nothing\n"), want: []string{"/objectives/0: required id,title,key_results"}},
		{name: "objective/unknown field", yaml: objectivesWith("  - id: o\n    title: O\n    owner: alice\n    key_results: [{id: k, title: K, type: milestone}]\n"), want: []string{"/objectives/0: additionalProperties owner"}},
		{name: "objective/id with underscore", yaml: objectivesWith("  - id: grow_revenue\n    title: O\n    key_results: [{id: k, title: K, type: milestone}]\n"), want: []string{"/objectives/0/id: pattern"}},
		{name: "objective/id upper-case", yaml: objectivesWith("  - id: Grow\n    title: O\n    key_results: [{id: k, title: K, type: milestone}]\n"), want: []string{"/objectives/0/id: pattern"}},
		{name: "objective/empty title", yaml: objectivesWith("  - id: o\n    title: ''\n    key_results: [{id: k, title: K, type: milestone}]\n"), want: []string{"/objectives/0/title: minLength"}},
		{name: "objective/bad type", yaml: objectivesWith("  - id: o\n    title: O\n    type: stretch\n    key_results: [{id: k, title: K, type: milestone}]\n"), want: []string{"/objectives/0/type: enum"}},
		{name: "objective/aligns_to without owner", yaml: objectivesWith("  - id: o\n    title: O\n    aligns_to: grow-revenue\n    key_results: [{id: k, title: K, type: milestone}]\n"), want: []string{"/objectives/0/aligns_to: pattern"}},
		{name: "objective/aligns_to a key result", yaml: objectivesWith("  - id: o\n    title: O\n    aligns_to: acme/grow/arr\n    key_results: [{id: k, title: K, type: milestone}]\n"), want: []string{"/objectives/0/aligns_to: pattern"}},
		{name: "objective/weight 0", yaml: objectivesWith("  - id: o\n    title: O\n    weight: 0\n    key_results: [{id: k, title: K, type: milestone}]\n"), want: []string{"/objectives/0/weight: exclusiveMinimum"}},
		{name: "objective/weight negative", yaml: objectivesWith("  - id: o\n    title: O\n    weight: -1\n    key_results: [{id: k, title: K, type: milestone}]\n"), want: []string{"/objectives/0/weight: exclusiveMinimum"}},
		{name: "objective/weight text", yaml: objectivesWith("  - id: o\n    title: O\n    weight: high\n    key_results: [{id: k, title: K, type: milestone}]\n"), want: []string{"/objectives/0/weight: type"}},
		{name: "objective/no key results", yaml: objectivesWith("  - id: o\n    title: O\n    key_results: []\n"), want: []string{"/objectives/0/key_results: minItems"}},
		{name: "objective/not a mapping", yaml: objectivesWith("  - effortless-checkout\n"), want: []string{"/objectives/0: type"}},

		// a key result
		{name: "kr/metric without type", yaml: keyResult("id: a\ntitle: A\nbaseline: 800\ntarget: 300")},
		{name: "kr/metric with commit and stretch", yaml: keyResult("id: a\ntitle: A\ntype: metric\nbaseline: 800\ncommit: 600\ntarget: 300\nstretch: 200")},
		{name: "kr/at_least", yaml: keyResult("id: a\ntitle: A\ntype: at_least\ntarget: 3")},
		{name: "kr/at_most with baseline", yaml: keyResult("id: a\ntitle: A\ntype: at_most\nbaseline: 50\ntarget: 40")},
		{name: "kr/milestone", yaml: keyResult("id: a\ntitle: A\ntype: milestone\nkpi: launches\nowner: alice\nweight: 3")},
		{name: "kr/every aggregate", yaml: objectivesWith(`
  - id: o
    title: O
    key_results:
      - {id: a, title: A, type: at_least, target: 1, aggregate: last}
      - {id: b, title: B, type: at_least, target: 1, aggregate: sum}
      - {id: c, title: C, type: at_least, target: 1, aggregate: max}
      - {id: d, title: D, type: at_least, target: 1, aggregate: min}
      - {id: e, title: E, type: at_least, target: 1, aggregate: mean}
`)},
		{name: "kr/missing id and title", yaml: keyResult("type: milestone"), want: []string{kr0 + ": required id,title"}},
		{name: "kr/misspelt target", yaml: keyResult("id: a\ntitle: A\nbaseline: 800\ntagret: 300"), want: []string{kr0 + ": additionalProperties tagret", kr0 + ": required target"}},
		{name: "kr/description is not a field", yaml: keyResult("id: a\ntitle: A\ntype: milestone\ndescription: x"), want: []string{kr0 + ": additionalProperties description"}},
		{name: "kr/metric without baseline", yaml: keyResult("id: a\ntitle: A\ntype: metric\ntarget: 300"), want: []string{kr0 + ": required baseline"}},
		{name: "kr/metric without target", yaml: keyResult("id: a\ntitle: A\ntype: metric\nbaseline: 800"), want: []string{kr0 + ": required target"}},
		{name: "kr/no type, no levels", yaml: keyResult("id: a\ntitle: A"), want: []string{kr0 + ": required baseline,target"}},
		{name: "kr/at_least without target", yaml: keyResult("id: a\ntitle: A\ntype: at_least\nbaseline: 1"), want: []string{kr0 + ": required target"}},
		{name: "kr/at_most without target", yaml: keyResult("id: a\ntitle: A\ntype: at_most"), want: []string{kr0 + ": required target"}},
		{name: "kr/at_least with commit", yaml: keyResult("id: a\ntitle: A\ntype: at_least\ncommit: 2\ntarget: 3"), want: []string{kr0 + "/commit: false"}},
		{name: "kr/at_most with stretch", yaml: keyResult("id: a\ntitle: A\ntype: at_most\ntarget: 3\nstretch: 1"), want: []string{kr0 + "/stretch: false"}},
		{name: "kr/milestone with target", yaml: keyResult("id: a\ntitle: A\ntype: milestone\ntarget: 1"), want: []string{kr0 + "/target: false"}},
		{name: "kr/milestone with every level", yaml: keyResult("id: a\ntitle: A\ntype: milestone\nbaseline: 0\ncommit: 0\ntarget: 1\nstretch: 1"), want: []string{kr0 + "/baseline: false", kr0 + "/commit: false", kr0 + "/stretch: false", kr0 + "/target: false"}},
		{name: "kr/bad type", yaml: keyResult("id: a\ntitle: A\ntype: boolean"), want: []string{kr0 + "/type: enum"}},
		{name: "kr/bad aggregate", yaml: keyResult("id: a\ntitle: A\ntype: at_least\ntarget: 1\naggregate: avg"), want: []string{kr0 + "/aggregate: enum"}},
		{name: "kr/weight 0", yaml: keyResult("id: a\ntitle: A\ntype: milestone\nweight: 0"), want: []string{kr0 + "/weight: exclusiveMinimum"}},
		{name: "kr/id with dot", yaml: keyResult("id: p95.latency\ntitle: A\ntype: milestone"), want: []string{kr0 + "/id: pattern"}},
		{name: "kr/id a number", yaml: keyResult("id: 1\ntitle: A\ntype: milestone"), want: []string{kr0 + "/id: type"}},
		{name: "kr/bad kpi", yaml: keyResult("id: a\ntitle: A\ntype: milestone\nkpi: Checkout"), want: []string{kr0 + "/kpi: pattern"}},
		{name: "kr/bad owner", yaml: keyResult("id: a\ntitle: A\ntype: milestone\nowner: alice smith"), want: []string{kr0 + "/owner: pattern"}},
		{name: "kr/target as text", yaml: keyResult("id: a\ntitle: A\nbaseline: 800\ntarget: '300'"), want: []string{kr0 + "/target: type"}},
		{name: "kr/baseline null", yaml: keyResult("id: a\ntitle: A\nbaseline: null\ntarget: 300"), want: []string{kr0 + "/baseline: type"}},
		{name: "kr/weight not a number", yaml: keyResult("id: a\ntitle: A\ntype: milestone\nweight: .nan"), want: []string{kr0 + "/weight: *kind.InvalidJsonValue"}},
		{name: "kr/baseline infinite", yaml: keyResult("id: a\ntitle: A\nbaseline: -.inf\ntarget: 1"), want: []string{kr0 + "/baseline: *kind.InvalidJsonValue"}},
		{name: "kr/every cadence", yaml: objectivesWith(`
  - id: o
    title: O
    key_results:
      - {id: a, title: A, type: milestone, cadence: daily}
      - {id: b, title: B, type: milestone, cadence: weekly}
      - {id: c, title: C, type: milestone, cadence: biweekly}
      - {id: d, title: D, type: milestone, cadence: monthly}
      - {id: e, title: E, type: milestone, cadence: quarterly}
`)},
		{name: "kr/cadence fortnightly", yaml: keyResult("id: a\ntitle: A\ntype: milestone\ncadence: fortnightly"), want: []string{kr0 + "/cadence: enum"}},
		{name: "kr/unit not text", yaml: keyResult("id: a\ntitle: A\ntype: milestone\nunit: [ms]"), want: []string{kr0 + "/unit: type"}},

		// KPI
		{name: "kpi/spec example", yaml: `
apiVersion: okr/v1
kind: KPI
id: checkout_p95_ms
name: Checkout p95 latency
owner: payments
unit: ms
direction: decrease
target: 300
warn: 500
cadence: weekly
category: operational
indicator: leading
description: Free text.
`},
		{name: "kpi/minimal", yaml: "apiVersion: okr/v1\nkind: KPI\nid: nps.q\nname: NPS\ndirection: increase"},
		{name: "kpi/missing id, name, direction", yaml: "apiVersion: okr/v1\nkind: KPI\nunit: ms", want: []string{": required id,name,direction"}},
		{name: "kpi/unknown field", yaml: "apiVersion: okr/v1\nkind: KPI\nid: x\nname: X\ndirection: increase\nperiod: 2026-Q4", want: []string{": additionalProperties period"}},
		{name: "kpi/objectives fields", yaml: "apiVersion: okr/v1\nkind: KPI\nid: x\nname: X\ndirection: increase\nobjectives: []", want: []string{": additionalProperties objectives"}},
		{name: "kpi/bad direction", yaml: "apiVersion: okr/v1\nkind: KPI\nid: x\nname: X\ndirection: up", want: []string{"/direction: enum"}},
		{name: "kpi/bad cadence", yaml: "apiVersion: okr/v1\nkind: KPI\nid: x\nname: X\ndirection: up\ncadence: hourly", want: []string{"/cadence: enum", "/direction: enum"}},
		{name: "kpi/biweekly", yaml: "apiVersion: okr/v1\nkind: KPI\nid: x\nname: X\ndirection: up\ncadence: biweekly", want: []string{"/direction: enum"}},
		{name: "kpi/fortnightly", yaml: "apiVersion: okr/v1\nkind: KPI\nid: x\nname: X\ndirection: increase\ncadence: fortnightly", want: []string{"/cadence: enum"}},
		{name: "kpi/bad indicator", yaml: "apiVersion: okr/v1\nkind: KPI\nid: x\nname: X\ndirection: increase\nindicator: lead", want: []string{"/indicator: enum"}},
		{name: "kpi/id with slash", yaml: "apiVersion: okr/v1\nkind: KPI\nid: payments/p95\nname: X\ndirection: increase", want: []string{"/id: pattern"}},
		{name: "kpi/empty name", yaml: "apiVersion: okr/v1\nkind: KPI\nid: x\nname: ''\ndirection: increase", want: []string{"/name: minLength"}},
		{name: "kpi/warn as text", yaml: "apiVersion: okr/v1\nkind: KPI\nid: x\nname: X\ndirection: increase\ntarget: 1\nwarn: soon", want: []string{"/warn: type"}},
		{name: "kpi/bad owner", yaml: "apiVersion: okr/v1\nkind: KPI\nid: x\nname: X\ndirection: increase\nowner: Payments", want: []string{"/owner: pattern"}},

		// Measurements
		{name: "measurements/spec example", yaml: `
apiVersion: okr/v1
kind: Measurements
metric: checkout_p95_ms
values:
  - {at: 2026-10-05, value: 780}
  - {at: 2026-10-12, value: 700, note: CDN rollout}
`},
		{name: "measurements/key result ref and timestamps", yaml: `
apiVersion: okr/v1
kind: Measurements
metric: payments/effortless-checkout/apple-pay
values:
  - {at: 2026-11-02T09:30:00Z, value: 0}
  - {at: "2026-11-03T09:30:00.25+01:00", value: 1, note: launched}
  - {at: "2026-11-04", value: 1.5e0}
`},
		{name: "measurements/no values yet", yaml: "apiVersion: okr/v1\nkind: Measurements\nmetric: x\nvalues: []"},
		{name: "measurements/missing metric and values", yaml: "apiVersion: okr/v1\nkind: Measurements", want: []string{": required metric,values"}},
		{name: "measurements/unknown field", yaml: "apiVersion: okr/v1\nkind: Measurements\nmetric: x\nvalue: 1\nvalues: []", want: []string{": additionalProperties value"}},
		{name: "measurements/objective ref", yaml: "apiVersion: okr/v1\nkind: Measurements\nmetric: payments/effortless-checkout\nvalues: []", want: []string{"/metric: pattern"}},
		{name: "measurements/upper-case metric", yaml: "apiVersion: okr/v1\nkind: Measurements\nmetric: NPS\nvalues: []", want: []string{"/metric: pattern"}},
		{name: "measurements/values a mapping", yaml: "apiVersion: okr/v1\nkind: Measurements\nmetric: x\nvalues: {at: 2026-10-05, value: 1}", want: []string{"/values: type"}},
		{name: "measurements/missing at and value", yaml: "apiVersion: okr/v1\nkind: Measurements\nmetric: x\nvalues: [{note: n}]", want: []string{"/values/0: required at,value"}},
		{name: "measurements/unknown measurement field", yaml: "apiVersion: okr/v1\nkind: Measurements\nmetric: x\nvalues: [{at: 2026-10-05, value: 1, by: alice}]", want: []string{"/values/0: additionalProperties by"}},
		{name: "measurements/at with slashes", yaml: "apiVersion: okr/v1\nkind: Measurements\nmetric: x\nvalues: [{at: 2026/10/05, value: 1}]", want: []string{"/values/0/at: pattern"}},
		{name: "measurements/at month 13", yaml: "apiVersion: okr/v1\nkind: Measurements\nmetric: x\nvalues: [{at: 2026-13-05, value: 1}]", want: []string{"/values/0/at: pattern"}},
		{name: "measurements/at space separated", yaml: "apiVersion: okr/v1\nkind: Measurements\nmetric: x\nvalues: [{at: 2026-10-05 10:00:00, value: 1}]", want: []string{"/values/0/at: pattern"}},
		{name: "measurements/at without zone", yaml: "apiVersion: okr/v1\nkind: Measurements\nmetric: x\nvalues: [{at: 2026-10-05T10:00:00, value: 1}]", want: []string{"/values/0/at: pattern"}},
		{name: "measurements/at a number", yaml: "apiVersion: okr/v1\nkind: Measurements\nmetric: x\nvalues: [{at: 20261005, value: 1}]", want: []string{"/values/0/at: type"}},
		{name: "measurements/value as text", yaml: "apiVersion: okr/v1\nkind: Measurements\nmetric: x\nvalues: [{at: 2026-10-05, value: '780'}]", want: []string{"/values/0/value: type"}},
		{name: "measurements/value done", yaml: "apiVersion: okr/v1\nkind: Measurements\nmetric: x\nvalues: [{at: 2026-10-05, value: true}]", want: []string{"/values/0/value: type"}},
		{name: "measurements/note not text", yaml: "apiVersion: okr/v1\nkind: Measurements\nmetric: x\nvalues: [{at: 2026-10-05, value: 1, note: [a]}]", want: []string{"/values/0/note: type"}},
		{name: "measurements/confidence 0 and 10", yaml: "apiVersion: okr/v1\nkind: Measurements\nmetric: x\nvalues: [{at: 2026-10-05, value: 1, confidence: 0}, {at: 2026-10-06, value: 1, confidence: 10}]"},
		{name: "measurements/confidence 11", yaml: "apiVersion: okr/v1\nkind: Measurements\nmetric: x\nvalues: [{at: 2026-10-05, value: 1, confidence: 11}]", want: []string{"/values/0/confidence: maximum"}},
		{name: "measurements/confidence -1", yaml: "apiVersion: okr/v1\nkind: Measurements\nmetric: x\nvalues: [{at: 2026-10-05, value: 1, confidence: -1}]", want: []string{"/values/0/confidence: minimum"}},
		{name: "measurements/confidence 6.5", yaml: "apiVersion: okr/v1\nkind: Measurements\nmetric: x\nvalues: [{at: 2026-10-05, value: 1, confidence: 6.5}]", want: []string{"/values/0/confidence: type"}},
		{name: "measurements/confidence quoted", yaml: "apiVersion: okr/v1\nkind: Measurements\nmetric: x\nvalues: [{at: 2026-10-05, value: 1, confidence: '6'}]", want: []string{"/values/0/confidence: type"}},
		{name: "measurements/confidence a word", yaml: "apiVersion: okr/v1\nkind: Measurements\nmetric: x\nvalues: [{at: 2026-10-05, value: 1, confidence: high}]", want: []string{"/values/0/confidence: type"}},
		// 6.0 is an integer to JSON Schema; okr refuses it (okr/load)
		{name: "measurements/confidence 6.0", yaml: "apiVersion: okr/v1\nkind: Measurements\nmetric: x\nvalues: [{at: 2026-10-05, value: 1, confidence: 6.0}]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := violations(t, Validate(fromYAML(t, tt.yaml)))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("violations mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCompileOnce(t *testing.T) {
	a, err := Compile()
	if err != nil {
		t.Fatal(err)
	}
	b, err := Compile()
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Error("Compile returned two different schemas")
	}
}

func TestSchemaDocument(t *testing.T) {
	var doc struct {
		Schema string `json:"$schema"`
		ID     string `json:"$id"`
	}
	if err := json.Unmarshal(JSON, &doc); err != nil {
		t.Fatalf("okr.schema.json is not JSON: %v", err)
	}
	if want := "https://json-schema.org/draft/2020-12/schema"; doc.Schema != want {
		t.Errorf("$schema = %q, want %q", doc.Schema, want)
	}
	if doc.ID != ID {
		t.Errorf("$id = %q, want the constant ID %q", doc.ID, ID)
	}
}

// TestEveryPropertyDocumented keeps editor support: every property the schema
// declares has a title and a description, directly or through its $ref.
func TestEveryPropertyDocumented(t *testing.T) {
	var root map[string]any
	if err := json.Unmarshal(JSON, &root); err != nil {
		t.Fatal(err)
	}
	defs := root["$defs"].(map[string]any)
	documented := func(s map[string]any, key string) bool {
		if _, ok := s[key].(string); ok {
			return true
		}
		if ref, ok := s["$ref"].(string); ok {
			def, _ := defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
			_, ok := def[key].(string)
			return ok
		}
		return false
	}
	var walk func(path string, v any)
	n := 0
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if props, ok := v["properties"].(map[string]any); ok {
				for name, p := range props {
					ps, ok := p.(map[string]any)
					if !ok {
						continue // false: a property a key result type forbids
					}
					if strings.Contains(path, "/if") {
						continue // dispatch conditions, not declarations
					}
					n++
					for _, key := range []string{"title", "description"} {
						if !documented(ps, key) {
							t.Errorf("%s/properties/%s has no %s", path, name, key)
						}
					}
				}
			}
			for k, c := range v {
				walk(path+"/"+k, c)
			}
		case []any:
			for _, c := range v {
				walk(path+"/*", c)
			}
		}
	}
	walk("#", root)
	if n < 50 {
		t.Errorf("found only %d properties; the walk is broken", n)
	}
}

// TestNoExternalLoads compiles a schema with a remote $ref the way Compile
// does and checks that the reference is refused, not fetched.
func TestNoExternalLoads(t *testing.T) {
	src := []byte(`{"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "` + ID + `", "$ref": "https://example.com/other.json"}`)
	_, err := compile(src)
	if err == nil {
		t.Fatal("compile of a schema with a remote $ref succeeded")
	}
	if !strings.Contains(err.Error(), errNoLoad.Error()) {
		t.Errorf("error = %v, want it to mention %q", err, errNoLoad)
	}
}

// TestValidateNonJSONValue checks that a value encoding/json would never
// produce is reported, not a panic.
func TestValidateNonJSONValue(t *testing.T) {
	got := violations(t, Validate(map[string]any{"organization": struct{}{}}))
	want := []string{"/organization: *kind.InvalidJsonValue"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("violations mismatch (-want +got):\n%s", diff)
	}
}

// FuzzValidate checks that no JSON value makes validation panic. It is
// seeded with the cross-check corpus.
func FuzzValidate(f *testing.F) {
	for _, dir := range []string{"valid", "invalid"} {
		files, _ := filepath.Glob(filepath.Join(corpus, dir, "*.json"))
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	if _, err := Compile(); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			return
		}
		_ = Validate(v)
	})
}

func BenchmarkCompile(b *testing.B) {
	for b.Loop() {
		if _, err := compile(JSON); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkValidate(b *testing.B) {
	doc := fromYAML(b, keyResult("id: a\ntitle: A\ntype: metric\nbaseline: 800\ncommit: 600\ntarget: 300\nstretch: 200"))
	if _, err := Compile(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := Validate(doc); err != nil {
			b.Fatal(err)
		}
	}
}
