package record

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestPlanFeed: what each row of a feed comes to, worked by hand.
func TestPlanFeed(t *testing.T) {
	files := baseRepo()
	// sales is additive: a key result reads it with aggregate: sum
	files["kpis-sales.yaml"] = "apiVersion: okr/v1\nkind: KPI\nid: sales\nname: Sales\ndirection: increase\n---\n" +
		"apiVersion: okr/v1\nkind: Objectives\nowner: sales\nperiod: 2026-Q4\nobjectives:\n  - id: grow\n    title: Grow\n    key_results:\n" +
		"      - {id: sold, title: Sold, kpi: sales, type: at_least, target: 9, aggregate: sum}\n"
	files["measurements/a.csv"] = "metric,at,value,note,confidence\nnps,2026-11-02,40,,\nsales,2026-11-02,3,order 1,\n"
	files["measurements/m.yaml"] = "apiVersion: okr/v1\nkind: Measurements\nmetric: checkout_p95_ms\nvalues: []\n"
	dir := writeRepo(t, files)
	repo := loadRepo(t, dir)
	feed := "metric,at,value,note\n" +
		"nps,2026-11-02,40.0,\n" + // 2: already there (40 = 40.0): unchanged in a.csv
		"nps,2026-11-09,41,\n" + // 3: new day: recorded in a.csv, the file that holds nps
		"nps,2026-11-09,41,\n" + // 4: as row 3: unchanged
		"sales,2026-11-02,3,order 1\n" + // 5: additive, equal to a.csv:3: unchanged
		"sales,2026-11-02,3,order 2\n" + // 6: additive, another note: recorded
		"sales,2026-11-02,3,order 2\n" + // 7: as row 6: unchanged
		"checkout_p95_ms,2026-11-02,700,\n" + // 8: recorded in m.yaml, whose document has no values yet
		"payments/checkout/apple-pay,2026-11-03,1,\n" // 9: no file holds it: measurements/payments.csv
	rows, probs := ParseFeed([]byte(feed), "2026-11-15")
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	plan, probs, err := PlanFeed(dir, repo, rows, "", false)
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	type counts struct {
		File                          string
		Recorded, Unchanged, Replaced int
		Lines                         []int
	}
	var got []counts
	for _, f := range plan.Files {
		c := counts{File: f.File, Recorded: f.Recorded, Unchanged: f.Unchanged, Replaced: f.Replaced}
		for _, e := range f.Edits {
			c.Lines = append(c.Lines, e.Line)
		}
		got = append(got, c)
	}
	want := []counts{
		{File: "measurements/a.csv", Recorded: 2, Unchanged: 4, Lines: []int{0, 0}},
		{File: "measurements/m.yaml", Recorded: 1, Lines: []int{0}},
		{File: "measurements/payments.csv", Recorded: 1, Lines: []int{0}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("plan (-want +got):\n%s", diff)
	}
	if _, err := plan.Apply(dir); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "measurements/a.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "metric,at,value,note,confidence\nnps,2026-11-02,40,,\nsales,2026-11-02,3,order 1,\nnps,2026-11-09,41,,\nsales,2026-11-02,3,order 2,\n"; string(b) != want {
		t.Errorf("a.csv:\n%s\nwant:\n%s", b, want)
	}

	// Run again on what was written: nothing to record.
	plan, probs, err = PlanFeed(dir, loadRepo(t, dir), rows, "", false)
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	if r, u, x := plan.Totals(); r != 0 || u != 8 || x != 0 {
		t.Errorf("again: %d recorded, %d unchanged, %d replaced; want 0, 8, 0", r, u, x)
	}

	// Another value of a day: refused, or replaced with --replace; two
	// values of one day in the feed: refused either way.
	rows, _ = ParseFeed([]byte("metric,at,value\nnps,2026-11-09,45\nnps,2026-11-16,1\nnps,2026-11-16,2\n"), "2026-11-15")
	_, probs, _ = PlanFeed(dir, loadRepo(t, dir), rows, "", false)
	wantProbs := []FeedProblem{
		{2, "nps already has the value 41 at 2026-11-09, recorded at measurements/a.csv:4; one value per day: to change it, record again with --replace (or, to keep both, give each a time: --at 2026-11-09T14:00:00Z)"},
		{4, "nps has another value at 2026-11-16 on line 3 of this feed (1); one value per day: keep one of the two rows"},
	}
	if diff := cmp.Diff(wantProbs, probs); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	plan, probs, _ = PlanFeed(dir, loadRepo(t, dir), rows[:2], "", true)
	if len(probs) > 0 || len(plan.Files) != 1 || plan.Files[0].Replaced != 1 || plan.Files[0].Recorded != 1 || plan.Files[0].Edits[0].Line != 4 {
		t.Errorf("with --replace: %+v %v", plan, probs)
	}
}

// TestPlanFeedSuggestions: an unknown metric gets the nearest known one as
// a suggestion, the same on every row that names it, for the first
// maxSuggestions unknown metrics in the order of the feed's lines (each
// costs a comparison with every KPI and key result); later ones are
// refused without one.
func TestPlanFeedSuggestions(t *testing.T) {
	dir := writeRepo(t, baseRepo())
	feed := "metric,at,value\nnpz,2026-11-02,1\n" // line 2
	for i := range maxSuggestions {
		// lines 3 to 22: payments/checkout/apple-paa, -pab, …
		feed += "payments/checkout/apple-pa" + string(rune('a'+i)) + ",2026-11-02,1\n"
	}
	feed += "npz,2026-11-03,1\n" // line 23: npz again
	rows, probs := ParseFeed([]byte(feed), "2026-11-15")
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	_, probs, err := PlanFeed(dir, loadRepo(t, dir), rows, "", false)
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) != maxSuggestions+2 {
		t.Fatalf("%d problems, want %d: %v", len(probs), maxSuggestions+2, probs)
	}
	const unknown = "no KPI or key result has that name"
	for _, want := range []FeedProblem{
		{2, `unknown metric "npz": ` + unknown + `; did you mean "nps"?`},
		{3, `unknown metric "payments/checkout/apple-paa": ` + unknown + `; did you mean "payments/checkout/apple-pay"?`},
		{21, `unknown metric "payments/checkout/apple-pas": ` + unknown + `; did you mean "payments/checkout/apple-pay"?`},
		// The 21st unknown metric: no suggestion.
		{22, `unknown metric "payments/checkout/apple-pat": ` + unknown},
		// npz was suggested for already: the same suggestion.
		{23, `unknown metric "npz": ` + unknown + `; did you mean "nps"?`},
	} {
		if got := probs[want.Line-2]; got != want {
			t.Errorf("line %d: %q, want %q", want.Line, got.Msg, want.Msg)
		}
	}
}
