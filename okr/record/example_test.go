package record_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/okr-as-code/okr/okr/load"
	"github.com/okr-as-code/okr/okr/record"
)

func Example() {
	dir, err := os.MkdirTemp("", "okr-record")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	kpi := "apiVersion: okr/v1\nkind: KPI\nid: nps\nname: Net promoter score\ndirection: increase\n"
	meas := "# Surveyed monthly by customer success.\napiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues:\n  - {at: 2026-10-01, value: 41}\n"
	if err := os.WriteFile(filepath.Join(dir, "kpi.yaml"), []byte(kpi), 0o644); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "nps.yaml"), []byte(meas), 0o644); err != nil {
		log.Fatal(err)
	}
	repo, _, err := load.Dir(dir, load.Options{})
	if err != nil {
		log.Fatal(err)
	}

	m := record.Measurement{Metric: "nps", At: "2026-11-01", Value: 44, Note: "after the survey"}
	file, err := record.Plan(dir, repo, m, "")
	if err != nil {
		log.Fatal(err)
	}
	res, err := record.Append(dir, file, m)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("recorded in", res.File)
	b, _ := os.ReadFile(filepath.Join(dir, res.File))
	fmt.Print(string(b))

	// An unknown metric is refused, with the nearest known one.
	_, err = record.Plan(dir, repo, record.Measurement{Metric: "npss", At: "2026-11-01", Value: 1}, "")
	fmt.Println(err)
	// Output:
	// recorded in nps.yaml
	// # Surveyed monthly by customer success.
	// apiVersion: okr/v1
	// kind: Measurements
	// metric: nps
	// values:
	//   - {at: 2026-10-01, value: 41}
	//   - {at: 2026-11-01, value: 44, note: after the survey}
	// unknown metric "npss": no KPI or key result has that name; did you mean "nps"?
}

// ExampleParseFeed reads a feed in JSON Lines: a row without at takes the
// default, a value may be a number written as a string, and a row with a
// problem is reported by its line.
func ExampleParseFeed() {
	feed := `{"metric": "nps", "at": "2026-11-02", "value": 44, "confidence": 7}
{"metric": "nps", "value": "45.50", "note": "survey closed"}
{"metric": "nps", "at": "2026-11-31", "value": 46}
`
	rows, probs := record.ParseFeed([]byte(feed), "2026-11-09")
	for _, r := range rows {
		fmt.Printf("line %d: %s = %s at %s %q\n", r.Line, r.M.Metric, r.M.ValueText(), r.M.At, r.M.Note)
	}
	for _, p := range probs {
		fmt.Printf("line %d: %s\n", p.Line, p.Msg)
	}
	// Output:
	// line 1: nps = 44 at 2026-11-02 ""
	// line 2: nps = 45.50 at 2026-11-09 "survey closed"
	// line 3: at: impossible date "2026-11-31"; write a date YYYY-MM-DD or an RFC 3339 timestamp, or leave it empty for --at
}
