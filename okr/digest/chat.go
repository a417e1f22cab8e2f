package digest

import (
	"strings"
	"unicode/utf8"

	"github.com/okr-as-code/okr/okr/render"
)

// chatData is how many characters of one piece of repository text a chat
// message shows.
const chatData = 200

// ---- slack ----

// slackBody is the body a Slack incoming webhook accepts.
type slackBody struct {
	Text   string       `json:"text"`
	Blocks []slackBlock `json:"blocks"`
}

type slackBlock struct {
	Type     string       `json:"type"`
	Text     *slackText   `json:"text,omitempty"`
	Elements []*slackText `json:"elements,omitempty"`
}

type slackText struct {
	Type  string `json:"type"`
	Text  string `json:"text"`
	Emoji *bool  `json:"emoji,omitempty"`
}

func (g *Digest) slackSpan(s span) string {
	var t string
	switch s.kind {
	case words:
		t = s.text
		if s.strong {
			t = "*" + t + "*"
		}
	case data, code:
		t = render.Slack(clipData(s.text, chatData))
	case who:
		if p, ok := g.People[s.text]; ok && s.mention && p.Slack != "" {
			return "<@" + p.Slack + ">" // a member id: [UW][A-Z0-9]+, nothing to escape
		}
		t = render.Slack(clipData(g.Name(s.text), chatData))
	}
	if s.url != "" {
		t = "<" + urlSafe(s.url) + "|" + t + ">"
	}
	return t
}

func (g *Digest) slackLine(l line) string {
	var b strings.Builder
	for _, s := range l {
		b.WriteString(g.slackSpan(s))
	}
	return b.String()
}

// plainLine is a line for a plain_text object, which Slack reads
// literally: okr's words as they are, repository text with its control
// characters made visible.
func (g *Digest) plainLine(l line) string {
	return g.textLine(l)
}

// cutRunes cuts s to at most n characters, marking the cut with "…".
func cutRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// Slack is the body for a Slack incoming webhook: a header, the headline,
// then each section's lines in section blocks of at most SlackTextMax
// characters; at most SlackBlocksMax blocks, the last saying how many
// items did not fit. The fallback text is the headline, cut to
// SlackTextMax characters.
func (g *Digest) Slack() ([]byte, error) {
	no := false
	title := cutRunes(g.plainLine(g.titleLine()), SlackHeaderMax)
	body := slackBody{Blocks: []slackBlock{{Type: "header", Text: &slackText{Type: "plain_text", Text: title, Emoji: &no}}}}
	var head []string
	for _, l := range g.headline() {
		head = append(head, g.slackLine(l))
	}
	// The fallback text is mrkdwn too (notifications show it): the
	// headline as the section shows it.
	body.Text = cutRunes(g.slackLine(g.titleLine())+"\n"+strings.Join(head, "\n"), SlackTextMax)
	body.Blocks = append(body.Blocks, slackSection(strings.Join(head, "\n")))

	ss := g.sections()
	const room = SlackBlocksMax - 1 // the last block may say what was left out
	written := 0
	full := false
	for _, s := range ss {
		text, pending := "*"+g.slackSpan(s.titleSpan())+"*", 0
		flush := func() bool {
			if len(body.Blocks) >= room {
				return false
			}
			body.Blocks = append(body.Blocks, slackSection(text))
			written += pending
			text, pending = "", 0
			return true
		}
		for _, l := range s.lines {
			item := cutRunes("• "+g.slackLine(l), SlackTextMax-1) // a guard: data is clipped
			if utf8.RuneCountInString(text)+1+utf8.RuneCountInString(item) > SlackTextMax && !flush() {
				full = true
				break
			}
			if text != "" {
				text += "\n"
			}
			text += item
			pending++
		}
		if full || !flush() {
			full = true
			break
		}
	}
	left := items(ss) - written
	if left > 0 {
		body.Blocks = append(body.Blocks, slackBlock{Type: "context", Elements: []*slackText{{Type: "mrkdwn", Text: g.slackLine(g.leftOut(left))}}})
	}
	return marshal(body)
}

func slackSection(text string) slackBlock {
	return slackBlock{Type: "section", Text: &slackText{Type: "mrkdwn", Text: text}}
}

// ---- teams ----

type teamsBody struct {
	Type        string            `json:"type"`
	Attachments []teamsAttachment `json:"attachments"`
}

type teamsAttachment struct {
	ContentType string    `json:"contentType"`
	ContentURL  *string   `json:"contentUrl"`
	Content     teamsCard `json:"content"`
}

type teamsCard struct {
	Schema  string         `json:"$schema"`
	Type    string         `json:"type"`
	Version string         `json:"version"`
	Body    []teamsElement `json:"body"`
	MSTeams teamsMS        `json:"msteams"`
}

type teamsMS struct {
	Width    string         `json:"width"`
	Entities []teamsMention `json:"entities"`
}

type teamsMention struct {
	Type      string         `json:"type"`
	Text      string         `json:"text"`
	Mentioned teamsMentioned `json:"mentioned"`
}

type teamsMentioned struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type teamsElement struct {
	Type    string      `json:"type"`
	Text    string      `json:"text,omitempty"`
	Wrap    bool        `json:"wrap,omitempty"`
	Size    string      `json:"size,omitempty"`
	Weight  string      `json:"weight,omitempty"`
	Spacing string      `json:"spacing,omitempty"`
	Facts   []teamsFact `json:"facts,omitempty"`
}

type teamsFact struct {
	Title string `json:"title"`
	Value string `json:"value"`
}

// teamsSpan writes a span as TextBlock Markdown, and the mention entity
// it needs (nil for none).
func (g *Digest) teamsSpan(s span) (string, *teamsMention) {
	var t string
	switch s.kind {
	case words:
		t = s.text
		if s.strong {
			t = "**" + t + "**"
		}
	case data, code:
		t = render.Teams(clipData(s.text, chatData))
	case who:
		name := clipData(g.Name(s.text), chatData)
		if p, ok := g.People[s.text]; ok && s.mention && p.Teams != "" {
			shown := render.Teams(name)
			if g.sharedName(s.text) {
				// Teams finds a mention's entity by its text: two people
				// of one name are told apart by their ids.
				shown += " (" + render.Teams(s.text) + ")"
			}
			at := "<at>" + shown + "</at>"
			return at, &teamsMention{Type: "mention", Text: at, Mentioned: teamsMentioned{ID: p.Teams, Name: render.Text(name)}}
		}
		t = render.Teams(name)
	}
	if s.url != "" {
		t = "[" + t + "](" + urlSafe(s.url) + ")"
	}
	return t, nil
}

// sharedName reports whether another person the digest names, with a
// Teams id, has the same name as person id.
func (g *Digest) sharedName(id string) bool {
	name := g.Name(id)
	for other, p := range g.People {
		if other != id && p.Teams != "" && g.Name(other) == name {
			return true
		}
	}
	return false
}

func (g *Digest) teamsLine(l line) (string, []teamsMention) {
	var b strings.Builder
	var ms []teamsMention
	for _, s := range l {
		t, m := g.teamsSpan(s)
		b.WriteString(t)
		if m != nil {
			ms = append(ms, *m)
		}
	}
	return b.String(), ms
}

func textBlock(text string) teamsElement {
	return teamsElement{Type: "TextBlock", Text: text, Wrap: true}
}

// Teams is the body for a Microsoft Teams Workflows webhook: an Adaptive
// Card 1.4 with the title, the headline as a FactSet, and each section's
// lines as TextBlocks; at most TeamsMax bytes, the last block saying how
// many items did not fit. Every <at>Name</at> has its mention entity.
func (g *Digest) Teams() ([]byte, error) {
	title, _ := g.teamsLine(g.titleLine())
	card := teamsCard{
		Schema: "http://adaptivecards.io/schemas/adaptive-card.json", Type: "AdaptiveCard", Version: "1.4",
		Body:    []teamsElement{{Type: "TextBlock", Text: title, Wrap: true, Size: "Large", Weight: "Bolder"}},
		MSTeams: teamsMS{Width: "Full", Entities: []teamsMention{}},
	}
	var facts []teamsFact
	for _, l := range g.headline() {
		t, _ := g.teamsLine(l)
		name := "Owners"
		switch {
		case strings.HasPrefix(t, "Since ") || strings.HasPrefix(t, "No comparison"):
			name = "Compared with"
		case strings.Contains(t, " green, "):
			name = "Grades"
		case strings.HasPrefix(t, "[Dashboard]"):
			name = "Dashboard"
		}
		facts = append(facts, teamsFact{Title: name, Value: t})
	}
	card.Body = append(card.Body, teamsElement{Type: "FactSet", Facts: facts})
	body := teamsBody{Type: "message", Attachments: []teamsAttachment{{ContentType: "application/vnd.microsoft.card.adaptive", Content: card}}}
	size := func() int {
		b, _ := marshal(body)
		return len(b)
	}
	mentioned := map[string]bool{}
	ss := g.sections()
	left := items(ss)
	// Room for the left-out line, at its longest (every item left out;
	// a long --link makes it longer).
	lo, _ := g.teamsLine(g.leftOut(left))
	reserve := max(1200, len(lo)+200)
	c := &body.Attachments[0].Content
	full := false
	for _, s := range ss {
		if full {
			break
		}
		st, _ := g.teamsSpan(s.titleSpan())
		c.Body = append(c.Body, teamsElement{Type: "TextBlock", Text: st, Wrap: true, Weight: "Bolder", Spacing: "Medium"})
		if size() > TeamsMax-reserve {
			c.Body = c.Body[:len(c.Body)-1]
			full = true
			break
		}
		for _, l := range s.lines {
			t, ms := g.teamsLine(l)
			n, ents := len(c.Body), len(c.MSTeams.Entities)
			c.Body = append(c.Body, textBlock("• "+t))
			for _, m := range ms {
				if !mentioned[m.Text+"\x00"+m.Mentioned.ID] {
					mentioned[m.Text+"\x00"+m.Mentioned.ID] = true
					c.MSTeams.Entities = append(c.MSTeams.Entities, m)
				}
			}
			if size() > TeamsMax-reserve {
				for _, m := range c.MSTeams.Entities[ents:] {
					delete(mentioned, m.Text+"\x00"+m.Mentioned.ID)
				}
				c.Body, c.MSTeams.Entities = c.Body[:n], c.MSTeams.Entities[:ents]
				full = true
				break
			}
			left--
		}
		if full && c.Body[len(c.Body)-1].Text == st && c.Body[len(c.Body)-1].Weight == "Bolder" {
			c.Body = c.Body[:len(c.Body)-1] // a title with none of its items
		}
	}
	if left > 0 {
		t, _ := g.teamsLine(g.leftOut(left))
		c.Body = append(c.Body, teamsElement{Type: "TextBlock", Text: t, Wrap: true, Spacing: "Medium", Size: "Small"})
	}
	return marshal(body)
}
