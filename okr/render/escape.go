package render

import "strings"

// Repository text is data (SPEC §3): every string that comes from a
// repository or from git (file names, ids, titles, names, units, notes,
// authors, subjects, messages) goes through exactly one of the functions in
// this file before it is written, chosen by the medium:
//
//	Text      terminal text, tables, CSV cells: control characters as visible escapes
//	Markdown  Markdown prose and table cells: Text, then rendered literally
//	GitHub*   workflow-command data and properties (problems.go)
//
// JSON needs none of them: encoding/json escapes control characters itself.

// IsControl reports whether r is a control character okr never writes raw
// from a repository: U+0000–U+001F, U+007F–U+009F, U+2028 and U+2029.
func IsControl(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r <= 0x9f) || r == 0x2028 || r == 0x2029
}

// Text makes repository text safe for one line of a terminal, a table cell
// or a CSV cell: control characters are written as visible escapes (\n, \r,
// \t, \u2028, \u2029, else \xHH), so that a file name or value cannot forge
// output lines, colours, titles or CI commands. Text without control
// characters is returned as it is.
func Text(s string) string {
	if strings.IndexFunc(s, IsControl) < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		if !IsControl(r) {
			b.WriteRune(r)
			continue
		}
		switch r {
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case 0x2028:
			b.WriteString(`\u2028`)
		case 0x2029:
			b.WriteString(`\u2029`)
		default:
			// U+0000–U+001F, U+007F–U+009F: \xHH of the code point.
			b.WriteString(`\x`)
			b.WriteString(hex2(byte(r)))
		}
	}
	return b.String()
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

// mdSpecial are the characters that can start Markdown (CommonMark and GFM)
// syntax inside a line: emphasis, code, links and images, HTML, tables,
// autolinks, strikethrough, headings, lists, block quotes, entities.
const mdSpecial = "\\`*_{}[]()<>#+-.!|~&:\"'=$^@"

// Markdown makes repository text render literally in Markdown, in prose or
// in a table cell: it applies Text, then escapes every ASCII punctuation
// character that could start syntax with a backslash (CommonMark lets any
// ASCII punctuation be escaped), and writes < > & " as entities so that no
// HTML comes from it even where backslashes are not honoured. A pipe is
// escaped so that it cannot end a table cell.
func Markdown(s string) string {
	s = Text(s)
	if !strings.ContainsAny(s, mdSpecial) && !hasAutolink(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&quot;")
		case '\\':
			// A backslash from Text's escapes (\n) or from the text: keep it
			// visible, never as an escape of the next character.
			b.WriteString(`\\`)
		default:
			if strings.IndexByte(mdSpecial, c) >= 0 {
				b.WriteByte('\\')
			}
			b.WriteByte(c)
		}
	}
	return b.String()
}

// hasAutolink reports whether s holds a bare "www." that GFM would link.
func hasAutolink(s string) bool {
	return strings.Contains(strings.ToLower(s), "www.")
}

// MarkdownCode writes repository text as an inline code span that renders
// literally: Text, with backticks and pipes (which would end a table cell
// even inside code in GFM) replaced by look-alikes that cannot break out.
func MarkdownCode(s string) string {
	s = Text(s)
	s = strings.ReplaceAll(s, "`", "ˋ")
	s = strings.ReplaceAll(s, "|", "¦")
	return "`" + s + "`"
}

// Quote is Text between double quotes, for a string value shown in prose
// (a changed title): "a \"b\"" with control characters escaped.
func Quote(s string) string {
	return `"` + strings.ReplaceAll(Text(s), `"`, `\"`) + `"`
}

// GitHubData escapes the message of a workflow command.
func GitHubData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// GitHubProperty escapes a property of a workflow command (file, title).
func GitHubProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
