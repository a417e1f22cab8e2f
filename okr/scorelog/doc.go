// Package scorelog builds the score history of `okr log`: one entry per
// commit that adds, deletes, modifies or renames an OKR file, newest first,
// with each selected owner's score as of that commit's (author) date.
//
// Build takes every commit reachable from the start revision in `git log`
// order (history.Repo.Walk; with Options.Since, those dated on or after it)
// and replays them oldest first through a source.Walk, which keeps the OKR
// files of one commit parsed and moves them to the next by what it changed
// (reading and parsing ahead, in goroutines of its own). The engine here
// keeps each owner document's score with the range of as-of dates over
// which it cannot change, and recomputes it only when one of its files or
// metrics changes or a commit's date leaves that range.
//
// Scores are stored for 10,000 commits × 2,000 owners by sharing: entries
// whose selection is the same share their keys, and chunks of equal values
// are shared too (see [Scores]). Log.Columns places each entry's scores in
// the columns of the log's keys, for a table. The log also carries the
// repository at the start revision and the problems found loading it, so
// that the caller need not read that revision again.
package scorelog
