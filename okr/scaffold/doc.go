// Package scaffold creates a new OKR repository for `okr init [DIR]`.
//
// [InitWith] writes, from templates embedded in the binary:
//
//	okr.yaml                      the repository config, with its defaults
//	objectives/YYYY-Qn.yaml       an example Objectives document for the current quarter
//	kpis/weekly_active_users.yaml an example KPI
//	measurements/my-team.csv      a few measurements of both, dated this quarter
//	okr.schema.json               the JSON Schema, for editors
//	.github/workflows/okr.yaml    CI through the okr action: validate, the goal diff as a PR comment, the site on Pages
//	.vscode/settings.json         yaml.schemas: the OKR files mapped to okr.schema.json
//
// The last two go to the top of the enclosing git work tree ([Options.Top]),
// where GitHub and editors look for them; [Init] is InitWith with none, and
// [DefaultBranch] names the branch the workflow publishes from. The result
// validates with no errors and no warnings as of the date it was made for.
// InitWith never overwrites a file: when any of them exists it writes
// nothing and returns an [*ExistsError]; existing editor settings are kept
// as they are.
package scaffold
