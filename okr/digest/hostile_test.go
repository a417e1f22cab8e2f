package digest

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/okr-as-code/okr/okr/change"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/score"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"golang.org/x/net/html"
)

// hostile are titles that would mention, link or format in some medium.
var hostile = []string{
	"<!channel>", "<@U999>", "<http://x|y>", "*b*", "<at>x</at>", "[x](http://y)", "<script>alert(1)</script>",
}

// hostileDigest is a digest whose every piece of repository text is t:
// the organization, titles, names, units, the author, a last-at.
func hostileDigest(t string) *Digest {
	author := t
	last := t
	f := 0.2
	conf := 2
	h, st := "green", false
	return &Digest{
		AsOf: "2026-11-15", Organization: t,
		Base:    &Base{Commit: "0123456789abcdef", Date: "2026-11-03"},
		Summary: Summary{Owners: 1, MeanScore: &f, MeanScoreBefore: &f, Red: 1},
		Moved: []Moved{{Change: change.Change{Ref: "payments/checkout/p95", Kind: change.Modified, Field: "unit",
			Old: t, New: t, Period: "2026-Q4", Entity: change.KeyResult}, Author: &author}},
		AtRisk:          []AtRisk{{Ref: "payments/checkout/p95", Title: t, Owner: "alice", Period: "2026-Q4", Score: 0.1, ForecastScore: &f, Status: "off-track", Confidence: &conf}},
		ScoreChanges:    []ScoreChange{{Ref: "payments", Period: "2026-Q4", Old: 0.1, New: 0.2}},
		Checkins:        []Checkins{{Person: "alice", Count: 2}, {Person: "bob", Count: 1}},
		ConfidenceDrops: []ConfidenceDrop{{Ref: "payments/checkout/p95", Period: "2026-Q4", Old: 8, New: 2}},
		Due: []score.DueItem{
			{Kind: "key_result", Ref: "payments/checkout/p95", Title: t, Owner: "alice", Name: t, DocumentOwner: "payments", Period: "2026-Q4", Cadence: "weekly", LastAt: &last, OverdueDays: 3},
			{Kind: "kpi", Ref: "nps", Title: t, Owner: "bob", Name: t, DocumentOwner: "bob", Cadence: "weekly", OverdueDays: 1},
		},
		KPIs: []KPIChange{{ID: "nps", Name: t, Health: "red", HealthBefore: &h, Stale: false, StaleBefore: &st}},
		People: map[string]model.Person{
			"alice": {ID: "alice", Name: t, Slack: "U024BE7LH"},
			"bob":   {ID: "bob", Name: t, Teams: "bob@example.com"},
		},
	}
}

// unZWSP removes the zero-width spaces that keep chat markup from working.
func unZWSP(s string) string { return strings.ReplaceAll(s, "\u200b", "") }

// TestHostileTextIsLiteral: in every format, repository text holding
// markup comes out as the text itself, and never as a mention, link,
// emphasis or element; the only mentions are People's.
func TestHostileTextIsLiteral(t *testing.T) {
	for _, text := range hostile {
		g := hostileDigest(text)
		t.Run(text, func(t *testing.T) {
			for _, f := range Formats {
				var buf bytes.Buffer
				if err := Write(&buf, f, g); err != nil {
					t.Fatalf("%s: %v", f, err)
				}
				checkLiteral(t, f, buf.String(), text)
			}
		})
	}
}

func checkLiteral(t *testing.T, format, out, text string) {
	t.Helper()
	switch format {
	case "text":
		if !strings.Contains(out, text) {
			t.Errorf("text: %q not written as it is:\n%s", text, out)
		}
	case "json":
		var v struct {
			Organization string `json:"organization"`
			AtRisk       []struct {
				Title string `json:"title"`
			} `json:"at_risk"`
		}
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Fatal(err)
		}
		if v.Organization != text || v.AtRisk[0].Title != text {
			t.Errorf("json: got %q, %q, want %q", v.Organization, v.AtRisk[0].Title, text)
		}
	case "markdown":
		// Rendered as GitHub does, the text shows as it is, and makes no
		// link, emphasis or element.
		var rendered bytes.Buffer
		if err := goldmark.New(goldmark.WithExtensions(extension.GFM)).Convert([]byte(out), &rendered); err != nil {
			t.Fatal(err)
		}
		// (An @ is followed by an invisible word joiner: render.Markdown.)
		checkLiteral(t, "html", strings.ReplaceAll(rendered.String(), "\u2060", ""), text)
		if strings.Contains(rendered.String(), "<a ") || strings.Contains(rendered.String(), "<em>") {
			t.Errorf("markdown renders a link or emphasis from %q:\n%s", text, rendered.String())
		}
	case "slack":
		var body slackBody
		if err := json.Unmarshal([]byte(out), &body); err != nil {
			t.Fatal(err)
		}
		var all []string
		for _, b := range body.Blocks {
			if b.Text != nil {
				all = append(all, b.Text.Text)
			}
			for _, e := range b.Elements {
				all = append(all, e.Text)
			}
		}
		mrkdwn := strings.Join(append(all[1:], body.Text), "\n") // after the plain-text header; the fallback is mrkdwn
		for _, bad := range []string{"<!channel>", "<@U999>", "<http", "*b*", "_b_", "<at>", "<script"} {
			if strings.Contains(mrkdwn, bad) {
				t.Errorf("slack mrkdwn holds %q:\n%s", bad, mrkdwn)
			}
		}
		// The only mention is alice's, from People.
		if n := strings.Count(mrkdwn, "<@"); n != 1 || !strings.Contains(mrkdwn, "<@U024BE7LH>") {
			t.Errorf("slack mentions: %d, want alice's <@U024BE7LH> alone:\n%s", n, mrkdwn)
		}
		shown := strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(unZWSP(mrkdwn))
		if !strings.Contains(shown, text) {
			t.Errorf("slack does not show %q:\n%s", text, shown)
		}
		if body.Blocks[0].Text.Type != "plain_text" || !strings.Contains(body.Blocks[0].Text.Text, text) {
			t.Errorf("slack header: %+v", body.Blocks[0].Text)
		}
	case "teams":
		var body teamsBody
		if err := json.Unmarshal([]byte(out), &body); err != nil {
			t.Fatal(err)
		}
		c := body.Attachments[0].Content
		var all []string
		for _, e := range c.Body {
			all = append(all, e.Text)
			for _, f := range e.Facts {
				all = append(all, f.Value)
			}
		}
		texts := strings.Join(all, "\n")
		for _, bad := range []string{"*b*", "[x]", "](", "<@", "<!", "<http", "<script"} {
			if strings.Contains(texts, bad) {
				t.Errorf("teams holds %q:\n%s", bad, texts)
			}
		}
		// Every <at> is a mention of People's, with its entity: bob's.
		if n := strings.Count(texts, "<at>"); n != 1 || len(c.MSTeams.Entities) != 1 || !strings.Contains(texts, c.MSTeams.Entities[0].Text) ||
			c.MSTeams.Entities[0].Mentioned.ID != "bob@example.com" {
			t.Errorf("teams mentions: %d <at>, entities %+v:\n%s", n, c.MSTeams.Entities, texts)
		}
		if !strings.Contains(unZWSP(texts), text) {
			t.Errorf("teams does not show %q:\n%s", text, texts)
		}
	case "html":
		z := html.NewTokenizer(strings.NewReader(out))
		var shown strings.Builder
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				break
			}
			tok := z.Token()
			switch tt {
			case html.StartTagToken, html.SelfClosingTagToken:
				switch tok.Data {
				case "script", "at", "img", "link", "style", "iframe":
					t.Errorf("html has a <%s> element", tok.Data)
				}
			case html.TextToken:
				shown.WriteString(tok.Data)
			}
		}
		if !strings.Contains(shown.String(), text) {
			t.Errorf("html does not show %q", text)
		}
	}
}

// FuzzDigestWriters: whatever the repository text, every writer writes,
// the chat payloads are JSON whose only mentions are People's, and the
// html has no element from the text.
func FuzzDigestWriters(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	f.Add("\x00\u2028<a href=x>")
	f.Fuzz(func(t *testing.T, s string) {
		g := hostileDigest(s)
		for _, format := range Formats {
			var buf bytes.Buffer
			if err := Write(&buf, format, g); err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			out := buf.String()
			switch format {
			case "json", "teams", "slack":
				if !json.Valid(buf.Bytes()) {
					t.Fatalf("%s: not JSON: %s", format, out)
				}
			}
			switch format {
			case "slack":
				var body slackBody
				json.Unmarshal(buf.Bytes(), &body)
				var mrkdwn []string
				for _, b := range body.Blocks[1:] {
					if b.Text != nil {
						mrkdwn = append(mrkdwn, b.Text.Text)
					}
				}
				all := strings.Join(append(mrkdwn, body.Text), "\n")
				if strings.Count(all, "<@") != 1 || strings.Contains(all, "<!") {
					t.Fatalf("slack mentions from %q:\n%s", s, all)
				}
			case "teams":
				var body teamsBody
				json.Unmarshal(buf.Bytes(), &body)
				var texts []string
				for _, e := range body.Attachments[0].Content.Body {
					texts = append(texts, e.Text)
					for _, f := range e.Facts {
						texts = append(texts, f.Value)
					}
				}
				ents := body.Attachments[0].Content.MSTeams.Entities
				if all := strings.Join(texts, "\n"); strings.Count(all, "<at>") != 1 || len(ents) != 1 || !strings.Contains(all, ents[0].Text) {
					t.Fatalf("teams mentions from %q:\n%s", s, out)
				}
			case "html":
				z := html.NewTokenizer(strings.NewReader(out))
				for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
					if tt == html.StartTagToken {
						switch name, _ := z.TagName(); string(name) {
						case "script", "img", "at", "iframe", "style", "link", "svg":
							t.Fatalf("html <%s> from %q", name, s)
						}
					}
				}
			}
		}
	})
}

// TestTeamsSameNameMentions: Teams finds a mention's entity by its text,
// so two people of one name, both due, are mentioned with their ids:
// each <at> in the card has exactly one entity, the right person's; a
// person whose name no one else has is mentioned by name alone.
func TestTeamsSameNameMentions(t *testing.T) {
	g := hostileDigest("x")
	g.People = map[string]model.Person{
		"alice": {ID: "alice", Name: "Alex Kim", Teams: "alex1@example.com"},
		"bob":   {ID: "bob", Name: "Alex Kim", Teams: "alex2@example.com"},
	}
	b, err := g.Teams()
	if err != nil {
		t.Fatal(err)
	}
	var tm teamsBody
	if err := json.Unmarshal(b, &tm); err != nil {
		t.Fatal(err)
	}
	c := tm.Attachments[0].Content
	want := []teamsMention{
		{Type: "mention", Text: "<at>Alex Kim (alice)</at>", Mentioned: teamsMentioned{ID: "alex1@example.com", Name: "Alex Kim"}},
		{Type: "mention", Text: "<at>Alex Kim (bob)</at>", Mentioned: teamsMentioned{ID: "alex2@example.com", Name: "Alex Kim"}},
	}
	if diff := cmp.Diff(want, c.MSTeams.Entities); diff != "" {
		t.Errorf("entities (-want +got):\n%s", diff)
	}
	var body strings.Builder
	for _, e := range c.Body {
		body.WriteString(e.Text + "\n")
	}
	for _, m := range want {
		if n := strings.Count(body.String(), m.Text); n != 1 {
			t.Errorf("%s appears %d times in the card, want once (one due item each)", m.Text, n)
		}
	}

	// Names no one else has: the name alone.
	g.People["bob"] = model.Person{ID: "bob", Name: "Bo Lee", Teams: "bo@example.com"}
	if b, err = g.Teams(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"text":"<at>Alex Kim</at>"`) && !strings.Contains(string(b), `"text": "<at>Alex Kim</at>"`) {
		t.Errorf("a name of its own is not mentioned alone:\n%s", b)
	}
}
