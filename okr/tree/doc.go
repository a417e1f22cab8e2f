// Package tree builds the alignment tree of a score report: each objective
// under the objective it aligns to, with its score, grade, status and
// forecast (SPEC §3, `okr tree`). Its renderers live in package render
// (render.Tree, render.TreeMermaid); its JSON is the `okr tree --format json`
// output.
package tree
