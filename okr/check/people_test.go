package check

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/okr-as-code/okr/okr/model"
)

// peopleRepo is an Objectives document of payments whose two key results
// are owned by alice and by zed, and a KPI owned by growth.
var peopleRepo = map[string]string{
	"o.yaml": "apiVersion: okr/v1\nkind: Objectives\nowner: payments\nperiod: 2026-Q4\nobjectives:\n" +
		"  - id: fast\n    title: Fast checkout\n    key_results:\n" +
		"      - {id: a, title: A, baseline: 0, target: 1, owner: alice}\n" + // line 9
		"      - {id: b, title: B, baseline: 0, target: 1, owner: zed}\n", // line 10
	"k.yaml": "apiVersion: okr/v1\nkind: KPI\nid: nps\nname: NPS\nowner: growth\ndirection: increase\n",
}

// TestPeopleChecks: unknown-person and unknown-team only when a People
// document exists, and a person id repeated across People documents.
func TestPeopleChecks(t *testing.T) {
	with := func(extra map[string]string) map[string]string {
		out := map[string]string{}
		for k, v := range peopleRepo {
			out[k] = v
		}
		for k, v := range extra {
			out[k] = v
		}
		return out
	}
	tests := []struct {
		name  string
		files map[string]string
		want  []model.Problem
	}{
		{name: "no People document: no warning", files: peopleRepo},
		{
			name: "unknown person and team",
			files: with(map[string]string{"p.yaml": "apiVersion: okr/v1\nkind: People\npeople:\n" +
				"  - {id: alice, name: Alice, team: payments}\n" + // line 4: payments owns a document
				"  - {id: bob, name: Bob, team: growth}\n" + // line 5: growth owns a KPI
				"  - {id: carol, name: Carol, team: paymnts}\n"}), // line 6
			want: []model.Problem{
				// zed: not a person, owns no document or KPI.
				W("o.yaml", 10, 58, RuleUnknownPerson, `owner "zed" of key result payments/fast/b is not a person of a People document nor the owner of an Objectives document or KPI; add them to a People document`),
				W("p.yaml", 6, 36, RuleUnknownTeam, `team "paymnts" of person "carol" owns no Objectives document or KPI; name an owner id of an Objectives document or KPI; did you mean "payments"?`),
			},
		},
		{
			name: "an owner of a KPI is known",
			files: with(map[string]string{
				"p.yaml":  "apiVersion: okr/v1\nkind: People\npeople:\n  - {id: alice, name: Alice}\n",
				"k2.yaml": "apiVersion: okr/v1\nkind: KPI\nid: x\nname: X\nowner: zed\ndirection: increase\n",
			}),
		},
		{
			name: "repeated person id",
			files: with(map[string]string{
				"p.yaml": "apiVersion: okr/v1\nkind: People\npeople:\n  - {id: alice, name: Alice}\n  - {id: zed, name: Zed}\n",
				"q.yaml": "apiVersion: okr/v1\nkind: People\npeople:\n  - {id: alice, name: Alice M}\n",
			}),
			want: []model.Problem{
				E("q.yaml", 4, 10, RuleDuplicate, `person id "alice" is already defined at p.yaml:4:10; person ids are unique across all People documents`),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []model.Problem
			for _, p := range run(t, tt.files) {
				if p.Rule == RuleUnknownPerson || p.Rule == RuleUnknownTeam || p.Rule == RuleDuplicate {
					got = append(got, p)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}
