// Package gen writes large, deterministic OKR repositories for benchmarks
// and tests: the scale of SPEC §4 (Full) and smaller presets (Scale).
//
// Write writes a work tree; WriteHistory writes a git repository whose
// history builds up to the same tree, commit by commit, through one
// git fast-import stream. Both are pure functions of their Config: the same
// Config gives the same bytes and the same commit hashes, on any machine, for
// a given version of this package and of Go (math/rand/v2's PCG drives every
// choice and no output order comes from a map).
//
// What it writes is valid (okr validate finds no error) and follows the
// practice rules as long as the Config does (at most five objectives, two to
// five key results each): objective titles carry no digits, no objective is
// made only of milestones, a metric key result's levels run strictly one way,
// a key result linked to a KPI has no measurements of its own, and every KPI
// is measured within its cadence of the end of the year when there are rows
// enough (Measurements/2 ≥ KPIs).
//
// The tree, for year Y:
//
//	okr.yaml                      repository config
//	docs/notes.md                 not read by okr; docs-only commits change it
//	company/Y.yaml                Objectives of owner acme, level company, period Y
//	teams/team-NNNN/Y-Qn.yaml     Objectives of each team and quarter; most objectives
//	                              align to one of acme's
//	kpis/area-NNN.yaml            twenty KPI documents each, separated by ---
//	measurements/team-NNNN.csv    a team's key result rows and the rows of the KPIs it
//	                              owns, by date
//	measurements/acme.yaml        Measurements documents of company key results
//	measurements/kpis/<id>.yaml   a Measurements document for every tenth KPI
//
// Key results mix metric (about a third of them linked to a KPI, some with commit
// and stretch levels, a few with aggregate mean), at_least (some aggregate
// min), at_most (some counting incidents with aggregate sum) and milestone.
// Config.Measurements counts every row, CSV and YAML: KPIs take up to half
// of them at their cadence (the latest days first), key results the rest,
// spread over their period. Config.Commits also decides docs/notes.md, which
// gains one line per docs-only commit.
//
// The history: commit 0 adds the config, notes, objectives and KPIs (with
// the targets that change later at their original values); then, in commits
// spaced evenly from 1 January 08:00 to 31 December 20:00 UTC, check-ins append the rows dated up
// to their day to one to three measurement files, taken round-robin; about
// 2% of commits change one key result's target (and so its title) in an
// Objectives file of the current quarter; about 5% only change
// docs/notes.md; the last commit, on 31 December, adds every row not yet
// committed. All are by Gen <gen@example.com> on branch main.
package gen
