package load

import (
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/okr-as-code/okr/okr/model"
)

// TestPeopleProblems: every field of a People document is checked where it
// is written, a People document without apiVersion is a near miss, and
// what can be read is kept.
func TestPeopleProblems(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []model.Problem
	}{
		{
			name: "valid",
			doc:  "apiVersion: okr/v1\nkind: People\npeople:\n  - id: alice\n    name: Alice Martin\n    email: alice@example.com\n    slack: U024BE7LH\n    teams: alice@example.com\n    team: payments\n",
		},
		{
			name: "every field wrong",
			doc: "apiVersion: okr/v1\nkind: People\npeople:\n" +
				"  - id: Alice\n" + // line 4
				"    name: \"\"\n" + // line 5
				"    email: [a]\n" + // line 6
				"    slack: alice\n" + // line 7
				"    teams: \"\"\n" + // line 8
				"    team: Pay Team\n" + // line 9
				"    nmae: x\n", // line 10
			want: []model.Problem{
				E("p.yaml", 4, 9, "schema", `id "Alice" is not valid: use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, such as "alice"`),
				E("p.yaml", 5, 11, "schema", `name must not be empty`),
				E("p.yaml", 6, 12, "schema", `email must be text, not a list`),
				E("p.yaml", 7, 12, "schema", `slack "alice" is not valid: it must match ^[UW][A-Z0-9]{2,}$`),
				E("p.yaml", 8, 12, "schema", `teams must not be empty`),
				E("p.yaml", 9, 11, "schema", `team "Pay Team" is not valid: use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, such as "pay-team"`),
				E("p.yaml", 10, 5, "schema", `unknown field "nmae" in a person; did you mean "name"?`),
			},
		},
		{
			name: "missing fields",
			doc:  "apiVersion: okr/v1\nkind: People\npeople:\n  - email: a@example.com\n",
			want: []model.Problem{
				E("p.yaml", 4, 5, "schema", `a person is missing required fields "id", "name"`),
			},
		},
		{
			name: "no people",
			doc:  "apiVersion: okr/v1\nkind: People\npeople: []\n",
			want: []model.Problem{E("p.yaml", 3, 9, "schema", `people must not be empty: give at least one item`)},
		},
		{
			name: "people not a list",
			doc:  "apiVersion: okr/v1\nkind: People\npeople:\n  alice: Alice\n",
			want: []model.Problem{E("p.yaml", 4, 3, "schema", `people must be a list, not a mapping`)},
		},
		{
			name: "near miss",
			doc:  "kind: People\npeople:\n  - id: alice\n    name: Alice\n",
			want: []model.Problem{E("p.yaml", 1, 1, RuleNearMiss, `this People document has no apiVersion, so okr would skip it; write: apiVersion: okr/v1`)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := loadMap(t, map[string]string{"p.yaml": tt.doc})
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPeopleKept: the people of every People document are kept in path
// order, a person with errors among them (so that the owners they name are
// not unknown as well), and a near miss is read as the document it meant.
func TestPeopleKept(t *testing.T) {
	repo, _ := loadMap(t, map[string]string{
		"a.yaml": "apiVersion: okr/v1\nkind: People\npeople:\n  - id: alice\n    name: Alice\n    slack: U1AB\n  - id: bob\n    name: \"\"\n    slack: bad\n",
		"b.yaml": "kind: People\npeople:\n  - id: carol\n    name: Carol\n    teams: carol@example.com\n    team: payments\n",
	})
	got := []model.Person{}
	for _, p := range repo.People {
		got = append(got, *p)
	}
	want := []model.Person{
		{ID: "alice", Name: "Alice", Slack: "U1AB"},
		{ID: "bob", Name: ""}, // the bad slack id is not kept: no mention from it
		{ID: "carol", Name: "Carol", Teams: "carol@example.com", Team: "payments"},
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(model.Person{}, "Pos", "Fields")); diff != "" {
		t.Errorf("people (-want +got):\n%s", diff)
	}
	if !repo.HasPeople {
		t.Error("HasPeople is false")
	}
	if p := repo.People[2].Fields.At("team", model.Pos{}); p != (model.Pos{File: "b.yaml", Line: 6, Column: 11}) {
		t.Errorf("team at %v", p)
	}
	if r, _ := loadMap(t, map[string]string{"k.yaml": "apiVersion: okr/v1\nkind: KPI\nid: a\nname: A\ndirection: increase\n"}); r.HasPeople {
		t.Error("HasPeople without a People document")
	}
}

// TestSlackIDAgrees: slackID is the schema's pattern.
func TestSlackIDAgrees(t *testing.T) {
	re := regexp.MustCompile(`^[UW][A-Z0-9]{2,}$`)
	for _, s := range []string{"", "U", "U1", "U12", "W0AB", "u123", "X123", "U12a", "U024BE7LH", "U-12", "UÄ12", "U12\n", "W99999999999"} {
		if got, want := slackID(s), re.MatchString(s); got != want {
			t.Errorf("slackID(%q) = %v, want %v", s, got, want)
		}
	}
}

// FuzzSlackID holds slackID to the pattern on any text.
func FuzzSlackID(f *testing.F) {
	for _, s := range []string{"U024BE7LH", "W1", "u12", "U12\n"} {
		f.Add(s)
	}
	re := regexp.MustCompile(`^[UW][A-Z0-9]{2,}$`)
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := slackID(s), re.MatchString(s); got != want {
			t.Errorf("slackID(%q) = %v, want %v", s, got, want)
		}
	})
}
