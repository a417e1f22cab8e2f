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

// The widths a table's columns may be cut to, in turn, each step taken only
// when the one before does not make the table fit: text (left-aligned)
// columns to 12 cells, then every column to 8 (numbers, grades and
// statuses mostly stay whole), then to 4. A table that cannot fit even
// then is written as wide as it must be.
var fitSteps = []struct {
	min  int
	text bool // left-aligned columns only
}{{12, true}, {8, false}, {4, false}}

// fitWidths returns the widths of a table's columns, given their widths
// as written (natural, the header included), the widths of their cells
// below the header (data) and their alignment, so that the table, with its
// borders and padding (3 cells a column and 1), fits in cols cells. First
// a header wider than its column's cells is cut to them; then the widest
// column gives way first, one cell at a time, in the steps of fitSteps, so
// that the cut falls on long titles and leaves short columns whole.
func fitWidths(natural, data []int, align []tw.Align, cols int) []int {
	widths := append([]int(nil), natural...)
	total := 1
	for _, w := range widths {
		total += w + 3
	}
	for j := range widths {
		for total > cols && j < len(data) && widths[j] > max(data[j], fitSteps[len(fitSteps)-1].min) {
			widths[j]--
			total--
		}
	}
	for _, phase := range fitSteps {
		for total > cols {
			j := -1
			for i, w := range widths {
				if phase.text && i < len(align) && align[i] == tw.AlignRight {
					continue
				}
				if w > phase.min && (j < 0 || w > widths[j]) {
					j = i
				}
			}
			if j < 0 {
				break
			}
			widths[j]--
			total--
		}
	}
	return widths
}

// fitTable cuts the cells of a table (its header included) that are wider
// than fitWidths allows for cols cells, each to its column's width with a
// final "…". It returns the table as it is when it fits.
func fitTable(cols int, align []tw.Align, header []string, rows [][]string) ([]string, [][]string) {
	natural, data := make([]int, len(header)), make([]int, len(header))
	for _, r := range rows {
		for j, c := range r {
			if j < len(data) {
				data[j] = max(data[j], twwidth.Width(withoutSGR(c)))
			}
		}
	}
	for j, c := range header {
		natural[j] = max(data[j], twwidth.Width(withoutSGR(c)))
	}
	widths := fitWidths(natural, data, align, cols)
	cut := false
	for j := range widths {
		cut = cut || widths[j] < natural[j]
	}
	if !cut {
		return header, rows
	}
	fit := func(cells []string) []string {
		out := make([]string, len(cells))
		for j, c := range cells {
			out[j] = c
			if j < len(widths) && widths[j] < natural[j] {
				out[j] = cutCell(c, widths[j])
			}
		}
		return out
	}
	newRows := make([][]string, len(rows))
	for i, r := range rows {
		newRows[i] = fit(r)
	}
	return fit(header), newRows
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
