// Package record appends one measurement to an OKR repository, the work of
// `okr record`.
//
// Recording happens in two steps. Plan validates the measurement against
// the loaded repository (the metric is a KPI id, or the ref of a key result
// of a document whose period contains the date and which has no kpi of its
// own) and chooses the file: the one given, else the last file in path order
// that already holds the metric, else measurements/<owner>.csv (for a key
// result ref, its owner; for a KPI, its id). A file that okr would not read
// (ignored by a .gitignore or okr.yaml, an existing file that is no
// measurement file) or that is a symbolic link is refused. Append then
// writes it:
//
//   - a CSV file gets one more row, written with encoding/csv (the file first
//     gets a final newline if it lacks one; CRLF files stay CRLF); when the
//     measurement has a note or a confidence and the header lacks its
//     column, only the header line changes, to name it (and note before
//     confidence): the rows there, which leave out trailing optional
//     columns, stay as they are;
//   - a YAML file gets one more `- {at: …, value: …}` item (with note and
//     confidence when given) at the end of the values of its Measurements
//     document for the metric (a new document when it has none), inserted
//     as text at the line the parsed nodes point to, so that every other
//     byte and comment of the file stays as it was;
//   - a file that does not exist is created: a CSV file with the header
//     metric,at,value,note,confidence (the whole header, so that no branch
//     needs to widen it and a union merge keeps one header line),
//     or a YAML Measurements document, by extension.
//
// One value per day (SPEC §6): Existing finds the measurements of a
// metric at an at (two dates of one day, or two timestamps of one instant),
// and Decide says what recording does: Add (always, for a metric that a key
// result reads with aggregate: sum), Unchanged (the same value is there),
// Rewrite (with replace, the one measurement there is rewritten in place),
// or a refusal naming the measurement's FILE:LINE.
//
// Apply is the one writer: under the lock of the file's directory it reads
// the file again, makes its Edits (replacements of the measurement that
// starts at a line, then appends) with the line editing above, checks the
// result, and replaces the file once, atomically. Append is Apply of one
// measurement. A feed (okr record --from) is read by ParseFeed (CSV or JSON
// Lines), checked row by row against the repository and the rows before it
// by PlanFeed, which groups the edits by file, and written by
// FeedPlan.Apply: each file once, each directory's lock taken once.
//
// The value is written as the user typed it (Measurement.Text, from
// ParseValue): its digits are kept, not those of the nearest float64.
//
// Append holds an exclusive lock on the file's directory (flock(2), where
// the system has it; okr fmt takes the same lock) for the whole
// read-modify-write, re-reading the file under it, so that concurrent
// recorders and formatters all land; it removes the temporary files a
// killed okr left in the directory more than ten minutes before; it reads
// only a regular file of at most 256 MiB; and it replaces the file atomically (a temporary file in
// the same directory, synced, then renamed over it) keeping its mode. It
// checks everything before it writes: when it refuses, with an *Error, no
// file has changed. A YAML edit is checked by loading the file before and
// after it: the new measurement must be all that differs.
package record
