package digest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/okr-as-code/okr/okr/render"
)

// Formats are the formats of `okr digest`; the first is the default.
var Formats = []string{"markdown", "text", "json", "slack", "teams", "html"}

// Limits of the media (SPEC §5).
const (
	MarkdownMax    = 60000 // characters
	SlackBlocksMax = 50
	SlackHeaderMax = 150   // characters of the header block's plain text
	SlackTextMax   = 3000  // characters of a section's mrkdwn, and of the fallback text
	TeamsMax       = 28000 // bytes of the whole body
)

// Write writes the digest in format (markdown when "").
func Write(w io.Writer, format string, g *Digest) error {
	var b []byte
	var err error
	switch format {
	case "markdown", "":
		b = []byte(g.Markdown())
	case "text":
		b = []byte(g.Text())
	case "json":
		return render.JSON(w, g)
	case "slack":
		b, err = g.Slack()
	case "teams":
		b, err = g.Teams()
	case "html":
		b = []byte(g.HTML())
	default:
		return render.UnknownFormat(format, Formats)
	}
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// urlSafe percent-encodes the characters of a --link address that would
// end it in Markdown, Slack or HTML: spaces, quotes, brackets, '|'.
func urlSafe(u string) string {
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		c := u[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"'<>()[]|\`+"`", c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// clipData cuts repository text in chat media to n characters, so that
// one title cannot fill a message.
func clipData(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// ---- markdown ----

func (g *Digest) mdSpan(s span) string {
	var t string
	switch s.kind {
	case words:
		t = s.text
		if s.strong {
			t = "**" + t + "**"
		}
	case data:
		t = render.Markdown(s.text)
	case code:
		t = render.MarkdownCode(s.text)
	case who:
		t = render.Markdown(g.Name(s.text))
	}
	if s.url != "" {
		t = "[" + t + "](" + urlSafe(s.url) + ")"
	}
	return t
}

func (g *Digest) mdLine(l line) string {
	var b strings.Builder
	for _, s := range l {
		b.WriteString(g.mdSpan(s))
	}
	return b.String()
}

// Markdown is the markdown digest: at most MarkdownMax characters; past
// that it says how many items it left out.
func (g *Digest) Markdown() string {
	var b strings.Builder
	// The organization in the heading is cut as in chat media, so that
	// the heading cannot exceed the limit by itself.
	title := g.titleLine()
	for i := range title {
		if title[i].kind == data {
			title[i].text = clipData(title[i].text, chatData)
		}
	}
	b.WriteString("## " + g.mdLine(title) + "\n\n")
	for i, l := range g.headline() {
		if i > 0 {
			b.WriteString("  \n")
		}
		b.WriteString(g.mdLine(l))
	}
	b.WriteString("\n")
	size := utf8.RuneCountInString(b.String())
	const reserve = 1000 // for the left-out line
	ss := g.sections()
	left := items(ss)
	cut := false
	for _, s := range ss {
		if cut {
			break
		}
		head := "\n### " + g.mdSpan(s.titleSpan()) + "\n\n"
		if size+utf8.RuneCountInString(head) > MarkdownMax-reserve {
			cut = true
			break
		}
		before := b.Len()
		b.WriteString(head)
		size += utf8.RuneCountInString(head)
		for i, l := range s.lines {
			item := "- " + g.mdLine(l) + "\n"
			n := utf8.RuneCountInString(item)
			if size+n > MarkdownMax-reserve {
				if i == 0 { // a heading with none of its items
					kept := b.String()[:before]
					b.Reset()
					b.WriteString(kept)
				}
				cut = true
				break
			}
			b.WriteString(item)
			size += n
			left--
		}
	}
	if left > 0 {
		b.WriteString("\n_" + g.mdLine(g.leftOut(left)) + "._\n")
	}
	return b.String()
}

// ---- text ----

func (g *Digest) textLine(l line) string {
	var b strings.Builder
	for _, s := range l {
		switch s.kind {
		case words:
			b.WriteString(s.text)
		case data, code:
			b.WriteString(render.Text(s.text))
		case who:
			b.WriteString(render.Text(g.Name(s.text)))
		}
		if s.kind == words && s.url != "" && s.text == "Dashboard" {
			b.WriteString(": " + render.Text(s.url))
		}
	}
	return b.String()
}

// Text is the digest as plain lines, never cut.
func (g *Digest) Text() string {
	var b strings.Builder
	b.WriteString(g.textLine(g.titleLine()) + "\n")
	for _, l := range g.headline() {
		b.WriteString(g.textLine(l) + "\n")
	}
	for _, s := range g.sections() {
		if s.url != "" {
			b.WriteString("\n" + s.title + " (" + render.Text(s.url) + "):\n")
		} else {
			b.WriteString("\n" + s.title + ":\n")
		}
		for _, l := range s.lines {
			b.WriteString("  - " + g.textLine(l) + "\n")
		}
	}
	return b.String()
}

// ---- json helpers ----

// marshal is JSON without HTML escaping, with a trailing newline.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
