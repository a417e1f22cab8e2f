package model

// KeyOrder lists the keys each kind of mapping accepts, in the order SPEC
// §1 shows them: okr fmt writes a mapping's keys in this order (unknown
// keys last), and the loader reports every other key, with its "did you
// mean" suggestions drawn from it. It is the one list of field names; the
// JSON Schema is held to it by a test. The map's keys
// name the kind of mapping: a document kind (KindObjectives, KindKPI,
// KindMeasurements), or one of the names below.
var KeyOrder = map[string][]string{
	KindObjectives:   {"apiVersion", "kind", "owner", "level", "period", "objectives"},
	MappingObjective: {"id", "title", "description", "type", "aligns_to", "weight", "key_results"},
	MappingKeyResult: {"id", "title", "type", "kpi", "baseline", "commit", "target", "stretch", "unit", "aggregate", "weight", "owner", "cadence"},
	KindKPI:          {"apiVersion", "kind", "id", "name", "owner", "unit", "direction", "target", "warn", "cadence", "category", "indicator", "description"},
	KindMeasurements: {"apiVersion", "kind", "metric", "values"},
	MappingValue:     {"at", "value", "note", "confidence"},
	MappingConfig:    {"organization", "fiscal_year_start_month", "grades", "ignore", "checkin_cadence"},
	MappingGrades:    {"green", "yellow"},
	KindPeople:       {"apiVersion", "kind", "people"},
	MappingPerson:    {"id", "name", "email", "slack", "teams", "team"},
}

// Names of the mappings in KeyOrder that are not documents.
const (
	MappingObjective = "objective"   // an item of an Objectives document's objectives
	MappingKeyResult = "key result"  // an item of an objective's key_results
	MappingValue     = "measurement" // an item of a Measurements document's values
	MappingConfig    = "okr.yaml"    // the repository config
	MappingGrades    = "grades"      // okr.yaml's grades
	MappingPerson    = "person"      // an item of a People document's people
)

// CSVColumns are the columns of a measurement CSV file, in order (SPEC §1):
// a header names the first three and, optionally, note and then
// confidence.
var CSVColumns = []string{"metric", "at", "value", "note", "confidence"}

// Required lists the keys each kind of mapping in KeyOrder must have, in
// the order the JSON Schema's required lists them. A key result needs more
// by its type: KeyResultLevels.
var Required = map[string][]string{
	KindObjectives:   {"apiVersion", "kind", "owner", "period", "objectives"},
	MappingObjective: {"id", "title", "key_results"},
	MappingKeyResult: {"id", "title"},
	KindKPI:          {"apiVersion", "kind", "id", "name", "direction"},
	KindMeasurements: {"apiVersion", "kind", "metric", "values"},
	MappingValue:     {"at", "value"},
	MappingConfig:    {},
	MappingGrades:    {},
	KindPeople:       {"apiVersion", "kind", "people"},
	MappingPerson:    {"id", "name"},
}

// KeyResultLevels says, for each key result type, which levels it
// requires and which it must not have (SPEC §1): a metric (also when no
// type is written) needs baseline and target; at_least and at_most need a
// target and take no commit or stretch; a milestone takes no level.
var KeyResultLevels = map[string]struct{ Required, Forbidden []string }{
	Metric:    {Required: []string{"baseline", "target"}},
	AtLeast:   {Required: []string{"target"}, Forbidden: []string{"commit", "stretch"}},
	AtMost:    {Required: []string{"target"}, Forbidden: []string{"commit", "stretch"}},
	Milestone: {Forbidden: []string{"baseline", "commit", "target", "stretch"}},
}

// The words a field may take, in the order SPEC §1 lists them (and
// Cadences, in model.go).
var (
	Kinds          = []string{KindObjectives, KindKPI, KindMeasurements, KindPeople}
	Levels         = []string{"company", "department", "team", "individual"}
	ObjectiveTypes = []string{Aspirational, Committed}
	KeyResultTypes = []string{Metric, AtLeast, AtMost, Milestone}
	Aggregates     = []string{Last, Sum, Max, Min, Mean}
	Directions     = []string{Increase, Decrease}
	Indicators     = []string{"leading", "lagging"}
)

// KeyResultRef is the ref owner/obj/kr of a key result whose Ref field is
// ref: ref itself when it already says so (without building a string, as
// the loader sets it), else the ref built from its parts.
func KeyResultRef(ref, owner, obj, kr string) string {
	if len(ref) == len(owner)+len(obj)+len(kr)+2 {
		i, j := len(owner), len(owner)+1+len(obj)
		if ref[:i] == owner && ref[i] == '/' && ref[i+1:j] == obj && ref[j] == '/' && ref[j+1:] == kr {
			return ref
		}
	}
	return owner + "/" + obj + "/" + kr
}
