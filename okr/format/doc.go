// Package format rewrites OKR documents in one canonical layout, the layout
// of `okr fmt`.
//
// The layout is the one SPEC §1 shows: two-space indentation, sequences
// indented under their key, block style everywhere except for measurement
// values, which are written one per line in flow style
// (`- {at: 2026-10-05, value: 780}`) unless that would lose a comment or a
// block scalar's layout, and the keys of every mapping in the
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
//
// Files reads only regular files of at most 256 MiB (a FIFO or a device is
// an error and is never opened; a larger file is never read). When it
// writes, it holds the lock that okr record takes too (package
// internal/atomicfile) on the file's directory from the read to the
// rename, so that okr fmt and okr record
// running at once lose nothing; and it removes the temporary files that a
// killed okr left in that directory more than ten minutes before.
//
// The key order is model.KeyOrder, the one list of every mapping's keys.
package format
