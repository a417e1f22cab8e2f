// Package source is the one way okr reads the OKR files of a repository,
// from the work tree or from a commit of its git history.
//
//   - WorkTree and Commit read every file (okr/load), run the checks
//     (okr/check) as of a date and return the documents with all their
//     problems sorted; Check does the same for a repository assembled
//     otherwise, and Files reads files held in memory (what okr would make
//     of a file before it is written).
//   - Reads tells whether okr reads a path of the work tree given its
//     content: its extension, okr.yaml's ignore globs, the .gitignore files
//     on the way to it, and whether it holds OKR data.
//   - Walk keeps the files of one commit parsed and moves them commit by
//     commit by what each changed, reading and parsing ahead in the
//     background (of a measurement file a check-in appended to, only the
//     new rows): the score history of okr log. CommitLayout and Blob read
//     a commit's files one at a time for okr report's goal changes.
//
// Commands, okr/report, okr/record, okr/rollover and okr/scorelog read
// through this package; okr/load's step-by-step API is reachable only from
// here (okr/internal/loadkit).
package source
