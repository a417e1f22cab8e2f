package render

import (
	"bytes"
	"encoding/json"
	"flag"
	"strings"
	"testing"

	"github.com/okr-as-code/okr/okr/change"
	"github.com/okr-as-code/okr/okr/report"
	"github.com/okr-as-code/okr/okr/score"
)

var updateReport = flag.Bool("update-report", false, "rewrite the golden files of testdata/report")

// reportFixture is a report of scoresRepo with a goal change of every sort
// and text that needs escaping; history says where the changes come from.
func reportFixture(t *testing.T, history string, changes []report.GoalChange, opts score.Options) *report.Report {
	t.Helper()
	sr, err := score.Score(scoresRepo(), scoresAsOf(), opts)
	if err != nil {
		t.Fatal(err)
	}
	due, err := score.Due(scoresRepo(), scoresAsOf(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return &report.Report{
		Due:          due,
		Organization: "Acme | Europe",
		Period:       "2026-Q4",
		AsOf:         "2026-11-15",
		Start:        "2026-10-01",
		End:          "2026-12-31",
		Scores:       sr,
		KPIs:         score.KPIs(scoresRepo(), scoresAsOf(), opts),
		Checkins:     report.Checkins(scoresRepo(), sr, scoresAsOf()),
		Changes:      changes,
		History:      history,
	}
}

func reportChanges() []report.GoalChange {
	const q4, kr = "2026-Q4", change.KeyResult
	gc := func(hash, date, author, subject string, c change.Change) report.GoalChange {
		c.AfterPeriodStart = true
		c.Period = q4
		return report.GoalChange{Commit: hash, Short: hash[:7], Date: date, AuthorDate: date, Author: author, Subject: subject,
			Landed: hash, LandedShort: hash[:7], Change: c}
	}
	// Bob's commit says 2026-09-25 (backdated); a merge landed it on
	// 2026-11-10.
	merged := func(g report.GoalChange) report.GoalChange {
		g.AuthorDate, g.Landed, g.LandedShort = "2026-09-25", "7e57ab1e00000000000000000000000000000001", "7e57ab1"
		return g
	}
	return []report.GoalChange{
		merged(gc("9f2c1e07a1b2c3d4e5f60718293a4b5c6d7e8f90", "2026-11-10", "Bob | Builder", "Relax the p95 target",
			change.Change{Ref: "payments/effortless-checkout/p95-latency", Kind: change.Modified, Field: "target", Old: 300.0, New: 350.0, Entity: kr, Direction: change.Easier})),
		merged(gc("9f2c1e07a1b2c3d4e5f60718293a4b5c6d7e8f90", "2026-11-10", "Bob | Builder", "Relax the p95 target",
			change.Change{Ref: "payments/effortless-checkout/p95-latency", Kind: change.Modified, Field: "stretch", Old: 200.0, New: nil, Entity: kr})),
		gc("4b1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5", "2026-10-22", "Zoë Martín", "Add a conversion key result",
			change.Change{Ref: "payments/effortless-checkout/conversion", Kind: change.Added, New: "Lift conversion | mobile and desktop", Entity: kr}),
		gc("4b1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5", "2026-10-22", "Zoë Martín", "Add a conversion key result",
			change.Change{Ref: "payments/old-goal", Kind: change.Removed, Old: "An `old` goal", Entity: change.Objective}),
		gc("0123456789abcdef0123456789abcdef01234567", "2026-10-02", "Ada", "Start the search team",
			change.Change{Ref: "search", Kind: change.Added, Entity: change.Owner}),
	}
}

func TestReportGolden(t *testing.T) {
	const noGit = "the repository root is not in a git repository"
	reports := map[string]*report.Report{
		"full":      reportFixture(t, "git", reportChanges(), score.Options{}),
		"none":      reportFixture(t, "git", []report.GoalChange{}, score.Options{}),
		"shallow":   reportFixture(t, "shallow", reportChanges()[:1], score.Options{}),
		"no-git":    reportFixture(t, noGit, []report.GoalChange{}, score.Options{}),
		"no-owners": reportFixture(t, "git", []report.GoalChange{}, score.Options{Owner: "nobody"}),
	}
	reports["no-owners"].Organization = ""
	for name, r := range reports {
		for _, format := range []string{"markdown", "json"} {
			t.Run(name+"-"+format, func(t *testing.T) {
				var b bytes.Buffer
				if err := Report(&b, format, r); err != nil {
					t.Fatal(err)
				}
				var again bytes.Buffer
				if err := Report(&again, format, r); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(b.Bytes(), again.Bytes()) {
					t.Fatalf("Report(%s) is not byte-stable", format)
				}
				if strings.Contains(b.String(), "\x1b") {
					t.Error("the report holds an escape sequence")
				}
				if format == "json" {
					var back report.Report
					if err := json.Unmarshal(b.Bytes(), &back); err != nil {
						t.Fatalf("the JSON does not read back: %v", err)
					}
					if back.Changes == nil {
						t.Error(`"changes" is null; want a list`)
					}
				}
				logGolden(t, "report", name+"-"+format, b.Bytes())
			})
		}
	}
	// The default format is markdown.
	var def, md bytes.Buffer
	if err := Report(&def, "", reports["full"]); err != nil {
		t.Fatal(err)
	}
	if err := Report(&md, "markdown", reports["full"]); err != nil {
		t.Fatal(err)
	}
	if def.String() != md.String() {
		t.Error("the default format is not markdown")
	}
}

func TestReportMarkdownCells(t *testing.T) {
	// Every row of every table has its header's number of unescaped
	// pipes, whatever the authors, titles and values hold; and no table
	// has more than 5 columns, so that the report fits a comment column.
	var b bytes.Buffer
	if err := Report(&b, "markdown", reportFixture(t, "git", reportChanges(), score.Options{})); err != nil {
		t.Fatal(err)
	}
	cells := func(line string) int { return strings.Count(line, "|") - strings.Count(line, `\|`) - 1 }
	header := 0 // the columns of the table being read, 0 outside a table
	tables := 0
	for line := range strings.SplitSeq(b.String(), "\n") {
		switch {
		case !strings.HasPrefix(line, "|"):
			header = 0
		case header == 0:
			header = cells(line)
			tables++
			if header > 5 {
				t.Errorf("a table of %d columns; want at most 5: %s", header, line)
			}
		case cells(line) != header:
			t.Errorf("row has %d cells, want %d: %s", cells(line), header, line)
		}
	}
	// Summary, changes, check-ins due, the two documents with objectives,
	// KPIs.
	if tables != 6 {
		t.Errorf("%d tables; want 6", tables)
	}
	_, changes, ok := strings.Cut(b.String(), "## Goal changes after the period began")
	if !ok {
		t.Fatal("no goal changes section")
	}
	changes, _, _ = strings.Cut(changes, "\n## ")
	if rows := strings.Count(changes, "\n|"); rows != 2+len(reportChanges()) {
		t.Errorf("%d table rows; want a header, a rule and %d changes", rows, len(reportChanges()))
	}
}

func TestReportUnknownFormat(t *testing.T) {
	err := Report(&bytes.Buffer{}, "html", reportFixture(t, "git", nil, score.Options{}))
	want := `unknown format "html": use one of markdown, json, xlsx`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
}

func TestSparkline(t *testing.T) {
	t.Parallel()
	ramp := make([]float64, 20)
	for i := range ramp {
		ramp[i] = float64(i)
	}
	for _, tt := range []struct {
		name   string
		values []float64
		want   string
	}{
		{"none", nil, ""},
		{"one value", []float64{5}, "▄"},
		{"all equal", []float64{1, 1, 1}, "▄▄▄"},
		{"two", []float64{0, 7}, "▁█"},
		{"every level", []float64{0, 1, 2, 3, 4, 5, 6, 7}, "▁▂▃▄▅▆▇█"},
		// lo 450, hi 800: 800 → 7; 700 → 250/350×7 = 5 (▆); 450 → 0.
		{"decreasing", []float64{800, 700, 450}, "█▆▁"},
		// 0.5 of the range is 3.5 sevenths, rounded away from zero: 4 (▅).
		{"half way", []float64{0, 0.5, 1}, "▁▅█"},
		{"negative", []float64{-2, -1, 0}, "▁▅█"},
		// The last 16 of 0..19: 4..19, range 15, level (v−4)×7/15: 4 → 0,
		// 5 → 0.47 → 0, 6 → 0.93 → 1, 7 → 1.4 → 1, 8 → 1.87 → 2, 9 → 2.33 → 2,
		// 10 → 2.8 → 3, 11 → 3.27 → 3, 12 → 3.73 → 4, 13 → 4.2 → 4,
		// 14 → 4.67 → 5, 15 → 5.13 → 5, 16 → 5.6 → 6, 17 → 6.07 → 6,
		// 18 → 6.53 → 7, 19 → 7.
		{"only the last 16", ramp, "▁▁▂▂▃▃▄▄▅▅▆▆▇▇██"},
		// hi − lo = 3.4e308 overflows: on halves, 0 is (0 + 0.85e308) /
		// 1.7e308 = 0.5 of the range, 3.5 sevenths: 4 (▅).
		{"-1.7e308 to 1.7e308", []float64{1.7e308, -1.7e308, 0}, "█▁▅"},
		{"all 1.7e308", []float64{1.7e308, 1.7e308}, "▄▄"},
		// 5e-324 of a range of 5e-324: the top.
		{"subnormal", []float64{0, 5e-324}, "▁█"},
		{"one ulp apart", []float64{1, 1.0000000000000002}, "▁█"},
	} {
		if got := sparkline(tt.values); got != tt.want {
			t.Errorf("%s: sparkline(%v) = %q; want %q", tt.name, tt.values, got, tt.want)
		}
	}
}

// The report's Markdown as GitHub renders it (GFM): six tables of at most
// five columns, and inside each <details> a rendered list, not raw text.
func TestReportGFM(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := Report(&b, "markdown", reportFixture(t, "git", reportChanges(), score.Options{})); err != nil {
		t.Fatal(err)
	}
	html := gfm(t, b.String())
	tables := strings.Split(html, "<table>")[1:]
	if len(tables) != 6 {
		t.Errorf("%d tables rendered; want 6", len(tables))
	}
	for _, tb := range tables {
		head, _, _ := strings.Cut(tb, "</thead>")
		if n := strings.Count(head, "<th>") + strings.Count(head, "<th "); n > 5 {
			t.Errorf("a table of %d columns; want at most 5:\n%s", n, head)
		}
	}
	// The alignment tree is a mermaid block, which GitHub draws.
	if !strings.Contains(html, "<pre><code class=\"language-mermaid\">flowchart TD\n") {
		t.Error("no mermaid block of the alignment tree")
	}
	details := strings.Split(html, "<details>")[1:]
	if len(details) != 3 {
		t.Errorf("%d <details>; want 3 (two documents with objectives, the KPIs)", len(details))
	}
	for _, d := range details {
		d, _, _ = strings.Cut(d, "</details>")
		if !strings.Contains(d, "<ul>") || strings.Contains(d, "\n- ") {
			t.Errorf("a <details> whose list is not rendered:\n%s", d)
		}
	}
}
