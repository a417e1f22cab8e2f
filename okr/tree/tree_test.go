package tree

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/okr-as-code/okr/okr/score"
)

func owner(name, level, period, start, end string, objs ...score.Objective) score.Owner {
	return score.Owner{Owner: name, Level: level, Period: period, Start: start, End: end,
		File: name + "/" + period + ".yaml", Objectives: objs}
}

func obj(ref, alignsTo string, s float64) score.Objective {
	return score.Objective{Ref: ref, Title: "T " + ref, AlignsTo: alignsTo, Score: s, Grade: "red", Status: "at-risk"}
}

// shape is a tree as nested "ref period" strings, to compare whole trees.
type shape struct {
	Ref      string
	Children []shape
}

func shapes(ns []*Node) []shape {
	out := []shape{}
	for _, n := range ns {
		out = append(out, shape{n.Ref + " " + n.Period, shapes(n.Children)})
	}
	return out
}

func TestBuild(t *testing.T) {
	tests := []struct {
		name        string
		owners      []score.Owner
		want        []shape
		unsupported []string
	}{{
		name: "children under their parent, sorted by ref; a parent outside the report makes a root",
		owners: []score.Owner{
			owner("acme", "company", "2026", "2026-01-01", "2026-12-31", obj("acme/grow", "", 0.5), obj("acme/lonely", "", 0)),
			owner("eng", "department", "2026-H2", "2026-07-01", "2026-12-31", obj("eng/ship", "acme/grow", 0.5)),
			owner("pay", "team", "2026-Q4", "2026-10-01", "2026-12-31",
				obj("pay/z", "acme/grow", 0.5), obj("pay/a", "eng/ship", 0.5), obj("pay/gone", "other/x", 1)),
		},
		want: []shape{
			{"acme/grow 2026", []shape{
				{"eng/ship 2026-H2", []shape{{"pay/a 2026-Q4", []shape{}}}},
				{"pay/z 2026-Q4", []shape{}},
			}},
			{"acme/lonely 2026", []shape{}},
			{"pay/gone 2026-Q4", []shape{}},
		},
		// eng/ship is supported by pay/a; acme/lonely by nothing.
		unsupported: []string{"acme/lonely"},
	}, {
		name: "the parent is the document whose period contains the child's",
		owners: []score.Owner{
			owner("acme", "company", "2026", "2026-01-01", "2026-12-31", obj("acme/grow", "", 0)),
			owner("acme", "company", "2027", "2027-01-01", "2027-12-31", obj("acme/grow", "", 0)),
			owner("pay", "team", "2026-Q4", "2026-10-01", "2026-12-31", obj("pay/a", "acme/grow", 0)),
			owner("pay", "team", "2027-Q1", "2027-01-01", "2027-03-31", obj("pay/a", "acme/grow", 0)),
			// No acme document contains 2026-H2..2027-H1: a root.
			owner("eng", "team", "2027", "2027-01-01", "2027-12-31", obj("eng/x", "acme/grow", 0)),
			owner("odd", "team", "2026-H2", "2026-07-01", "2027-06-30", obj("odd/x", "acme/grow", 0)),
		},
		want: []shape{
			{"acme/grow 2026", []shape{{"pay/a 2026-Q4", []shape{}}}},
			{"acme/grow 2027", []shape{{"eng/x 2027", []shape{}}, {"pay/a 2027-Q1", []shape{}}}},
			{"odd/x 2026-H2", []shape{}},
		},
		unsupported: []string{},
	}, {
		name: "a cycle (a validation error) still shows every objective once",
		owners: []score.Owner{
			owner("a", "department", "2026", "2026-01-01", "2026-12-31", obj("a/x", "b/y", 0)),
			owner("b", "team", "2026", "2026-01-01", "2026-12-31", obj("b/y", "a/x", 0), obj("b/z", "b/y", 0)),
		},
		// a/x is the first objective of the cycle found: it becomes the
		// root, and b/y, which aligns to it, stays under it.
		want:        []shape{{"a/x 2026", []shape{{"b/y 2026", []shape{{"b/z 2026", []shape{}}}}}}},
		unsupported: []string{},
	}, {
		name:        "no objectives",
		want:        []shape{},
		unsupported: []string{},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr := Build(&score.Report{AsOf: "2026-11-15", Owners: tc.owners})
			if diff := cmp.Diff(tc.want, shapes(tr.Roots)); diff != "" {
				t.Errorf("tree (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.unsupported, tr.Unsupported); diff != "" {
				t.Errorf("unsupported (-want +got):\n%s", diff)
			}
			if tr.AsOf != "2026-11-15" {
				t.Errorf("as_of %q", tr.AsOf)
			}
		})
	}
}

func TestBuildCopiesScores(t *testing.T) {
	o := obj("acme/grow", "", 0.42)
	o.Grade, o.Status = "yellow", "on-track"
	f := 0.55
	o.ForecastScore = &f
	tr := Build(&score.Report{Owners: []score.Owner{owner("acme", "company", "2026", "2026-01-01", "2026-12-31", o)}})
	got := *tr.Roots[0]
	want := Node{Ref: "acme/grow", Title: "T acme/grow", Owner: "acme", Level: "company", Period: "2026",
		Score: 0.42, Grade: "yellow", Status: "on-track", ForecastScore: &f, File: "acme/2026.yaml", Children: []*Node{},
		start: "2026-01-01", end: "2026-12-31"}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(Node{})); diff != "" {
		t.Errorf("node (-want +got):\n%s", diff)
	}
}

func TestWalk(t *testing.T) {
	tr := Build(&score.Report{Owners: []score.Owner{
		owner("a", "team", "2026", "2026-01-01", "2026-12-31", obj("a/r", "", 0), obj("a/c", "a/r", 0), obj("a/d", "a/c", 0), obj("a/b", "", 0)),
	}})
	var got []string
	tr.Walk(func(n *Node, d int) { got = append(got, n.Ref+":"+string(rune('0'+d))) })
	want := []string{"a/b:0", "a/r:0", "a/c:1", "a/d:2"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("walk (-want +got):\n%s", diff)
	}
}
