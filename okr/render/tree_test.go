package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/okr-as-code/okr/okr/score"
	"github.com/okr-as-code/okr/okr/tree"
)

func treeReport() *score.Report {
	return &score.Report{AsOf: "2026-11-15", Owners: []score.Owner{
		{Owner: "acme", Level: "company", Period: "2026", Start: "2026-01-01", End: "2026-12-31", File: "company/2026.yaml",
			Objectives: []score.Objective{
				{Ref: "acme/grow", Title: "Grow revenue", Score: 0.7599999999999995, Grade: "green", Status: "on-track"},
				{Ref: "acme/alone", Title: "Nobody helps", Score: 0, Grade: "red", Status: "off-track"},
			}},
		{Owner: "pay", Level: "team", Period: "2026-Q4", Start: "2026-10-01", End: "2026-12-31", File: "teams/pay.yaml",
			Objectives: []score.Objective{
				{Ref: "pay/evil", Title: "<script>alert(1)</script> \"q\" 'q' [x](y) {z} #1 | `c` \\ \x1b[31m\n::error::x\u2028", AlignsTo: "acme/grow", Score: 0.5, Grade: "yellow", Status: "at-risk"},
				{Ref: "pay/calm", Title: "Calm", AlignsTo: "acme/grow", Score: 1, Grade: "green", Status: "on-track"},
			}},
	}}
}

func TestTreeGolden(t *testing.T) {
	tr := tree.Build(treeReport())
	empty := tree.Build(&score.Report{AsOf: "2026-11-15"})
	for _, tt := range []struct {
		golden, format string
		t              *tree.Tree
	}{
		{"text.golden", "text", tr},
		{"markdown.golden", "markdown", tr},
		{"mermaid.golden", "mermaid", tr},
		{"json.golden", "json", tr},
		{"empty-text.golden", "text", empty},
		{"empty-json.golden", "json", empty},
		{"empty-mermaid.golden", "mermaid", empty},
	} {
		t.Run(tt.golden, func(t *testing.T) {
			var b bytes.Buffer
			if err := Tree(&b, tt.format, tt.t); err != nil {
				t.Fatal(err)
			}
			scoresGolden(t, "tree", tt.golden, b.Bytes())
			if tt.format == "json" {
				return
			}
			// No raw control character and no line that starts a
			// workflow command, whatever the title holds.
			for _, line := range strings.Split(b.String(), "\n") {
				if strings.HasPrefix(line, "::") || strings.ContainsFunc(line, IsControl) {
					t.Errorf("unsafe line %q", line)
				}
			}
		})
	}
	if err := Tree(&bytes.Buffer{}, "html", tr); err == nil {
		t.Error("format html accepted")
	}
}

func TestTreeJSONShape(t *testing.T) {
	var b bytes.Buffer
	if err := Tree(&b, "json", tree.Build(treeReport())); err != nil {
		t.Fatal(err)
	}
	var got struct {
		AsOf  string `json:"as_of"`
		Roots []struct {
			Ref           string   `json:"ref"`
			Score         float64  `json:"score"`
			ForecastScore *float64 `json:"forecast_score"`
			Children      []struct {
				Ref string `json:"ref"`
			} `json:"children"`
		} `json:"roots"`
		Unsupported []string `json:"unsupported"`
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	// Roots by ref: acme/alone, acme/grow; grow's children by ref:
	// pay/calm, pay/evil. 0.7599999999999995 has 12 significant digits:
	// 0.76. Unsupported: acme/alone (company, nothing aligns to it).
	if got.AsOf != "2026-11-15" || len(got.Roots) != 2 || got.Roots[0].Ref != "acme/alone" ||
		got.Roots[1].Score != 0.76 || got.Roots[1].Children[0].Ref != "pay/calm" ||
		got.Roots[1].Children[1].Ref != "pay/evil" || got.Roots[0].ForecastScore != nil ||
		len(got.Unsupported) != 1 || got.Unsupported[0] != "acme/alone" {
		t.Errorf("tree JSON:\n%s", b.String())
	}
	if !strings.Contains(b.String(), `"children": []`) || !strings.Contains(b.String(), `"forecast_score": null`) {
		t.Errorf("empty children or absent forecast not [] / null:\n%s", b.String())
	}
}

func TestMermaidLabel(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"plain text", "plain text"},
		{`say "hi"`, "say #quot;hi#quot;"},
		{"a[b]c", "a#91;b#93;c"},
		{"<b>x</b>", "#60;b#62;x#60;/b#62;"},
		{"a & b # c", "a #38; b #35; c"},
		{"(x){y}|z", "#40;x#41;#123;y#125;#124;z"},
		{"`code` 'q'", "#96;code#96; #39;q#39;"},
		// Text first; its backslashes become a look-alike, which Mermaid
		// does not read as a line break.
		{"line\nnext\x1b", "line⧵nnext⧵x1b"},
		{"é ü 日本", "é ü 日本"},
	} {
		if got := MermaidLabel(tt.in); got != tt.want {
			t.Errorf("MermaidLabel(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
