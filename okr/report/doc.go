// Package report assembles `okr report`: a period's scores, key results
// with their current values, KPI health, and the goal changes made after
// the period began, found in git history. Rendering lives in package
// render; the same inputs give the same bytes.
package report
