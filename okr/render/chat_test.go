package render

import (
	"strings"
	"testing"
)

// TestChatEscapes: worked examples of Slack, Teams and HTML escaping.
func TestChatEscapes(t *testing.T) {
	const z = "\u200b"
	for _, tt := range []struct{ in, slack, teams, html string }{
		{"plain text", "plain text", "plain text", "plain text"},
		{"<!channel>", "&lt;!channel&gt;", "<" + z + "!" + z + "channel>" + z, "&lt;!channel&gt;"},
		{"<@U999>", "&lt;@" + z + "U999&gt;", "<" + z + "@" + z + "U999>" + z, "&lt;@U999&gt;"},
		{"<http://x|y>", "&lt;http:" + z + "//x|y&gt;", "<" + z + "http:" + z + "//x|" + z + "y>" + z, "&lt;http://x|y&gt;"},
		{"*b* _i_ ~s~ `c`", "*" + z + "b*" + z + " _" + z + "i_" + z + " ~" + z + "s~" + z + " `" + z + "c`" + z,
			"*" + z + "b*" + z + " _" + z + "i_" + z + " ~" + z + "s~" + z + " `" + z + "c`" + z, "*b* _i_ ~s~ `c`"},
		{"<at>x</at>", "&lt;at&gt;x&lt;/at&gt;", "<" + z + "at>" + z + "x<" + z + "/at>" + z, "&lt;at&gt;x&lt;/at&gt;"},
		{"[x](http://y)", "[x](http:" + z + "//y)", "[" + z + "x]" + z + "(" + z + "http:" + z + "//y)" + z, "[x](http://y)"},
		{"a & b \"q\" 'q'", "a &amp; b \"q\" 'q'", "a &" + z + " b \"q\" 'q'", "a &amp; b &#34;q&#34; &#39;q&#39;"},
		{"line\nbreak", `line\nbreak`, `line\` + z + `nbreak`, `line\nbreak`}, // Text's visible escape; a backslash escapes in Teams' Markdown
	} {
		if got := Slack(tt.in); got != tt.slack {
			t.Errorf("Slack(%q) = %q, want %q", tt.in, got, tt.slack)
		}
		if got := Teams(tt.in); got != tt.teams {
			t.Errorf("Teams(%q) = %q, want %q", tt.in, got, tt.teams)
		}
		if got := HTML(tt.in); got != tt.html {
			t.Errorf("HTML(%q) = %q, want %q", tt.in, got, tt.html)
		}
	}
}

// FuzzChatEscapes: whatever the text, Slack's escaping leaves no < or >
// and no markup character without its zero-width space, Teams' leaves no
// markup character without one, and both show the text as Text does.
func FuzzChatEscapes(f *testing.F) {
	for _, s := range []string{"<!channel>", "*b*", "<at>x</at>", "[x](http://y)", "a\u200bb", "é<\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sl := Slack(s)
		if strings.ContainsAny(sl, "<>") {
			t.Errorf("Slack(%q) = %q holds < or >", s, sl)
		}
		unescaped := strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(strings.ReplaceAll(sl, "\u200b", ""))
		if want := strings.ReplaceAll(Text(s), "\u200b", ""); unescaped != want {
			t.Errorf("Slack(%q) shows %q, want %q", s, unescaped, want)
		}
		tm := Teams(s)
		if want := strings.ReplaceAll(Text(s), "\u200b", ""); strings.ReplaceAll(tm, "\u200b", "") != want {
			t.Errorf("Teams(%q) shows %q, want %q", s, tm, want)
		}
		for name, out := range map[string]string{"Slack": sl, "Teams": tm} {
			marks := "*_~`"
			if name == "Teams" {
				marks = teamsMarkup
			}
			for i := 0; i < len(out); i++ {
				if strings.IndexByte(marks, out[i]) >= 0 && !strings.HasPrefix(out[i+1:], "\u200b") {
					t.Fatalf("%s(%q) = %q: %q at %d not followed by a zero-width space", name, s, out, out[i], i)
				}
			}
		}
	})
}
