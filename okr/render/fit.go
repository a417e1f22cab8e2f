package render

import (
	"io"
	"slices"
	"strings"
	"unicode"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/olekukonko/tablewriter/tw"
)

// WithWidth returns a writer to w that carries the width of the terminal w
// writes to: a table written to it is fitted to cols columns (SPEC §3: a
// table written to a terminal fits its width). Only a terminal has a
// width: written to a file or a pipe (w itself) a table is never cut.
// cols ≤ 0 returns w.
func WithWidth(w io.Writer, cols int) io.Writer {
	if cols <= 0 {
		return w
	}
	return widthWriter{w, cols}
}

type widthWriter struct {
	io.Writer
	cols int
}

// widthOf returns the width that w carries (0: none) and the writer under
// it.
func widthOf(w io.Writer) (int, io.Writer) {
	if ww, ok := w.(widthWriter); ok {
		return ww.cols, ww.Writer
	}
	return 0, w
}

// A col is what a column of a table holds. It decides the column's
// alignment and whether a terminal's width may cut its cells.
type col int

const (
	// colText is repository text that can be long: titles, names, refs,
	// ids, authors, subjects. Left-aligned; on a terminal its cells are
	// cut with "…" to fit, never wrapped (its header may be).
	colText col = iota
	// colWord is a short word or date (a type, grade, status, cadence,
	// commit): left-aligned; on a terminal wrapped at its spaces where
	// cutting the text is not enough, never cut.
	colWord
	// colNum is a number or score, with its unit: right-aligned; on a
	// terminal wrapped at its spaces where cutting the text is not enough
	// (a number kept with its unit), never cut.
	colNum
)

// aligns returns the alignment of each column: numbers to the right.
func aligns(cols []col) []tw.Align {
	a := make([]tw.Align, len(cols))
	for j, c := range cols {
		a[j] = tw.AlignLeft
		if c == colNum {
			a[j] = tw.AlignRight
		}
	}
	return a
}

// textFloor is the fewest cells a text column is cut to, after the
// indentation of its cells: 9 characters and the "…".
const textFloor = 10

// fitWidths returns the widths of a table's columns so that the table,
// with its borders and padding (3 cells a column and 1), fits in width
// cells, and whether it does. natural is each column's width as written
// (its header included), floor the fewest cells it may be cut to
// (natural or more, for a column that is never cut). The widest column
// above its floor gives way first, one cell at a time (the first of equals
// first), so that long titles are cut before short ones and all of them
// evenly toward their floors. When the columns at their floors are still
// wider than width, every column is at its floor: as narrow as the table
// can be without cutting what is never cut, and wider than width.
func fitWidths(natural, floor []int, width int) ([]int, bool) {
	total := 1
	for _, w := range natural {
		total += w + 3
	}
	if total <= width {
		return natural, true
	}
	widths := append([]int(nil), natural...)
	var text []int // the columns that may give way: a few of many
	for i := range widths {
		if widths[i] > floor[i] {
			text = append(text, i)
		}
	}
	for ; total > width; total-- {
		j := -1
		for _, i := range text {
			if widths[i] > floor[i] && (j < 0 || widths[i] > widths[j]) {
				j = i
			}
		}
		if j < 0 {
			return widths, false
		}
		widths[j]--
	}
	return widths, true
}

// fitTable fits a table to width cells in two steps. First its text
// columns are cut with "…" to the widths fitWidths gives for width cells:
// a text column's floor is its header's width or textFloor cells after the
// deepest indentation of its cells, whichever is more; headers, numbers and
// words are not cut. A table that fits so is written so. Only a table still
// too wide has its cells wrapped at their spaces onto more lines (a cell of
// several lines is joined by "\n", which tablewriter writes as a row of
// several lines), headers included: the widest column first, as fitWidths
// gives way, no column under its longest word (cellWords: a number keeps
// its unit, a sign such as "≥" or "/" stays with a neighbour), and a text
// column, still cut, not under its header's longest word or textFloor
// cells after its indentation. A cell in colour is not wrapped. A table
// that cannot fit even so is written at its narrowest, wider than width.
// It returns the table as it is when it fits.
func fitTable(width int, cols []col, header []string, rows [][]string) ([]string, [][]string) {
	return fitMeasured(width, cols, header, rows, measureTable(cols, header, rows))
}

// tableSize is what fitTable measures of a table's columns: each one's
// width as written (natural), its longest word (words: the narrowest it
// can be wrapped to) and the deepest indentation of its cells (indent).
type tableSize struct {
	natural, words, indent []int
}

// measureTable measures the columns of a table (tableSize).
func measureTable(cols []col, header []string, rows [][]string) tableSize {
	n := len(header)
	natural, words, indent := make([]int, n), make([]int, n), make([]int, n)
	// A large table repeats its cells (types, statuses, units): each is
	// split into words once.
	wordCache := map[string]int{}
	longest := func(c string, width int) int {
		if !strings.Contains(strings.TrimLeft(c, " "), " ") {
			return width // one word
		}
		w, ok := wordCache[c]
		if !ok {
			w = longestWord(c)
			wordCache[c] = w
		}
		return w
	}
	measure := func(j int, c string) {
		w := cellWidth(c)
		natural[j] = max(natural[j], w)
		words[j] = max(words[j], longest(c, w))
	}
	for _, r := range rows {
		for j, c := range r {
			if j < n {
				measure(j, c)
				c = withoutSGR(c)
				indent[j] = max(indent[j], len(c)-len(strings.TrimLeft(c, " ")))
			}
		}
	}
	for j, c := range header {
		measure(j, c)
	}
	return tableSize{natural, words, indent}
}

// narrowest returns the fewest cells that column j can be fitted to
// (fitTable): a text column to its header's longest word or textFloor
// cells after its indentation, whichever is more, another to its longest
// word; never more than it is as written.
func (s tableSize) narrowest(cols []col, header []string, j int) int {
	if j < len(cols) && cols[j] == colText {
		return min(s.natural[j], max(longestWord(header[j]), s.indent[j]+textFloor))
	}
	return s.words[j]
}

// pick returns the size of the columns keep.
func (s tableSize) pick(keep []int) tableSize {
	var p tableSize
	for _, j := range keep {
		p.natural = append(p.natural, s.natural[j])
		p.words = append(p.words, s.words[j])
		p.indent = append(p.indent, s.indent[j])
	}
	return p
}

// leaveOut returns the columns of a table to write on a terminal of
// width cells: all of them when the table fits at its narrowest (every
// column at narrowest), else the table without the columns of optional
// it leaves out, in optional's order, the fewest that make it fit (all of
// optional where even that is not enough). It returns the headers of the
// columns left out, and the columns kept, in order, with their size.
func leaveOut(width int, cols []col, header []string, size tableSize, optional []int) (left []string, keep []int, kept tableSize) {
	n := len(header)
	total := 1
	narrow := make([]int, n)
	for j := range n {
		narrow[j] = size.narrowest(cols, header, j)
		total += narrow[j] + 3
	}
	out := make([]bool, n)
	for _, j := range optional {
		if total <= width {
			break
		}
		if j >= 0 && j < n && !out[j] {
			out[j] = true
			total -= narrow[j] + 3
			left = append(left, header[j])
		}
	}
	if len(left) == 0 {
		return nil, nil, size
	}
	for j := range n {
		if !out[j] {
			keep = append(keep, j)
		}
	}
	return left, keep, size.pick(keep)
}

// fitMeasured is fitTable of a table measured by measureTable.
func fitMeasured(width int, cols []col, header []string, rows [][]string, size tableSize) ([]string, [][]string) {
	n := len(header)
	natural, words, indent := size.natural, size.words, size.indent
	text := func(j int) bool { return j < len(cols) && cols[j] == colText }
	floor := slices.Clone(natural)
	for j := range floor {
		if text(j) {
			floor[j] = max(cellWidth(header[j]), indent[j]+textFloor)
		}
	}
	cut, fits := fitWidths(natural, floor, width)
	if fits && slices.Equal(cut, natural) {
		return header, rows
	}
	widths := cut
	if !fits {
		for j := range floor {
			floor[j] = words[j]
			if text(j) {
				floor[j] = max(longestWord(header[j]), indent[j]+textFloor)
			}
		}
		widths, _ = fitWidths(cut, floor, width)
	}
	reshape := func(j int, c string) string {
		if text(j) {
			return cutCell(c, widths[j])
		}
		return wrapCell(c, widths[j])
	}
	done := make([]map[string]string, n) // each column's cells as reshaped
	cell := func(j int, c string) string {
		if done[j] == nil {
			done[j] = map[string]string{}
		}
		r, ok := done[j][c]
		if !ok {
			r = reshape(j, c)
			done[j][c] = r
		}
		return r
	}
	h := make([]string, n)
	for j, c := range header {
		h[j] = c
		if cellWidth(c) > widths[j] {
			h[j] = wrapCell(c, widths[j])
		}
	}
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = make([]string, len(r))
		for j, c := range r {
			out[i][j] = c
			if j < n && widths[j] < natural[j] {
				out[i][j] = cell(j, c)
			}
		}
	}
	return h, out
}

// cellWidth returns the display width of s, colour sequences taking no
// room.
func cellWidth(s string) int {
	return displayWidth(withoutSGR(s))
}

// cellWords returns the words s may be wrapped between: split at its
// spaces, the indentation kept with the first word, and a word of one
// character that is neither a letter nor a digit kept with a neighbour
// (leadingSigns), a number kept with the word after it, its unit
// (number), and a second space kept with the word before it (no line is
// empty). Joined by single spaces they give back s. A cell in colour
// is one word: its colour would not carry over a line break.
func cellWords(s string) []string {
	if strings.Contains(s, "\x1b[") {
		return []string{s}
	}
	body := strings.TrimLeft(s, " ")
	parts := strings.Split(body, " ")
	parts[0] = s[:len(s)-len(body)] + parts[0]
	var out []string
	glue := false // the last word stays with this one
	for _, p := range parts {
		r := []rune(strings.TrimLeft(p, " "))
		sign := len(r) == 1 && !unicode.IsLetter(r[0]) && !unicode.IsDigit(r[0])
		if glue || len(out) > 0 && (p == "" || sign && !strings.ContainsRune(leadingSigns, r[0])) {
			out[len(out)-1] += " " + p
		} else {
			out = append(out, p)
		}
		if p != "" { // a second space keeps the glue for the word after it
			glue = sign && strings.ContainsRune(leadingSigns, r[0]) || number(r)
		}
	}
	return out
}

// number reports whether a word is a number: it starts with a digit,
// after a "-" or "+" if any. A number stays with the word after it, its
// unit ("420 ms", "45000 accounts", "4 medium").
func number(r []rune) bool {
	if len(r) > 1 && r[0] == '(' { // "yes (16 days)"
		r = r[1:]
	}
	if len(r) > 1 && (r[0] == '-' || r[0] == '+') {
		r = r[1:]
	}
	return len(r) > 0 && unicode.IsDigit(r[0])
}

// leadingSigns are the signs that stay with the word after them ("≥ 5",
// "→ 0.68"); another one-character sign stays with the word before it
// ("OWNER /").
const leadingSigns = "≥≤<>→↑↓~±≈"

// longestWord returns the width of the widest of s's words (cellWords).
func longestWord(s string) int {
	w := 0
	for _, p := range cellWords(s) {
		w = max(w, cellWidth(p))
	}
	return w
}

// wrapCell wraps s onto lines of at most width cells, joined by "\n",
// breaking only between its words (cellWords), as many on a line as fit;
// a word wider than width has a line of its own.
func wrapCell(s string, width int) string {
	var b strings.Builder
	used := -1
	for _, p := range cellWords(s) {
		w := cellWidth(p)
		switch {
		case used < 0:
			used = w
		case used+1+w <= width:
			b.WriteByte(' ')
			used += 1 + w
		default:
			b.WriteByte('\n')
			used = w
		}
		b.WriteString(p)
	}
	return b.String()
}

// cutCell returns s cut to width display cells, the last of them "…", when
// it is wider; colour sequences take no room and are kept, and a cut in
// colour ends with a reset.
func cutCell(s string, width int) string {
	if twwidth.Width(withoutSGR(s)) <= width {
		return s
	}
	var b strings.Builder
	used, coloured := 0, false
	for i := 0; i < len(s); {
		if strings.HasPrefix(s[i:], "\x1b[") {
			j := i + 2
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';') {
				j++
			}
			if j < len(s) && s[j] == 'm' {
				b.WriteString(s[i : j+1])
				coloured = s[i:j+1] != ansiReset
				i = j + 1
				continue
			}
		}
		r, n := firstRune(s[i:])
		rw := twwidth.Width(r)
		if used+rw > width-1 {
			break
		}
		b.WriteString(r)
		used += rw
		i += n
	}
	b.WriteString("…")
	if coloured {
		b.WriteString(ansiReset)
	}
	return b.String()
}

// firstRune returns the first character of s (a rune, as text) and its
// length in bytes.
func firstRune(s string) (string, int) {
	for i := range s {
		if i > 0 {
			return s[:i], i
		}
	}
	return s, len(s)
}
