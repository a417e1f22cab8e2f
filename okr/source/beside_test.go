package source

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/score"
)

// TestCheckBesideScoring: okr score and okr kpi run the checks beside
// scoring (cmd/okr's loadAtBeside), both reading the same documents. Under
// the race detector (make test) this fails if either writes what the other
// reads; and the problems and scores are those of running one after the
// other.
func TestCheckBesideScoring(t *testing.T) {
	asOf, _ := model.ParseDate("2026-11-15")
	// examples/acme, and a team whose key results the checks find fault
	// with (an unknown KPI, an unknown parent, a measured metric of no
	// key result).
	files := map[string][]byte{}
	root := "../../examples/acme"
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		b, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	files["teams/faulty.yaml"] = []byte(`apiVersion: okr/v1
kind: Objectives
owner: faulty
period: 2026-Q4
objectives:
  - id: go
    title: Go
    aligns_to: nobody/nothing
    key_results:
      - {id: a, title: A, kpi: no_such_kpi, target: 10}
      - {id: b, title: B, target: 10}
`)
	files["measurements/faulty.csv"] = []byte("metric,at,value\nfaulty/nothing/here,2026-11-01,3\n")
	read := func() (*model.Repo, []model.Problem) { return Files(files) }

	repo, probs := read()
	wantProblems := Check(repo, probs, asOf)
	wantScores, err := score.Score(repo, asOf, score.Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantKPIs := score.KPIs(repo, asOf, score.Options{})
	if len(wantProblems) == 0 {
		t.Fatal("no problem: the checks' output is not compared")
	}

	repo, probs = read()
	done := make(chan []model.Problem, 1)
	go func() { done <- Check(repo, probs, asOf) }()
	scores, err := score.Score(repo, asOf, score.Options{})
	if err != nil {
		t.Fatal(err)
	}
	kpis := score.KPIs(repo, asOf, score.Options{})
	problems := <-done
	if diff := cmp.Diff(wantProblems, problems); diff != "" {
		t.Errorf("problems (-one after the other +beside):\n%s", diff)
	}
	if diff := cmp.Diff(wantScores, scores); diff != "" {
		t.Errorf("scores (-one after the other +beside):\n%s", diff)
	}
	if diff := cmp.Diff(wantKPIs, kpis); diff != "" {
		t.Errorf("KPIs (-one after the other +beside):\n%s", diff)
	}
}
