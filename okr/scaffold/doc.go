// Package scaffold creates a new OKR repository for `okr init [DIR]`.
//
// [Init] writes, from templates embedded in the binary:
//
//	okr.yaml                      the repository config, with its defaults
//	objectives/YYYY-Qn.yaml       an example Objectives document for the current quarter
//	kpis/weekly_active_users.yaml an example KPI
//	measurements/my-team.csv      a few measurements of both, dated this quarter
//	.github/workflows/okr.yaml    CI: validate on push and pull request, goal diff as a PR comment
//
// The result validates with no errors and no warnings as of the date it was
// made for. Init never overwrites a file: when any of them exists it writes
// nothing and returns an [*ExistsError].
package scaffold
