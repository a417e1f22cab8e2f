package render

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/olekukonko/tablewriter/tw"
)

// viaTablewriter writes a table the way writeTable does for small ones.
func viaTablewriter(t *testing.T, align []tw.Align, header []string, rows [][]string) string {
	t.Helper()
	var b bytes.Buffer
	tb := scTable(&b, align)
	tb.Header(header)
	if err := tb.Bulk(rows); err != nil {
		t.Fatal(err)
	}
	if err := tb.Render(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestFastTableMatchesTablewriter holds fastTable to tablewriter's bytes on
// random tables, and checks that it declines the tables it cannot write.
func TestFastTableMatchesTablewriter(t *testing.T) {
	cells := []string{"", "a", "acme 2026", "  grow-revenue", "    weekly-active", "≥ 299 ms", "≤ 16 days",
		"40.5 percent", "0.65", "no data", "→", "é", "e\u0301", "漢字", "✓", "😀", "trail ", " lead", "x|y", "─│┼",
		"\x1b[32mgreen\x1b[0m", "\x1b[33myellow\x1b[0m", "\x1b[31mred\x1b[0m", "\x1b[1;31m≥ 5\x1b[0m"}
	rng := rand.New(rand.NewPCG(7, 8))
	for range 300 {
		cols := 1 + rng.IntN(6)
		align := make([]tw.Align, cols)
		header := make([]string, cols)
		for j := range cols {
			align[j] = []tw.Align{tw.AlignLeft, tw.AlignRight}[rng.IntN(2)]
			header[j] = cells[rng.IntN(len(cells))]
		}
		rows := make([][]string, rng.IntN(8))
		for i := range rows {
			rows[i] = make([]string, cols)
			for j := range cols {
				rows[i][j] = cells[rng.IntN(len(cells))]
			}
		}
		var b bytes.Buffer
		ok, err := fastTable(&b, align, header, rows)
		if err != nil || !ok {
			t.Fatalf("fastTable = %v, %v on %q %q", ok, err, header, rows)
		}
		if want := viaTablewriter(t, align, header, rows); b.String() != want {
			t.Fatalf("fastTable differs from tablewriter on %q %q\ngot:\n%s\nwant:\n%s", header, rows, b.String(), want)
		}
	}
	for _, bad := range [][]string{{"line\nbreak"}, {"\x1b]0;title\x07"}, {"\x1b[2J"}, {"tab\there"}, {"\u0085"}} {
		var b bytes.Buffer
		if ok, _ := fastTable(&b, []tw.Align{tw.AlignLeft}, []string{"H"}, [][]string{bad}); ok || b.Len() > 0 {
			t.Errorf("fastTable wrote a table with %q", bad)
		}
	}
	var b bytes.Buffer
	if ok, _ := fastTable(&b, []tw.Align{tw.AlignCenter}, []string{"H"}, nil); ok {
		t.Error("fastTable wrote a centred column")
	}
}

// TestWriteTableLarge: a large table goes through fastTable and comes out
// as tablewriter writes it; a large table fastTable declines still does.
func TestWriteTableLarge(t *testing.T) {
	cols := []col{colText, colNum}
	align := aligns(cols)
	header := []string{"OWNER", "SCORE"}
	for _, odd := range []string{"0.5", "0.5\n"} {
		var rows [][]string
		for i := range fastTableRows + 10 {
			rows = append(rows, []string{"team", []string{"0.25", "1.00", "≥ 5"}[i%3]})
		}
		rows[17][1] = odd
		var b bytes.Buffer
		if err := writeTable(&b, cols, header, rows); err != nil {
			t.Fatal(err)
		}
		if want := viaTablewriter(t, align, header, rows); b.String() != want {
			t.Errorf("writeTable of %d rows (one cell %q) differs from tablewriter", len(rows), odd)
		}
	}
}
