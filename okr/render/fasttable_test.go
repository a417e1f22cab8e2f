package render

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
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
// random tables, cells of several lines among them, and checks that it declines the tables it cannot write.
func TestFastTableMatchesTablewriter(t *testing.T) {
	cells := []string{"", "a", "acme 2026", "  grow-revenue", "    weekly-active", "≥ 299 ms", "≤ 16 days",
		"40.5 percent", "0.65", "no data", "→", "é", "e\u0301", "漢字", "✓", "😀", "trail ", " lead", "x|y", "─│┼",
		"\x1b[32mgreen\x1b[0m", "\x1b[33myellow\x1b[0m", "\x1b[31mred\x1b[0m", "\x1b[1;31m≥ 5\x1b[0m",
		// Cells of several lines, as fitTable wraps them.
		"45000 accounts\n(stretch 50000 accounts)", "40100\naccounts", "OWNER /\nOBJECTIVE /\nKEY RESULT",
		"  payments\n2026-Q4", "漢字\n😀 é", "\x1b[31mred\x1b[0m\nz", "trail \n lead"}
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
	for _, bad := range [][]string{{"car\rreturn"}, {"a\n\nb"}, {"0.5\n"}, {"\nx"}, {"\x1b]0;title\x07"}, {"\x1b[2J"}, {"tab\there"}, {"\u0085"}} {
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
	for _, odd := range []string{"0.5", "0.5\n", "40100\naccounts"} {
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

// TestDisplayWidth: displayWidth is twwidth.Width: printable ASCII one
// cell a byte, the rest as twwidth measures it (wide, combining and
// control characters, colour sequences).
func TestDisplayWidth(t *testing.T) {
	twwidth.SetEastAsian(false)
	for _, s := range []string{"", "0.64", "2026-12-01", "  payments 2026-Q4", "~!@#$%^&*()_+{}|:\"<>?`-=[]\\;',./",
		"≥ 25 customers", "→ 0.68", "漢字", "e\u0301", "a\tb", "\x1b[31mred\x1b[0m", "\x7f", "\u00a0", "…"} {
		if got, want := displayWidth(s), twwidth.Width(s); got != want {
			t.Errorf("displayWidth(%q) = %d, twwidth.Width = %d", s, got, want)
		}
	}
	for c := 0x20; c < 0x7f; c++ {
		if s := string(rune(c)); displayWidth(s) != 1 || twwidth.Width(s) != 1 {
			t.Errorf("%q: displayWidth %d, twwidth.Width %d; want 1", s, displayWidth(s), twwidth.Width(s))
		}
	}
}

func FuzzDisplayWidth(f *testing.F) {
	for _, s := range []string{"0.64", "≥ 25 customers", "漢字", "\x1b[31mred\x1b[0m", "a\x00b"} {
		f.Add(s)
	}
	twwidth.SetEastAsian(false)
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := displayWidth(s), twwidth.Width(s); got != want {
			t.Errorf("displayWidth(%q) = %d, twwidth.Width = %d", s, got, want)
		}
	})
}

// BenchmarkDisplayWidth measures the cells of a log table row: a hash, a
// date and scores.
func BenchmarkDisplayWidth(b *testing.B) {
	cells := []string{"d525ea3", "2026-12-01", "0.64", "0.43", "0.46", "1.00", "0.07"}
	for _, w := range []struct {
		name string
		fn   func(string) int
	}{{"displayWidth", displayWidth}, {"twwidth.Width", twwidth.Width}} {
		b.Run(w.name, func(b *testing.B) {
			for b.Loop() {
				for _, c := range cells {
					w.fn(c)
				}
			}
		})
	}
}
