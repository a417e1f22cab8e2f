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
// fuzzer hold the schema to it both ways (agree_test.go).
//
// Of git it knows the ignore rules, that FindRoot stops at the top of a
// work tree (.git), and blob hashes: a file system that reports them (a
// commit's tree from okr/history, through BlobHasher) lets a Cache parse
// each distinct content once, and a work tree's files are hashed the same
// way to share that cache. It reads no git object itself: a revision is
// just another fs.FS.
//
// Load and Dir read a whole tree. The steps one by one (read okr.yaml,
// list the files, parse one file or the rows appended to an earlier
// version, assemble) are unexported, lent to okr/source alone through
// okr/internal/loadkit: commands and the other packages read through
// okr/source.
package load
