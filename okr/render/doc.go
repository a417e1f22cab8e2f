// Package render writes okr's results in every output format: text and
// tables, json, csv, markdown, mermaid (okr tree), and for okr validate the
// CI formats github (workflow commands), sarif, junit and gitlab. Each
// command's formats are listed once here (ScoreFormats, ProblemFormats, …),
// its default first; the commands check --format against that list.
//
// Repository text (file names, ids, titles, notes, authors, subjects) is
// escaped in one place for its medium (escape.go): Text for terminals,
// tables and CSV, Markdown and MarkdownCode for Markdown. JSON and CSV
// carry numbers rounded to 12 significant digits (Num, Round12). Tables
// are fitted to a terminal's width when the writer carries one
// (WithWidth), leaving out their least needed columns.
//
// Writers are handed an io.Writer; nothing here looks at the terminal,
// reads the environment or exits.
package render
