// Package scorelog builds the score history of `okr log`: one entry per
// commit that adds, deletes, modifies or renames an OKR file, newest first,
// with each selected owner's score as of that commit's date.
//
// The files are read through okr/source's Walk, which re-parses only what
// each commit changed (of a check-in, only the rows it appended); a commit
// that touches no YAML or CSV file is dismissed by comparing tree hashes
// alone, and each owner's score is recomputed only when its files or
// measurements changed.
package scorelog
