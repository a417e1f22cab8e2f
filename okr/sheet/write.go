package sheet

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"iter"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Kind is the type of a cell.
type Kind uint8

// The kinds of cell.
const (
	Empty    Kind = iota // no value
	Text                 // a text cell (inline string), never a formula
	Number               // a number, General format
	Score                // a number shown 0.00
	Int                  // a whole number
	Bool                 // TRUE or FALSE
	Date                 // a date cell shown yyyy-mm-dd (Num: days since 1970-01-01)
	DateTime             // a date-time cell shown yyyy-mm-dd hh:mm (Num: days since 1970-01-01, with the time as a fraction)
	Grade                // a text cell filled by its word: green, yellow, red (a grade or a KPI's health)
)

// Cell is one typed cell.
type Cell struct {
	Kind Kind
	Str  string  // Text and Grade; the original text of a Date or DateTime
	Num  float64 // Number, Score, Int, Bool (0 or 1), Date, DateTime
}

// Str is a text cell; "" is an empty cell.
func Str(s string) Cell {
	if s == "" {
		return Cell{}
	}
	return Cell{Kind: Text, Str: s}
}

// Num is a number cell.
func Num(v float64) Cell { return Cell{Kind: Number, Num: v} }

// OptNum is a number cell, or an empty one for nil.
func OptNum(v *float64) Cell {
	if v == nil {
		return Cell{}
	}
	return Num(*v)
}

// ScoreOf is a score cell (0.00).
func ScoreOf(v float64) Cell { return Cell{Kind: Score, Num: v} }

// OptScore is a score cell, or an empty one for nil.
func OptScore(v *float64) Cell {
	if v == nil {
		return Cell{}
	}
	return ScoreOf(*v)
}

// IntOf is a whole-number cell.
func IntOf(n int) Cell { return Cell{Kind: Int, Num: float64(n)} }

// OptInt is a whole-number cell, or an empty one for nil.
func OptInt(n *int) Cell {
	if n == nil {
		return Cell{}
	}
	return IntOf(*n)
}

// BoolOf is a boolean cell.
func BoolOf(b bool) Cell {
	c := Cell{Kind: Bool}
	if b {
		c.Num = 1
	}
	return c
}

// GradeOf is a grade or health cell, filled by its word; "" is empty.
func GradeOf(g string) Cell {
	if g == "" {
		return Cell{}
	}
	return Cell{Kind: Grade, Str: g}
}

// When is a date or timestamp as okr writes it (YYYY-MM-DD, or RFC 3339)
// as a date cell or a date-time cell showing its wall-clock time in its
// own offset; "" is empty, and anything else a text cell. A day before
// 1900-03-01 is a text cell too, as written: spreadsheets disagree on
// the serial numbers before it (Excel counts a 29 February 1900, and has
// none before 1900; LibreOffice neither).
func When(s string) Cell {
	if s == "" {
		return Cell{}
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		if t.Before(firstSerialDay) {
			return Str(s)
		}
		return Cell{Kind: Date, Str: s, Num: float64(t.Unix() / 86400)}
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		// The wall clock as written: the same fields read in UTC.
		wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
		if wall.Before(firstSerialDay) {
			return Str(s)
		}
		// Whole days (rounded down), then the fraction of the day:
		// UnixNano holds only the years 1678 to 2262.
		sec := wall.Unix()
		day := sec / 86400
		if sec < 0 && sec%86400 != 0 {
			day--
		}
		frac := (float64(sec-day*86400)*1e9 + float64(wall.Nanosecond())) / float64(24*time.Hour)
		return Cell{Kind: DateTime, Str: s, Num: float64(day) + frac}
	}
	return Str(s)
}

// firstSerialDay is the first day whose serial number every spreadsheet
// reads alike.
var firstSerialDay = time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC)

// OptWhen is When of an optional string.
func OptWhen(s *string) Cell {
	if s == nil {
		return Cell{}
	}
	return When(*s)
}

// Table is one sheet: its name, its header, and its rows. Rows is called
// twice, once to size the columns and once to write; it must yield the
// same rows each time, and may reuse the slice it yields.
type Table struct {
	Name   string
	Header []string
	Rows   iter.Seq[[]Cell]
	// Lists, by column (0-based), are the words a column takes: the
	// sheet offers them as a drop-down list and refuses other values
	// (a template's data validation).
	Lists map[int][]string
}

// MaxWidth is the widest a column is made, in characters.
const MaxWidth = 60

// MaxCellChars is the most characters a cell holds (a workbook's limit),
// counted as Excel counts them, in UTF-16 units (😀 is two): longer text
// is cut there, before a character that would pass it.
const MaxCellChars = 32767

// excelEpoch is 1899-12-30 in days since 1970-01-01: a date's serial
// number in a workbook is its days since then.
const excelEpoch = -25569

// The fills of grades and KPI health (SPEC §7).
var fills = map[string]string{"green": "C6EFCE", "yellow": "FFEB9C", "red": "FFC7CE"}

// Write writes tables as a workbook to w, one sheet each in order. created
// is the document's created and modified time. The same tables and time
// give the same bytes.
//
// excelize builds the workbook (its parts, styles, sheets and the
// filters' defined names); each sheet's XML is streamed here, row by row,
// straight into its compressed zip part, compressed on a second
// goroutine as it is written: no row is held in memory and nothing goes
// through a temporary file, which excelize's StreamWriter needs, so that
// SPEC §4's 128,000 key results take at most twice the time of csv
// (BENCHMARKS.md).
func Write(w io.Writer, created time.Time, tables ...Table) error {
	f := excelize.NewFile(excelize.Options{})
	defer f.Close()
	z := newSortedZip(w)
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return z })
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
		// A new workbook's sheets are sheet1.xml, sheet2.xml, … in order.
		part := fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)
		if err := writeTable(f, z, part, st, t, i == 0); err != nil {
			return fmt.Errorf("sheet %s: %w", t.Name, err)
		}
	}
	f.SetActiveSheet(0)
	return f.Write(io.Discard) // the bytes go to w through z
}

// styles are the style ids of a workbook.
type styles struct {
	header, score, date, dateTime, boolean int
	fill                                   map[string]int
}

func newStyles(f *excelize.File) (*styles, error) {
	var st styles
	var err error
	if st.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
		return nil, err
	}
	if st.score, err = f.NewStyle(&excelize.Style{NumFmt: 2}); err != nil { // 0.00
		return nil, err
	}
	yyyymmdd := "yyyy-mm-dd"
	if st.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &yyyymmdd}); err != nil {
		return nil, err
	}
	stamp := "yyyy-mm-dd hh:mm"
	if st.dateTime, err = f.NewStyle(&excelize.Style{CustomNumFmt: &stamp}); err != nil {
		return nil, err
	}
	// A boolean cell shows TRUE or FALSE in every spreadsheet, not 1 or 0.
	truth := `"TRUE";"TRUE";"FALSE"`
	if st.boolean, err = f.NewStyle(&excelize.Style{CustomNumFmt: &truth}); err != nil {
		return nil, err
	}
	st.fill = map[string]int{}
	for _, g := range []string{"green", "yellow", "red"} {
		id, err := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fills[g]}}})
		if err != nil {
			return nil, err
		}
		st.fill[g] = id
	}
	return &st, nil
}

// Shown is the text a cell shows, as wide as it is in the sheet: numbers
// in General format (up to 11 significant digits), scores with two
// decimals, dates yyyy-mm-dd, timestamps yyyy-mm-dd hh:mm; nothing for
// NaN and ±Inf, written as empty cells.
func Shown(c Cell) string {
	switch c.Kind {
	case Number, Score, Int:
		if math.IsNaN(c.Num) || math.IsInf(c.Num, 0) {
			return "" // an empty cell
		}
	}
	switch c.Kind {
	case Text, Grade:
		return c.Str
	case Number:
		return strconv.FormatFloat(c.Num, 'g', 11, 64)
	case Score:
		return strconv.FormatFloat(c.Num, 'f', 2, 64)
	case Int:
		return strconv.FormatFloat(c.Num, 'f', 0, 64)
	case Bool:
		if c.Num != 0 {
			return "TRUE"
		}
		return "FALSE"
	case Date:
		return "yyyy-mm-dd"
	case DateTime:
		return "yyyy-mm-dd hh:mm"
	}
	return ""
}

// shownWidth is the width of Shown(c) in characters, without building
// the text where it can be counted.
func shownWidth(c Cell) int {
	switch c.Kind {
	case Text, Grade:
		return utf8.RuneCountInString(c.Str)
	case Date:
		return 10
	case DateTime:
		return 16
	case Bool:
		if c.Num != 0 {
			return 4 // TRUE
		}
		return 5 // FALSE
	case Empty:
		return 0
	}
	return len(Shown(c))
}

const sheetNS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
	`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`

// writeTable writes table t as the worksheet part: a first read of its
// rows for the widths and the extent, then the XML, row by row, in the
// order the schema sets (dimension, sheetViews, sheetFormatPr, cols,
// sheetData, autoFilter, dataValidations).
func writeTable(f *excelize.File, z *sortedZip, part string, st *styles, t Table, selected bool) error {
	width := make([]int, len(t.Header))
	for i, h := range t.Header {
		width[i] = utf8.RuneCountInString(h) + 3 // the autofilter's button
	}
	rows := 0
	for r := range t.Rows {
		rows++
		if len(r) > len(width) {
			return fmt.Errorf("row %d has %d cells, the header %d", rows+1, len(r), len(t.Header))
		}
		for i, c := range r {
			if n := shownWidth(c); n > width[i] {
				width[i] = n
			}
		}
	}
	ncol := max(len(t.Header), 1)
	cols := make([]string, ncol) // column letters
	for i := range cols {
		cols[i], _ = excelize.ColumnNumberToName(i + 1)
	}
	extent := "A1:" + cols[ncol-1] + strconv.Itoa(rows+1)
	// The filter's defined name in the workbook; the sheet's own
	// autoFilter is written below.
	if err := f.AutoFilter(t.Name, extent, nil); err != nil {
		return err
	}

	pw := z.stream(part)
	b := make([]byte, 0, 64<<10)
	flush := func() error {
		_, err := pw.Write(b)
		b = b[:0]
		return err
	}
	b = append(b, sheetNS...)
	b = append(b, `<dimension ref="`...)
	b = append(b, extent...)
	b = append(b, `"/><sheetViews><sheetView `...)
	if selected {
		b = append(b, `tabSelected="1" `...)
	}
	b = append(b, `workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>`+
		`<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>`...)
	for i, w := range width {
		b = fmt.Appendf(b, `<col min="%d" max="%d" width="%d" customWidth="1"/>`, i+1, i+1, min(w+1, MaxWidth))
	}
	b = append(b, `</cols><sheetData>`...)
	header := make([]Cell, len(t.Header))
	for i, h := range t.Header {
		header[i] = Str(h)
	}
	b = st.appendRow(b, cols, 1, header, st.header)
	row := 1
	for r := range t.Rows {
		row++
		b = st.appendRow(b, cols, row, r, 0)
		if len(b) >= 60<<10 {
			if err := flush(); err != nil {
				pw.CloseWithError(err)
				return err
			}
		}
	}
	if row != rows+1 {
		err := fmt.Errorf("the rows changed between two reads: %d, then %d", rows, row-1)
		pw.CloseWithError(err)
		return err
	}
	b = append(b, `</sheetData><autoFilter ref="`...)
	b = append(b, extent...)
	b = append(b, `"/>`...)
	b = appendLists(b, t.Lists, cols)
	b = append(b, `</worksheet>`...)
	if err := flush(); err != nil {
		pw.CloseWithError(err)
		return err
	}
	return pw.Close()
}

// appendRow appends one <row>: its cells typed, text as an inline string
// (never a formula), empty cells left out. style, when not 0, is every
// cell's (the header's bold).
func (st *styles) appendRow(b []byte, cols []string, row int, cells []Cell, style int) []byte {
	rn := strconv.Itoa(row)
	b = append(b, `<row r="`...)
	b = append(b, rn...)
	b = append(b, `">`...)
	for i, c := range cells {
		if c.Kind == Empty {
			continue
		}
		s := style
		switch c.Kind {
		case Score:
			s = st.score
		case Date:
			s = st.date
		case DateTime:
			s = st.dateTime
		case Grade:
			s = st.fill[c.Str]
		case Bool:
			s = st.boolean
		}
		if c.Kind != Text && c.Kind != Grade && c.Kind != Bool && (math.IsNaN(c.Num) || math.IsInf(c.Num, 0)) {
			continue // no workbook holds NaN or ±Inf: an empty cell
		}
		b = append(b, `<c r="`...)
		b = append(b, cols[i]...)
		b = append(b, rn...)
		b = append(b, '"')
		if s != 0 {
			b = append(b, ` s="`...)
			b = strconv.AppendInt(b, int64(s), 10)
			b = append(b, '"')
		}
		switch c.Kind {
		case Text, Grade:
			b = append(b, ` t="inlineStr"><is><t`...)
			if c.Str != strings.TrimSpace(c.Str) {
				b = append(b, ` xml:space="preserve"`...)
			}
			b = append(b, '>')
			b = appendXMLText(b, c.Str)
			b = append(b, `</t></is></c>`...)
			continue
		case Bool:
			b = append(b, ` t="b"><v>`...)
			if c.Num != 0 {
				b = append(b, '1')
			} else {
				b = append(b, '0')
			}
		case Date, DateTime:
			b = append(b, `><v>`...)
			b = strconv.AppendFloat(b, c.Num-excelEpoch, 'f', -1, 64)
		default:
			b = append(b, `><v>`...)
			b = strconv.AppendFloat(b, c.Num, 'g', -1, 64)
		}
		b = append(b, `</v></c>`...)
	}
	return append(b, `</row>`...)
}

// appendXMLText appends s as XML character data: & < > escaped, a
// carriage return as &#xD; (a reader of XML reads a raw one as a line
// feed), a character XML cannot hold (a control character, U+FFFE,
// U+FFFF, a byte that is not UTF-8) as U+FFFD, the _ that starts what
// reads as an escape (_x0041_ reads as A) as _x005F_, and cut at
// MaxCellChars UTF-16 units. (Repository text reaches here through
// render.Cell, which has written its control characters as visible
// escapes already.)
func appendXMLText(b []byte, s string) []byte {
	n := 0
	for i, r := range s {
		if n += utf16.RuneLen(r); n > MaxCellChars {
			break
		}
		switch {
		case r == '&':
			b = append(b, "&amp;"...)
		case r == '<':
			b = append(b, "&lt;"...)
		case r == '>':
			b = append(b, "&gt;"...)
		case r == '\r':
			b = append(b, "&#xD;"...)
		case r == '\t' || r == '\n':
			b = append(b, byte(r))
		case r == '_' && isEscape(s[i:]):
			b = append(b, "_x005F_"...)
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF || r == utf8.RuneError:
			b = append(b, "\uFFFD"...)
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return b
}

// isEscape reports whether s begins with what a workbook's reader takes
// for an escaped character: _xHHHH_, H a hexadecimal digit.
func isEscape(s string) bool {
	if len(s) < 7 || s[1] != 'x' || s[6] != '_' {
		return false
	}
	for _, c := range []byte(s[2:6]) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// appendLists appends the drop-down lists of a template: a list
// validation per column, from its second row to the last a sheet has.
func appendLists(b []byte, lists map[int][]string, cols []string) []byte {
	if len(lists) == 0 {
		return b
	}
	keys := make([]int, 0, len(lists))
	for c := range lists {
		if c < len(cols) {
			keys = append(keys, c)
		}
	}
	slices.Sort(keys)
	b = fmt.Appendf(b, `<dataValidations count="%d">`, len(keys))
	for _, c := range keys {
		words := strings.Join(lists[c], ",")
		b = append(b, `<dataValidation type="list" allowBlank="1" showErrorMessage="1" errorTitle="not one of the words okr knows" error="use one of: `...)
		b = appendXMLText(b, strings.Join(lists[c], ", "))
		b = fmt.Appendf(b, `" sqref="%s2:%s%d"><formula1>&quot;`, cols[c], cols[c], excelize.TotalRows)
		b = appendXMLText(b, words)
		b = append(b, `&quot;</formula1></dataValidation>`...)
	}
	return append(b, `</dataValidations>`...)
}

// sortedZip is an excelize.ZipWriter that writes the workbook's parts in
// name order with no time stamp: each part is compressed as it comes,
// kept, and written at Close. The worksheets streamed by writeTable take
// the place of the ones excelize writes for the same sheets.
type sortedZip struct {
	w        io.Writer
	parts    []*zipPart
	streamed map[string]*zipPart
	wg       sync.WaitGroup
}

type zipPart struct {
	name string
	buf  bytes.Buffer // the deflated bytes
	fw   *flate.Writer
	crc  uint32
	size uint64
	err  error
}

func newSortedZip(w io.Writer) *sortedZip {
	return &sortedZip{w: w, streamed: map[string]*zipPart{}}
}

func newPart(name string) *zipPart {
	p := &zipPart{name: name}
	p.fw = flaters.Get().(*flate.Writer)
	p.fw.Reset(&p.buf)
	return p
}

// flaters keeps the deflate writers of the parts once closed: each takes
// about a megabyte to make, and a workbook has a dozen parts.
var flaters = sync.Pool{New: func() any {
	// BestSpeed: SPEC §4's sheet is 150 MB of XML; the last 30 % of size
	// is not worth three times the time.
	fw, _ := flate.NewWriter(nil, flate.BestSpeed) // the level is valid: no error
	return fw
}}

// stream returns the writer of a worksheet part, compressed on its own
// goroutine as it is written.
func (z *sortedZip) stream(name string) *io.PipeWriter {
	p := newPart(name)
	z.streamed[name] = p
	z.parts = append(z.parts, p)
	pr, pw := io.Pipe()
	z.wg.Add(1)
	go func() {
		defer z.wg.Done()
		_, err := io.Copy(p, pr)
		p.err = err
		pr.CloseWithError(err)
	}()
	return pw
}

func (z *sortedZip) Create(name string) (io.Writer, error) {
	if _, ok := z.streamed[name]; ok {
		return io.Discard, nil // written by writeTable
	}
	p := newPart(name)
	z.parts = append(z.parts, p)
	return p, nil
}

func (p *zipPart) Write(b []byte) (int, error) {
	p.crc = crc32.Update(p.crc, crc32.IEEETable, b)
	p.size += uint64(len(b))
	return p.fw.Write(b)
}

// AddFS is not used by the writer.
func (z *sortedZip) AddFS(fs.FS) error {
	return fmt.Errorf("sheet: AddFS is not supported")
}

func (z *sortedZip) Close() error {
	z.wg.Wait()
	slices.SortStableFunc(z.parts, func(a, b *zipPart) int { return strings.Compare(partOrder(a.name), partOrder(b.name)) })
	zw := zip.NewWriter(z.w)
	for _, p := range z.parts {
		if p.err != nil {
			return p.err
		}
		if err := p.fw.Close(); err != nil {
			return err
		}
		flaters.Put(p.fw)
		p.fw = nil
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name:               p.name,
			Method:             zip.Deflate,
			CRC32:              p.crc,
			CompressedSize64:   uint64(p.buf.Len()),
			UncompressedSize64: p.size,
		})
		if err != nil {
			return err
		}
		if _, err := w.Write(p.buf.Bytes()); err != nil {
			return err
		}
	}
	return zw.Close()
}

// partOrder sorts [Content_Types].xml first, as Office writes it (some
// readers sniff it there), then every part by name.
func partOrder(name string) string {
	if name == "[Content_Types].xml" {
		return ""
	}
	return name
}
