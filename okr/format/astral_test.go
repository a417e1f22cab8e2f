package format

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// FuzzEncodeAstral: Encode writes scalars that mix characters beyond the
// BMP, private-use characters and YAML's own punctuation so that they
// read back as they were, in every style, as keys, values and comments,
// and leaves the nodes as they were. The fuzzer's bytes choose the
// characters: FuzzSource alone would not tell a wrong mapping from a file
// okr fmt leaves alone, since Source then refuses.
func FuzzEncodeAstral(f *testing.F) {
	f.Add([]byte("a\x80b\x81"), uint8(0))
	f.Add([]byte("\x80\x90 #:\x82"), uint8(3))
	f.Add([]byte("\x80\n\x81 \x82"), uint8(4))
	f.Add([]byte("\xc0\x80 \xc1\x81"), uint8(0)) // U+E000 😀 U+E001 😁
	f.Fuzz(func(t *testing.T, b []byte, style uint8) {
		// Bytes 0x80 and up are characters: beyond the BMP (two thirds)
		// or private-use; the others are themselves when printable.
		var sb strings.Builder
		for _, c := range b {
			switch {
			case c >= 0xc0:
				sb.WriteRune(0xE000 + rune(c-0xc0))
			case c >= 0x80:
				sb.WriteRune(0x1F600 + rune(c-0x80))
			case c == '\n' || c >= 0x20 && c < 0x7f:
				sb.WriteByte(c)
			}
		}
		s := sb.String()
		// Where go-yaml cannot write s read back as it was with each
		// character beyond the BMP as a private-use one (as Encode has it
		// write), for its own reasons, Encode cannot either.
		if !readsBack(strings.Map(func(r rune) rune {
			if r > 0xFFFF {
				return r - 0x1F600 + 0xE100
			}
			return r
		}, s), style) {
			return
		}
		doc, key, val, item, comment := astralDoc(s, style)
		out, err := Encode(doc)
		if err != nil {
			return // go-yaml refuses some (a key too long, …)
		}
		if key.Value != s || val.Value != s || item.Value != s+" "+s {
			t.Fatalf("Encode changed the nodes")
		}
		if !utf8.Valid(out) {
			t.Fatalf("not UTF-8: %q", out)
		}
		var back yaml.Node
		if err := yaml.Unmarshal(out, &back); err != nil {
			t.Fatalf("%v:\n%s", err, out)
		}
		bm := back.Content[0]
		if len(bm.Content) != 4 || bm.Content[0].Value != s || bm.Content[1].Value != s ||
			len(bm.Content[3].Content) != 1 || bm.Content[3].Content[0].Value != s+" "+s {
			t.Fatalf("%q read back otherwise:\n%s", s, out)
		}
		if c := comments3(bm); c != comment {
			t.Fatalf("comment %q read back as %q:\n%s", comment, c, out)
		}
	})
}

// astralDoc is a document that holds s as a key, as a value of the style
// style chooses, in a sequence item and in a comment.
func astralDoc(s string, style uint8) (doc, key, val, item *yaml.Node, comment string) {
	styles := []yaml.Style{0, yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle, yaml.LiteralStyle, yaml.FoldedStyle}
	st := styles[int(style)%len(styles)]
	key = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	val = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: st}
	item = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s + " " + s}
	seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.Style(style&8) * yaml.FlowStyle / 8, Content: []*yaml.Node{item}}
	comment = "# " + strings.ReplaceAll(s, "\n", " ")
	m := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
		key, val,
		{Kind: yaml.ScalarNode, Value: "list", LineComment: comment}, seq,
	}}
	doc = &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{m}}
	return doc, key, val, item, comment
}

// readsBack reports whether go-yaml alone writes astralDoc(s, style) so
// that it reads back as it was.
func readsBack(s string, style uint8) bool {
	doc, _, _, _, _ := astralDoc(s, style)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if enc.Encode(doc) != nil || enc.Close() != nil {
		return false
	}
	var back yaml.Node
	if yaml.Unmarshal(buf.Bytes(), &back) != nil || len(back.Content) != 1 {
		return false
	}
	bm := back.Content[0]
	return len(bm.Content) == 4 && bm.Content[0].Value == s && bm.Content[1].Value == s &&
		len(bm.Content[3].Content) == 1 && bm.Content[3].Content[0].Value == s+" "+s &&
		comments3(bm) == "# "+strings.ReplaceAll(s, "\n", " ")
}

// comments3 is the comment of the list key as read back, wherever go-yaml
// put it.
func comments3(m *yaml.Node) string {
	return m.Content[2].LineComment + m.Content[3].LineComment + m.Content[3].Content[0].LineComment
}

// TestEncodeAstralLimit: there are 6,400 private-use characters (U+E000 to
// U+F8FF). A document with as many distinct characters beyond the BMP has
// each written as itself; with one more, or with an emoji and every
// private-use character, go-yaml writes them as escapes in double quotes,
// which read back the same: nothing is lost.
func TestEncodeAstralLimit(t *testing.T) {
	distinct := func(n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteRune(0x1F000 + rune(i))
		}
		return b.String()
	}
	var pua strings.Builder
	for r := rune(0xE000); r <= 0xF8FF; r++ {
		pua.WriteRune(r)
	}
	for _, tc := range []struct {
		name, s string
		escaped bool
	}{
		{"6,400 distinct", distinct(6400), false},
		{"6,401 distinct", distinct(6401), true},
		{"every private-use character and an emoji", pua.String() + "😀", true},
		{"all but one private-use character and an emoji", pua.String()[3:] + "😀", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			val := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: tc.s}
			doc := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode, Content: []*yaml.Node{
				{Kind: yaml.ScalarNode, Value: "name"}, val,
			}}}}
			out, err := Encode(doc)
			if err != nil {
				t.Fatal(err)
			}
			if val.Value != tc.s {
				t.Fatal("Encode changed the node")
			}
			if escaped := strings.Contains(string(out), `\U`); escaped != tc.escaped {
				t.Errorf("escaped %v, want %v", escaped, tc.escaped)
			}
			var back struct{ Name string }
			if err := yaml.Unmarshal(out, &back); err != nil || back.Name != tc.s {
				t.Errorf("read back otherwise (%v)", err)
			}
		})
	}
}
