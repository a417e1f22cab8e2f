// Package rollover starts a new period from the last one, the work of
// `okr rollover`.
//
// For each Objectives document of the from-period (optionally of one
// owner), MakePlan builds a document for the to-period from the YAML of the
// old one: the same owner, level, objectives and key results with their ids,
// titles, targets, units, weights and comments, the period changed, and
// every metric key result's baseline set to the value it reached: its
// current value, as package score computes it, as of the last day of the
// from-period, written with the digits it has in its file (a value that
// okr computes, the mean or sum of several, is rounded to 12 significant
// digits). Then:
//
//   - with no measurement in the from-period, the old baseline is kept;
//   - a key result that already reached (or passed) its target keeps all its
//     levels, and the output says so: its target needs raising;
//   - a commit level that the new baseline has already passed is dropped
//     (the levels must run strictly one way), and the output says so;
//   - an aligns_to whose parent objective has no document covering the new
//     period is removed, kept as a comment, and the output says so;
//   - a title that still quotes the old baseline is pointed out.
//
// The new document goes next to the old one: the file name with the old
// period replaced by the new one (teams/payments/2026-Q4.yaml becomes
// teams/payments/2027-Q1.yaml), else the nearest directory named with the
// old period renamed, else <dir>/<owner>-<period>.yaml. Documents of one
// old file that land on one new path share it as a multi-document file. The
// file starts with the comment
// `# rolled over from <old file> (<old period>) on <as-of date>` and is
// written in the layout of package format.
//
// MakePlan never plans to overwrite: an owner that already has a document
// for the new period, and a destination file that already exists, are
// skipped with a reason. It validates every new file together with the
// rest of the repository (package source: load and check) and refuses one
// that would not be valid.
// Write creates the files atomically and never over an existing one.
package rollover
