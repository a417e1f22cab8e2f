package model

// KeyOrder lists the keys each kind of mapping accepts, in the order SPEC
// §1 shows them: okr fmt writes a mapping's keys in this order (unknown
// keys last), and the loader's "did you mean" suggestions draw from it. It
// is the one list of field names outside the JSON Schema. The map's keys
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
}

// Names of the mappings in KeyOrder that are not documents.
const (
	MappingObjective = "objective"   // an item of an Objectives document's objectives
	MappingKeyResult = "key result"  // an item of an objective's key_results
	MappingValue     = "measurement" // an item of a Measurements document's values
	MappingConfig    = "okr.yaml"    // the repository config
	MappingGrades    = "grades"      // okr.yaml's grades
)

// CSVColumns are the columns of a measurement CSV file, in order (SPEC §1):
// a header names the first three and, optionally, note and then
// confidence.
var CSVColumns = []string{"metric", "at", "value", "note", "confidence"}
