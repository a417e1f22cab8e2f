// Package sheet reads and writes Office Open XML workbooks (.xlsx) through
// github.com/xuri/excelize/v2 (SPEC §7).
//
// The writer (Write) turns tables of typed cells into a workbook: each
// sheet's first row is its header, bold, frozen and with an autofilter;
// columns are as wide as their content (at most 60 characters); numbers
// are numeric cells, scores shown 0.00, dates date cells shown yyyy-mm-dd
// and timestamps yyyy-mm-dd hh:mm, grades and KPI health filled green,
// yellow or red. Text is always a text cell (an inline string), never a
// formula, whatever it begins with. excelize builds the workbook (its
// parts, styles, sheets, the filters' defined names); each sheet's XML is
// streamed row by row into its zip part and compressed on a second
// goroutine, each table read twice: once to size its columns, once to
// write it. (excelize's own StreamWriter goes through a temporary file
// and allocates per cell: at SPEC §4's scale it took 2.7 times csv's
// time, against the 2 that SPEC §7 allows.) The own writer is held to
// excelize by a differential test and a fuzzer (differential_test.go:
// the same rows written both ways, read back with excelize, compared
// whole; the differences on purpose are listed there). The same tables
// and date give the same bytes: the document's created and modified
// times are that date at 00:00 UTC, and the zip entries are written in
// name order with no time stamp.
//
// The reader (Read) opens a workbook or a CSV file for okr import: the
// cells of a sheet as text, with the cached values of formulas (never
// evaluated), dates typed as numbers or text read as dates, bounded in the
// size it inflates and the rows it reads.
//
// Export builds the Goals and KPIs rows of okr export (the layout okr
// import reads); Import turns what Read read into the files okr import
// writes, with every problem at its cell, the checks' problems of the
// repository with those files in it included.
//
// okr/render writes the tables and escapes repository text for the
// medium (render.Cell) before it reaches a cell.
package sheet
