// Package model is the vocabulary of okr: periods, dates, objectives, key
// results, KPIs, measurements, the repository's config, references and the
// positioned Problem that every check reports.
//
// Besides the types it holds what is the same wherever they are used: the
// parsing of periods, dates and measurement instants (ParsePeriod,
// ParseDate, ParseAt) and their arithmetic in a fiscal year, the keys each
// kind of mapping accepts in the order of SPEC §1 (KeyOrder, CSVColumns),
// the cadences, the order of problems (SortProblems) and the "did you mean"
// of messages (Nearest). It reads no file: reading lives in package source
// (through package load), checking in package check and scoring in package
// score.
package model
