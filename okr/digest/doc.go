// Package digest builds the week's news of the goals (SPEC §5, `okr
// digest`) once, as one value, from what `okr score` and `okr diff
// --since` compute: the scores now (the work tree as of the as-of date)
// and then (BASE's tree as of the day BASE landed), and the goal changes
// between the two. Writers put that one value into each medium:
// markdown, text, json, slack (an incoming webhook's body), teams (a
// Workflows webhook's Adaptive Card) and html (an e-mail body). Each
// writer escapes repository text in the one place for its medium
// (okr/render's escape.go) and enforces the limits of its medium, saying
// how many items it left out.
//
// Build never reads files, clocks or git: the command hands it the two
// repositories and, for the moved goalposts, who made each change.
package digest
