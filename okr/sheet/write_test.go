package sheet

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestWhen(t *testing.T) {
	tests := []struct {
		in   string
		want Cell
	}{
		// 2026-11-02 is day 20,759 since 1970-01-01 (56 years of 365
		// days, 14 leap days, then 305 days to November 2nd).
		{"2026-11-02", Cell{Kind: Date, Str: "2026-11-02", Num: 20759}},
		{"1970-01-01", Cell{Kind: Date, Str: "1970-01-01", Num: 0}},
		// The wall clock as written: 10:30 is 0.4375 of a day, whatever
		// the offset.
		{"2026-10-05T10:30:00+02:00", Cell{Kind: DateTime, Str: "2026-10-05T10:30:00+02:00", Num: 20731.4375}},
		{"2026-10-05T18:00:00Z", Cell{Kind: DateTime, Str: "2026-10-05T18:00:00Z", Num: 20731.75}},
		// 2300-01-01 is day 120,530 (330 years of 365 days, 80 leap
		// days: 1972 to 2296, less 2100 and 2200); 06:00 is 0.25. Past
		// 2262, where UnixNano ends.
		{"2300-01-01T06:00:00Z", Cell{Kind: DateTime, Str: "2300-01-01T06:00:00Z", Num: 120530.25}},
		// Before 1970: day -1 at 18:00 is -1 + 0.75.
		{"1969-12-31T18:00:00Z", Cell{Kind: DateTime, Str: "1969-12-31T18:00:00Z", Num: -0.25}},
		// 1900-03-01 is serial 61: day 61 - 25,569 = -25,508.
		{"1900-03-01", Cell{Kind: Date, Str: "1900-03-01", Num: -25508}},
		// Before 1900-03-01, text as written (spreadsheets disagree on
		// the serial numbers).
		{"1900-02-28", Cell{Kind: Text, Str: "1900-02-28"}},
		{"1900-02-28T23:59:59+02:00", Cell{Kind: Text, Str: "1900-02-28T23:59:59+02:00"}},
		{"0001-01-01", Cell{Kind: Text, Str: "0001-01-01"}},
		{"", Cell{}},
		{"next week", Cell{Kind: Text, Str: "next week"}},
	}
	for _, tc := range tests {
		if diff := cmp.Diff(tc.want, When(tc.in)); diff != "" {
			t.Errorf("When(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
}

func TestShown(t *testing.T) {
	tests := []struct {
		c    Cell
		want string
	}{
		{ScoreOf(0.756), "0.76"},
		{ScoreOf(1), "1.00"},
		{Num(99.95), "99.95"},
		{Num(-12.5), "-12.5"},
		{Num(1.0 / 3), "0.33333333333"}, // General: 11 significant digits
		{IntOf(7), "7"},
		{BoolOf(false), "FALSE"},
		{When("2026-11-02"), "yyyy-mm-dd"},
		{When("2026-11-02T09:30:00Z"), "yyyy-mm-dd hh:mm"},
		{GradeOf("green"), "green"},
		{Str("=1+1"), "=1+1"},
		{Cell{}, ""},
	}
	for _, tc := range tests {
		if got := Shown(tc.c); got != tc.want {
			t.Errorf("Shown(%+v) = %q, want %q", tc.c, got, tc.want)
		}
	}
}

// rows is a Rows of fixed rows.
func rows(rs ...[]Cell) func(func([]Cell) bool) {
	return func(yield func([]Cell) bool) {
		for _, r := range rs {
			if !yield(r) {
				return
			}
		}
	}
}

func TestWriteSameBytesInNameOrder(t *testing.T) {
	long := strings.Repeat("x", 200)
	tables := []Table{
		{Name: "B", Header: []string{"text", "score"}, Rows: rows([]Cell{Str("=HYPERLINK(\"http://x\",\"y\")"), ScoreOf(0.5)}, []Cell{Str(long), {}})},
		{Name: "A", Header: []string{"when"}, Rows: rows([]Cell{When("2026-11-02")})},
		{Name: "C", Header: []string{"grade"}, Rows: rows([]Cell{GradeOf("red")})},
	}
	created := time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC)
	var one, two bytes.Buffer
	if err := Write(&one, created, tables...); err != nil {
		t.Fatal(err)
	}
	if err := Write(&two, created, tables...); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(one.Bytes(), two.Bytes()) {
		t.Fatal("two writes differ")
	}
	zr, err := zip.NewReader(bytes.NewReader(one.Bytes()), int64(one.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	parts := map[string]string{}
	for _, f := range zr.File {
		names = append(names, f.Name)
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc) // checks the CRC too
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		parts[f.Name] = string(b)
	}
	if names[0] != "[Content_Types].xml" || !slices.IsSorted(names[1:]) {
		t.Errorf("parts in order %v", names)
	}
	if !strings.Contains(parts["docProps/core.xml"], `<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-15T00:00:00Z</dcterms:created>`) ||
		!strings.Contains(parts["docProps/core.xml"], `<dcterms:modified xsi:type="dcterms:W3CDTF">2026-11-15T00:00:00Z</dcterms:modified>`) {
		t.Errorf("core.xml: %s", parts["docProps/core.xml"])
	}
	s1 := parts["xl/worksheets/sheet1.xml"]
	for _, want := range []string{
		`<c r="A2" t="inlineStr"><is><t>=HYPERLINK("http://x","y")</t></is></c>`, // text, not a formula
		`<col min="1" max="1" width="60" customWidth="1"/>`,                      // 200 characters: 60 wide
		`<col min="2" max="2" width="9" customWidth="1"/>`,                       // "score" and its filter button
		`<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>`,
		`<autoFilter ref="A1:B3"/>`,
		`<c r="A1" s="1" t="inlineStr"><is><t>text</t></is></c>`, // the header, bold
	} {
		if !strings.Contains(s1, want) {
			t.Errorf("sheet1 lacks %s:\n%s", want, s1)
		}
	}
	if regexp.MustCompile(`<f[ >]`).MatchString(s1) {
		t.Error("a formula in the sheet")
	}
	if !strings.Contains(parts["xl/worksheets/sheet2.xml"], `<v>46328</v>`) { // 2026-11-02: 20759 + 25569
		t.Errorf("sheet2: %s", parts["xl/worksheets/sheet2.xml"])
	}
	if !strings.Contains(parts["xl/workbook.xml"], `<definedName hidden="true" localSheetId="0" name="_xlnm._FilterDatabase">&#39;B&#39;!$A$1:$B$3</definedName>`) {
		t.Errorf("workbook.xml: %s", parts["xl/workbook.xml"])
	}
	if !strings.Contains(parts["xl/styles.xml"], `FFC7CE`) {
		t.Error("no red fill in the styles")
	}
}

func TestWriteRefusesChangingRows(t *testing.T) {
	n := 0
	changing := func(yield func([]Cell) bool) {
		n++
		for i := 0; i < n; i++ {
			if !yield([]Cell{IntOf(i)}) {
				return
			}
		}
	}
	err := Write(io.Discard, time.Unix(0, 0), Table{Name: "S", Header: []string{"n"}, Rows: changing})
	if err == nil || !strings.Contains(err.Error(), "the rows changed between two reads") {
		t.Errorf("err = %v", err)
	}
	err = Write(io.Discard, time.Unix(0, 0), Table{Name: "S", Header: []string{"n"}, Rows: rows([]Cell{IntOf(1), IntOf(2)})})
	if err == nil || !strings.Contains(err.Error(), "row 2 has 2 cells, the header 1") {
		t.Errorf("err = %v", err)
	}
}

func TestAppendXMLText(t *testing.T) {
	tests := []struct{ in, want string }{
		{`a & b < c > d "e" 'f'`, `a &amp; b &lt; c &gt; d "e" 'f'`},
		// A raw carriage return reads back as a line feed (XML's line
		// ends): it is written as a reference.
		{"tab\tline\nret\r", "tab\tline\nret&#xD;"},
		{"a\r\nb", "a&#xD;\nb"},
		// _xHHHH_ reads as the character HHHH: its _ is escaped as
		// _x005F_, so that it reads back as written; _x0041_x0042_ has
		// two (they share the middle _); _x00 and _xZZZZ_ none.
		{"_x0041_", "_x005F_x0041_"},
		{"_x0041_x0042_", "_x005F_x0041_x005F_x0042_"},
		{"_x005F_", "_x005F_x005F_"},
		{"_x00 _xZZZZ_ x0041_", "_x00 _xZZZZ_ x0041_"},
		// No control character, U+FFFE or broken UTF-8 reaches the XML.
		{"bell\a esc\x1b", "bell\uFFFD esc\uFFFD"},
		{"bad \xff byte", "bad \uFFFD byte"},
		{"\uFFFE\uFFFF", "\uFFFD\uFFFD"},
		{"ünïcödé → ≥", "ünïcödé → ≥"},
	}
	for _, tc := range tests {
		if got := string(appendXMLText(nil, tc.in)); got != tc.want {
			t.Errorf("appendXMLText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	long := strings.Repeat("é", MaxCellChars+10)
	if got := string(appendXMLText(nil, long)); utf8.RuneCountInString(got) != MaxCellChars {
		t.Errorf("a long text keeps %d characters, want %d", utf8.RuneCountInString(got), MaxCellChars)
	}
	// 😀 is two UTF-16 units: 20,000 of them are 40,000 units, cut to
	// 16,383 (32,766 units; one more would be 32,768).
	if got := string(appendXMLText(nil, strings.Repeat("😀", 20000))); utf8.RuneCountInString(got) != 16383 {
		t.Errorf("a long text of 😀 keeps %d characters, want 16383", utf8.RuneCountInString(got))
	}
	// 32,766 units of x, then 😀: it would make 32,768, so it goes.
	if got := string(appendXMLText(nil, strings.Repeat("x", MaxCellChars-1)+"😀")); got != strings.Repeat("x", MaxCellChars-1) {
		t.Errorf("a 😀 past the limit is kept: %d characters", utf8.RuneCountInString(got))
	}
}
