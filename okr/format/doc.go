// Package format rewrites OKR documents in one canonical layout, the layout
// of `okr fmt`.
//
// The layout is the one SPEC §1 shows: two-space indentation, sequences
// indented under their key, block style everywhere except for measurement
// values, which are written one per line in flow style
// (`- {at: 2026-10-05, value: 780}`), and the keys of every mapping in the
// order of the specification (apiVersion, kind, then the fields of the kind;
// keys the format does not know come after the known ones, in the order they
// were written). Comments are kept; scalars keep their quoting, so a value
// never changes its type. Blank lines inside a document are not kept.
//
// Only YAML documents whose apiVersion is okr/v1 and whose kind is
// Objectives, KPI or Measurements are rewritten. Every other document of a
// file (a CI config, a document of another apiVersion, a document that uses
// anchors, aliases or merge keys) is left byte for byte as it was, and a file
// holding no OKR document is never rewritten at all. okr.yaml is not an OKR
// document and is left alone.
//
// Formatting never changes meaning: Source checks that every document it
// rewrites decodes to the same data as before and carries the same comments,
// and refuses (leaving the file untouched) when it would not.
package format
