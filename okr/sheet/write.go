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
	"time"
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
// own offset; "" is empty, and anything else a text cell.
func When(s string) Cell {
	if s == "" {
		return Cell{}
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return Cell{Kind: Date, Str: s, Num: float64(t.Unix() / 86400)}
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		// The wall clock as written: the same fields read in UTC.
		wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
		return Cell{Kind: DateTime, Str: s, Num: float64(wall.UnixNano()) / float64(24*time.Hour)}
	}
	return Str(s)
}

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

// excelEpoch is 1899-12-30 in days since 1970-01-01: a date's serial
// number in a workbook is its days since then.
const excelEpoch = -25569

// The fills of grades and KPI health (SPEC §7).
var fills = map[string]string{"green": "C6EFCE", "yellow": "FFEB9C", "red": "FFC7CE"}

// Write writes tables as a workbook to w, one sheet each in order. created
// is the document's created and modified time. The same tables and time
// give the same bytes.
func Write(w io.Writer, created time.Time, tables ...Table) error {
	f := excelize.NewFile(excelize.Options{})
	defer f.Close()
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return newSortedZip(w) })
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
		if err := writeTable(f, st, t); err != nil {
			return fmt.Errorf("sheet %s: %w", t.Name, err)
		}
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

// styles are the style ids of a workbook.
type styles struct {
	header, score, date, dateTime int
	fill                          map[string]int
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
// decimals, dates yyyy-mm-dd, timestamps yyyy-mm-dd hh:mm.
func Shown(c Cell) string {
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

func writeTable(f *excelize.File, st *styles, t Table) error {
	// First pass: the widths and the number of rows.
	width := make([]int, len(t.Header))
	for i, h := range t.Header {
		width[i] = utf8.RuneCountInString(h) + 3 // the autofilter's button
	}
	rows := 0
	for r := range t.Rows {
		rows++
		for i, c := range r {
			if i >= len(width) {
				return fmt.Errorf("row %d has %d cells, the header %d", rows+1, len(r), len(t.Header))
			}
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
	cols := make([]int, 0, len(t.Lists))
	for c := range t.Lists {
		cols = append(cols, c)
	}
	slices.Sort(cols)
	for _, c := range cols {
		dv := excelize.NewDataValidation(true)
		name, err := excelize.ColumnNumberToName(c + 1)
		if err != nil {
			return err
		}
		dv.Sqref = name + "2:" + name + strconv.Itoa(excelize.TotalRows)
		if err := dv.SetDropList(t.Lists[c]); err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, "not one of the words okr knows", "use one of: "+strings.Join(t.Lists[c], ", "))
		if err := f.AddDataValidation(t.Name, dv); err != nil {
			return err
		}
	}
	sw, err := f.NewStreamWriter(t.Name)
	if err != nil {
		return err
	}
	// excelize keeps the columns in the reverse order they are set in:
	// set them last first, so that <cols> runs from A on, as readers expect.
	for i := len(width) - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, float64(min(width[i]+1, MaxWidth))); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	head := make([]any, len(t.Header))
	for i, h := range t.Header {
		head[i] = excelize.Cell{StyleID: st.header, Value: h}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	row := 1
	vals := make([]any, len(t.Header))
	cells := make([]excelize.Cell, len(t.Header))
	for r := range t.Rows {
		row++
		for i := range vals {
			vals[i] = nil // an empty cell is not written
			if i < len(r) && r[i].Kind != Empty {
				cells[i] = st.cell(r[i])
				vals[i] = &cells[i]
			}
		}
		ref, err := excelize.CoordinatesToCellName(1, row)
		if err != nil {
			return err
		}
		if err := sw.SetRow(ref, vals); err != nil {
			return err
		}
	}
	if row != rows+1 {
		return fmt.Errorf("the rows changed between two reads: %d, then %d", rows, row-1)
	}
	return sw.Flush()
}

// cell is c as excelize writes it: text as an inline string (never a
// formula), numbers as numbers, dates as serial numbers with a date style.
func (st *styles) cell(c Cell) excelize.Cell {
	switch c.Kind {
	case Text:
		return excelize.Cell{Value: c.Str}
	case Grade:
		return excelize.Cell{StyleID: st.fill[c.Str], Value: c.Str}
	case Number, Int:
		if math.IsNaN(c.Num) || math.IsInf(c.Num, 0) {
			return excelize.Cell{}
		}
		return excelize.Cell{Value: c.Num}
	case Score:
		return excelize.Cell{StyleID: st.score, Value: c.Num}
	case Bool:
		return excelize.Cell{Value: c.Num != 0}
	case Date:
		return excelize.Cell{StyleID: st.date, Value: c.Num - excelEpoch}
	case DateTime:
		return excelize.Cell{StyleID: st.dateTime, Value: c.Num - excelEpoch}
	}
	return excelize.Cell{}
}

// sortedZip is an excelize.ZipWriter that writes the workbook's parts in
// name order with no time stamp, whatever order excelize creates them in
// (it writes streamed sheets in map order): each part is compressed as it
// comes, kept, and written at Close.
type sortedZip struct {
	w     io.Writer
	parts []*zipPart
}

type zipPart struct {
	name string
	buf  bytes.Buffer // the deflated bytes
	fw   *flate.Writer
	crc  uint32
	size uint64
}

func newSortedZip(w io.Writer) *sortedZip { return &sortedZip{w: w} }

func (z *sortedZip) Create(name string) (io.Writer, error) {
	p := &zipPart{name: name}
	fw, err := flate.NewWriter(&p.buf, flate.DefaultCompression)
	if err != nil {
		return nil, err
	}
	p.fw = fw
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
	slices.SortStableFunc(z.parts, func(a, b *zipPart) int { return strings.Compare(partOrder(a.name), partOrder(b.name)) })
	zw := zip.NewWriter(z.w)
	for _, p := range z.parts {
		if err := p.fw.Close(); err != nil {
			return err
		}
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
