// Package schema holds the JSON Schema of okr's files, the single source of
// their format.
//
// One schema, draft 2020-12, validates every OKR document (apiVersion
// okr/v1; kind Objectives, KPI or Measurements) and the repository config
// okr.yaml: a document with an apiVersion is checked as an OKR document, one
// without as the config. The schema is embedded in the binary ([JSON]), so
// `okr schema` prints it and editors can use it. okr does not validate with
// it: the loader's decoder is the authority on documents, and tests hold the
// schema to it both ways; package schematest compiles it for those tests.
//
// The values a validator checks are those of encoding/json (map[string]any, []any,
// string, float64 or json.Number, bool, nil), with YAML timestamps kept as the
// strings they were written as. The schema checks structure: required and
// unknown fields, types, enums, id and period patterns, and which levels a
// key result's type needs. Rules it cannot express (unique ids, references,
// period containment, dates that do not exist, levels that must run one way)
// are left to the check package.
package schema
