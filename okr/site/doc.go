// Package site writes `okr site`'s static dashboard (SPEC §3): an overview
// of the selected owners, a page per Objectives document with an inline SVG
// chart per key result (counted measurements, current value, pace line,
// levels, forecast and band, as-of day, confidence), a page per KPI with its
// health bands, the check-ins due, the alignment tree and, with a score log,
// the history and the moved goalposts.
//
// Build renders the pages with html/template from a score report and its
// index; the charts are written by a small SVG writer of this package
// (chart.go). The same input gives the same bytes: no clock, no random ids,
// sorted output. Prepare and Dir.Write put the files in a directory: only
// under it, marked with the Marker file, replacing a directory okr wrote
// before and refusing any other that is not empty.
package site
