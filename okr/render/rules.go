package render

import "sort"

// Rule describes a rule that `okr validate` reports, for the CI formats
// (SARIF's rule metadata above all).
type Rule struct {
	Short string // one line: what is wrong
	Full  string // a paragraph: what the rule checks and why
	Help  string // how to fix it
	Level string // the usual severity: "error" or "warning"
}

// RulesHelpURI is where the rules are documented.
const RulesHelpURI = "https://github.com/okr-as-code/okr/blob/main/README.md#validate"

// Rules describes every rule okr reports, by id.
var Rules = map[string]Rule{
	"yaml": {"the file is not valid YAML",
		"An OKR document must be valid YAML: a syntax error, a tab used for indentation or a control character stops the file from being read.",
		"Fix the YAML at the position shown: indent with spaces, close quotes and brackets, and remove control characters.", "error"},
	"schema": {"the document does not match the okr JSON Schema",
		"Each OKR document (Objectives, KPI, Measurements) and okr.yaml must match the JSON Schema that `okr schema` prints: known fields only, required fields present, values of the right type and form.",
		"Correct the field named in the message; the message suggests the nearest field name for a typo and lists the allowed values of an enum.", "error"},
	"duplicate-key": {"a key is repeated within one YAML mapping",
		"A YAML mapping must not hold the same key twice: only one of the values would count, silently.",
		"Remove or rename one of the repeated keys.", "error"},
	"number": {"a number is not finite",
		"Levels, values and weights must be finite numbers: .inf, .nan and values too large for a float64 (1e999) are refused.",
		"Write a finite number.", "error"},
	"date": {"a date does not exist or is malformed",
		"Dates are YYYY-MM-DD (or RFC 3339 timestamps for a measurement's at) and must exist in the calendar: 2026-02-30 is refused.",
		"Write an existing date as YYYY-MM-DD.", "error"},
	"csv": {"a measurement CSV row is malformed",
		"A measurement CSV has the header metric,at,value (then optionally note and confidence) and every row has those fields, with a date and a finite number.",
		"Fix the row shown: the right number of fields, quoted where a field holds a comma, a valid date and number.", "error"},
	"api-version": {"the apiVersion is not supported",
		"Every OKR document starts with apiVersion: okr/v1; other versions are not understood by this okr.",
		"Write apiVersion: okr/v1, or upgrade okr.", "error"},
	"site-dir": {"an OKR-looking file lies in a directory that okr site wrote",
		"okr never reads a directory holding .okr-site (the output of okr site) as OKR input, and okr site writes no YAML or CSV; a YAML or CSV file there would be silently skipped, so it is an error.",
		"Move the file out of that directory, or delete the directory's .okr-site marker if okr site did not write it.", "error"},
	"near-miss": {"a file looks like an OKR file but is not quite one",
		"A YAML or CSV file that is nearly an OKR document (a measurement header such as Metric,At,Value or metric;at;value, rows without a header, apiversion instead of apiVersion, or no apiVersion) would otherwise be skipped silently and its goals would vanish from the scores.",
		"Write the line the message shows (the exact header or apiVersion line).", "error"},
	"config": {"okr.yaml is inconsistent",
		"okr.yaml must be consistent: for example grades.yellow may not lie above grades.green.",
		"Correct the setting named in the message.", "error"},
	"unknown-person": {"a key result owner is not a known person",
		"When the repository has a People document, a key result's owner should be a person of a People document, or the owner of an Objectives document or a KPI, so that okr due and okr digest can name and mention them.",
		"Add the person to a People document (id and name, and slack or teams ids for mentions), or correct the owner id.", "warning"},
	"unknown-team": {"a person's team owns nothing",
		"When the repository has a People document, a person's team should be the owner id of an Objectives document or a KPI.",
		"Correct the team to an owner id of an Objectives document or KPI, or remove it.", "warning"},
	"limit": {"a file has more problems than are worth listing",
		"A file reports at most 100 problems; the rest are summed up in one problem of this rule.",
		"Fix the problems listed, then run okr validate again to see the rest.", "error"},
	"io": {"a file could not be read",
		"A file under the root could not be read (permissions, a file too large, not a regular file).",
		"Make the file readable, or remove it; files over 256 MiB and special files are never read.", "error"},
	"symlink": {"a symbolic link was not followed",
		"Symbolic links are followed only when they stay inside the repository root; a link that leads outside, loops or is broken is skipped.",
		"Replace the link with the file, or point it at a file inside the repository.", "warning"},
	"duplicate": {"an id or an (owner, period) pair is defined twice",
		"Objective, key result and KPI ids must be unique where they are referenced from, and an owner has one Objectives document per period.",
		"Rename one of the two, or merge the documents.", "error"},
	"reference": {"a kpi or aligns_to reference names nothing",
		"A key result's kpi must name a KPI and an objective's aligns_to an objective (owner/objective) that exists.",
		"Fix the reference, or add what it names.", "error"},
	"alignment": {"an objective aligns to one whose period does not contain its own",
		"An objective may align to an objective of the same period or of one that contains it (a quarter to its half or year).",
		"Align to an objective of a containing period.", "error"},
	"alignment-cycle": {"objectives align to each other in a cycle",
		"aligns_to must form a tree: an objective cannot, through other objectives, align to itself.",
		"Break the cycle by changing one aligns_to.", "error"},
	"levels": {"a metric key result's levels do not run one way",
		"The baseline, commit, target and stretch of a metric key result must run strictly one way (all increasing or all decreasing); baseline equal to target is refused.",
		"Reorder the levels, or correct the one that is out of line.", "error"},
	"measurement": {"a measurement names nothing it can count for",
		"A measurement's metric must name a KPI or a key result ref whose document's period contains its date, and not a key result that takes its values from a KPI.",
		"Fix the metric, record it for the KPI instead, or move it to the right period.", "error"},
	"too-many-objectives": {"more than five objectives for one owner and period",
		"OKR practice: a team or person keeps at most five objectives per period, so that they stay a focus.",
		"Merge or drop objectives until five or fewer remain.", "warning"},
	"key-result-count": {"fewer than two or more than five key results in an objective",
		"OKR practice: an objective is measured by two to five key results.",
		"Add or remove key results.", "warning"},
	"numeric-objective-title": {"an objective title carries a number",
		"OKR practice: objectives are qualitative; numbers belong in key results.",
		"Move the number into a key result and word the objective as an outcome.", "warning"},
	"milestone-only-objective": {"an objective is made only of milestones",
		"OKR practice: milestones are tasks; an objective needs at least one key result that measures an outcome.",
		"Add a metric, at_least or at_most key result.", "warning"},
	"stale-kpi": {"a KPI has no measurement within twice its cadence",
		"A KPI with a cadence should be measured at least once in twice that time, so that its health is current.",
		"Record a new value with okr record KPI VALUE.", "warning"},
}

// ruleIDs returns the ids of Rules, and of any other rule in extra, sorted.
func ruleIDs(extra []string) []string {
	seen := map[string]bool{}
	var ids []string
	for id := range Rules {
		seen[id] = true
		ids = append(ids, id)
	}
	for _, id := range extra {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

// ruleOf returns the description of rule id, or a plain one for a rule
// that Rules does not know.
func ruleOf(id string) Rule {
	if r, ok := Rules[id]; ok {
		return r
	}
	return Rule{
		Short: "okr rule " + id,
		Full:  "A problem that okr reports under the rule " + id + ".",
		Help:  "See the message for what to change.",
		Level: "error",
	}
}
