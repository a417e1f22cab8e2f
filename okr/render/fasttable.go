package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/olekukonko/tablewriter/tw"
)

// fastTableRows is the number of rows from which a table is written by
// fastTable instead of tablewriter.
const fastTableRows = 1000

// writeTable writes a table in okr's style (scTable): through tablewriter,
// or, for a large table, through fastTable, which writes the same bytes.
//
// cols says what each column holds (colText, colWord, colNum), which
// aligns it. When w carries a terminal's width (WithWidth), the table is
// fitted to it first (fitTable): long text is cut with "…" and, where
// that is not enough, cells are wrapped at their spaces. Where even that
// is not enough, the columns of optional are left out, in its order, the
// fewest that make the table fit (leaveOut), and a line under the table
// names them.
func writeTable(w io.Writer, cols []col, header []string, rows [][]string, optional ...int) error {
	width, w := widthOf(w)
	var left []string
	if width > 0 {
		size := measureTable(cols, header, rows)
		var keep []int
		left, keep, size = leaveOut(width, cols, header, size, optional)
		if left != nil {
			cols, header, rows = pickColumns(keep, cols, header, rows)
		}
		header, rows = fitMeasured(width, cols, header, rows, size)
	}
	if err := writeBox(w, cols, header, rows); err != nil {
		return err
	}
	if left == nil {
		return nil
	}
	note := fmt.Sprintf("Not shown, to fit %d columns: %s. A wider terminal or --format json shows them.", width, leftOut(left))
	_, err := io.WriteString(w, wrapLine(note, width))
	return err
}

// wrapLine wraps a line of prose at its spaces onto lines of at most width
// cells, as many words on a line as fit (a longer word has a line of its
// own), each ended by "\n".
func wrapLine(s string, width int) string {
	var b strings.Builder
	used := 0
	for i, word := range strings.Fields(s) {
		w := cellWidth(word)
		if i > 0 && used+1+w <= width {
			b.WriteByte(' ')
			used++
		} else if i > 0 {
			b.WriteByte('\n')
			used = 0
		}
		b.WriteString(word)
		used += w
	}
	b.WriteByte('\n')
	return b.String()
}

// leftOut lists the headers of the columns left out: the first five and
// how many more.
func leftOut(headers []string) string {
	const shown = 5
	var b strings.Builder
	for i, h := range headers {
		if i == shown {
			fmt.Fprintf(&b, " and %d more", len(headers)-shown)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strings.ReplaceAll(h, "\n", " "))
	}
	return b.String()
}

// pickColumns returns the columns keep of a table.
func pickColumns(keep []int, cols []col, header []string, rows [][]string) ([]col, []string, [][]string) {
	pick := func(r []string) []string {
		out := make([]string, 0, len(keep))
		for _, j := range keep {
			if j < len(r) {
				out = append(out, r[j])
			}
		}
		return out
	}
	var c []col
	for _, j := range keep {
		if j < len(cols) {
			c = append(c, cols[j])
		}
	}
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = pick(r)
	}
	return c, pick(header), out
}

// writeBox writes a table in okr's style as it is.
func writeBox(w io.Writer, cols []col, header []string, rows [][]string) error {
	align := aligns(cols)
	if len(rows) >= fastTableRows {
		if ok, err := fastTable(w, align, header, rows); ok {
			return err
		}
	}
	t := scTable(w, align)
	t.Header(header)
	if err := t.Bulk(rows); err != nil {
		return err
	}
	return t.Render()
}

// fastTable writes a table the way scTable's tablewriter does: a box of
// single lines, the header, then each row, every cell padded to its
// column's display width; a cell of several lines (joined by "\n", as
// fitTable wraps it) makes its row as many lines, the other cells blank
// below their own lines. tablewriter spends about 30 µs a row, a second
// for the 40,000 rows of a large organisation's `okr score`; this writes
// them in a tenth of that. It returns false, having written nothing, for a
// table whose cells it cannot be sure to write the same (a control
// character other than a line break, outside a colour sequence, or an
// empty line in a cell of several lines):
// TestFastTableMatchesTablewriter holds the two to the same bytes.
func fastTable(w io.Writer, align []tw.Align, header []string, rows [][]string) (bool, error) {
	for _, a := range align {
		if a != tw.AlignLeft && a != tw.AlignRight {
			return false, nil
		}
	}
	twwidth.SetEastAsian(false) // as scTable sets it
	cols := len(header)
	widths := make([]int, cols)
	measure := func(cells []string) bool {
		if len(cells) != cols {
			return false
		}
		for j, c := range cells {
			if strings.ContainsFunc(withoutSGR(c), func(r rune) bool { return r != '\n' && (r < 0x20 || (r >= 0x7f && r < 0xa0)) }) {
				return false
			}
			if strings.Contains(c, "\n") && (c[0] == '\n' || c[len(c)-1] == '\n' || strings.Contains(c, "\n\n")) {
				return false // tablewriter drops some empty lines
			}
			for l := range strings.SplitSeq(c, "\n") {
				widths[j] = max(widths[j], displayWidth(l))
			}
		}
		return true
	}
	if !measure(header) {
		return false, nil
	}
	for _, r := range rows {
		if !measure(r) {
			return false, nil
		}
	}
	var b []byte
	border := func(left, mid, right string) {
		b = append(b, left...)
		for j, wd := range widths {
			if j > 0 {
				b = append(b, mid...)
			}
			for range wd + 2 {
				b = append(b, "─"...)
			}
		}
		b = append(b, right...)
		b = append(b, '\n')
	}
	var split [][]string // the lines of each cell of a row
	line := func(cells []string, align func(j int) tw.Align) {
		height := 1
		split = split[:0]
		for _, c := range cells {
			ls := []string{c}
			if strings.Contains(c, "\n") {
				ls = strings.Split(c, "\n")
			}
			split = append(split, ls)
			height = max(height, len(ls))
		}
		for k := range height {
			b = append(b, "│"...)
			for j, ls := range split {
				c := ""
				if k < len(ls) {
					c = ls[k]
				}
				pad := widths[j] - displayWidth(c)
				b = append(b, ' ')
				if align(j) == tw.AlignRight {
					b = appendSpaces(b, pad)
					b = append(b, c...)
				} else {
					b = append(b, c...)
					b = appendSpaces(b, pad)
				}
				b = append(b, " │"...)
			}
			b = append(b, '\n')
		}
	}
	flush := func() error {
		_, err := w.Write(b)
		b = b[:0]
		return err
	}
	border("┌", "┬", "┐")
	line(header, func(int) tw.Align { return tw.AlignLeft })
	if len(rows) > 0 {
		border("├", "┼", "┤")
	}
	rowAlign := func(j int) tw.Align {
		if j < len(align) {
			return align[j]
		}
		return tw.AlignLeft
	}
	for _, r := range rows {
		line(r, rowAlign)
		if len(b) > 64<<10 {
			if err := flush(); err != nil {
				return true, err
			}
		}
	}
	border("└", "┴", "┘")
	return true, flush()
}

func appendSpaces(b []byte, n int) []byte {
	for range n {
		b = append(b, ' ')
	}
	return b
}

// withoutSGR returns s without its colour sequences (ESC [ digits and
// semicolons m), which take no room on a terminal.
func withoutSGR(s string) string {
	if !strings.Contains(s, "\x1b[") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "\x1b[")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := i + 2
		for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';') {
			j++
		}
		if j == len(s) || s[j] != 'm' {
			b.WriteString(s[:i+1]) // not a colour: keep the escape, which then refuses the cell
			s = s[i+1:]
			continue
		}
		b.WriteString(s[:i])
		s = s[j+1:]
	}
}

// displayWidth is twwidth.Width, the display width of s, without its cost
// for text of printable ASCII (most cells: numbers, dates, ids, hashes),
// which takes one cell a byte. twwidth.Width measures through a locked
// cache and spent 10 of okr log's 22 s of CPU on the 20 million cells of
// a large organisation's table. TestDisplayWidth and FuzzDisplayWidth
// hold the two to the same width.
func displayWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return twwidth.Width(s)
		}
	}
	return len(s)
}
