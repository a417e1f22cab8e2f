package lsp

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// encoding is the position encoding negotiated at initialize: how an LSP
// Position's character counts within a line.
type encoding int

const (
	utf16Encoding encoding = iota // UTF-16 code units: LSP's default
	utf8Encoding                  // bytes, when the client offers "utf-8"
)

func (e encoding) String() string {
	if e == utf8Encoding {
		return "utf-8"
	}
	return "utf-16"
}

// units returns how many units of e the first n characters (code points)
// of line take, the characters past its end counted as one unit each.
// This is the one place where okr's columns, which count characters
// (SPEC §3), become an editor's: é is one UTF-16 unit and two UTF-8 bytes,
// 😀 two UTF-16 units and four bytes, a CJK character one unit and three
// bytes.
func units(line string, n int, e encoding) int {
	u := 0
	for _, r := range line {
		if n <= 0 {
			return u
		}
		n--
		u += runeUnits(r, e)
	}
	return u + max(n, 0)
}

// runeUnits is the width of r in units of e (an invalid byte, read as
// U+FFFD, is one byte of UTF-8 and one unit of UTF-16).
func runeUnits(r rune, e encoding) int {
	if e == utf8Encoding {
		if r == utf8.RuneError {
			return 1
		}
		return utf8.RuneLen(r)
	}
	if utf16.IsSurrogate(r) || r < 0x10000 {
		return 1
	}
	return 2
}

// byteOffset returns the byte offset within line of the position ch,
// counted in units of e; past the end of the line it is the line's length,
// and inside a character it is that character's start.
func byteOffset(line string, ch int, e encoding) int {
	u := 0
	for i, r := range line {
		w := runeUnits(r, e)
		if u+w > ch {
			return i
		}
		u += w
	}
	return len(line)
}

// text is a document's text split in lines, as okr and LSP count them:
// a line ends at "\n", and a "\r" before it is not part of the line.
type text struct {
	s      string
	starts []int // byte offset of each line's start
}

func newText(s string) *text {
	t := &text{s: s, starts: []int{0}}
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			t.starts = append(t.starts, i+1)
		}
	}
	return t
}

// lines returns the number of lines.
func (t *text) lines() int { return len(t.starts) }

// line returns line i (0-based) without its line ending; "" past the end.
func (t *text) line(i int) string {
	if i < 0 || i >= len(t.starts) {
		return ""
	}
	end := len(t.s)
	if i+1 < len(t.starts) {
		end = t.starts[i+1] - 1
	}
	return strings.TrimSuffix(t.s[t.starts[i]:end], "\r")
}

// offset returns the byte offset in the text of p, clamped to the text.
func (t *text) offset(p Position, e encoding) int {
	switch {
	case p.Line < 0:
		return 0
	case p.Line >= len(t.starts):
		return len(t.s)
	}
	return t.starts[p.Line] + byteOffset(t.line(p.Line), max(p.Character, 0), e)
}

// position returns the Position of byte offset off of line i.
func (t *text) position(i, off int, e encoding) Position {
	l := t.line(i)
	off = min(max(off, 0), len(l))
	return Position{Line: i, Character: units(l, utf8.RuneCountInString(l[:off]), e)}
}

// problemRange returns the range of a problem at okr's line and column
// (1-based, the column in characters): from there to the end of the token
// there (tokenEnd); the whole rest of the line when rest is set (a YAML
// syntax error). Line 0 (a problem of the whole file) is the file's start.
func (t *text) problemRange(line, col int, rest, csv bool, e encoding) Range {
	if line <= 0 {
		return Range{}
	}
	i := line - 1
	l := t.line(i)
	start := byteOffset(l, units(l, max(col-1, 0), utf8Encoding), utf8Encoding)
	end := len(strings.TrimRight(l, " \t"))
	if !rest {
		end = tokenEnd(l, start, csv)
	}
	end = max(end, start)
	return Range{Start: t.position(i, start, e), End: t.position(i, end, e)}
}

// tokenEnd returns the byte offset in line where the token that starts at
// byte start ends: a quoted scalar at its closing quote, a key at its
// colon, a plain scalar before a comment, and in a flow collection (or a
// CSV row, when csv is set) at the next separator.
func tokenEnd(line string, start int, csv bool) int {
	if start >= len(line) {
		return len(line)
	}
	switch q := line[start]; {
	case q == '"' || q == '\'':
		for i := start + 1; i < len(line); i++ {
			switch {
			case q == '"' && line[i] == '\\':
				i++
			case line[i] == q && q == '\'' && i+1 < len(line) && line[i+1] == '\'':
				i++
			case line[i] == q:
				return i + 1
			}
		}
		return len(strings.TrimRight(line, " \t"))
	}
	flow := strings.ContainsAny(line[:start], "{[")
	end := len(line)
	for i := start; i < len(line); i++ {
		c := line[i]
		if csv && c == ',' {
			end = i
			break
		}
		if c == ':' && (i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\t' || (flow && strings.IndexByte(",]}", line[i+1]) >= 0)) {
			end = i
			break
		}
		if c == '#' && i > start && (line[i-1] == ' ' || line[i-1] == '\t') {
			end = i
			break
		}
		if flow && strings.IndexByte(",]}", c) >= 0 {
			end = i
			break
		}
	}
	return start + len(strings.TrimRight(line[start:end], " \t"))
}
