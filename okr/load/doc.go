// Package load reads an OKR repository from an io/fs.FS into a model.Repo.
//
// It discovers files (SPEC §1: YAML documents whose apiVersion is okr/v1, CSV
// files whose header starts with metric,at,value, and okr.yaml), honours
// .gitignore and okr.yaml's ignore globs, never follows a symbolic link out of
// the file system it is given, parses files in parallel, validates every
// document against the embedded JSON Schema, and keeps the file, line and
// column of every value. It knows nothing of git: a git revision is just
// another fs.FS.
package load
