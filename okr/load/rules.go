package load

import (
	"regexp"
	"strings"

	"github.com/okr-as-code/okr/okr/model"
)

// The rules below are what the JSON Schema in schema/okr.schema.json says
// of each field's value. The decoder applies them as it reads a document,
// and is the authority: tests hold the schema to it on every corpus,
// generated and mutated document (agree_test.go), and a fuzzer on any.
// The field names and their order are model.KeyOrder's and model.Required's.

// rule is what one field's value must be.
type rule struct {
	typ      string   // the JSON Schema type: "string", "number", "integer", "array" or "object"; "" for any
	enum     []string // the words it may be
	match    func(string) bool
	pattern  string // the schema's pattern that match implements, for its message
	minLen   int    // for text
	minItems int    // for a list
	positive bool   // a number greater than 0
	ranged   bool   // a number from lo to hi
	lo, hi   float64
	period   bool // YYYY-Qn, YYYY-Hn or YYYY as text, or a year 1000..9999 as a number
	// confidence: a whole number from 0 to 10, whose every fault has one
	// message.
	confidence bool
}

var (
	text       = &rule{typ: "string"}
	title      = &rule{typ: "string", minLen: 1}
	number     = &rule{typ: "number"}
	list       = &rule{typ: "array"}
	nonEmpty   = &rule{typ: "array", minItems: 1}
	weight     = &rule{typ: "number", positive: true}
	cadence    = &rule{enum: model.Cadences}
	ownerID    = &rule{typ: "string", match: idMatcher(ownerExtra), pattern: "^[a-z0-9][a-z0-9._-]*$"}
	objID      = &rule{typ: "string", match: idMatcher(objExtra), pattern: "^[a-z0-9][a-z0-9-]*$"}
	kpiID      = &rule{typ: "string", match: idMatcher(kpiExtra), pattern: "^[a-z0-9][a-z0-9_.-]*$"}
	grade      = &rule{typ: "number", ranged: true, lo: 0, hi: 1}
	anything   = &rule{}
	mappingVal = &rule{typ: "object"}
)

// rules holds the rule of every field of every kind of mapping in
// model.KeyOrder; a test checks that they name the same fields.
var rules = map[string]map[string]*rule{
	model.KindObjectives: {
		"apiVersion": anything, // read before the document is decoded
		"kind":       anything,
		"owner":      ownerID,
		"level":      {enum: model.Levels},
		"period":     {period: true},
		"objectives": nonEmpty,
	},
	model.MappingObjective: {
		"id":          objID,
		"title":       title,
		"description": text,
		"type":        {enum: model.ObjectiveTypes},
		"aligns_to":   {typ: "string", match: alignsText, pattern: alignsRe.String()},
		"weight":      weight,
		"key_results": nonEmpty,
	},
	model.MappingKeyResult: {
		"id":        objID,
		"title":     title,
		"type":      {enum: model.KeyResultTypes},
		"kpi":       kpiID,
		"baseline":  number,
		"commit":    number,
		"target":    number,
		"stretch":   number,
		"unit":      text,
		"aggregate": {enum: model.Aggregates},
		"weight":    weight,
		"owner":     ownerID,
		"cadence":   cadence,
	},
	model.KindKPI: {
		"apiVersion":  anything,
		"kind":        anything,
		"id":          kpiID,
		"name":        title,
		"owner":       ownerID,
		"unit":        text,
		"direction":   {enum: model.Directions},
		"target":      number,
		"warn":        number,
		"cadence":     cadence,
		"category":    text,
		"indicator":   {enum: model.Indicators},
		"description": text,
	},
	model.KindMeasurements: {
		"apiVersion": anything,
		"kind":       anything,
		"metric":     {typ: "string", match: metricRe.MatchString, pattern: metricRe.String()},
		"values":     list,
	},
	model.MappingValue: {
		"at":         {typ: "string", match: atRe.MatchString, pattern: atRe.String()},
		"value":      number,
		"note":       text,
		"confidence": {typ: "integer", ranged: true, lo: 0, hi: 10, confidence: true},
	},
	model.MappingConfig: {
		"organization":            text,
		"fiscal_year_start_month": {typ: "integer", ranged: true, lo: 1, hi: 12},
		"grades":                  mappingVal,
		"ignore":                  list,
		"checkin_cadence":         cadence,
	},
	model.MappingGrades: {
		"green":  grade,
		"yellow": grade,
	},
	model.KindPeople: {
		"apiVersion": anything,
		"kind":       anything,
		"people":     nonEmpty,
	},
	model.MappingPerson: {
		"id":    ownerID,
		"name":  title,
		"email": text,
		"slack": {typ: "string", match: slackID, pattern: "^[UW][A-Z0-9]{2,}$"},
		"teams": title,
		"team":  ownerID,
	},
	anyDocument: {
		"apiVersion": anything,
		"kind":       {enum: model.Kinds},
	},
}

// anyDocument names an OKR document whose kind is missing or not one okr
// knows: the schema then asks only for its apiVersion and a known kind.
const anyDocument = "document"

var (
	alignsRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9-]*$`)
	metricRe = regexp.MustCompile(`^([a-z0-9][a-z0-9_.-]*|[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*)$`)
	atRe     = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9]))?$`)
	periodRe = regexp.MustCompile(`^[0-9]{4}(-Q[1-4]|-H[1-2])?$`)
)

// The characters an id may hold after its first, a lower-case letter or a
// digit.
const (
	ownerExtra = "._-"
	objExtra   = "-"
	kpiExtra   = "_.-"
)

// idMatcher returns a matcher of ^[a-z0-9][a-z0-9<extra>]*$, faster than
// the regular expression on the ids of every document.
func idMatcher(extra string) func(string) bool {
	return func(s string) bool { return idText(s, extra) }
}

func idText(s, extra string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case i > 0 && containsByte(extra, c):
		default:
			return false
		}
	}
	return true
}

// slackID reports whether s is a Slack member id, ^[UW][A-Z0-9]{2,}$
// (TestSlackIDAgrees).
func slackID(s string) bool {
	if len(s) < 3 || (s[0] != 'U' && s[0] != 'W') {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// alignsText is alignsRe.MatchString without the regular expression (on
// every objective that aligns): an owner id, '/', an objective id
// (TestAlignsAgrees, FuzzAligns).
func alignsText(s string) bool {
	owner, obj, ok := strings.Cut(s, "/")
	return ok && idText(owner, ownerExtra) && idText(obj, objExtra)
}

func containsByte(s string, c byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return true
		}
	}
	return false
}
