package render

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/olekukonko/tablewriter/pkg/twwidth"

	"github.com/okr-as-code/okr/okr/score"
)

// TestFitWidths at 80, 100 and 120 columns. A table of n columns takes its
// widths plus 3n+1 cells (a border and a space on each side of every
// cell). A column that is never cut has its natural width as its floor.
func TestFitWidths(t *testing.T) {
	for _, c := range []struct {
		name    string
		natural []int
		floor   []int
		width   int
		want    []int
		fits    bool
	}{
		// 1 + (30+3) + (12+3) + (5+3) = 57 ≤ 80: as it is.
		{"fits", []int{30, 12, 5}, []int{10, 12, 5}, 80, []int{30, 12, 5}, true},
		// 1 + 73 + 13 + 8 = 95: the title gives the 15 cells.
		{"one title", []int{70, 10, 5}, []int{10, 10, 5}, 80, []int{55, 10, 5}, true},
		// 1 + 43 + 43 + 8 = 95: the two widest take turns, the first
		// first: 8 from the first, 7 from the second.
		{"two titles", []int{40, 40, 5}, []int{10, 10, 5}, 80, []int{32, 33, 5}, true},
		// 1 + 58 + 13 + 8 = 80 exactly: as it is; one more is one cell off
		// the widest.
		{"exactly", []int{55, 10, 5}, []int{10, 10, 5}, 80, []int{55, 10, 5}, true},
		{"one over", []int{56, 10, 5}, []int{10, 10, 5}, 80, []int{55, 10, 5}, true},
		// The widest gives way first: 1 + 53 + 48 + 13 = 115 at 100, 15
		// off: 5 from the first (to 45), then 5 each in turns (to 40).
		{"widest first", []int{50, 45, 10}, []int{10, 10, 10}, 100, []int{40, 40, 10}, true},
		// A floor stops a column: a text column under a 30-cell header
		// (floor 30), a title, a number. 1 + 43 + 63 + 23 = 130.
		// At 100, 30 off: the title 60 → 40 (20), then turns 40/40 → 35/35.
		{"floor at 100", []int{40, 60, 20}, []int{30, 10, 20}, 100, []int{35, 35, 20}, true},
		// At 80, 50 off: 20 as above, turns down to 30/30 (20 more), then
		// the first is at its floor and the title gives the last 10:
		// 1 + 33 + 23 + 23 = 80.
		{"floor at 80", []int{40, 60, 20}, []int{30, 10, 20}, 80, []int{30, 20, 20}, true},
		// QA's score table at 80: the first column's 30-cell header is its
		// floor, KR OWNER (8) is under its floor of 10, and the rest is
		// never cut. 1 + 141 + 30 = 172 with nothing to give: as it is, and
		// wider than 80 (numbers are not cut to 4–8 cells any more).
		{"score at 80", []int{30, 12, 14, 39, 5, 8, 6, 9, 10, 8}, []int{30, 12, 14, 39, 5, 8, 6, 9, 10, 10}, 80,
			[]int{30, 12, 14, 39, 5, 8, 6, 9, 10, 8}, false},
		// acme's KPI table: two text columns of 26 (id, name) and seven
		// that are never cut (70 cells): 1 + 27 + 70 = 98 without the text.
		// At 120 the text has 22 cells: 26/26 → 11/11 in turns.
		{"kpi at 120", []int{26, 26, 14, 10, 14, 5, 16, 6, 5}, []int{10, 10, 14, 10, 14, 5, 16, 6, 5}, 120,
			[]int{11, 11, 14, 10, 14, 5, 16, 6, 5}, true},
		// At 100 it would have 2: the text is cut to its floors of 10 and
		// the table is 118 wide, numbers whole.
		{"kpi at 100", []int{26, 26, 14, 10, 14, 5, 16, 6, 5}, []int{10, 10, 14, 10, 14, 5, 16, 6, 5}, 100,
			[]int{10, 10, 14, 10, 14, 5, 16, 6, 5}, false},
		// acme's due table at 80: person (6, under its floor), ref (37,
		// floor 16: its header), cadence, last check-in, overdue:
		// 1 + 70 + 15 = 86, 6 off the ref.
		{"due at 80", []int{6, 37, 7, 13, 7}, []int{10, 16, 7, 13, 7}, 80, []int{6, 31, 7, 13, 7}, true},
	} {
		got, fits := fitWidths(c.natural, c.floor, c.width)
		if !slices.Equal(got, c.want) || fits != c.fits {
			t.Errorf("%s: fitWidths(%v, %v, %d) = %v, %v; want %v, %v", c.name, c.natural, c.floor, c.width, got, fits, c.want, c.fits)
		}
	}
}

// TestFitTable: only text is cut, to floors of 10 cells after its
// indentation and never under its header; headers, words and numbers stay
// whole.
func TestFitTable(t *testing.T) {
	cols := []col{colText, colWord, colNum, colText}
	header := []string{"NAME", "GRADE", "SCORE", "OWNER"}
	rows := [][]string{
		{"acme 2026", "\x1b[32mgreen\x1b[0m", "0.63", ""},
		{"    a-very-long-key-result-id-indeed", "yellow", "0.50", "someone-with-a-long-name"},
	}
	for _, c := range []struct {
		width int
		want  [][]string
	}{
		// 1 + (36+3) + (6+3) + (5+3) + (24+3) = 84 ≤ 100: as it is.
		{100, rows},
		// 24 off at 60: the name 36 → 24 (12), then turns 24/24 → 18/18:
		// 17 cells and "…" each.
		{60, [][]string{
			{"acme 2026", "\x1b[32mgreen\x1b[0m", "0.63", ""},
			{"    a-very-long-k…", "yellow", "0.50", "someone-with-a-lo…"},
		}},
		// At 40 the floors (the name 4 + 10 = 14, the owner 10) make
		// 1 + 17 + 9 + 8 + 13 = 48: cut to them, 48 wide.
		{40, [][]string{
			{"acme 2026", "\x1b[32mgreen\x1b[0m", "0.63", ""},
			{"    a-very-lo…", "yellow", "0.50", "someone-w…"},
		}},
	} {
		h, got := fitTable(c.width, cols, header, rows)
		if !slices.Equal(h, header) {
			t.Errorf("at %d the header is %q", c.width, h)
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("at %d (-want +got):\n%s", c.width, diff)
		}
	}
	// A header is wrapped at its spaces, never cut: "KEY RESULT / KPI"
	// over a ref of 37 (one word: nothing to wrap, the column stays 37),
	// at 10 columns. The column's floor is 10 (its header's longest word,
	// "RESULT /", is 8): the ref is cut to 9 and "…", and the header
	// wrapped to 10: "KEY" (3 + 1 + 8 = 12 > 10), "RESULT /", "KPI".
	// 1 + 13 = 14 wide.
	h, got := fitTable(10, []col{colText}, []string{"KEY RESULT / KPI"}, [][]string{{"growth/activate-signups/time-to-value"}})
	if want := [][]string{{"growth/ac…"}}; h[0] != "KEY\nRESULT /\nKPI" || !cmp.Equal(got, want) {
		t.Errorf("fitTable under a long header = %q, %q; want the header wrapped and %q", h, got, want)
	}
}

// TestFitTableWraps: a score row of acme's at 170, 160, 140, 120 and 80
// columns. Its columns as written (header or cell, the wider): the id 39
// (4 spaces and 35), TYPE 6, CURRENT 14, TARGET 39, SCORE 5, FORECAST 8,
// GRADE 5, STATUS 7, CONFIDENCE 10, KR OWNER 24: 157, and 31 of borders:
// 188. Cut first, as a table that is not wrapped: the id to its header's
// 30, KR OWNER to 10, at most 23 off: 165. Then wrapped: the numbers at
// their longest words, each keeping its unit: CURRENT 14 ("40100
// accounts"), TARGET 15 ("50000 accounts)"), CONFIDENCE 10 (its header;
// "4 medium" is one word), the others one word; the id, still cut, to 14
// (4 + 10; its header's longest word, "OBJECTIVE /", is 11): 40 more off,
// 125 at the narrowest.
func TestFitTableWraps(t *testing.T) {
	cols := []col{colText, colWord, colNum, colNum, colNum, colNum, colWord, colWord, colWord, colText}
	header := []string{"OWNER / OBJECTIVE / KEY RESULT", "TYPE", "CURRENT", "TARGET", "SCORE", "FORECAST", "GRADE", "STATUS", "CONFIDENCE", "KR OWNER"}
	row := []string{"    checkout-conversion-on-every-device", "metric", "40100 accounts", "45000 accounts (stretch 50000 accounts)",
		"0.31", "→ 0.68", "\x1b[31mred\x1b[0m", "at-risk", "4 medium", "alice.wonderland-liddell"}
	with := func(id, target, owner string) []string {
		r := slices.Clone(row)
		r[0], r[3], r[9] = id, target, owner
		return r
	}
	for _, c := range []struct {
		width  int
		want   []string
		header string // the first column's
		wide   int    // the table's width
	}{
		// At 170, 18 off, cutting only: the id 39 → 30 (9), then KR
		// OWNER 24 → 15 (9): 29 characters and "…", 14 and "…". Nothing
		// wrapped.
		{170, with("    checkout-conversion-on-ev…", row[3], "alice.wonderla…"), header[0], 170},
		// At 160 cutting is not enough (165): 5 more off the widest,
		// TARGET 39 → 34, which wraps it at its spaces to lines of 23
		// ("45000 accounts (stretch") and 15: 165 - 39 + 23 = 149 wide.
		// The header, 30, stays on one line.
		{160, with("    checkout-conversion-on-ev…", "45000 accounts (stretch\n50000 accounts)", "alice.won…"), header[0], 149},
		// At 140, 25 off 165: TARGET 39 → 30 (9), then the id and TARGET
		// in turns, the id first: 22 and 22 (16). The id is cut to 17
		// characters and "…"; TARGET wraps to 14 ("45000 accounts",
		// 23 with "(stretch"), 8 and 15: 165 - 25 - 7 = 133. The header
		// wraps to 22: "OWNER / OBJECTIVE /" (19; 23 with "KEY"), "KEY
		// RESULT".
		{140, with("    checkout-conversi…", "45000 accounts\n(stretch\n50000 accounts)", "alice.won…"),
			"OWNER / OBJECTIVE /\nKEY RESULT", 133},
		// At 120 every column at its narrowest, 125: the id 14 (9
		// characters and "…"), TARGET 15. The header wraps to 14: "OWNER
		// /" (19 with "OBJECTIVE /"), "OBJECTIVE /" (15 with "KEY"), "KEY
		// RESULT".
		{120, with("    checkout-…", "45000 accounts\n(stretch\n50000 accounts)", "alice.won…"),
			"OWNER /\nOBJECTIVE /\nKEY RESULT", 125},
		{80, with("    checkout-…", "45000 accounts\n(stretch\n50000 accounts)", "alice.won…"),
			"OWNER /\nOBJECTIVE /\nKEY RESULT", 125},
	} {
		h, got := fitTable(c.width, cols, header, [][]string{row})
		if diff := cmp.Diff(c.want, got[0]); diff != "" {
			t.Errorf("at %d (-want +got):\n%s", c.width, diff)
		}
		if h[0] != c.header || !slices.Equal(h[1:], header[1:]) {
			t.Errorf("at %d the header is %q", c.width, h)
		}
		var b bytes.Buffer
		if err := writeTable(&b, cols, h, got); err != nil {
			t.Fatal(err)
		}
		if widest := slices.Max(lineWidths(b.String())); widest != c.wide {
			t.Errorf("at %d: %d wide, want %d:\n%s", c.width, widest, c.wide, b.String())
		}
	}
}

// TestLeaveOut: TestFitTableWraps's score row at its narrowest is 125
// wide (the id 14, TYPE 6, CURRENT 14, TARGET 15, SCORE 5, FORECAST 8,
// GRADE 5 (its header; "red" is in colour), STATUS 7, CONFIDENCE 10, KR
// OWNER 10, and 31 of borders). The score table's optional columns go in
// its order, KR OWNER, CONFIDENCE, TYPE, FORECAST, STATUS, each taking its
// narrowest and 3 of borders off, until the table fits.
func TestLeaveOut(t *testing.T) {
	cols := []col{colText, colWord, colNum, colNum, colNum, colNum, colWord, colWord, colWord, colText}
	header := []string{"OWNER / OBJECTIVE / KEY RESULT", "TYPE", "CURRENT", "TARGET", "SCORE", "FORECAST", "GRADE", "STATUS", "CONFIDENCE", "KR OWNER"}
	row := []string{"    checkout-conversion-on-every-device", "metric", "40100 accounts", "45000 accounts (stretch 50000 accounts)",
		"0.31", "→ 0.68", "\x1b[31mred\x1b[0m", "at-risk", "4 medium", "alice.wonderland-liddell"}
	optional := []int{9, 8, 1, 5, 7}
	for _, c := range []struct {
		width int
		left  []string
		wide  int // the table written to a terminal of width
	}{
		// 125 at its narrowest: nothing left out.
		{125, nil, 125},
		// 124: KR OWNER (13) off: 112. Fitted (fitTable), the id (cut to
		// its header's 30) and TARGET (39) share 124 - 55 - 28 = 41 cells:
		// TARGET to 30, then in turns, the id first, to 20 and 21. TARGET
		// wraps to "45000 accounts", "(stretch", "50000 accounts)": 15
		// wide, 6 under its share: 118.
		{124, []string{"KR OWNER"}, 118},
		// 100: 112, CONFIDENCE (13) off: 99. The id and TARGET share
		// 100 - 45 - 25 = 30: 15 each, TARGET's lines as above: 100.
		{100, []string{"KR OWNER", "CONFIDENCE"}, 100},
		// 80: 99, TYPE (9) off: 90, FORECAST (11) off: 79. They share
		// 80 - 31 - 19 = 30: 15 each again, 80.
		{80, []string{"KR OWNER", "CONFIDENCE", "TYPE", "FORECAST"}, 80},
		// 60: 79, STATUS (10) off: 69, and nothing more may go: 69 wide.
		{60, []string{"KR OWNER", "CONFIDENCE", "TYPE", "FORECAST", "STATUS"}, 69},
	} {
		size := measureTable(cols, header, [][]string{row})
		left, keep, kept := leaveOut(c.width, cols, header, size, optional)
		if !slices.Equal(left, c.left) {
			t.Errorf("at %d: left out %q, want %q", c.width, left, c.left)
		}
		if len(left)+len(keep) != len(header) && left != nil || left != nil && len(kept.natural) != len(keep) {
			t.Errorf("at %d: kept %v (%d sizes) with %q left out", c.width, keep, len(kept.natural), left)
		}
		var b bytes.Buffer
		if err := writeTable(WithWidth(&b, c.width), cols, header, [][]string{row}, optional...); err != nil {
			t.Fatal(err)
		}
		table, note, _ := strings.Cut(b.String(), "┘\n")
		if widest := slices.Max(lineWidths(table + "┘")); widest != c.wide {
			t.Errorf("at %d: %d wide, want %d:\n%s", c.width, widest, c.wide, b.String())
		}
		if got := notShown(note); !slices.Equal(got, c.left) {
			t.Errorf("at %d: the note under the table names %q, want %q:\n%s", c.width, got, c.left, b.String())
		}
		if note != "" && slices.Max(lineWidths(note)) > c.width {
			t.Errorf("at %d: the note is wider than the terminal:\n%s", c.width, note)
		}
	}
	// Written elsewhere, nothing is left out.
	var b bytes.Buffer
	if err := writeTable(&b, cols, header, [][]string{row}, optional...); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "Not shown") || !strings.Contains(b.String(), "KR OWNER") {
		t.Errorf("without a width a column was left out:\n%s", b.String())
	}
}

// notShown returns the headers that the note under a table (writeTable)
// names as left out, or nil.
func notShown(s string) []string {
	_, list, ok := strings.Cut(strings.ReplaceAll(s, "\n", " "), "columns: ")
	if !ok {
		return nil
	}
	list, _, _ = strings.Cut(list, ". A wider terminal")
	return strings.Split(list, ", ")
}

// TestWrapCell: cells are wrapped between their words only, as many on a
// line as fit; joined by spaces the lines give back the cell.
func TestWrapCell(t *testing.T) {
	for _, c := range []struct {
		in    string
		width int
		want  string
	}{
		{"45000 accounts (stretch 50000 accounts)", 23, "45000 accounts (stretch\n50000 accounts)"},  // 14 + 1 + 8 = 23; "50000" would make 29
		{"45000 accounts (stretch 50000 accounts)", 22, "45000 accounts\n(stretch\n50000 accounts)"}, // 14 + 1 + 8 = 23; 8 + 1 + 15 = 24
		{"45000 accounts (stretch 50000 accounts)", 9, "45000 accounts\n(stretch\n50000 accounts)"},  // a number keeps its unit, wider than the column
		{"40100 accounts", 8, "40100 accounts"},
		{"40100 accounts", 14, "40100 accounts"},
		{"≥ 299 ms", 5, "≥ 299 ms"},                   // "≥" stays with the number, the number with its unit
		{"420 ms → 380 ms", 8, "420 ms\n→ 380 ms"},    // 6 + 1 + 8 = 15
		{"-3 pts or +2.5 %", 6, "-3 pts\nor\n+2.5 %"}, // a sign before the digit is still a number; "%" stays with it anyway
		{"no data", 2, "no\ndata"},
		{"4 medium", 1, "4 medium"},
		{"top 5", 3, "top\n5"}, // a number last has nothing to keep
		{"a - b", 1, "a -\nb"}, // "-" alone is a sign, not a number: it stays with the word before
		{"v2 beta", 2, "v2\nbeta"},
		{"→ 0.68", 1, "→ 0.68"},                                                    // one word: wider than the column, whole
		{"OWNER / OBJECTIVE / KEY RESULT", 12, "OWNER /\nOBJECTIVE /\nKEY RESULT"}, // "/" stays with the word before
		{"  payments 2026-Q4", 10, "  payments\n2026-Q4"},                          // the indentation stays with the first word
		{"\x1b[33mat risk\x1b[0m", 2, "\x1b[33mat risk\x1b[0m"},                    // colour: never wrapped
		{"漢字 テキスト", 6, "漢字\nテキスト"},
		{"a  b", 1, "a \nb"}, // two spaces: the second stays with "a", no empty line
		{"x ", 1, "x "},      // 2 cells a character
	} {
		got := wrapCell(c.in, c.width)
		if got != c.want {
			t.Errorf("wrapCell(%q, %d) = %q, want %q", c.in, c.width, got, c.want)
		}
		if j := strings.ReplaceAll(got, "\n", " "); j != c.in {
			t.Errorf("wrapCell(%q, %d) joined is %q", c.in, c.width, j)
		}
	}
}

func TestCutCell(t *testing.T) {
	for _, c := range []struct {
		in    string
		width int
		want  string
	}{
		{"Make checkout effortless", 10, "Make chec…"}, // 9 cells and the ellipsis
		{"short", 10, "short"},
		{"exactly ten", 11, "exactly ten"},
		{"\x1b[32mgreen\x1b[0m", 4, "\x1b[32mgre…\x1b[0m"}, // colour takes no room; a cut in colour is reset
		{"\x1b[32mgreen\x1b[0m", 5, "\x1b[32mgreen\x1b[0m"},
		{"日本語テキスト", 6, "日本…"},      // 2 cells each: a third would make 7
		{`a\x1b[2Jb`, 6, `a\x1b…`}, // escaped text is cut as text
	} {
		got := cutCell(c.in, c.width)
		if got != c.want {
			t.Errorf("cutCell(%q, %d) = %q, want %q", c.in, c.width, got, c.want)
		}
		if w := twwidth.Width(withoutSGR(got)); w > c.width {
			t.Errorf("cutCell(%q, %d) is %d cells wide", c.in, c.width, w)
		}
	}
}

// lineWidths returns the display width of each line of s.
func lineWidths(s string) []int {
	var ws []int
	for _, l := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		ws = append(ws, twwidth.Width(withoutSGR(l)))
	}
	return ws
}

// tableCells returns the cells of a table's header and rows, as written
// between its "│" borders less the padding space on each side (a left-
// aligned cell keeps its indentation), one slice a line; other lines (the
// box, "as of") are left out.
func tableCells(s string) [][]string {
	var out [][]string
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(l, "│") {
			continue
		}
		cells := strings.Split(l, "│")
		cells = cells[1 : len(cells)-1]
		for j, c := range cells {
			cells[j] = strings.TrimRight(strings.TrimPrefix(c, " "), " ")
		}
		out = append(out, cells)
	}
	return out
}

// tableRows groups the lines of a fitted table (tableCells) into the rows
// of the table as written without a width (whole, one line a row): a row
// is the fewest lines whose cells, their lines trimmed and joined by
// spaces, give back whole's cells, a text cell instead being cut on one
// line (a prefix of itself and "…"). It returns the rows, each of its
// lines, or an error for lines that are no such rows.
func tableRows(fitted, whole [][]string, cols []col) ([][][]string, error) {
	var rows [][][]string
	k := 0
	for r, want := range whole {
		h := 1
		for ; ; h++ {
			if k+h > len(fitted) {
				return nil, fmt.Errorf("row %d (%q) is not in the lines from %d", r, want, k)
			}
			if rowIs(fitted[k:k+h], want, cols, r == 0) {
				break
			}
		}
		rows = append(rows, fitted[k:k+h])
		k += h
	}
	if k != len(fitted) {
		return nil, fmt.Errorf("%d lines left over", len(fitted)-k)
	}
	return rows, nil
}

// rowIs reports whether the lines of a row give back the cells want.
func rowIs(lines [][]string, want []string, cols []col, header bool) bool {
	for j, was := range want {
		var parts []string
		for i, l := range lines {
			if p := l[j]; i == 0 || strings.TrimSpace(p) != "" {
				parts = append(parts, p)
			}
		}
		for i := range parts {
			if i > 0 || cols[j] == colNum && !header {
				parts[i] = strings.TrimLeft(parts[i], " ") // a number's padding
			}
		}
		if cols[j] == colNum && !header {
			was = strings.TrimLeft(was, " ")
		}
		if got := strings.Join(parts, " "); got == was {
			continue
		}
		if cut, ok := strings.CutSuffix(lines[0][j], "…"); !header && cols[j] == colText && ok && strings.HasPrefix(was, cut) &&
			len(parts) == 1 {
			continue
		}
		return false
	}
	return true
}

// TestTablesFitTheTerminal: on terminals of 80, 100 and 120 columns the
// score, KPI, due and log tables cut text cells only, each on one line to
// a prefix of itself and "…", and wrap cells at their spaces only where
// cutting is not enough (the KPI table at 120 and the due table fit by
// cutting; the log table's cells are single words); headers,
// numbers, scores, grades, statuses, dates and types, their lines joined,
// are as written without a width. Where even that is not enough, optional
// columns are left out (the score table's KR OWNER, CONFIDENCE, TYPE; the
// KPI table's PREVIOUS and AT, after which it fits at 100 uncut; the log
// table's SUBJECT, AUTHOR and owners from the last), named under the
// table, and the rest as written. The table is at most as wide as the
// terminal, or, where it cannot be, every column is at its longest word,
// and its text at its floor (10 cells after its indentation, or its
// header's longest word). Written anywhere else (no width), nothing is
// cut, wrapped or left out; on a 1000-column terminal the table is the
// same.
func TestTablesFitTheTerminal(t *testing.T) {
	rep, err := score.Score(scoresRepo(), scoresAsOf(), score.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// A key result id longer than the first column's header, and a long
	// owner's name.
	rep.Owners[0].Objectives[0].KeyResults[0].ID = "checkout-conversion-on-every-device-and-browser"
	rep.Owners[0].Objectives[0].KeyResults[0].Owner = "alice.wonderland-liddell"
	kpis := score.KPIs(scoresRepo(), scoresAsOf(), score.Options{})
	log := logFixture()
	due := dueReport()
	due.Due[0].Ref = "payments/checkout-without-any-friction/apple-pay-on-every-device"
	for _, c := range []struct {
		name  string
		cols  []col
		write func(w *bytes.Buffer, width int) error
		// at each of 80, 100 and 120 columns: is anything cut, wrapped
		cut, wrapped [3]bool
		left         [3][]string // the columns left out
	}{
		{"score", []col{colText, colWord, colNum, colNum, colNum, colNum, colWord, colWord, colWord, colText},
			func(b *bytes.Buffer, width int) error { return Scores(WithWidth(b, width), "table", rep, true) },
			[3]bool{true, true, true}, [3]bool{true, true, true},
			[3][]string{{"KR OWNER", "CONFIDENCE", "TYPE"}, {"KR OWNER", "CONFIDENCE"}, {"KR OWNER"}}},
		{"kpi", []col{colText, colText, colNum, colWord, colNum, colWord, colNum, colWord, colWord},
			func(b *bytes.Buffer, width int) error { return KPIs(WithWidth(b, width), "table", kpis, true) },
			[3]bool{true, false, true}, [3]bool{false, false, false}, [3][]string{{"PREVIOUS", "AT"}, {"PREVIOUS", "AT"}}},
		{"due", []col{colText, colText, colWord, colWord, colNum},
			func(b *bytes.Buffer, width int) error { return Due(WithWidth(b, width), "table", due) },
			[3]bool{true, true, false}, [3]bool{false, false, false}, [3][]string{}},
		{"log", []col{colWord, colWord, colText, colText, colNum, colNum, colNum, colNum},
			func(b *bytes.Buffer, width int) error { return Log(WithWidth(b, width), "table", log) },
			[3]bool{false, false, true}, [3]bool{false, false, false}, [3][]string{{"SUBJECT", "AUTHOR", "2026-Q4/payments"}, {"SUBJECT", "AUTHOR"}}},
	} {
		var wide bytes.Buffer
		if err := c.write(&wide, 0); err != nil {
			t.Fatal(err)
		}
		if slices.Max(lineWidths(wide.String())) <= 80 {
			t.Fatalf("%s: the fixture's table is only %d wide: it tests nothing", c.name, slices.Max(lineWidths(wide.String())))
		}
		if strings.Contains(wide.String(), "…") {
			t.Errorf("%s: cut without a width:\n%s", c.name, wide.String())
		}
		whole := tableCells(wide.String())
		words, floor := make([]int, len(c.cols)), make([]int, len(c.cols))
		for r, cells := range whole {
			for j, cell := range cells {
				words[j] = max(words[j], longestWord(cell))
				switch {
				case r == 0:
					floor[j] = longestWord(cell)
				case c.cols[j] == colText:
					floor[j] = max(floor[j], len(cell)-len(strings.TrimLeft(cell, " "))+textFloor)
				}
			}
		}
		for i, width := range []int{80, 100, 120} {
			var b bytes.Buffer
			if err := c.write(&b, width); err != nil {
				t.Fatal(err)
			}
			fitted := b.String()
			// The columns left out to fit (writeTable's note), and the
			// table without them.
			left := notShown(fitted[strings.LastIndex(fitted, "┘")+1:])
			if !slices.Equal(left, c.left[i]) {
				t.Errorf("%s at %d: left out %q, want %q:\n%s", c.name, width, left, c.left[i], fitted)
			}
			var keep []int
			for j, h := range whole[0] {
				if !slices.Contains(left, h) {
					keep = append(keep, j)
				}
			}
			kept := func(r []string) []string {
				var out []string
				for _, j := range keep {
					out = append(out, r[j])
				}
				return out
			}
			var wholeKept [][]string
			for _, r := range whole {
				wholeKept = append(wholeKept, kept(r))
			}
			var colsKept []col
			for _, j := range keep {
				colsKept = append(colsKept, c.cols[j])
			}
			rows, err := tableRows(tableCells(fitted), wholeKept, colsKept)
			if err != nil {
				t.Errorf("%s at %d: %v: neither wrapped nor cut:\n%s", c.name, width, err, fitted)
				continue
			}
			if got := strings.Contains(fitted, "…"); got != c.cut[i] {
				t.Errorf("%s at %d: cut %v, want %v:\n%s", c.name, width, got, c.cut[i], fitted)
			}
			if got := len(rows) < len(tableCells(fitted)); got != c.wrapped[i] {
				t.Errorf("%s at %d: wrapped %v, want %v:\n%s", c.name, width, got, c.wrapped[i], fitted)
			}
			colWidth := make([]int, len(keep))
			for _, l := range tableCells(fitted) {
				for j, cell := range l {
					colWidth[j] = max(colWidth[j], twwidth.Width(withoutSGR(cell)))
				}
			}
			if widest := slices.Max(lineWidths(fitted)); widest > width {
				for i, j := range keep {
					if k := c.cols[j]; k != colText && colWidth[i] > words[j] || k == colText && colWidth[i] > floor[j] {
						t.Errorf("%s at %d: %d wide, and column %d is %d wide, its longest word %d, its floor %d:\n%s",
							c.name, width, widest, j+1, colWidth[i], words[j], floor[j], fitted)
					}
				}
			}
		}
		// A table that fits is written as it is.
		var roomy bytes.Buffer
		if err := c.write(&roomy, 1000); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(wide.String(), roomy.String()); diff != "" {
			t.Errorf("%s: changed on a 1000-column terminal:\n%s", c.name, diff)
		}
	}
}

// BenchmarkFitTable fits a table of 40,000 score rows (a large
// organisation's `okr score`) to an 80-column terminal.
func BenchmarkFitTable(b *testing.B) {
	cols := []col{colText, colWord, colNum, colNum, colNum, colNum, colWord, colWord, colWord, colText}
	header := []string{"OWNER / OBJECTIVE / KEY RESULT", "TYPE", "CURRENT", "TARGET", "SCORE", "FORECAST", "GRADE", "STATUS", "CONFIDENCE", "KR OWNER"}
	rows := make([][]string, 40000)
	for i := range rows {
		rows[i] = []string{"    checkout-conversion-on-every-device", "metric", "40100 accounts", "45000 accounts (stretch 50000 accounts)",
			"0.31", "→ 0.68", "\x1b[31mred\x1b[0m", "at-risk", "4 medium", "alice.wonderland-liddell"}
	}
	for b.Loop() {
		fitTable(80, cols, header, rows)
	}
}
