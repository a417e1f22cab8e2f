package tree

import (
	"cmp"
	"slices"

	"github.com/okr-as-code/okr/okr/score"
)

// Tree is the alignment tree of the documents of a score report.
type Tree struct {
	AsOf string `json:"as_of"`
	// Roots are the objectives that align to nothing, or to an objective
	// outside the report, sorted by ref, then period.
	Roots []*Node `json:"roots"`
	// Unsupported are the refs of the company and department objectives
	// that no objective of the report aligns to, sorted.
	Unsupported []string `json:"unsupported"`
}

// Node is one objective of the tree.
type Node struct {
	Ref    string  `json:"ref"`
	Title  string  `json:"title"`
	Owner  string  `json:"owner"`
	Level  string  `json:"level"`
	Period string  `json:"period"`
	Score  float64 `json:"score"`
	Grade  string  `json:"grade"`
	Status string  `json:"status"`
	// ForecastScore is the objective's forecast score, nil when it has
	// none.
	ForecastScore *float64 `json:"forecast_score"`
	// AlignsTo is the ref the objective names in aligns_to ("" for none),
	// whether or not it is in the tree.
	AlignsTo string  `json:"aligns_to"`
	File     string  `json:"file"`     // its document, relative to the root
	Children []*Node `json:"children"` // sorted by ref, then period

	start, end string // its document's period, YYYY-MM-DD
}

// Build returns the alignment tree of r's objectives. An objective's parent
// is the objective of r whose ref is its aligns_to and whose document's
// period contains its own document's period (the first such in r's order
// when there are several). An objective without one is a root.
func Build(r *score.Report) *Tree {
	t := &Tree{AsOf: r.AsOf, Roots: []*Node{}, Unsupported: []string{}}
	var nodes []*Node
	byRef := map[string][]*Node{}
	for i := range r.Owners {
		ow := &r.Owners[i]
		for j := range ow.Objectives {
			o := &ow.Objectives[j]
			n := &Node{
				Ref:           o.Ref,
				Title:         o.Title,
				Owner:         ow.Owner,
				Level:         ow.Level,
				Period:        ow.Period,
				Score:         o.Score,
				Grade:         o.Grade,
				Status:        o.Status,
				ForecastScore: forecastScore(o),
				AlignsTo:      o.AlignsTo,
				File:          ow.File,
				Children:      []*Node{},
				start:         ow.Start,
				end:           ow.End,
			}
			nodes = append(nodes, n)
			byRef[n.Ref] = append(byRef[n.Ref], n)
		}
	}
	for _, n := range nodes {
		var parent *Node
		if n.AlignsTo != "" {
			for _, p := range byRef[n.AlignsTo] {
				if p != n && p.start <= n.start && n.end <= p.end {
					parent = p
					break
				}
			}
		}
		if parent == nil {
			t.Roots = append(t.Roots, n)
		} else {
			parent.Children = append(parent.Children, n)
		}
	}
	// A cycle (a validation error) leaves its objectives unreachable from
	// the roots: make the first of each such cycle a root, so that every
	// objective appears exactly once.
	seen := map[*Node]bool{}
	var mark func(n *Node)
	mark = func(n *Node) {
		seen[n] = true
		for _, c := range n.Children {
			if !seen[c] {
				mark(c)
			}
		}
	}
	for _, n := range t.Roots {
		mark(n)
	}
	for _, n := range nodes {
		if seen[n] {
			continue
		}
		// Walk up to the cycle and cut it above n's topmost ancestor.
		top := n
		onPath := map[*Node]bool{}
		for !onPath[top] {
			onPath[top] = true
			top = parentOf(top, nodes)
		}
		p := parentOf(top, nodes)
		p.Children = slices.DeleteFunc(p.Children, func(c *Node) bool { return c == top })
		t.Roots = append(t.Roots, top)
		mark(top)
	}
	for _, n := range nodes {
		slices.SortStableFunc(n.Children, compare)
		if (n.Level == "company" || n.Level == "department") && len(n.Children) == 0 {
			t.Unsupported = append(t.Unsupported, n.Ref)
		}
	}
	slices.SortStableFunc(t.Roots, compare)
	slices.Sort(t.Unsupported)
	t.Unsupported = slices.Compact(t.Unsupported)
	return t
}

// parentOf returns the node that holds n among its children.
func parentOf(n *Node, nodes []*Node) *Node {
	for _, p := range nodes {
		if slices.Contains(p.Children, n) {
			return p
		}
	}
	return nil
}

// compare orders nodes by ref, then by period start (a longer period
// first).
func compare(a, b *Node) int {
	return cmp.Or(cmp.Compare(a.Ref, b.Ref), cmp.Compare(a.start, b.start), cmp.Compare(b.end, a.end))
}

// Walk calls f for every node of t, depth first in the order of the tree,
// with its depth (0 for a root).
func (t *Tree) Walk(f func(n *Node, depth int)) {
	var walk func(n *Node, d int)
	walk = func(n *Node, d int) {
		f(n, d)
		for _, c := range n.Children {
			walk(c, d+1)
		}
	}
	for _, r := range t.Roots {
		walk(r, 0)
	}
}
