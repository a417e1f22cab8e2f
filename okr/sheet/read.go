package sheet

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Limits of the reader: no workbook or CSV file larger than MaxFileSize is
// read (SPEC §1's 256 MiB), no workbook whose parts inflate past
// MaxUnzipSize in all, and no sheet past MaxRows rows of data.
const (
	MaxFileSize  = 256 << 20
	MaxUnzipSize = 256 << 20
	MaxRows      = 200_000 // above SPEC §4's 128,000 key results
	MaxColumns   = 40      // the Goals layout has 23
	maxProblems  = 100     // problems of one sheet's shape (formulas, merges) before the rest are summed up
)

// Raw is one cell as read: its text (a number as stored in the file, so a
// date typed as a date is its serial number; a text without a CSV's
// formula guard), and where it is (At). It is small: a sheet holds up to
// MaxRows × MaxColumns of them.
type Raw struct {
	Text     string
	src      *cellSource // the file and sheet, shared by every cell of a sheet
	row, col int32
}

// cellSource is the file and sheet of a cell ("" in a CSV file).
type cellSource struct{ file, sheet string }

// At is where the cell is.
func (r Raw) At() Pos {
	if r.src == nil {
		return Pos{}
	}
	return Pos{File: r.src.file, Sheet: r.src.sheet, Row: int(r.row), Col: int(r.col)}
}

// Pos is where a cell is: FILE:SHEET!B7 in a workbook, FILE:LINE:COL in a
// CSV file (COL the character column where the cell starts).
type Pos struct {
	File  string
	Sheet string // "" in a CSV file
	Row   int    // 1-based: the row, or the CSV line
	Col   int    // 1-based: the column, or the CSV character column
}

func (p Pos) String() string {
	if p.Sheet == "" {
		if p.Row == 0 {
			return p.File
		}
		return fmt.Sprintf("%s:%d:%d", p.File, p.Row, max(p.Col, 1))
	}
	if p.Row == 0 {
		return p.File + ":" + p.Sheet
	}
	name, err := excelize.CoordinatesToCellName(max(p.Col, 1), p.Row)
	if err != nil {
		name = fmt.Sprintf("R%dC%d", p.Row, p.Col)
	}
	return p.File + ":" + p.Sheet + "!" + name
}

// Grid is one sheet: its header row and its rows of data (entirely empty
// rows left out).
type Grid struct {
	Name   string
	Header []Raw   // up to its last named column
	Rows   [][]Raw // no longer than the header; a row may be shorter
	// unheaded is set once a value was found in a column without a header.
	unheaded bool
}

// setHeader makes cells the header row, up to its last named column: at
// most MaxColumns.
func (g *Grid) setHeader(cells []Raw) error {
	n := len(cells)
	for n > 0 && cells[n-1].Text == "" {
		n--
	}
	if n > MaxColumns {
		return fmt.Errorf("the header row has %d columns; okr import reads at most %d (the Goals layout has %d)", n, MaxColumns, len(GoalsColumns))
	}
	g.Header = cells[:n:n]
	return nil
}

// width is how many of a row's cells are read: the header row up to its
// last value; a row of data no more than the header's columns, so that a
// row's cells stay within MaxColumns whatever the file holds (a row may
// reach column XFD). A value past the header is a problem (the first of a
// sheet only), at the cell at(i) names. 0: an empty row.
func (g *Grid) width(texts []string, at func(i int) Pos, probs *[]Problem) int {
	last := -1
	for i, v := range texts {
		if strings.TrimSpace(v) != "" {
			last = i
		}
	}
	switch {
	case last < 0:
		return 0
	case g.Header == nil:
		return last + 1
	case last < len(g.Header):
		return min(len(texts), len(g.Header)) // its empty cells too, each where it is
	}
	if !g.unheaded {
		g.unheaded = true
		for i := len(g.Header); i <= last; i++ {
			if strings.TrimSpace(texts[i]) != "" {
				*probs = append(*probs, errorAt(at(i), "a value in a column with no header: name the column in the first row, or clear it"))
				break
			}
		}
	}
	return len(g.Header)
}

// Book is what okr import reads: the Goals sheet and, in a workbook, the
// KPIs sheet when there is one.
type Book struct {
	Goals *Grid
	KPIs  *Grid // nil when there is none
	// Problems are the cells read but not usable: formulas without a
	// cached value, merged cells.
	Problems []Problem
}

// Problem is one problem of an import, at a cell.
type Problem struct {
	At       Pos
	Severity string // error | warning
	Rule     string
	Message  string
}

func (p Problem) String() string {
	return fmt.Sprintf("%s: %s: %s [%s]", p.At, p.Severity, p.Message, p.Rule)
}

func errorAt(at Pos, format string, args ...any) Problem {
	return Problem{At: at, Severity: "error", Rule: "import", Message: fmt.Sprintf(format, args...)}
}

// ReadError is a file that cannot be read at all: not a workbook, too
// large, no sheet.
type ReadError struct {
	File string
	Msg  string
}

func (e *ReadError) Error() string { return e.File + ": " + e.Msg }

// Read reads a workbook (.xlsx) or a CSV file (.csv), by name, from data.
func Read(name string, data []byte) (*Book, error) {
	if len(data) > MaxFileSize {
		return nil, &ReadError{name, fmt.Sprintf("larger than %d MiB; okr does not read files that large", MaxFileSize>>20)}
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".xlsx", ".xlsm":
		return readXLSX(name, data)
	case ".csv":
		return readCSV(name, data)
	}
	return nil, &ReadError{name, "not a .xlsx or .csv file: okr import reads a workbook (.xlsx) or a CSV file in the Goals layout"}
}

func readXLSX(name string, data []byte) (*Book, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    MaxUnzipSize,
		UnzipXMLSizeLimit: 16 << 20, // larger sheets go through a temporary file, not memory
	})
	if err != nil {
		msg := err.Error()
		switch {
		case strings.Contains(msg, "unzip size"):
			msg = fmt.Sprintf("its parts inflate past %d MiB; okr does not read workbooks that large", MaxUnzipSize>>20)
		case errors.Is(err, zip.ErrFormat), errors.Is(err, excelize.ErrWorkbookFileFormat), strings.Contains(msg, "zip"):
			msg = "not a workbook (.xlsx): " + msg + "; save it from the spreadsheet as Excel Workbook (.xlsx), or as CSV"
		default:
			msg = "cannot read the workbook: " + msg
		}
		return nil, &ReadError{name, msg}
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, &ReadError{name, "the workbook has no sheet"}
	}
	goals, kpis := sheets[0], ""
	for _, s := range sheets {
		switch {
		case strings.EqualFold(s, "Goals"):
			goals = s
		case strings.EqualFold(s, "KPIs"):
			kpis = s
		}
	}
	if kpis == goals {
		kpis = ""
	}
	parts, err := sheetParts(data)
	if err != nil {
		return nil, &ReadError{name, "not a workbook (.xlsx): " + err.Error()}
	}
	parts[stylesPart] = nil
	if zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err == nil {
		for _, zf := range zr.File {
			if zf.Name == stylesPart {
				parts[stylesPart] = zf
			}
		}
	}
	b := &Book{}
	if b.Goals, err = readSheet(f, name, goals, parts, &b.Problems); err != nil {
		return nil, err
	}
	if kpis != "" {
		if b.KPIs, err = readSheet(f, name, kpis, parts, &b.Problems); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// readSheet reads one sheet's cells as text (raw values: a number as
// stored, a formula's cached value, never evaluated), and reports its
// formulas without a cached value and its merged cells.
func readSheet(f *excelize.File, file, sheet string, parts map[string]*zip.File, probs *[]Problem) (*Grid, error) {
	shape, err := scanSheet(parts[sheet], percentStyles(parts[stylesPart]))
	if err != nil {
		return nil, &ReadError{file, fmt.Sprintf("sheet %s: %v", sheet, err)}
	}
	if shape.far != "" {
		last, _ := excelize.ColumnNumberToName(MaxColumns)
		return nil, &ReadError{file, fmt.Sprintf("sheet %s: cell %s holds a value past column %s; okr import reads at most %d columns (the Goals layout has %d): clear it, or delete the columns after the table", sheet, shape.far, last, MaxColumns, len(GoalsColumns))}
	}
	for _, ref := range shape.noValue {
		c, r, _ := excelize.CellNameToCoordinates(ref)
		*probs = append(*probs, errorAt(Pos{File: file, Sheet: sheet, Row: r, Col: c},
			"a formula without a computed value: okr never evaluates formulas; open the file in a spreadsheet and save it, or type the value"))
	}
	if shape.more > 0 {
		*probs = append(*probs, errorAt(Pos{File: file, Sheet: sheet}, "%d more formulas without a computed value", shape.more))
	}
	for _, c := range shape.percent {
		col, r, _ := excelize.CellNameToCoordinates(c.ref)
		*probs = append(*probs, errorAt(Pos{File: file, Sheet: sheet, Row: r, Col: col},
			"a cell formatted as a percentage holds %s: write the number as it is meant (45 for 45%%) in a cell formatted as a number, with %% in unit", c.value))
	}
	for i, ref := range shape.merged {
		if i == maxProblems {
			break
		}
		first, _, _ := strings.Cut(ref, ":")
		c, r, _ := excelize.CellNameToCoordinates(first)
		*probs = append(*probs, errorAt(Pos{File: file, Sheet: sheet, Row: r, Col: c},
			"merged cells %s: unmerge them and write the value in each row", ref))
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, &ReadError{file, fmt.Sprintf("sheet %s: %v", sheet, err)}
	}
	defer rows.Close()
	g := &Grid{Name: sheet}
	src := &cellSource{file: file, sheet: sheet}
	row := 0
	for rows.Next() {
		row++
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, &ReadError{file, fmt.Sprintf("sheet %s row %d: %v", sheet, row, err)}
		}
		n := g.width(cols, func(i int) Pos { return Pos{File: file, Sheet: sheet, Row: row, Col: i + 1} }, probs)
		if n == 0 {
			continue
		}
		cells := make([]Raw, n)
		for i, v := range cols[:n] {
			cells[i] = Raw{Text: strings.TrimSpace(v), src: src, row: int32(row), col: int32(i + 1)}
		}
		if g.Header == nil {
			if err := g.setHeader(cells); err != nil {
				return nil, &ReadError{file, fmt.Sprintf("sheet %s: %v", sheet, err)}
			}
			continue
		}
		if len(g.Rows) == MaxRows {
			return nil, &ReadError{file, fmt.Sprintf("sheet %s has more than %d rows of data; okr import reads at most that many: split it into several files", sheet, MaxRows)}
		}
		g.Rows = append(g.Rows, cells)
	}
	if err := rows.Error(); err != nil {
		return nil, &ReadError{file, fmt.Sprintf("sheet %s: %v", sheet, err)}
	}
	return g, nil
}

// sheetShape is what scanSheet finds in a sheet's XML besides its values:
// the formulas without a cached value and the merged ranges (at most
// maxProblems+1 of each are kept).
type sheetShape struct {
	noValue []string
	merged  []string
	more    int // formulas without a value past those kept
	// percent are the numbers in cells formatted as a percentage: typed
	// 45%, the cell holds 0.45, which okr would read (at most
	// maxProblems).
	percent []struct{ ref, value string }
	// far is the first cell past column MaxColumns that holds a value:
	// no header reaches it, and a reader of the sheet's rows would spend
	// time on every column up to it (a row may reach column XFD).
	far string
}

// sheetParts maps each sheet's name to its part in the zip, through
// xl/workbook.xml and its relationships.
func sheetParts(data []byte) (map[string]*zip.File, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[strings.TrimPrefix(strings.ReplaceAll(f.Name, `\`, "/"), "/")] = f
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := unmarshalPart(files["xl/workbook.xml"], &wb); err != nil {
		return nil, fmt.Errorf("xl/workbook.xml: %w", err)
	}
	if err := unmarshalPart(files["xl/_rels/workbook.xml.rels"], &rels); err != nil {
		return nil, fmt.Errorf("xl/_rels/workbook.xml.rels: %w", err)
	}
	target := map[string]string{}
	for _, r := range rels.Rel {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		target[r.ID] = t
	}
	out := map[string]*zip.File{}
	for _, s := range wb.Sheets {
		out[s.Name] = files[target[s.ID]]
	}
	return out, nil
}

// stylesPart is where a workbook keeps its styles.
const stylesPart = "xl/styles.xml"

// percentStyles are the cell styles (their index in cellXfs) whose number
// format shows a percentage: the built-in 0% and 0.00% (9 and 10), or a
// format of the workbook's own with a % neither quoted nor escaped.
func percentStyles(f *zip.File) map[int]bool {
	var st struct {
		NumFmts []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			NumFmt int `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if f == nil || unmarshalPart(f, &st) != nil {
		return nil
	}
	pct := map[int]bool{9: true, 10: true}
	for _, n := range st.NumFmts {
		quoted, escaped := false, false
		for _, r := range n.Code {
			switch {
			case escaped:
				escaped = false
			case r == '\\' && !quoted:
				escaped = true // \% is a % shown, the number not scaled
			case r == '"':
				quoted = !quoted
			case r == '%' && !quoted:
				pct[n.ID] = true
			}
		}
	}
	out := map[int]bool{}
	for i, x := range st.Xfs {
		if pct[x.NumFmt] {
			out[i] = true
		}
	}
	return out
}

// unmarshalPart decodes a small part (at most 16 MiB of XML).
func unmarshalPart(f *zip.File, v any) error {
	if f == nil {
		return errors.New("missing")
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(io.LimitReader(rc, 16<<20)).Decode(v)
}

// scanSheet streams a sheet's XML once: formulas without a cached value,
// merged cells. Its memory does not grow with the sheet.
func scanSheet(f *zip.File, percent map[int]bool) (*sheetShape, error) {
	s := &sheetShape{}
	if f == nil {
		return s, nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	d := xml.NewDecoder(io.LimitReader(rc, MaxUnzipSize))
	var (
		ref              string
		hasF, hasV, inV  bool
		vText            strings.Builder
		inCell, inT, far bool
		pct              bool // the cell is a number formatted as a percentage
		cellsSeenInRow   int
		rowsSeen, rowNum int
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return s, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				rowsSeen++
				rowNum = rowsSeen
				for _, a := range t.Attr {
					if a.Name.Local == "r" {
						if n, err := strconv.Atoi(a.Value); err == nil {
							rowNum = n
							rowsSeen = n
						}
					}
				}
				cellsSeenInRow = 0
			case "c":
				inCell, hasF, hasV, ref = true, false, false, ""
				vText.Reset()
				far, pct = false, false
				numeric := true
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "s":
						n, err := strconv.Atoi(a.Value)
						pct = err == nil && percent[n]
					case "t":
						numeric = a.Value == "n"
					}
				}
				pct = pct && numeric
				cellsSeenInRow++
				for _, a := range t.Attr {
					if a.Name.Local == "r" {
						ref = a.Value
					}
				}
				if ref != "" {
					if c, _, err := excelize.CellNameToCoordinates(ref); err == nil {
						cellsSeenInRow = c
					}
				} else {
					ref, _ = excelize.CoordinatesToCellName(max(cellsSeenInRow, 1), max(rowNum, 1))
				}
				far = cellsSeenInRow > MaxColumns
			case "f":
				if inCell {
					hasF = true
				}
			case "v":
				if inCell {
					inV = true
				}
			case "t":
				inT = inCell
			case "mergeCell":
				for _, a := range t.Attr {
					if a.Name.Local == "ref" && len(s.merged) <= maxProblems {
						s.merged = append(s.merged, a.Value)
					}
				}
			}
		case xml.CharData:
			if inV && vText.Len() < 1024 {
				vText.Write(t)
			}
			if far && (inV || inT) && len(bytes.TrimSpace(t)) > 0 {
				s.far = ref
				return s, nil
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inT = false
			case "v":
				inV = false
				hasV = strings.TrimSpace(vText.String()) != ""
			case "c":
				inCell = false
				if pct && hasV && len(s.percent) < maxProblems {
					s.percent = append(s.percent, struct{ ref, value string }{ref, strings.TrimSpace(vText.String())})
				}
				switch {
				case hasF && !hasV && len(s.noValue) < maxProblems:
					s.noValue = append(s.noValue, ref)
				case hasF && !hasV:
					s.more++
				}
			}
		}
	}
}

// readCSV reads a CSV file in the Goals layout (a BOM allowed; , or ;
// between cells as the header line shows). A cell that begins with ' and
// then = + - or @ is read without the ' that okr's csv output put there.
func readCSV(name string, data []byte) (*Book, error) {
	if !utf8.Valid(data) {
		return nil, &ReadError{name, "not UTF-8 text: save it from the spreadsheet as CSV UTF-8"}
	}
	body := bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	lines := bytes.SplitAfter(body, []byte("\n"))
	r := csv.NewReader(bytes.NewReader(body))
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	if first, _, _ := bytes.Cut(body, []byte("\n")); bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		r.Comma = ';'
	}
	g := &Grid{Name: ""}
	b := &Book{}
	src := &cellSource{file: name}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &ReadError{name, fmt.Sprintf("line %d: %v", pe.Line, pe.Err)}
			}
			return nil, &ReadError{name, err.Error()}
		}
		at := func(i int) Pos {
			line, bcol := r.FieldPos(i)
			col := bcol
			if line-1 < len(lines) && bcol-1 <= len(lines[line-1]) {
				col = utf8.RuneCount(lines[line-1][:bcol-1]) + 1
			}
			return Pos{File: name, Row: line, Col: col}
		}
		n := g.width(rec, at, &b.Problems)
		if n == 0 {
			continue
		}
		cells := make([]Raw, n)
		for i, v := range rec[:n] {
			v = strings.TrimSpace(v)
			v = Unguard(v)
			p := at(i)
			cells[i] = Raw{Text: v, src: src, row: int32(p.Row), col: int32(p.Col)}
		}
		if g.Header == nil {
			if err := g.setHeader(cells); err != nil {
				return nil, &ReadError{name, err.Error()}
			}
			continue
		}
		if len(g.Rows) == MaxRows {
			return nil, &ReadError{name, fmt.Sprintf("more than %d rows of data; okr import reads at most that many: split it into several files", MaxRows)}
		}
		g.Rows = append(g.Rows, cells)
	}
	b.Goals = g
	return b, nil
}
