// Package score computes OKR scores, grades, pace and KPI health (SPEC §2)
// as pure functions of a loaded model.Repo, an as-of date and Options: it
// never reads files or clocks.
//
// NewIndex groups the repository's measurements by metric once, each series
// sorted by (instant, Seq), so that scoring 128,000 key results over
// 1,000,000 measurements costs a binary search and a short scan per key
// result. Score, KPIs and Due build an index and use it; Index.Score,
// Index.KPIs and Index.Due reuse one, and Index.OwnerScore and
// Index.Series serve callers that score one document or draw one series
// (the score log, the site).
//
// The rules, briefly:
//
//   - A key result's measurements are those of its metric (its KPI when it
//     has one, else its ref) whose date as written lies in
//     [first day of its period, min(as-of, last day)]. A measurement of a key
//     result ref therefore counts for the document of that owner whose
//     period contains its date.
//   - current is their aggregate: last (latest instant; ties: highest Seq,
//     that is read last), sum, max, min or mean. With none, current is nil,
//     the score 0 and NoData true.
//   - Scores: MetricScore (piecewise linear through baseline 0, commit 0.3,
//     target 1.0 or 0.7 with a stretch, stretch 1.0, either direction),
//     at_least, at_most, milestone; objective and owner scores are weighted
//     means.
//   - Grade: green/yellow/red by the configured lower bounds; a committed
//     objective is green only at exactly 1.0. An owner (one Objectives
//     document) is graded and paced as committed when all its objectives are
//     committed, else as aspirational; a key result follows its objective.
//   - Status: not-started, on-track, at-risk, off-track, closed, by the pace
//     rule of SPEC §2.
//   - KPI health: the last measurement dated on or before as-of against
//     target and warn; stale when it is more than the cadence's days (1, 7, 14,
//     31, 92) old, so a weekly KPI measured exactly 7 days ago is fresh and
//     one measured 8 days ago is stale. A KPI with no measurement is stale
//     (unless its cadence is unknown) and its health unknown.
//   - Check-ins (SPEC §2): while as-of lies in the period and before its
//     last day, a metric, at_least or at_most key result has a Forecast of
//     its value on the last day (Fit: least squares over its counted
//     measurements for aggregate last, with an 80% band from 3 on; RunRate
//     for sum), with the score and grade of that value; objectives and
//     owners have ForecastScore, the weighted mean taking a key result's
//     score where it has no forecast. NeededPerWeek is what is left to the
//     target per week; Confidence is that of the latest counted
//     measurement carrying one.
//   - Due lists the key results and KPIs whose check-in is overdue by
//     their cadence (Cadence: the key result's, okr.yaml's, else weekly).
//   - Options.Period selects the documents: "" those whose period contains
//     the as-of date, AllPeriods every one, else those of that period; it
//     is parsed here, and a bad one is the error Score and Due return.
//     Options.Owner keeps the documents of that owner and, elsewhere, the
//     key results whose owner it is (scores stay those of whole documents).
//
// Grade bounds and pace thresholds are compared with a tolerance of 1e-9 so
// that floating-point error (0.7 computed as 0.6999999999999999) does not
// change a grade; "exactly 1.0" for committed objectives is exact.
//
// The Report and KPIReport types marshal to the JSON of `okr score` and
// `okr kpi`: every key always present, absent numbers null, lists [] and
// never null, floats at full precision.
package score
