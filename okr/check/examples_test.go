package check

import (
	"testing"

	"github.com/okr-as-code/okr/okr/load"
	"github.com/okr-as-code/okr/okr/model"
)

// TestExampleRepository: the example repository of the README loads and
// checks without errors, as of the date its demo uses.
func TestExampleRepository(t *testing.T) {
	repo, probs, err := load.Dir("../../examples/acme", load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	probs = append(probs, Check(repo, Options{AsOf: model.NewDate(2026, 11, 15)})...)
	for _, p := range model.SortProblems(probs) {
		if p.Severity == model.Error {
			t.Errorf("%v", p)
		}
	}
	if len(repo.Files) == 0 || len(repo.Objectives) == 0 || len(repo.KPIs) == 0 || len(repo.Measurements) == 0 {
		t.Errorf("the example repository is missing a kind of file: %d files, %d Objectives, %d KPIs, %d measurements",
			len(repo.Files), len(repo.Objectives), len(repo.KPIs), len(repo.Measurements))
	}
}
