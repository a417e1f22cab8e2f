// Package load reads an OKR repository from an io/fs.FS into a model.Repo.
//
// It discovers files (SPEC §1: YAML documents whose apiVersion is okr/v1, CSV
// files whose header is metric,at,value[,note[,confidence]], and okr.yaml),
// reports near misses (files meant for okr that it would skip) as errors
// and reads them as what they were meant to be, honours
// .gitignore and okr.yaml's ignore globs, never follows a symbolic link out of
// the file system it is given, parses files in parallel, and keeps the file,
// line and column of every value. Its decoder is the authority on what a
// document must be: it reports every problem the JSON Schema in schema/
// would, itself, as it reads each field (rules.go, validate.go); tests and a
// fuzzer hold the schema to it both ways (agree_test.go). It knows nothing of git: a git revision is just
// another fs.FS.
package load
