package digest

import (
	"strings"

	"github.com/okr-as-code/okr/okr/render"
)

// Inline styles of the e-mail body: an e-mail client keeps only style
// attributes, so there is no style sheet, and layout is in tables.
const (
	htmlBody    = "margin:0;padding:0;background:#f4f5f7;"
	htmlOuter   = "border-collapse:collapse;background:#f4f5f7;"
	htmlCard    = "border-collapse:collapse;width:100%;max-width:640px;background:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.45;color:#1f2328;overflow-wrap:anywhere;word-break:break-word;"
	htmlH1      = "margin:0;font-size:20px;line-height:1.3;"
	htmlH2      = "margin:0;font-size:16px;line-height:1.3;"
	htmlCell    = "padding:0 16px 12px 16px;"
	htmlHeadTop = "padding:20px 16px 8px 16px;"
	htmlSecTop  = "padding:14px 16px 6px 16px;border-top:1px solid #d0d7de;"
	htmlItem    = "padding:5px 0;border-bottom:1px solid #eaeef2;overflow-wrap:anywhere;word-break:break-word;"
	htmlCode    = "font-family:Menlo,Consolas,monospace;font-size:13px;background:#f0f2f4;padding:0 3px;"
	htmlLink    = "color:#0969da;"
	htmlNote    = "padding:12px 16px 20px 16px;color:#59636e;font-size:13px;"
)

func (g *Digest) htmlSpan(s span) string {
	var t string
	switch s.kind {
	case words:
		t = render.HTML(s.text)
		if s.strong {
			t = "<b>" + t + "</b>"
		}
	case data:
		t = render.HTML(s.text)
	case code:
		t = `<code style="` + htmlCode + `">` + render.HTML(s.text) + "</code>"
	case who:
		t = render.HTML(g.Name(s.text))
	}
	if s.url != "" {
		t = `<a href="` + render.HTML(urlSafe(s.url)) + `" style="` + htmlLink + `">` + t + "</a>"
	}
	return t
}

func (g *Digest) htmlLine(l line) string {
	var b strings.Builder
	for _, s := range l {
		b.WriteString(g.htmlSpan(s))
	}
	return b.String()
}

// HTML is the digest as one self-contained HTML document for an e-mail
// body: styles only in style attributes, layout in tables, no script and
// nothing loaded from elsewhere; readable at 360 px. It is never cut.
func (g *Digest) HTML() string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>` + render.HTML(g.textLine(g.titleLine())) + `</title>
</head>
<body style="` + htmlBody + `">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="` + htmlOuter + `"><tr><td align="center" style="padding:12px 6px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="` + htmlCard + `">
<tr><td style="` + htmlHeadTop + `"><h1 style="` + htmlH1 + `">` + g.htmlLine(g.titleLine()) + `</h1></td></tr>
<tr><td style="` + htmlCell + `">`)
	for i, l := range g.headline() {
		if i > 0 {
			b.WriteString("<br>\n")
		}
		b.WriteString(g.htmlLine(l))
	}
	b.WriteString("</td></tr>\n")
	for _, s := range g.sections() {
		b.WriteString(`<tr><td style="` + htmlSecTop + `"><h2 style="` + htmlH2 + `">` + g.htmlSpan(s.titleSpan()) + "</h2></td></tr>\n")
		b.WriteString(`<tr><td style="` + htmlCell + `"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;">` + "\n")
		for _, l := range s.lines {
			b.WriteString(`<tr><td style="` + htmlItem + `">` + g.htmlLine(l) + "</td></tr>\n")
		}
		b.WriteString("</table></td></tr>\n")
	}
	b.WriteString(`<tr><td style="` + htmlNote + `">Written by okr digest.</td></tr>
</table>
</td></tr></table>
</body>
</html>
`)
	return b.String()
}
