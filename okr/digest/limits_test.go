package digest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/okr-as-code/okr/okr/load"
	"github.com/okr-as-code/okr/okr/model"
)

// bigRepos are a repository of n owners, each with a person, a KPI and
// an Objectives document of three key results, then (on 2026-11-03) and
// now (2026-11-15): between the two every target moved, every confidence
// fell from 9 to 1, every KPI turned red, and every key result is due.
func bigRepos(t testing.TB, n int) (then, now *model.Repo) {
	t.Helper()
	build := func(target int, late bool) *model.Repo {
		fsys := fstest.MapFS{}
		var people, kpis, rows strings.Builder
		people.WriteString("apiVersion: okr/v1\nkind: People\npeople:\n")
		rows.WriteString("metric,at,value,note,confidence\n")
		for i := range n {
			o := fmt.Sprintf("team-%03d", i)
			fmt.Fprintf(&people, "  - {id: p%03d, name: Person Number %03d with a long name, slack: U%06d, teams: p%03d@example.com, team: %s}\n", i, i, i, i, o)
			fmt.Fprintf(&kpis, "---\napiVersion: okr/v1\nkind: KPI\nid: kpi_%03d\nname: KPI of %s\nowner: %s\ndirection: increase\ntarget: 50\nwarn: 30\ncadence: monthly\n", i, o, o)
			var doc strings.Builder
			fmt.Fprintf(&doc, "apiVersion: okr/v1\nkind: Objectives\nowner: %s\nperiod: 2026-Q4\nobjectives:\n  - id: grow\n    title: Grow the business of %s a great deal this quarter\n    key_results:\n", o, o)
			for k := range 3 {
				fmt.Fprintf(&doc, "      - {id: kr%d, title: Reach the level that team %s needs for key result %d, baseline: 0, target: %d, owner: p%03d}\n", k, o, k, target, i)
				fmt.Fprintf(&rows, "%s/grow/kr%d,2026-10-01,10,,9\n", o, k)
				if late {
					fmt.Fprintf(&rows, "%s/grow/kr%d,2026-11-04,5,,1\n", o, k)
				}
			}
			fmt.Fprintf(&rows, "kpi_%03d,2026-10-01,60,,\n", i)
			if late {
				fmt.Fprintf(&rows, "kpi_%03d,2026-11-04,10,,\n", i)
			}
			fsys["teams/"+o+".yaml"] = &fstest.MapFile{Data: []byte(doc.String())}
		}
		fsys["okr.yaml"] = &fstest.MapFile{Data: []byte("organization: A very large company\ncheckin_cadence: daily\n")}
		fsys["people.yaml"] = &fstest.MapFile{Data: []byte(people.String())}
		fsys["kpis.yaml"] = &fstest.MapFile{Data: []byte(kpis.String())}
		fsys["measurements/all.csv"] = &fstest.MapFile{Data: []byte(rows.String())}
		repo, probs, err := load.Load(fsys, load.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range probs {
			if p.Severity == model.Error {
				t.Fatalf("fixture: %v", p)
			}
		}
		return repo
	}
	return build(100, false), build(200, true)
}

var leftOutRe = regexp.MustCompile(`([0-9]+) more items? left out`)

// leftOutIn reads how many items a writer said it left out (0 for none).
func leftOutIn(t *testing.T, s string) int {
	t.Helper()
	m := leftOutRe.FindStringSubmatch(s)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// TestLimitsAt500Owners: with 500 owners and everything due, each chat
// writer keeps to its medium's limits, and the items it wrote and the
// items it says it left out add up to every item.
func TestLimitsAt500Owners(t *testing.T) {
	then, now := bigRepos(t, 500)
	g, err := Build(Input{Now: now, AsOf: model.NewDate(2026, 11, 15), Then: then, BaseCommit: "0123456789abcdef0123456789abcdef01234567",
		BaseDay: model.NewDate(2026, 11, 3)}, Options{Link: "https://acme.example/okrs", Command: "okr digest --since 7d"})
	if err != nil {
		t.Fatal(err)
	}
	total := items(g.sections())
	// 500 owners × 3 key results moved, at risk, confidence dropped and
	// due; 500 documents and 500 objectives changed score; 500 people
	// checked in on their key results and 500 teams on their KPIs; 500
	// KPIs turned red.
	for name, got := range map[string]int{"moved": len(g.Moved), "at risk": len(g.AtRisk), "drops": len(g.ConfidenceDrops),
		"due": len(g.Due), "score changes": len(g.ScoreChanges), "check-ins": len(g.Checkins), "kpis": len(g.KPIs)} {
		want := map[string]int{"moved": 1500, "at risk": 1500, "drops": 1500, "due": 1500, "score changes": 1000, "check-ins": 1000, "kpis": 500}[name]
		if got != want {
			t.Errorf("%s: %d items, want %d", name, got, want)
		}
	}

	md := g.Markdown()
	if n := utf8.RuneCountInString(md); n > MarkdownMax {
		t.Errorf("markdown: %d characters, more than %d", n, MarkdownMax)
	}
	if written := strings.Count(md, "\n- "); written+leftOutIn(t, md) != total || written == 0 {
		t.Errorf("markdown: %d written + %d left out, want %d", written, leftOutIn(t, md), total)
	}

	b, err := g.Slack()
	if err != nil {
		t.Fatal(err)
	}
	var sl slackBody
	if err := json.Unmarshal(b, &sl); err != nil {
		t.Fatal(err)
	}
	if len(sl.Blocks) > SlackBlocksMax {
		t.Errorf("slack: %d blocks", len(sl.Blocks))
	}
	if n := utf8.RuneCountInString(sl.Text); n > SlackTextMax {
		t.Errorf("slack: fallback of %d characters", n)
	}
	written := 0
	for i, bl := range sl.Blocks {
		switch {
		case bl.Type == "header":
			if n := utf8.RuneCountInString(bl.Text.Text); n > SlackHeaderMax || bl.Text.Type != "plain_text" {
				t.Errorf("slack header: %d characters, %s", n, bl.Text.Type)
			}
		case bl.Type == "section":
			if n := utf8.RuneCountInString(bl.Text.Text); n > SlackTextMax {
				t.Errorf("slack block %d: %d characters", i, n)
			}
			written += strings.Count("\n"+bl.Text.Text, "\n• ")
		}
	}
	last := sl.Blocks[len(sl.Blocks)-1]
	if last.Type != "context" || written+leftOutIn(t, last.Elements[0].Text) != total || !strings.Contains(last.Elements[0].Text, "<https://acme.example/okrs/index.html|see the dashboard>") {
		t.Errorf("slack: %d written, last block %+v, want %d in all and the dashboard linked", written, last.Elements[0], total)
	}

	b, err = g.Teams()
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > TeamsMax {
		t.Errorf("teams: %d bytes, more than %d", len(b), TeamsMax)
	}
	var tm teamsBody
	if err := json.Unmarshal(b, &tm); err != nil {
		t.Fatal(err)
	}
	c := tm.Attachments[0].Content
	written = 0
	var texts strings.Builder
	for _, e := range c.Body {
		if strings.HasPrefix(e.Text, "• ") {
			written++
		}
		texts.WriteString(e.Text)
	}
	if lastText := c.Body[len(c.Body)-1].Text; written+leftOutIn(t, lastText) != total {
		t.Errorf("teams: %d written, %q, want %d in all", written, lastText, total)
	}
	// Every mention has its entity, and every entity its mention.
	ats := regexp.MustCompile(`<at>[^<]*</at>`).FindAllString(texts.String(), -1)
	have := map[string]bool{}
	for _, e := range c.MSTeams.Entities {
		have[e.Text] = true
		if !strings.Contains(texts.String(), e.Text) {
			t.Errorf("teams: entity %q mentioned nowhere", e.Text)
		}
	}
	for _, a := range ats {
		if !have[a] {
			t.Errorf("teams: %s has no entity", a)
		}
	}
	if c.Version != "1.4" || c.Type != "AdaptiveCard" {
		t.Errorf("teams card %s %s", c.Type, c.Version)
	}
}

// TestSameBytes: the same digest is written to the same bytes.
func TestSameBytes(t *testing.T) {
	then, now := bigRepos(t, 20)
	for _, f := range Formats {
		var out [2][]byte
		for i := range out {
			g, err := Build(Input{Now: now, AsOf: model.NewDate(2026, 11, 15), Then: then, BaseCommit: "abc", BaseDay: model.NewDate(2026, 11, 3)}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := Write(&buf, f, g); err != nil {
				t.Fatal(err)
			}
			out[i] = buf.Bytes()
		}
		if !bytes.Equal(out[0], out[1]) {
			t.Errorf("%s: two runs differ", f)
		}
	}
}

// TestLongTextKeepsLimits: an organization and a title of 70,000
// characters (okr.yaml and a key result are repository text too) keep
// markdown within its 60,000 characters and the chat bodies within
// theirs; the title's key result is left out of markdown and said so.
func TestLongTextKeepsLimits(t *testing.T) {
	long := strings.Repeat("A", 70000)
	g := hostileDigest("x")
	g.Organization = long
	g.AtRisk[0].Title = long
	md := g.Markdown()
	if n := utf8.RuneCountInString(md); n > MarkdownMax {
		t.Errorf("markdown: %d characters, more than %d", n, MarkdownMax)
	}
	// The heading holds the organization's first 199 characters and "…".
	if !strings.HasPrefix(md, "## OKR digest: "+strings.Repeat("A", 199)+"…, as of 2026-11-15\n") {
		t.Errorf("markdown heading: %.300q", md)
	}
	// The moved goalpost is written; the long title stops the writer, and
	// it and the 7 items after it are left out: 9 in all, and no heading
	// without its items.
	if written := strings.Count(md, "\n- "); written != 1 || leftOutIn(t, md) != 8 || strings.Contains(md, "### At risk") {
		t.Errorf("markdown: %d written, %d left out, want 1 and 8:\n%.2000s", written, leftOutIn(t, md), md)
	}
	b, err := g.Slack()
	if err != nil {
		t.Fatal(err)
	}
	var sl slackBody
	if err := json.Unmarshal(b, &sl); err != nil {
		t.Fatal(err)
	}
	if n := utf8.RuneCountInString(sl.Blocks[0].Text.Text); n > SlackHeaderMax {
		t.Errorf("slack header: %d characters", n)
	}
	if n := utf8.RuneCountInString(sl.Text); n > SlackTextMax {
		t.Errorf("slack fallback: %d characters", n)
	}
	if b, err = g.Teams(); err != nil || len(b) > TeamsMax {
		t.Errorf("teams: %d bytes, %v", len(b), err)
	}
}

// TestTeamsLongLink: a --link of 3,000 characters, in every item's link
// and in the left-out line, still keeps the Teams body within TeamsMax.
func TestTeamsLongLink(t *testing.T) {
	then, now := bigRepos(t, 50)
	link := "https://acme.example/" + strings.Repeat("o", 3000)
	g, err := Build(Input{Now: now, AsOf: model.NewDate(2026, 11, 15), Then: then, BaseCommit: "abc",
		BaseDay: model.NewDate(2026, 11, 3)}, Options{Link: link, Command: "okr digest --since 7d"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := g.Teams()
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > TeamsMax {
		t.Errorf("teams: %d bytes, more than %d", len(b), TeamsMax)
	}
	if !strings.Contains(string(b), "more items left out") {
		t.Errorf("teams: no left-out line")
	}
}
