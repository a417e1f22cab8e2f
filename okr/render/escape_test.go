package render

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"github.com/okr-as-code/okr/okr/sheet"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
)

// hostile are strings a pull request can put in a title, an id, a file name
// or a commit: Markdown and HTML syntax, autolinks, table breakers and
// control characters.
var hostile = []string{
	"plain title",
	"*all*", "**bold**", "_under_", "__u__", "~~gone~~", "~one~",
	"[x](http://evil)", "![img](http://evil/a.png)", "[ref]", "[x]: http://evil", "[^1]",
	"<b>bold</b>", "<script>alert(1)</script>", "<!-- c -->", "<http://evil>", "<a@b.example>",
	"http://evil.example/x", "https://evil.example", "www.evil.example", "WWW.EVIL.EXAMPLE", "mail me@evil.example", "@octocat please", "a.b+c@d-e.example.com",
	`a \| b`, `a | b`, `a \\| b`, `trailing \`, `\`, `|`, "||", `\\\|`,
	"`code`", "``", "a ` b", "&amp; &lt; &#42;", "&copy;", "$x^2$", "1. first", "- item", "# heading", "> quote",
	"line\nbreak", "a\r\nb", "tab\there", "\x1b]0;TITLE\a", "\x1b[2J", "\n::error::x", "a\u2028b\u2029c", "del\x7f c1\u0085\u009b",
	"=== ---", "+ plus", "= x", "1) first", "2026) x", "123456789. x", "see www.x.example now", "go to HTTP://X.EXAMPLE", "ftp://x.example", "a:b://c", "on-time 99.9% (p95)!", "![x]", "a * b * c", "snake_case_name", "100%", "'q' \"dq\"", ":smile:", "{curly}", "ünïcödé → ≥",
}

// gfm renders Markdown as GitHub does (GFM, raw HTML allowed, so that any
// HTML that got through would show), with goldmark.
func gfm(t *testing.T, md string) string {
	t.Helper()
	var b bytes.Buffer
	m := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(html.WithUnsafe()))
	if err := m.Convert([]byte(md), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// renderers are the GFM renderers the Markdown escaping is held to:
// goldmark, and GitHub's own cmark-gfm where it is installed (Debian's
// cmark-gfm; .ci/run installs it). The two differ where escaping is
// ambiguous: a cell holding \\| is "\\|" in goldmark and "|" in cmark-gfm.
func renderers(t *testing.T) map[string]func(t *testing.T, md string) string {
	r := map[string]func(t *testing.T, md string) string{"goldmark": gfm}
	if bin, err := exec.LookPath("cmark-gfm"); err == nil {
		r["cmark-gfm"] = func(t *testing.T, md string) string {
			t.Helper()
			cmd := exec.Command(bin, "--unsafe", "-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tagfilter")
			cmd.Stdin = strings.NewReader(md)
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("cmark-gfm: %v", err)
			}
			return string(out)
		}
	} else {
		t.Log("cmark-gfm is not installed: goldmark only")
	}
	return r
}

// htmlText is s as goldmark writes text: & < > " as entities.
func htmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

func TestMarkdownRendersLiterally(t *testing.T) {
	for name, gfm := range renderers(t) {
		t.Run(name, func(t *testing.T) { markdownRendersLiterally(t, gfm) })
	}
}

func markdownRendersLiterally(t *testing.T, gfm func(t *testing.T, md string) string) {
	for _, s := range hostile {
		// What shows: the text as Text writes it, with an invisible word
		// joiner after each @.
		shown := strings.ReplaceAll(Text(s), "@", "@"+wordJoiner)
		want := htmlText(strings.TrimSpace(shown))
		if got := gfm(t, "Goal: "+Markdown(s)+" end"); got != "<p>Goal: "+htmlText(shown)+" end</p>\n" {
			t.Errorf("prose Markdown(%q) = %q renders as %q", s, Markdown(s), got)
		}
		if got := gfm(t, "### "+Markdown(s)); got != "<h3>"+want+"</h3>\n" {
			t.Errorf("heading Markdown(%q) = %q renders as %q", s, Markdown(s), got)
		}
		table := "| A | B |\n| --- | --- |\n| " + Markdown(s) + " | y |\n"
		wantTable := "<table>\n<thead>\n<tr>\n<th>A</th>\n<th>B</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>" + want + "</td>\n<td>y</td>\n</tr>\n</tbody>\n</table>\n"
		if got := gfm(t, table); got != wantTable {
			t.Errorf("cell Markdown(%q) = %q renders as %q", s, Markdown(s), got)
		}
		item := "- " + Markdown(s)
		if got := gfm(t, item); got != "<ul>\n<li>"+want+"</li>\n</ul>\n" {
			t.Errorf("list item Markdown(%q) = %q renders as %q", s, Markdown(s), got)
		}
	}
}

func TestMarkdownCodeRendersLiterally(t *testing.T) {
	for name, gfm := range renderers(t) {
		t.Run(name, func(t *testing.T) { markdownCodeRendersLiterally(t, gfm) })
	}
	if got := MarkdownCode(""); got != "" {
		t.Errorf(`MarkdownCode("") = %q, want ""`, got)
	}
}

func markdownCodeRendersLiterally(t *testing.T, gfm func(t *testing.T, md string) string) {
	for _, s := range append(hostile, " lead", "trail ", " both ", "`", "``a``", " ` ", "   ") {
		// Each piece between pipes is a code span holding exactly that text.
		var want strings.Builder
		for i, p := range strings.Split(Text(s), "|") {
			if i > 0 {
				want.WriteString("|")
			}
			if p != "" {
				want.WriteString("<code>" + htmlText(p) + "</code>")
			}
		}
		if got := gfm(t, "Ref "+MarkdownCode(s)+" end"); got != "<p>Ref "+want.String()+" end</p>\n" {
			t.Errorf("prose MarkdownCode(%q) = %q renders as %q", s, MarkdownCode(s), got)
		}
		table := "| A | B |\n| --- | --- |\n| x " + MarkdownCode(s) + " x | y |\n"
		wantTable := "<table>\n<thead>\n<tr>\n<th>A</th>\n<th>B</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>x " + want.String() + " x</td>\n<td>y</td>\n</tr>\n</tbody>\n</table>\n"
		if got := gfm(t, table); got != wantTable {
			t.Errorf("cell MarkdownCode(%q) = %q renders as %q", s, MarkdownCode(s), got)
		}
	}
}

func TestText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain → ≥ ü", "plain → ≥ ü"},
		{"a\nb", `a\nb`},
		{"a\r\nb", `a\r\nb`},
		{"a\tb", `a\tb`},
		{"\x1b]0;TITLE\a", `\x1b]0;TITLE\x07`},
		{"\x1b[2J", `\x1b[2J`},
		{"\x00\x1f\x7f", `\x00\x1f\x7f`},
		{"\u0085\u009b\u009f\u00a0", `\x85\x9b\x9f` + "\u00a0"}, // C1 controls; U+00A0 is not one
		{"a\u2028b\u2029c", `a\u2028b\u2029c`},
		{"\n::error::x", `\n::error::x`},
		{"", ""},
	} {
		if got := Text(c.in); got != c.want {
			t.Errorf("Text(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestLinePath: a file name that begins a line never begins it with "::",
// a GitHub Actions workflow command; other names are Text's.
func TestLinePath(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"teams/payments.yaml", "teams/payments.yaml"},
		{"::error::x.csv", "./::error::x.csv"},
		{"::add-mask::y/z.yaml", "./::add-mask::y/z.yaml"},
		{":x.csv", ":x.csv"},       // one colon is no command
		{"a/::b.csv", "a/::b.csv"}, // not at the start of the line
		{"\n::error::x", `\n::error::x`},
		{"\n", `\n`},
		{"::\nx", `./::\nx`},
		{"", ""},
	} {
		if got := LinePath(c.in); got != c.want {
			t.Errorf("LinePath(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestQuote(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Make checkout effortless", `"Make checkout effortless"`},
		{`say "hi"`, `"say \"hi\""`},
		{`back\slash`, `"back\\slash"`},
		{"a\nb", `"a\nb"`},
		{`a\nb`, `"a\\nb"`}, // a backslash and an n, not a line break
		{"", `""`},
	} {
		if got := Quote(c.in); got != c.want {
			t.Errorf("Quote(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestGitHubEscapes(t *testing.T) {
	for _, c := range []struct{ in, data, prop string }{
		{"plain", "plain", "plain"},
		{"100% a:b,c", "100%25 a:b,c", "100%25 a%3Ab%2Cc"},
		{"z\n::error file=README.md,line=1::INJECTED\n.yaml", "z%0A::error file=README.md,line=1::INJECTED%0A.yaml", "z%0A%3A%3Aerror file=README.md%2Cline=1%3A%3AINJECTED%0A.yaml"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"\x1b]0;T\a\x1b[2J\u0085\u2028", `\x1b]0;T\x07\x1b[2J\x85\u2028`, `\x1b]0;T\x07\x1b[2J\x85\u2028`},
	} {
		if got := GitHubData(c.in); got != c.data {
			t.Errorf("GitHubData(%q) = %q, want %q", c.in, got, c.data)
		}
		if got := GitHubProperty(c.in); got != c.prop {
			t.Errorf("GitHubProperty(%q) = %q, want %q", c.in, got, c.prop)
		}
	}
}

// TestGFMRendererSeesSyntax holds the renderer above to what GitHub does
// with the unescaped strings, so that the tests above can fail.
func TestGFMRendererSeesSyntax(t *testing.T) {
	for name, gfm := range renderers(t) {
		t.Run(name, func(t *testing.T) { gfmRendererSeesSyntax(t, gfm) })
	}
}

func gfmRendererSeesSyntax(t *testing.T, gfm func(t *testing.T, md string) string) {
	for md, tag := range map[string]string{
		"*all*":               "<em>",
		"[x](http://evil)":    `<a href="http://evil">`,
		"<b>bold</b>":         "<b>",
		"www.evil.example":    `<a href="http://www.evil.example">`,
		"http://evil.example": `<a href="http://evil.example">`,
		"~~gone~~":            "<del>",
		"me@evil.example":     `<a href="mailto:me@evil.example">`,
	} {
		if got := gfm(t, md); !strings.Contains(got, tag) {
			t.Errorf("%q renders as %q, without %s", md, got, tag)
		}
	}
}

func TestJSONEscapesEveryControl(t *testing.T) {
	var b bytes.Buffer
	in := "a\x1b[2J\x7f\u0085\u009b\u009f\u00a0→\u2028\n"
	if err := JSON(&b, map[string]string{"k": in}); err != nil {
		t.Fatal(err)
	}
	want := "{\n  \"k\": \"a\\u001b[2J\\u007f\\u0085\\u009b\\u009f\u00a0→\\u2028\\n\"\n}\n"
	if b.String() != want {
		t.Errorf("JSON = %q, want %q", b.String(), want)
	}
	var back map[string]string
	if err := json.Unmarshal(b.Bytes(), &back); err != nil || back["k"] != in {
		t.Errorf("JSON does not read back: %q, %v", back["k"], err)
	}
}

func TestCSV(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Make checkout effortless", "Make checkout effortless"},
		{"empty", "", ""},
		{"formula", `=HYPERLINK("http://x","y")`, `'=HYPERLINK("http://x","y")`},
		{"plus", "+1 555 0100", "'+1 555 0100"},
		{"minus", "-2+3", "'-2+3"},
		{"at", "@SUM(A1:A9)", "'@SUM(A1:A9)"},
		{"equals inside", "a = b", "a = b"},
		{"quote kept", "'quoted'", "'quoted'"},
		// Text that begins with ' then a formula character gets one more
		// ', so that okr import, which takes one away, reads it back.
		{"guard-like text", "'=x", "''=x"},
		{"two quotes then at", "''@x", "'''@x"},
		{"quote, then not a formula", "'Tis the season", "'Tis the season"},
		// A tab or CR at the start is a formula start in some
		// spreadsheets; Text has already made it \t or \r.
		{"tab", "\t=1+1", `\t=1+1`},
		{"carriage return", "\r=1", `\r=1`},
		// Escaping comes first: a control character before '=' leaves
		// the cell starting with '\'.
		{"escape then check", "\x1b=x", `\x1b=x`},
		{"line break then formula", "=a\nb", `'=a\nb`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := CSV(tc.in); got != tc.want {
				t.Errorf("CSV(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// FuzzCSVGuard: okr import reads back every text csv output wrote
// (sheet.Unguard of CSV is Text), and no cell begins with a formula
// character.
func FuzzCSVGuard(f *testing.F) {
	for _, s := range []string{"=1+1", "'=x", "''@y", "'quoted'", "-", "'", "", "plain"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := CSV(s)
		if out != "" && strings.IndexByte("=+-@", out[0]) >= 0 {
			t.Fatalf("CSV(%q) = %q begins with a formula character", s, out)
		}
		if back := sheet.Unguard(out); back != Text(s) {
			t.Fatalf("CSV(%q) = %q reads back as %q, want %q", s, out, back, Text(s))
		}
	})
}
