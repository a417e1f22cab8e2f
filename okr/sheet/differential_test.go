package sheet

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"html"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// The differential test of Write, okr/sheet's own row writer, against
// excelize: the same tables are written once by Write and once through
// excelize's StreamWriter (writeExcelize, below: the writer okr/sheet had
// before its own), both workbooks are read back with excelize, and what
// a reader sees of them (each cell's type, raw and shown value, number
// format, fill and font; each sheet's widths, panes, dimension, filter
// and drop-down lists) must be the same.
//
// Where okr/sheet differs from excelize on purpose, writeExcelize says
// so at the place and does what okr/sheet does (README Decisions, "the
// sheet writer against excelize"):
//   - NaN and ±Inf (which no workbook holds as a number: excelize writes
//     the text "NaN") are empty cells, whatever the kind of number;
//   - a date or timestamp before 1900-03-01 is a text cell holding it as
//     written (When makes it one): before that day Excel's serial numbers
//     count a 29 February 1900 that LibreOffice does not, and before 1900
//     Excel has none (excelize writes 0, 1900-01-00);
//
// and what is one value written two ways is compared as one value:
//   - a number is compared as the float64 its <v> holds: okr writes the
//     shortest form (1e+21), excelize every digit (1000000000000000000000);
//     for the same reason the text excelize shows for a number in the
//     General format, which it makes from that form (1E+21 against
//     1000000000000000000000, and 15 digits cut or rounded), is not
//     compared; the text it shows in a number format (0.00, dates) is;
//   - a date-time's serial number is compared to the millisecond, a
//     workbook's precision (the two compute the fraction of a day in a
//     different order: the last bit may differ, and past 2079 one bit of
//     a serial number is more than a microsecond);
//     any other number to 15 significant digits: excelize cuts a number
//     there (Excel shows no more), okr/sheet keeps the float64 whole, so
//     that a reader gets the very value of json (1/3 is
//     0.3333333333333333, not 0.333333333333333);
//   - the sheet's autoFilter ref (excelize writes $A$1:$B$3, Excel A1:B3),
//     a drop-down list's formula (excelize returns the XML of it as
//     written: &quot; or ") and its error style (absent is stop).
//
// Where excelize's writer is wrong and okr/sheet right (see
// excelizeLosesText), okr/sheet is held to the text itself.

// writeExcelize writes tables as Write does, with excelize's StreamWriter
// for the rows and its own zip writer.
func writeExcelize(w io.Writer, created time.Time, tables ...Table) error {
	f := excelize.NewFile(excelize.Options{})
	defer f.Close()
	stamp := created.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{Created: stamp, Modified: stamp, Creator: "okr"}); err != nil {
		return err
	}
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	for i, t := range tables {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", t.Name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(t.Name); err != nil {
			return err
		}
		if err := writeTableExcelize(f, st, t); err != nil {
			return fmt.Errorf("sheet %s: %w", t.Name, err)
		}
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

func writeTableExcelize(f *excelize.File, st *styles, t Table) error {
	width := make([]int, len(t.Header))
	for i, h := range t.Header {
		width[i] = utf8.RuneCountInString(h) + 3 // the autofilter's button
	}
	rows := 0
	for r := range t.Rows {
		rows++
		for i, c := range r {
			// The width of what the cell shows, counted the long way.
			if n := utf8.RuneCountInString(Shown(c)); n > width[i] {
				width[i] = n
			}
		}
	}
	last, err := excelize.CoordinatesToCellName(max(len(t.Header), 1), rows+1)
	if err != nil {
		return err
	}
	if err := f.AutoFilter(t.Name, "A1:"+last, nil); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(t.Name)
	if err != nil {
		return err
	}
	for i := len(width) - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, float64(min(width[i]+1, MaxWidth))); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	head := make([]any, len(t.Header))
	for i, h := range t.Header {
		if h != "" {
			head[i] = excelize.Cell{StyleID: st.header, Value: h}
		}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	row := 1
	for r := range t.Rows {
		row++
		vals := make([]any, len(r))
		for i, c := range r {
			vals[i] = st.excelizeCell(c)
		}
		ref, err := excelize.CoordinatesToCellName(1, row)
		if err != nil {
			return err
		}
		if err := sw.SetRow(ref, vals); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return nil
}

// finishExcelize adds, through excelize's API, what its StreamWriter
// cannot write: the drop-down lists (a streamed sheet is written as
// streamed, whatever is added to it before the workbook is written).
func finishExcelize(data []byte, tables ...Table) ([]byte, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	for _, t := range tables {
		// In column order, as okr/sheet writes them (a map's order
		// would make the two disagree at random).
		for _, col := range slices.Sorted(maps.Keys(t.Lists)) {
			words := t.Lists[col]
			if col >= len(t.Header) {
				continue
			}
			name, _ := excelize.ColumnNumberToName(col + 1)
			dv := excelize.NewDataValidation(true)
			dv.SetSqref(fmt.Sprintf("%s2:%s%d", name, name, excelize.TotalRows))
			if err := dv.SetDropList(words); err != nil {
				return nil, err
			}
			dv.SetError(excelize.DataValidationErrorStyleStop, "not one of the words okr knows", "use one of: "+strings.Join(words, ", "))
			if err := f.AddDataValidation(t.Name, dv); err != nil {
				return nil, err
			}
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// excelizeCell is c as excelize's own API takes it: text as a string,
// numbers as float64 or int, booleans as bool, dates and timestamps as a
// time.Time read from their text (not from okr's serial number). nil is
// no cell.
func (st *styles) excelizeCell(c Cell) any {
	switch c.Kind {
	case Text:
		return c.Str
	case Grade:
		return excelize.Cell{StyleID: st.fill[c.Str], Value: c.Str} // 0 (none) for another word
	case Number, Int, Score:
		if math.IsNaN(c.Num) || math.IsInf(c.Num, 0) {
			return nil // deliberate: no NaN in a workbook
		}
		switch c.Kind {
		case Int:
			return int64(c.Num)
		case Score:
			return excelize.Cell{StyleID: st.score, Value: c.Num}
		}
		return c.Num
	case Bool:
		return excelize.Cell{StyleID: st.boolean, Value: c.Num != 0}
	case Date, DateTime:
		var t time.Time
		var err error
		style := st.date
		if c.Kind == Date {
			t, err = time.Parse(time.DateOnly, c.Str)
		} else {
			style = st.dateTime
			t, err = time.Parse(time.RFC3339Nano, c.Str)
			// The wall clock as written (SPEC §7): its fields in UTC.
			t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
		}
		if err != nil {
			panic(fmt.Sprintf("a %v cell of %q", c.Kind, c.Str))
		}
		// (A day before 1900-03-01 is a text cell: When made it one.)
		return excelize.Cell{StyleID: style, Value: t}
	}
	return nil
}

// view is what a reader sees of a workbook.
type view struct {
	Sheets []sheetView
	Props  excelize.DocProperties
}

type sheetView struct {
	Name        string
	Dimension   string
	Filter      string // the sheet's autoFilter
	FilterName  string // the workbook's _xlnm._FilterDatabase of the sheet
	Panes       excelize.Panes
	Widths      []float64
	Validations []*excelize.DataValidation
	Cells       []cellView
}

type cellView struct {
	Ref    string
	Type   excelize.CellType
	Raw    string // a number as Go writes the float64 its <v> holds
	IsNum  bool   // a number cell (no t, or t="n")
	Shown  string // not for a number in the General format
	NumFmt int
	Custom string // a custom number format
	Fill   []string
	Bold   bool
}

// readView reads a workbook with excelize as a reader would see it, the
// ncol first columns of each sheet.
func readView(t testing.TB, data []byte, ncol int) view {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("excelize cannot open the workbook: %v", err)
	}
	defer f.Close()
	var v view
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	v.Props = *props
	filters := map[string]string{}
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm._FilterDatabase" {
			filters[d.Scope] = d.RefersTo
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range f.GetSheetList() {
		s := sheetView{Name: name, FilterName: filters[name]}
		if s.Dimension, err = f.GetSheetDimension(name); err != nil {
			t.Fatal(err)
		}
		part := parseSheet(t, zr, fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1))
		// excelize writes the sheet's filter $A$1:$B$3, Excel A1:B3: one
		// range.
		s.Filter = strings.ReplaceAll(part.AutoFilter.Ref, "$", "")
		if s.Panes, err = f.GetPanes(name); err != nil {
			t.Fatal(err)
		}
		for c := 1; c <= ncol; c++ {
			col, _ := excelize.ColumnNumberToName(c)
			w, err := f.GetColWidth(name, col)
			if err != nil {
				t.Fatal(err)
			}
			s.Widths = append(s.Widths, w)
		}
		if s.Validations, err = f.GetDataValidations(name); err != nil {
			t.Fatal(err)
		}
		for _, dv := range s.Validations {
			dv.Formula1 = html.UnescapeString(dv.Formula1)
			if dv.ErrorStyle == nil {
				stop := "stop"
				dv.ErrorStyle = &stop
			}
		}
		numbers := map[string]string{}
		for _, r := range part.Rows {
			for _, c := range r.Cells {
				if c.T == "" || c.T == "n" {
					numbers[c.R] = c.V
				}
			}
		}
		rs, err := f.GetRows(name)
		if err != nil {
			t.Fatal(err)
		}
		for r := range rs {
			for c := 1; c <= ncol; c++ {
				ref, _ := excelize.CoordinatesToCellName(c, r+1)
				s.Cells = append(s.Cells, readCell(t, f, name, ref, numbers))
			}
		}
		v.Sheets = append(v.Sheets, s)
	}
	return v
}

func readCell(t testing.TB, f *excelize.File, sheet, ref string, numbers map[string]string) cellView {
	t.Helper()
	c := cellView{Ref: ref}
	var err error
	if c.Type, err = f.GetCellType(sheet, ref); err != nil {
		t.Fatal(err)
	}
	if c.Shown, err = f.GetCellValue(sheet, ref); err != nil {
		t.Fatal(err)
	}
	if c.Raw, err = f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true}); err != nil {
		t.Fatal(err)
	}
	if v, ok := numbers[ref]; ok {
		if x, err := strconv.ParseFloat(v, 64); err == nil {
			c.Raw, c.IsNum = strconv.FormatFloat(x, 'g', -1, 64), true
		}
	}
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	c.NumFmt = st.NumFmt
	if st.CustomNumFmt != nil {
		c.Custom = *st.CustomNumFmt
	}
	if st.Fill.Type != "" {
		c.Fill = st.Fill.Color
	}
	c.Bold = st.Font != nil && st.Font.Bold
	if c.IsNum && c.NumFmt == 0 && c.Custom == "" {
		c.Shown = ""
	}
	return c
}

// sheetXML is what parseSheet reads of a worksheet: what excelize has no
// getter for (the autoFilter), or reads back changed (a number's <v>).
type sheetXML struct {
	AutoFilter struct {
		Ref string `xml:"ref,attr"`
	} `xml:"autoFilter"`
	Rows []struct {
		Cells []struct {
			R string `xml:"r,attr"`
			T string `xml:"t,attr"`
			V string `xml:"v"`
		} `xml:"c"`
	} `xml:"sheetData>row"`
}

func parseSheet(t testing.TB, zr *zip.Reader, part string) sheetXML {
	t.Helper()
	rc, err := zr.Open(part)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	var ws sheetXML
	if err := xml.NewDecoder(rc).Decode(&ws); err != nil {
		t.Fatalf("%s: %v", part, err)
	}
	return ws
}

// sameNumber compares two cells' numbers as one value written two ways:
// a date-time's to the millisecond, any other to 15 significant digits.
var sameNumber = cmp.Comparer(func(a, b cellView) bool {
	if a.IsNum && b.IsNum {
		x, errx := strconv.ParseFloat(a.Raw, 64)
		y, erry := strconv.ParseFloat(b.Raw, 64)
		tolerance := 1e-14 * max(math.Abs(x), math.Abs(y))
		if a.Custom == "yyyy-mm-dd hh:mm" {
			tolerance = 1e-3 / 86400
		}
		if errx == nil && erry == nil && math.Abs(x-y) <= tolerance {
			a.Raw, b.Raw = "", ""
		}
	}
	return cmp.Equal(a, b)
})

// writersDiffer writes tables both ways and returns the differences a reader
// would see, "" when none.
func writersDiffer(t testing.TB, tables ...Table) string {
	t.Helper()
	created := time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC)
	var own, ref bytes.Buffer
	if err := Write(&own, created, tables...); err != nil {
		t.Fatalf("Write: %v", err)
	}
	if err := writeExcelize(&ref, created, tables...); err != nil {
		t.Fatalf("excelize: %v", err)
	}
	finished := ref.Bytes()
	for _, tb := range tables {
		if len(tb.Lists) > 0 {
			var err error
			if finished, err = finishExcelize(finished, tables...); err != nil {
				t.Fatalf("excelize: %v", err)
			}
			break
		}
	}
	ncol := 0
	for _, tb := range tables {
		ncol = max(ncol, len(tb.Header))
	}
	want := readView(t, finished, ncol)
	// The StreamWriter writes the dimension A1 whatever the rows: the
	// sheet's is A1 to the last column of the header and the last row.
	for i, tb := range tables {
		n := 0
		for range tb.Rows {
			n++
		}
		last, _ := excelize.CoordinatesToCellName(max(len(tb.Header), 1), n+1)
		want.Sheets[i].Dimension = "A1:" + last
	}
	return cmp.Diff(want, readView(t, own.Bytes(), ncol), sameNumber)
}

// cells is a one-row-per-cell table of column "value".
func cellsTable(cs ...Cell) Table {
	var rs [][]Cell
	for _, c := range cs {
		rs = append(rs, []Cell{c})
	}
	return Table{Name: "Cells", Header: []string{"value"}, Rows: rows(rs...)}
}

func TestSheetAgreesWithExcelize(t *testing.T) {
	long := strings.Repeat("abcdefghij", MaxCellChars/10) // 32,760 characters
	tests := []struct {
		name   string
		tables []Table
	}{
		{"empty", []Table{cellsTable(Cell{}, Str(""), GradeOf(""), When(""))}},
		{"text", []Table{cellsTable(Str("plain"), Str("ünïcödé → ≥"), Str("中文"), Str("😀 outside the BMP"))}},
		{"formula-like text", []Table{cellsTable(Str("=1+1"), Str(`=HYPERLINK("http://x","y")`), Str("+1"), Str("-1"), Str("@SUM(A1)"), Str("'quoted"))}},
		{"spaces", []Table{cellsTable(Str(" lead"), Str("trail "), Str("  "), Str("\tx"), Str("x\n"), Str("\u00a0nbsp"))}},
		{"newlines", []Table{cellsTable(Str("a\nb"), Str("a\r\nb"), Str("a\rb"), Str("\r"), Str("tab\there"))}},
		{"control characters", []Table{cellsTable(Str("bell\a"), Str("nul\x00"), Str("esc\x1b[31m"), Str("\x7f del"), Str("\u0085 nel"), Str("\uFFFE\uFFFF"), Str("\uFFFD"))}},
		{"xml specials", []Table{cellsTable(Str(`< > & " '`), Str("]]>"), Str("&amp;"), Str("<![CDATA[x]]>"), Str("&#x41;"))}},
		{"escape sequences", []Table{cellsTable(Str("_x0041_"), Str("_x005F_"), Str("_x005F_x0041_"), Str("a_x000D_b"), Str("_x00"), Str("_xZZZZ_"))}},
		{"invalid utf-8", []Table{cellsTable(Str("bad \xff byte"), Str("\xc3"), Str("\xed\xa0\x80 surrogate"))}},
		{"long text", []Table{cellsTable(
			Str(long),
			Str(long+"1234567"),                // 32,767: the limit
			Str(long+"12345678"),               // 32,768: cut to 32,767
			Str(long+strings.Repeat("é", 100)), // cut among two-byte characters
			Str(long+"123456😀"),                // 😀 is two UTF-16 units: 32,768 units, so it goes
			Str(strings.Repeat("😀", 20000)),    // 40,000 units: 16,383 of them kept
			Str(strings.Repeat("&", 40000)),
		)}},
		{"numbers", []Table{cellsTable(Num(0), Num(math.Copysign(0, -1)), Num(-12.5), Num(1.0/3), Num(0.1+0.2),
			Num(1e21), Num(-1e21), Num(1e300), Num(1e-300), Num(5e-324), Num(123456789012345680), Num(99.95),
			Num(math.NaN()), Num(math.Inf(1)), Num(math.Inf(-1)))}},
		{"scores", []Table{cellsTable(ScoreOf(0), ScoreOf(0.756), ScoreOf(1), ScoreOf(-0.005), ScoreOf(1.005), ScoreOf(math.NaN()), ScoreOf(math.Inf(1)))}},
		{"ints", []Table{cellsTable(IntOf(0), IntOf(-7), IntOf(1<<53), IntOf(-(1 << 53)), IntOf(1e15))}},
		{"bools", []Table{cellsTable(BoolOf(true), BoolOf(false))}},
		{"dates", []Table{cellsTable(When("2026-11-02"), When("1970-01-01"), When("1969-12-31"), When("1900-03-01"),
			When("1900-02-28"), When("1900-01-01"), When("1899-12-31"), When("0001-01-01"), When("9999-12-31"), When("2000-02-29"))}},
		{"date-times", []Table{cellsTable(When("2026-10-05T10:30:00+02:00"), When("2026-10-05T18:00:00Z"), When("2026-10-05T23:59:59.999-11:00"),
			When("1969-12-31T23:59:59Z"), When("1900-03-01T00:00:00Z"), When("1900-02-28T23:59:59Z"), When("1800-06-01T12:00:00Z"),
			When("2300-01-01T06:00:00Z"), When("9999-12-31T23:59:59.999999999Z"), When("2026-10-05T10:30:00.123456789+14:00"))}},
		{"grades", []Table{cellsTable(GradeOf("green"), GradeOf("yellow"), GradeOf("red"), GradeOf("blue"), GradeOf("=1+1"))}},
		{"not dates", []Table{cellsTable(When("next week"), When("2026-13-01"), When("=TODAY()"))}},
		{"every kind in a row", []Table{{Name: "Scores", Header: []string{"kind", "title", "score", "grade", "n", "x", "stale", "at", "when"},
			Rows: rows(
				[]Cell{Str("owner"), Str("payments"), ScoreOf(0.7), GradeOf("yellow"), {}, {}, {}, {}, {}},
				[]Cell{Str("key_result"), Str("-cut & <trim>"), ScoreOf(0.25), GradeOf("red"), IntOf(3), Num(-0.5), BoolOf(true), When("2026-11-02"), When("2026-11-02T09:30:00Z")},
				[]Cell{Str("key_result"), Str("short"), {}, {}, {}, Num(1e-7)},
			)}}},
		// The widths of narrow columns: TRUE is 4 wide, FALSE 5; NaN
		// and Inf are empty (a header "" is 3: the filter's button).
		{"narrow columns", []Table{{Name: "Narrow", Header: []string{"b", "c", "", ""},
			Rows: rows([]Cell{BoolOf(true), BoolOf(false), Num(math.Inf(-1)), ScoreOf(math.NaN())})}}},
		{"header oddities", []Table{{Name: "Odd", Header: []string{"", "=x", " sp ", "😀", "a&b"}, Rows: rows([]Cell{Str("1")})}}},
		{"no rows", []Table{{Name: "Empty", Header: []string{"a", "b"}, Rows: rows()}}},
		{"no header", []Table{{Name: "Bare", Header: nil, Rows: rows()}}},
		{"several sheets", []Table{
			{Name: "Summary", Header: []string{"owner", "score"}, Rows: rows([]Cell{Str("a"), ScoreOf(0.5)})},
			{Name: "Key results", Header: []string{"id"}, Rows: rows([]Cell{Str("k")}, []Cell{Str("l")})},
			{Name: "It's", Header: []string{"x"}, Rows: rows([]Cell{Num(1)})},
		}},
		{"drop-down lists", []Table{{Name: "Goals", Header: []string{"owner", "type", "level"},
			Rows:  rows([]Cell{Str("payments"), Str("metric"), Str("team")}),
			Lists: map[int][]string{1: {"metric", "milestone", "boolean"}, 2: {"company", "team"}, 7: {"ignored"}}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := writersDiffer(t, tc.tables...); diff != "" {
				t.Errorf("excelize (-) and okr/sheet (+) differ:\n%s", diff)
			}
		})
	}
}

// excelizeLosesText: where a text holds what reads as an escaped
// character (_xHHHH_), excelize's writer loses it: _xD800_ (a surrogate)
// reads back as nothing, and _x0041_x0042_ (two sharing their middle _)
// as _x0041B. okr/sheet escapes every one, so the text reads back as
// written. These texts are held to themselves, not to excelize.
func TestSheetKeepsWhatExcelizeLoses(t *testing.T) {
	for _, s := range []string{"_xD800_", "_x0041_x0042_", "a_x0041_x0042_x0043_b", "_x005F_x0041_x0042_", "_xdfff_ _x0009_"} {
		got := ownText(t, s)
		if got != s {
			t.Errorf("okr/sheet: %q reads back as %q", s, got)
		}
	}
}

// ownText writes s in a text cell with Write and reads it back with
// excelize.
func ownText(t testing.TB, s string) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, time.Unix(0, 0), cellsTable(Str(s))); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := f.GetCellValue("Cells", "A2")
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// wantText is s as a text cell holds it: each character XML cannot hold
// (a control character but tab, line feed and carriage return, U+FFFE,
// U+FFFF, each byte that is not UTF-8) as U+FFFD, cut before the
// character that would pass 32,767 UTF-16 units.
func wantText(s string) string {
	var b strings.Builder
	units := 0
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		n := 1
		if r > 0xFFFF {
			n = 2
		}
		if units+n > MaxCellChars {
			break
		}
		units += n
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
			r = utf8.RuneError
		}
		b.WriteRune(r)
	}
	return b.String()
}

// FuzzSheetAgrees writes fuzzed rows with Write and with excelize's
// StreamWriter and compares what excelize reads of the two (as
// TestSheetAgreesWithExcelize). A text with an _x in it goes to the
// comparison as _y (excelize's writer loses some escapes, see
// TestSheetKeepsWhatExcelizeLoses), and is held to itself alone.
func FuzzSheetAgrees(f *testing.F) {
	f.Add("payments", "=1+1", 0.756, -12.5, int64(7), "2026-11-02", true)
	f.Add(" lead\r\n", "green", math.NaN(), math.Inf(1), int64(-1), "2026-10-05T10:30:00+02:00", false)
	f.Add("bad \xff\x00 byte", "red", 1e21, 5e-324, int64(1)<<60, "1900-02-28", true)
	f.Add("_x0041_ & <b> \"q\" 'a'", "😀", math.Copysign(0, -1), 1.0/3, int64(0), "2300-01-01T06:00:00Z", false)
	f.Add(strings.Repeat("😀", 40)+"\u2028\u0085", "", 1e300, -0.005, int64(-1)<<53, "9999-12-31T23:59:59.999999999-11:00", true)
	f.Fuzz(func(t *testing.T, s1, s2 string, x, y float64, n int64, when string, b bool) {
		for _, s := range []string{s1, s2} {
			if strings.Contains(s, "_x") {
				if got, want := ownText(t, s), wantText(s); got != want {
					t.Fatalf("okr/sheet: %q reads back as %q, want %q", s, got, want)
				}
			}
		}
		s1 = strings.ReplaceAll(s1, "_x", "_y")
		s2 = strings.ReplaceAll(s2, "_x", "_y")
		table := Table{Name: "Fuzz", Header: []string{"text", s2, "x", "y", "n", "when", "b"},
			Rows: rows(
				[]Cell{Str(s1), GradeOf(s2), Num(x), ScoreOf(y), IntOf(int(n)), When(when), BoolOf(b)},
				[]Cell{Str(s2), Str(s1), Num(y), ScoreOf(x), Num(float64(n)), Str(when), {}},
			)}
		if diff := writersDiffer(t, table); diff != "" {
			t.Errorf("excelize (-) and okr/sheet (+) differ:\n%s", diff)
		}
	})
}
