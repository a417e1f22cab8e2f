package lsp

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/score"
	"github.com/okr-as-code/okr/okr/source"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestHoverGolden holds whole hovers over the acme example, as of
// 2026-11-15, to golden files (testdata/hover/*.md; -update rewrites
// them): a key result, an objective, a KPI, an owner, a key result's owner
// who is a person, a People entry and a People entry's team.
func TestHoverGolden(t *testing.T) {
	tests := []struct{ name, file, line string }{
		{"key-result", "teams/payments/2026-Q4.yaml", "      - id: p95-la‸tency"},
		{"objective", "teams/payments/2026-Q4.yaml", "  - id: effortless‸-checkout"},
		{"kpi", "kpis/checkout.yaml", "id: checkout_p‸95_ms"},
		{"owner", "teams/payments/2026-Q4.yaml", "owner: pay‸ments"},
		{"person", "teams/payments/2026-Q4.yaml", "        owner: al‸ice"},
		{"person-entry", "people.yaml", "  - id: ca‸rol"},
		{"team", "people.yaml", "    team: gro‸wth"},
	}
	c := acme(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c.t = t
			at := c.given(tc.file, tc.line)
			var h *Hover
			if err := json.Unmarshal(c.at("textDocument/hover", tc.file, at, nil), &h); err != nil || h == nil {
				t.Fatalf("no hover: %v", err)
			}
			golden := filepath.Join("testdata", "hover", tc.name+".md")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(h.Contents.Value+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), h.Contents.Value+"\n"); diff != "" {
				t.Errorf("hover (-%s +got):\n%s", golden, diff)
			}
		})
	}
}

// TestScoreDocIsScore checks that scoring one document alone, as hover
// does, gives what scoring the whole repository gives for it, for every
// document of the acme example, on dates before, in and after its periods.
func TestScoreDocIsScore(t *testing.T) {
	for _, at := range []model.Date{model.NewDate(2026, time.August, 20), testAsOf, model.NewDate(2027, time.January, 10)} {
		tree, err := source.WorkTree("../../examples/acme", source.Options{AsOf: at})
		if err != nil {
			t.Fatal(err)
		}
		full, err := score.Score(tree.Repo, at, score.Options{Period: score.AllPeriods})
		if err != nil {
			t.Fatal(err)
		}
		st := &state{asOf: at, tree: tree}
		n := 0
		for _, d := range tree.Repo.Objectives {
			for i := range full.Owners {
				want := &full.Owners[i]
				if want.File != d.Pos.File || want.Period != d.PeriodText {
					continue
				}
				n++
				if diff := cmp.Diff(want, st.scoreDoc(d)); diff != "" {
					t.Errorf("%s as of %s (-whole repository +alone):\n%s", d.Pos.File, at, diff)
				}
			}
		}
		if n != len(tree.Repo.Objectives) || n == 0 {
			t.Fatalf("compared %d documents of %d", n, len(tree.Repo.Objectives))
		}
		for _, k := range tree.Repo.KPIs {
			var want *score.KPIHealth
			for _, h := range score.KPIs(tree.Repo, at, score.Options{}).KPIs {
				if h.ID == k.ID {
					want = &h
				}
			}
			if diff := cmp.Diff(want, st.kpiHealth(k.ID)); diff != "" {
				t.Errorf("KPI %s as of %s (-whole repository +alone):\n%s", k.ID, at, diff)
			}
		}
	}
}
