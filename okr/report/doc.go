// Package report assembles `okr report`: a period's scores, key results
// with their current values and check-ins, the check-ins due, KPI health,
// and the goal changes made after the period began, found in git history.
// Rendering lives in package render; the same inputs give the same bytes.
//
// Build scores the repository and, given a history, reads the goal
// changes; a report built without one can read them later (ReadHistory),
// or in the background while the caller uses the rest (StartHistory, for
// okr site). The history is walked along the first parents of the head,
// each commit against its first parent, and a change is dated by the day it
// landed (the committer date of that first-parent commit); the commit that
// made a change a merge brought in is looked for on the merged branch, so
// that the report names it and its author. Only the YAML files a commit
// changed are parsed.
package report
