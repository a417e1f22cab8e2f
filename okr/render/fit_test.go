package render

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/okr-as-code/okr/okr/score"
)

const (
	L = tw.AlignLeft
	R = tw.AlignRight
)

// TestFitWidths at 80 columns. A table of n columns takes its widths plus
// 3n+1 cells (a border and a space on each side of every cell).
func TestFitWidths(t *testing.T) {
	for _, c := range []struct {
		name    string
		natural []int
		data    []int // nil: the same as natural
		align   []tw.Align
		want    []int
	}{
		// 1 + (30+3) + (12+3) + (5+3) = 57 ≤ 80: as it is.
		{"fits", []int{30, 12, 5}, nil, []tw.Align{L, L, R}, []int{30, 12, 5}},
		// 1 + 73 + 13 + 8 = 95: the title column gives the 15 cells.
		{"one title", []int{70, 10, 5}, nil, []tw.Align{L, L, R}, []int{55, 10, 5}},
		// 1 + 43 + 43 + 8 = 95: the two widest take turns, the first
		// first: 8 from the first, 7 from the second.
		{"two titles", []int{40, 40, 5}, nil, []tw.Align{L, L, R}, []int{32, 33, 5}},
		// 1 + 58 + 13 + 8 = 80 exactly: as it is.
		{"exactly", []int{55, 10, 5}, nil, []tw.Align{L, L, R}, []int{55, 10, 5}},
		// 81 wide: one cell off the widest.
		{"one over", []int{56, 10, 5}, nil, []tw.Align{L, L, R}, []int{55, 10, 5}},
		// A short column is left whole: 1 + 11 + 103 = 115, all 35 from the
		// second.
		{"short kept", []int{8, 100}, nil, []tw.Align{L, L}, []int{8, 65}},
		// Numbers (right-aligned) are cut only when text alone cannot make
		// room: 1 + 17 + 4·23 = 110; the text column goes to 12 (108),
		// then the four numbers give 28 cells in turns, 7 each.
		{"numbers last", []int{14, 20, 20, 20, 20}, nil, []tw.Align{L, R, R, R, R}, []int{12, 13, 13, 13, 13}},
		// Each step in turn: ten columns of 20, 20 (text) and eight of 9
		// need 1 + 2·23 + 8·12 = 143. Text to 12: 127. All to 8: 111. Then
		// toward 4, widest (and first) first: three rounds of ten take all
		// to 5 (81), and one more cell from the first makes 80.
		{"steps", []int{20, 20, 9, 9, 9, 9, 9, 9, 9, 9}, nil, []tw.Align{L, L, R, R, R, R, R, R, R, R}, []int{4, 5, 5, 5, 5, 5, 5, 5, 5, 5}},
		// 20 columns of 10 need 1 + 20·13 = 261; at 4 they are
		// 1 + 20·7 = 141, still too wide, and are written so.
		{"cannot fit", slices.Repeat([]int{10}, 20), nil, slices.Repeat([]tw.Align{L}, 20), slices.Repeat([]int{4}, 20)},
		// A header wider than its column's cells is cut first: 1 + 43 +
		// 23 + 15 + 8 = 90, and the 20-wide header over cells of 5 gives
		// the 10 cells, leaving the title whole.
		{"headers first", []int{40, 20, 12, 5}, []int{40, 5, 12, 5}, []tw.Align{L, L, R, R}, []int{40, 10, 12, 5}},
		// 1 + 43 + 13 + 8 + 10 + 6 = 81 (a title, a type, a score, a
		// status, a grade): the title alone gives one cell.
		{"status kept", []int{40, 10, 5, 7, 3}, nil, []tw.Align{L, L, R, L, L}, []int{39, 10, 5, 7, 3}},
	} {
		data := c.data
		if data == nil {
			data = c.natural
		}
		if got := fitWidths(c.natural, data, c.align, 80); !slices.Equal(got, c.want) {
			t.Errorf("%s: fitWidths(%v) = %v, want %v", c.name, c.natural, got, c.want)
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

// TestTablesFitTheTerminal: on an 80-column terminal, the score, KPI and
// log tables are at most 80 cells wide; long titles end with "…". Written
// anywhere else (no width), they are as wide as their cells and nothing is
// cut.
func TestTablesFitTheTerminal(t *testing.T) {
	rep, err := score.Score(scoresRepo(), scoresAsOf(), score.Options{})
	if err != nil {
		t.Fatal(err)
	}
	kpis := score.KPIs(scoresRepo(), scoresAsOf(), score.Options{})
	log := logFixture()
	write := map[string]func(w *bytes.Buffer, width int) error{
		"score": func(b *bytes.Buffer, width int) error { return Scores(WithWidth(b, width), "table", rep, true) },
		"kpi":   func(b *bytes.Buffer, width int) error { return KPIs(WithWidth(b, width), "table", kpis, true) },
		"log":   func(b *bytes.Buffer, width int) error { return Log(WithWidth(b, width), "table", log) },
	}
	for name, f := range write {
		var wide, fitted bytes.Buffer
		if err := f(&wide, 0); err != nil {
			t.Fatal(err)
		}
		if err := f(&fitted, 80); err != nil {
			t.Fatal(err)
		}
		if slices.Max(lineWidths(wide.String())) <= 80 {
			t.Fatalf("%s: the fixture's table is only %d wide: it tests nothing", name, slices.Max(lineWidths(wide.String())))
		}
		if strings.Contains(wide.String(), "…") {
			t.Errorf("%s: cut without a width:\n%s", name, wide.String())
		}
		for i, w := range lineWidths(fitted.String()) {
			if w > 80 {
				t.Errorf("%s: line %d is %d wide on an 80-column terminal:\n%s", name, i+1, w, fitted.String())
				break
			}
		}
		if !strings.Contains(fitted.String(), "…") {
			t.Errorf("%s: nothing cut:\n%s", name, fitted.String())
		}
		// As many lines either way: cut, not wrapped.
		if n, m := strings.Count(wide.String(), "\n"), strings.Count(fitted.String(), "\n"); n != m {
			t.Errorf("%s: %d lines, %d when fitted", name, n, m)
		}
		// A table that fits is written as it is.
		var roomy bytes.Buffer
		if err := f(&roomy, 1000); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(wide.String(), roomy.String()); diff != "" {
			t.Errorf("%s: changed on a 1000-column terminal:\n%s", name, diff)
		}
	}
}
