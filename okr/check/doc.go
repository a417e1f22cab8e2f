// Package check applies the rules a JSON Schema cannot express to a loaded
// repository: unique ids and (owner, period) pairs, references between
// documents (kpi, aligns_to, measurement metrics), alignment periods and
// cycles, the order of a key result's levels, and the OKR-practice warnings
// of SPEC §3, among them the KPIs not measured within their cadence as of
// Options.AsOf. Schema and syntax problems come from package load.
//
// One mistake gives one problem (SPEC §1): what a document with an error
// may define but does not say (an objective without an id, a period that
// does not parse, a file that does not parse) makes the references into it
// go unjudged. Check returns its problems in no particular order; the
// measurement checks run beside the document checks.
package check
