package render

import (
	"io"
	"strings"

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
	// ids, authors, subjects. Left-aligned; on a terminal its cells are cut
	// with "…" to fit.
	colText col = iota
	// colWord is a short word or date (a type, grade, status, cadence,
	// commit): left-aligned, never cut.
	colWord
	// colNum is a number or score, with its unit: right-aligned, never cut.
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

// fitTable cuts the cells of a table's text columns to the widths
// fitWidths gives for width cells, each cut cell ending with "…". Headers,
// numbers and words are never cut: a text column's floor is its header's
// width or textFloor cells after the deepest indentation of its cells,
// whichever is more. A table that cannot fit even so keeps its text at the
// floors and is wider than width. It returns the table as it is when it
// fits.
func fitTable(width int, cols []col, header []string, rows [][]string) ([]string, [][]string) {
	natural, floor, indent := make([]int, len(header)), make([]int, len(header)), make([]int, len(header))
	for _, r := range rows {
		for j, c := range r {
			if j < len(natural) {
				c = withoutSGR(c)
				natural[j] = max(natural[j], twwidth.Width(c))
				indent[j] = max(indent[j], len(c)-len(strings.TrimLeft(c, " ")))
			}
		}
	}
	for j, c := range header {
		h := twwidth.Width(withoutSGR(c))
		natural[j] = max(natural[j], h)
		floor[j] = natural[j]
		if j < len(cols) && cols[j] == colText {
			floor[j] = max(h, indent[j]+textFloor)
		}
	}
	widths, _ := fitWidths(natural, floor, width)
	cut := false
	for j := range widths {
		cut = cut || widths[j] < natural[j]
	}
	if !cut {
		return header, rows
	}
	newRows := make([][]string, len(rows))
	for i, r := range rows {
		out := make([]string, len(r))
		for j, c := range r {
			out[j] = c
			if j < len(widths) && widths[j] < natural[j] {
				out[j] = cutCell(c, widths[j])
			}
		}
		newRows[i] = out
	}
	return header, newRows
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
