// Package change computes the semantic diff of two loaded repositories, the
// base and the head of `okr diff`: which owners' documents, objectives, key
// results and KPIs were added, removed or modified, field by field, and which
// scores that changed.
//
// Things are matched by what they are, never by the file they live in:
//
//   - an Objectives document by (owner, period), reported on ref <owner>
//     (its only field is level);
//   - an objective by (owner, period, id), ref <owner>/<objective>;
//   - a key result by (owner, period, objective, id),
//     ref <owner>/<objective>/<kr>;
//   - a KPI by id, with an empty period.
//
// So moving or renaming a file, reordering documents, objectives or key
// results, or reformatting is no change; a key result that moves to another
// objective is removed and added. Fields are compared by their effective
// values (the loader applies defaults), so `type: metric` written out and
// `type` omitted are equal. A modified entity yields one Change per field
// that differs, named as in YAML, with the old and new values as JSON
// values: strings, float64s, nil where absent. An added or removed document
// is one change on <owner> and one per objective; an added or removed
// objective is one change that carries its key results with it.
//
// A goalpost change — a key result's baseline, commit, target or stretch
// modified, or a key result, objective or document added or removed — is
// flagged AfterPeriodStart when Options.Date (the head commit's date, or the
// as-of date for the work tree) is on or after the first day of the
// document's period: a change made on the first day is made after the period
// began. A level that moved between two numbers is also classified Easier
// (toward the baseline, or a baseline away from the target) or Harder.
//
// Scores are compared through a ScoreFunc (ScoresAsOf scores with package
// score) keyed by Key{Period, Ref}: ref <owner> for an owner's document,
// <owner>/<objective> for an objective, <owner>/<objective>/<kr> for a key
// result. A score that moved by more than Epsilon, appeared or disappeared
// is listed.
//
// With Options.Measurements, the check-ins (measurements) that the head
// added or removed are listed too, matched by content (metric, at as
// written, value, note, confidence) and counting repeats, never by file.
//
// Each change carries the units of its values and its position in the
// head (the field, the added entity, or the entity that held a removed
// one), for annotations. ParseSince and ParseFailOn read `okr diff
// --since` and `--fail-on`; Diff.Failures says why a diff fails the
// latter.
//
// Changes are ordered by period (chronologically, a year before its halves
// and quarters, KPIs' empty period first), then ref segment by segment, then
// kind (removed, added, modified), then field in schema order; score changes
// by period then ref. The order never depends on map iteration or file
// paths, so the same repositories always give the same Diff.
package change
