package render

import (
	"html"
	"strings"

	"github.com/okr-as-code/okr/okr/sheet"
)

// Repository text is data (SPEC §3): every string that comes from a
// repository or from git (file names, ids, titles, names, units, notes,
// authors, subjects, messages) goes through exactly one of the functions in
// this file before it is written, chosen by the medium:
//
//	Text          terminal text, tables, stderr: control characters as visible escapes
//	LinePath      a file name that begins a line of text: Text, and ./ before a leading ::
//	CSV           a text cell of csv output: Text, and a leading ' before = + - @ (no formula)
//	Cell          a text cell of a workbook (xlsx): Text; the cell is typed text, never a formula
//	Markdown      Markdown prose, headings and table cells: Text, then rendered literally
//	MarkdownCode  ids, refs and file names in Markdown: Text, as code spans
//	Quote         a string value in text: Text between double quotes
//	GitHub*       workflow-command data and properties (the github format)
//	Slack         Slack mrkdwn (okr digest --format slack)
//	Teams         Adaptive Card TextBlock text (okr digest --format teams)
//	HTML          HTML text and attribute values (okr digest --format html)
//
// JSON needs none of them: render.JSON escapes every control character.

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

// LinePath makes a file name safe to begin a line of text output: Text,
// and "./" before a name that begins with "::", which GitHub Actions would
// read as a workflow command (::error::, ::add-mask::, ::stop-commands::)
// where okr's output lands in a job's log. "./::x.csv" names the same file.
func LinePath(s string) string {
	s = Text(s)
	if strings.HasPrefix(s, "::") {
		return "./" + s
	}
	return s
}

// CSV makes repository text safe for a text cell of csv output: Text, and
// then, when the result begins with '=', '+', '-' or '@', a leading '
// (SPEC §7), so that no spreadsheet that opens the file reads the cell as
// a formula (=HYPERLINK(…), -2+3, @SUM(…)); and a ' before text that
// already begins with ' then one of them ('=x), so that okr import, which
// takes one ' away (sheet.Unguard), reads it back as it was. A tab or a carriage return,
// which some spreadsheets also read as the start of a formula, is already
// written as \t or \r by Text. Numbers are never passed through CSV: a
// negative number stays a number. okr import reads such a cell without
// its '.
func CSV(s string) string {
	s = Text(s)
	if sheet.FormulaLike(s) {
		return "'" + s
	}
	return s
}

// Cell makes repository text safe for a text cell of a workbook: Text, so
// that no control character (most of which XML cannot even hold) reaches
// it. No ' is needed: the xlsx writer (okr/sheet) types the cell as text,
// which no spreadsheet evaluates, whatever it begins with.
func Cell(s string) string { return Text(s) }

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

// mdSpecial are the ASCII punctuation characters that can take part in
// Markdown (CommonMark and GFM) syntax anywhere in a line: backslash
// escapes, code, emphasis, strikethrough, links, images and footnotes ([
// and ]), HTML and entities, tables, the closing #s of a heading and
// GitHub's math ($). CommonMark lets any ASCII punctuation character be
// escaped with a backslash. Others are syntax only
// in a context, which Markdown escapes them in: a ':' before "//" (a URL
// autolink), the '.' of "www." (a www autolink), and at the start of the
// text a list, heading or block-quote marker ("- ", "+ ", "= ", "1. ",
// "2) ").
const mdSpecial = "\\`*_{}[]<>#|~&\"$"

// wordJoiner (U+2060, invisible) follows every '@' in Markdown: no
// backslash or entity stops cmark-gfm, GitHub's renderer, from linking
// an email address (it links the text after escapes are resolved), but a
// domain must start with a letter or digit; it also keeps "@name" from
// mentioning anyone.
const wordJoiner = "\u2060"

// Markdown makes repository text render literally in Markdown, in prose, in
// a heading, in a list item or in a table cell: it applies Text (so a line
// break is the two characters \n, and a line cannot be ended, let alone
// started, by it), then escapes with a backslash every ASCII punctuation
// character that takes part in syntax where it stands, and writes < > & "
// as entities so that no HTML comes from it even where backslashes are not
// honoured; an '@' is followed by an invisible word joiner, so that no
// email address is linked and no one mentioned. A pipe becomes \|, which a
// GFM table cell reads as a literal pipe; any backslash before it is itself
// escaped, so the number of backslashes before a pipe is always odd and no
// renderer reads the pipe as the end of a cell. Text with nothing to escape
// is returned as it is.
func Markdown(s string) string {
	s = Text(s)
	lead := mdLeadMarker(s) // the index of a list marker's '.' or ')', or of a leading - + =, else -1
	if lead < 0 && !strings.ContainsAny(s, mdSpecial+"@") && !strings.Contains(s, "://") && !mdHasWWW(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '<':
			b.WriteString("&lt;")
		case c == '>':
			b.WriteString("&gt;")
		case c == '&':
			b.WriteString("&amp;")
		case c == '"':
			b.WriteString("&quot;")
		case c == '@':
			b.WriteString("@" + wordJoiner)
		case strings.IndexByte(mdSpecial, c) >= 0,
			i == lead,
			c == ':' && strings.HasPrefix(s[i+1:], "//"),
			c == '.' && i >= 3 && strings.EqualFold(s[i-3:i], "www"):
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// mdLeadMarker returns the index of the character that would make the start
// of s a block marker: a leading '-', '+' or '=' (a list item, a setext
// underline), or the '.' or ')' after up to nine leading digits (an ordered
// list item); -1 when there is none. ('#' and '>' are always escaped.)
func mdLeadMarker(s string) int {
	if s == "" {
		return -1
	}
	switch s[0] {
	case '-', '+', '=':
		return 0
	}
	i := 0
	for i < len(s) && i < 9 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') {
		return i
	}
	return -1
}

// mdHasWWW reports whether s holds "www." in any case.
func mdHasWWW(s string) bool {
	for i := 3; i < len(s); i++ {
		if s[i] == '.' && strings.EqualFold(s[i-3:i], "www") {
			return true
		}
	}
	return false
}

// MarkdownCode writes repository text as inline code that renders
// literally, in prose and in a table cell alike: Text, then code spans
// fenced with more backticks than the text holds in a row. A pipe, which
// would end a GFM table cell even inside a code span, is written between
// the spans as \| (a literal pipe in prose and in a cell), so that the same
// string is safe in both places. "" stays "".
func MarkdownCode(s string) string {
	s = Text(s)
	if s == "" {
		return ""
	}
	parts := strings.Split(s, "|")
	var b strings.Builder
	b.Grow(len(s) + 4)
	for i, p := range parts {
		if i > 0 {
			b.WriteString(`\|`)
		}
		if p != "" {
			b.WriteString(codeSpan(p))
		}
	}
	return b.String()
}

// codeSpan is s (one line, no pipe) as one CommonMark code span.
func codeSpan(s string) string {
	run, longest := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	// A span that starts or ends with a backtick needs a space inside the
	// fence; one that starts and ends with a space loses one of each, so it
	// gets one more. Either way the renderer strips exactly what is added.
	// Spaces only are kept as they are.
	if strings.Trim(s, " ") != "" && (s[0] == '`' || s[len(s)-1] == '`' || s[0] == ' ' && s[len(s)-1] == ' ') {
		s = " " + s + " "
	}
	return fence + s + fence
}

// Quote is repository text between double quotes, for a string value shown
// in prose or a table (a changed title): backslashes and double quotes are
// escaped with a backslash, control characters as Text writes them, so
// that "a \"b\"" reads back unambiguously.
func Quote(s string) string {
	if strings.ContainsAny(s, `\"`) {
		s = strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)
	}
	return `"` + Text(s) + `"`
}

// GitHubData escapes the message of a workflow command: %, CR and LF as
// the runner decodes them (%25, %0D, %0A), and every other control
// character as Text writes it, so that no terminal control reaches the job
// log.
func GitHubData(s string) string {
	return ghEscape(s, false)
}

// GitHubProperty escapes a property of a workflow command (file, title):
// as GitHubData, and ':' and ',' (%3A, %2C), which end a property.
func GitHubProperty(s string) string {
	return ghEscape(s, true)
}

func ghEscape(s string, property bool) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		switch {
		case r == '%':
			b.WriteString("%25")
		case r == '\r':
			b.WriteString("%0D")
		case r == '\n':
			b.WriteString("%0A")
		case property && r == ':':
			b.WriteString("%3A")
		case property && r == ',':
			b.WriteString("%2C")
		case IsControl(r):
			b.WriteString(Text(string(r)))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// zwsp is the zero-width space that follows a chat markup character in
// repository text, so that no chat reads it as markup (SPEC §5).
const zwsp = "\u200b"

// Slack makes repository text literal in Slack mrkdwn (SPEC §5): Text,
// then &, < and > as &amp;, &lt; and &gt; (so that no <!channel>, <@U…>
// or <url|text> comes from it), and each of * _ ~ ` (which Slack cannot
// escape), and the @ of a would-be @channel and the : of a URL, followed
// by a zero-width space, so that nothing formats, mentions or links.
func Slack(s string) string {
	s = Text(s)
	if !strings.ContainsAny(s, "&<>*_~`@:") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '*', '_', '~', '`', '@':
			b.WriteByte(c)
			b.WriteString(zwsp)
		case ':':
			b.WriteByte(c)
			if strings.HasPrefix(s[i+1:], "//") {
				b.WriteString(zwsp)
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// teamsMarkup are the characters an Adaptive Card TextBlock's Markdown,
// or Teams' own reading of a message, may take as markup within a line:
// emphasis, code, links and images, mentions (<at>) and entities. (List
// and heading markers count only at the start of a line, and repository
// text never starts one: Text makes its line breaks visible, and okr's
// own words begin every line.)
const teamsMarkup = "*_~`[]()<>&!|\\@"

// Teams makes repository text literal in an Adaptive Card TextBlock (SPEC
// §5): Text, then each markup character, and the : of a URL, followed by
// a zero-width space, so that no emphasis, link or mention (<at>…</at>)
// comes from it.
func Teams(s string) string {
	s = Text(s)
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); i++ {
		c := s[i]
		b.WriteByte(c)
		switch {
		case strings.IndexByte(teamsMarkup, c) >= 0,
			c == ':' && strings.HasPrefix(s[i+1:], "//"):
			b.WriteString(zwsp)
		}
	}
	return b.String()
}

// HTML makes repository text literal in HTML text or a quoted attribute
// value: Text, then &, <, >, ' and " as character references.
func HTML(s string) string {
	return html.EscapeString(Text(s))
}
