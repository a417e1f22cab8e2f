package load

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/okr-as-code/okr/okr/model"
)

func init() {
	contentRules[RuleMergeConflict] = true
	contentRules[RuleRepeatedHeader] = true
}

// rowsOf are the measurements of a repository as "file:line metric day value".
func rowsOf(repo *model.Repo) []string {
	var out []string
	for _, m := range repo.Measurements {
		out = append(out, fmt.Sprintf("%s:%02d %s %s %v", m.Pos.File, m.Pos.Line, m.Metric, m.Day, m.Value))
	}
	return out
}

const union = `; to have git keep both sides' rows of measurement files itself, add the line "*.csv merge=union" to .gitattributes`

func TestCSVConflicts(t *testing.T) {
	tests := []struct {
		name  string
		csv   string
		rows  []string
		probs []model.Problem
	}{
		{
			name:  "two sides appended, both read",
			csv:   "metric,at,value\nnps,2026-10-01,1\n<<<<<<< HEAD\nnps,2026-10-02,2\n=======\nnps,2026-10-03,3\nnps,2026-10-04,4\n>>>>>>> other\nnps,2026-10-05,5\n",
			rows:  []string{"m.csv:02 nps 2026-10-01 1", "m.csv:04 nps 2026-10-02 2", "m.csv:06 nps 2026-10-03 3", "m.csv:07 nps 2026-10-04 4", "m.csv:09 nps 2026-10-05 5"},
			probs: []model.Problem{E("m.csv", 3, 1, RuleMergeConflict, "unresolved merge conflict (lines 3–8): keep the rows of both sides and delete the marker lines"+union)},
		},
		{
			// diff3: the base section is not read; CRLF; a conflict at the
			// start whose first side has the header; two conflicts
			name: "diff3, at the start, CRLF",
			csv:  "<<<<<<< ours\r\nmetric,at,value\r\nnps,2026-10-01,1\r\n||||||| base\r\nnps,2026-10-09,9\r\n=======\r\nmetric,at,value\r\nnps,2026-10-02,2\r\n>>>>>>> theirs\r\nnps,2026-10-03,3\r\n<<<<<<< a\r\n=======\r\n>>>>>>> b\r\n",
			rows: []string{"m.csv:03 nps 2026-10-01 1", "m.csv:08 nps 2026-10-02 2", "m.csv:10 nps 2026-10-03 3"},
			probs: []model.Problem{
				E("m.csv", 1, 1, RuleMergeConflict, "unresolved merge conflict (lines 1–9): keep the rows of both sides and delete the marker lines"+union),
				W("m.csv", 7, 1, RuleRepeatedHeader, "repeated header line (a union merge keeps the header of both branches): the file is read with the widest header's columns; delete this line and keep the widest header, metric,at,value, first"),
				E("m.csv", 11, 1, RuleMergeConflict, "unresolved merge conflict (lines 11–13): keep the rows of both sides and delete the marker lines"+union),
			},
		},
		{
			name:  "not closed: to the last line",
			csv:   "metric,at,value\n<<<<<<< HEAD\nnps,2026-10-02,2\n",
			rows:  []string{"m.csv:03 nps 2026-10-02 2"},
			probs: []model.Problem{E("m.csv", 2, 1, RuleMergeConflict, "unresolved merge conflict (lines 2–3): keep the rows of both sides and delete the marker lines"+union)},
		},
		{
			// the first line outside the markers is a near miss
			name:  "near miss",
			csv:   "<<<<<<< HEAD\nMetric,At,Value\n=======\nmetric;at;value\n>>>>>>> x\n",
			probs: []model.Problem{E("m.csv", 1, 1, RuleMergeConflict, "unresolved merge conflict (lines 1–5): keep the rows of both sides and delete the marker lines"+union), E("m.csv", 1, 1, RuleNearMiss, "")},
		},
		{
			// a wider header below a row that needs it: every row is read
			// with the widest header's columns
			name:  "wider header later",
			csv:   "metric,at,value\nnps,2026-10-01,1,x,7\nmetric,at,value,note,confidence\nnps,2026-10-02,2\n",
			rows:  []string{"m.csv:02 nps 2026-10-01 1", "m.csv:04 nps 2026-10-02 2"},
			probs: []model.Problem{W("m.csv", 3, 1, RuleRepeatedHeader, "repeated header line (a union merge keeps the header of both branches): the file is read with the widest header's columns; delete this line and keep the widest header, metric,at,value,note,confidence, first")},
		},
		{
			// a header widened on two branches: read with the widest
			name:  "repeated header",
			csv:   "metric,at,value,note\nmetric,at,value,note,confidence\nnps,2026-10-01,1,x,7\nnps,2026-10-02,2\n",
			rows:  []string{"m.csv:03 nps 2026-10-01 1", "m.csv:04 nps 2026-10-02 2"},
			probs: []model.Problem{W("m.csv", 2, 1, RuleRepeatedHeader, "repeated header line (a union merge keeps the header of both branches): the file is read with the widest header's columns; delete this line and keep the widest header, metric,at,value,note,confidence, first")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repo, probs := loadMap(t, map[string]string{"m.csv": tt.csv})
			if diff := cmp.Diff(tt.rows, rowsOf(repo)); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
			for i := range probs {
				if probs[i].Rule == RuleNearMiss {
					probs[i].Message = "" // its own test says what it says
				}
			}
			if diff := cmp.Diff(tt.probs, probs); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
	// A file that is no measurement file with or without markers is not okr's.
	repo, probs := loadMap(t, map[string]string{"notes.csv": "<<<<<<< HEAD\nname,city\n=======\nname,town\n>>>>>>> x\n"})
	if len(probs) != 0 || len(repo.Files) != 0 {
		t.Errorf("a CSV file that is not okr's: files %v, problems %v", repo.Files, probs)
	}
}

func TestYAMLConflicts(t *testing.T) {
	objectives := `apiVersion: okr/v1
kind: Objectives
owner: pay
period: 2026-Q4
objectives:
  - id: grow
<<<<<<< HEAD
    title: Grow revenue
=======
    title: Grow revenue fast
    tagret: 3
>>>>>>> other
    key_results:
      - {id: a, title: A, type: milestone}
      - {id: b, title: B, type: milestone}
---
apiVersion: okr/v1
kind: KPI
id: nps
name: NPS
direction: sideways
`
	measurements := `apiVersion: okr/v1
kind: Measurements
metric: nps
values:
  - {at: 2026-10-01, value: 1}
<<<<<<< HEAD
  - {at: 2026-10-02, value: 2}
||||||| base
  - {at: 2026-10-02, value: 9}
=======
  - {at: 2026-10-02, value: 3}
>>>>>>> other
`
	// a file that would be an OKR file without its markers: it does not
	// parse with them
	broken := "<<<<<<< HEAD\napiVersion: okr/v1\nkind: KPI\nid: sales\nname: Sales\ndirection: increase\n=======\napiVersion: okr/v1\nkind: KPI\nid: revenue\n>>>>>>> x\n"
	repo, probs := loadMap(t, map[string]string{"okrs.yaml": objectives, "m.yaml": measurements, "k.yaml": broken})
	want := []model.Problem{
		E("k.yaml", 1, 1, RuleMergeConflict, "unresolved merge conflict (lines 1–11): keep the rows of both sides and delete the marker lines"),
		E("m.yaml", 6, 1, RuleMergeConflict, "unresolved merge conflict (lines 6–12): keep the rows of both sides and delete the marker lines"),
		E("okrs.yaml", 7, 1, RuleMergeConflict, "unresolved merge conflict (lines 7–12): keep the rows of both sides and delete the marker lines"),
		// the other document of the file is read as usual
		E("okrs.yaml", 21, 12, "schema", ""),
	}
	for i := range probs {
		if probs[i].Rule == "schema" {
			probs[i].Message = ""
		}
	}
	if diff := cmp.Diff(want, probs); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	// What the documents define is read from their first sides.
	if len(repo.Objectives) != 1 || repo.Objectives[0].Objectives[0].Title != "Grow revenue" {
		t.Errorf("objectives %+v", repo.Objectives)
	}
	var kpis []string
	for _, k := range repo.KPIs {
		kpis = append(kpis, k.ID)
	}
	if diff := cmp.Diff([]string{"sales", "nps"}, kpis); diff != "" {
		t.Errorf("KPIs (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"m.yaml:05 nps 2026-10-01 1", "m.yaml:07 nps 2026-10-02 2"}, rowsOf(repo)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}
