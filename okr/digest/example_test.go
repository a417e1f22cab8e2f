package digest_test

import (
	"fmt"
	"os"
	"testing/fstest"

	"github.com/okr-as-code/okr/okr/digest"
	"github.com/okr-as-code/okr/okr/load"
	"github.com/okr-as-code/okr/okr/model"
)

// A digest without git history: the headline, at risk and due, with the
// person named from the People document.
func ExampleBuild() {
	fsys := fstest.MapFS{
		"okr.yaml": {Data: []byte("organization: Acme\n")},
		"people.yaml": {Data: []byte("apiVersion: okr/v1\nkind: People\npeople:\n" +
			"  - {id: alice, name: Alice Martin, slack: U024BE7LH}\n")},
		"payments.yaml": {Data: []byte("apiVersion: okr/v1\nkind: Objectives\nowner: payments\nperiod: 2026-Q4\n" +
			"objectives:\n  - id: checkout\n    title: Make checkout effortless\n    key_results:\n" +
			"      - {id: apple-pay, title: Offer Apple Pay, type: milestone, owner: alice}\n")},
	}
	repo, _, err := load.Load(fsys, load.Options{})
	if err != nil {
		panic(err)
	}
	d, err := digest.Build(digest.Input{Now: repo, AsOf: model.NewDate(2026, 11, 15), NoBase: "the repository is not in git"}, digest.Options{})
	if err != nil {
		panic(err)
	}
	if err := digest.Write(os.Stdout, "text", d); err != nil {
		fmt.Println(err)
	}
	// Output:
	// OKR digest: Acme, as of 2026-11-15
	// No comparison with an earlier commit: the repository is not in git.
	// 1 owner, mean score 0.00
	// 0 green, 0 yellow, 1 red
	//
	// At risk:
	//   - payments/checkout/apple-pay Offer Apple Pay, Alice Martin: score 0.00, off-track
	//
	// Due:
	//   - Alice Martin: payments/checkout/apple-pay Offer Apple Pay, weekly, never checked in, 39 days overdue
}
