// Package sheet reads and writes Office Open XML workbooks (.xlsx) through
// github.com/xuri/excelize/v2 (SPEC §7).
//
// The writer (Write) turns tables of typed cells into a workbook: each
// sheet's first row is its header, bold, frozen and with an autofilter;
// columns are as wide as their content (at most 60 characters); numbers
// are numeric cells, scores shown 0.00, dates date cells shown yyyy-mm-dd
// and timestamps yyyy-mm-dd hh:mm, grades and KPI health filled green,
// yellow or red. Text is always a text cell (an inline string), never a
// formula, whatever it begins with. Rows are streamed (excelize's stream
// writer), each table read twice: once to size its columns, once to write
// it. The same tables and date give the same bytes: the document's
// created and modified times are that date at 00:00 UTC, and the zip
// entries are written in name order with no time stamp.
//
// The reader (Read) opens a workbook or a CSV file for okr import: the
// cells of a sheet as text, with the cached values of formulas (never
// evaluated), dates typed as numbers or text read as dates, bounded in the
// size it inflates and the rows it reads.
//
// The callers (okr/render for the tables, okr/importer for okr import)
// escape repository text for the medium before it reaches a cell.
package sheet
