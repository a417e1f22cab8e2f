// Package scorelog builds the score history of `okr log`: one entry per
// commit that adds, deletes, modifies or renames an OKR file, newest first,
// with each selected owner's score as of that commit's date.
//
// Files are parsed once per distinct blob (load.Cache), and a commit that
// touches no YAML or CSV file is dismissed by comparing tree hashes alone.
package scorelog
