// Package check applies the rules a JSON Schema cannot express to a loaded
// repository: unique ids and (owner, period) pairs, references between
// documents (kpi, aligns_to, measurement metrics), alignment periods and
// cycles, the order of a key result's levels, and the OKR-practice warnings
// of SPEC §3. Schema and syntax problems come from package load.
package check
