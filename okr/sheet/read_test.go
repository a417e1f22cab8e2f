package sheet

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// workbook writes a workbook with a Goals sheet, then puts sheetData (the
// rows, as XML) and after (merges) in place of its sheet's data: the
// shapes a spreadsheet writes that okr's writer never does.
func workbook(t *testing.T, sheetData, after string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, time.Unix(0, 0), Table{Name: "Goals", Header: []string{"x"}, Rows: rows()}); err != nil {
		t.Fatal(err)
	}
	return replacePart(t, b.Bytes(), "xl/worksheets/sheet1.xml", func(w io.Writer) {
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		io.WriteString(w, sheetData)
		io.WriteString(w, `</sheetData>`+after+`</worksheet>`)
	})
}

// replacePart rewrites a zip with the part name written by write.
func replacePart(t *testing.T, data []byte, name string, write func(io.Writer)) []byte {
	t.Helper()
	return replacePartStored(t, data, name, zip.Deflate, write)
}

// replacePartStored is replacePart with the part's compression method:
// zip.Store for a large part that need not be small, which spares the
// test deflating it (minutes under the race detector).
func replacePartStored(t *testing.T, data []byte, name string, method uint16, write func(io.Writer)) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		m := uint16(zip.Deflate)
		if f.Name == name {
			m = method
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: m})
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == name {
			write(w)
			continue
		}
		rc, _ := f.Open()
		io.Copy(w, rc)
		rc.Close()
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func inline(ref, s string) string {
	return fmt.Sprintf(`<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, s)
}

func texts(g *Grid) [][]string {
	var out [][]string
	for _, r := range append([][]Raw{g.Header}, g.Rows...) {
		var row []string
		for _, c := range r {
			row = append(row, c.Text)
		}
		out = append(out, row)
	}
	return out
}

func TestReadFormulasAndDates(t *testing.T) {
	data := workbook(t,
		`<row r="1">`+inline("A1", "title")+inline("B1", "current")+inline("C1", "current_at")+inline("D1", "total")+`</row>`+
			// A formula's cached value is read (never the formula); a date
			// cell is its serial number; a formula with no value is an error.
			`<row r="2">`+inline("A2", "=HYPERLINK(&quot;http://x&quot;)")+`<c r="B2"><f>1+1</f><v>2</v></c><c r="C2" s="0"><v>46328</v></c><c r="D2"><f>NOW()</f></c></row>`+
			`<row r="3">`+inline("A3", "b")+`<c r="B3" t="str"><f>"x"&amp;"y"</f><v>xy</v></c>`+inline("C3", "2026-11-02")+`</row>`,
		`<mergeCells count="1"><mergeCell ref="A5:A7"/></mergeCells>`)
	b, err := Read("g.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"title", "current", "current_at", "total"},
		{`=HYPERLINK("http://x")`, "2", "46328", ""},
		{"b", "xy", "2026-11-02"},
	}
	if diff := cmp.Diff(want, texts(b.Goals)); diff != "" {
		t.Errorf("cells (-want +got):\n%s", diff)
	}
	var probs []string
	for _, p := range b.Problems {
		probs = append(probs, p.String())
	}
	wantProbs := []string{
		"g.xlsx:Goals!D2: error: a formula without a computed value: okr never evaluates formulas; open the file in a spreadsheet and save it, or type the value [import]",
		"g.xlsx:Goals!A5: error: merged cells A5:A7: unmerge them and write the value in each row [import]",
	}
	if diff := cmp.Diff(wantProbs, probs); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestReadRefusals(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"notes.txt", []byte("x"), "not a .xlsx or .csv file"},
		{"g.xlsx", []byte("owner,period\n"), "not a workbook (.xlsx)"},
		{"g.xlsx", []byte("PK\x03\x04 truncated"), "not a workbook (.xlsx)"},
		{"g.xlsx", nil, "not a workbook (.xlsx)"},
		{"g.csv", []byte("owner,\xff\n"), "not UTF-8 text"},
		{"g.csv", []byte("owner,\"period\nx,y\n"), "g.csv: line 2:"},
	}
	for _, tc := range tests {
		_, err := Read(tc.name, tc.data)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Read(%s, %.20q) = %v, want %q", tc.name, tc.data, err, tc.want)
		}
	}
}

// TestReadZipBomb: a part that inflates past 256 MiB is refused before it
// is inflated, however small the file.
func TestReadZipBomb(t *testing.T) {
	base := workbook(t, `<row r="1">`+inline("A1", "owner")+`</row>`, "")
	data := replacePart(t, base, "xl/worksheets/sheet1.xml", func(w io.Writer) {
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		zeros := make([]byte, 1<<20)
		for i := range zeros {
			zeros[i] = ' '
		}
		for range 257 {
			w.Write(zeros)
		}
		io.WriteString(w, `</sheetData></worksheet>`)
	})
	if len(data) > 2<<20 {
		t.Fatalf("the bomb is %d bytes", len(data))
	}
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := Read("bomb.xlsx", data)
	if err == nil || !strings.Contains(err.Error(), "inflate past 256 MiB") {
		t.Errorf("err = %v", err)
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
		t.Errorf("reading the bomb allocated %d MiB", grew>>20)
	}
}

// TestReadMaxRows: a sheet with 1,048,576 rows (every row a workbook can
// have) is refused past MaxRows, without reading the rest; a row number
// past that is an error too.
func TestReadMaxRows(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 1,048,576-row sheet")
	}
	base := workbook(t, "", "")
	data := replacePartStored(t, base, "xl/worksheets/sheet1.xml", zip.Store, func(w io.Writer) {
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		var b []byte
		for r := 1; r <= 1<<20; r++ {
			b = fmt.Appendf(b[:0], `<row r="%d"><c r="A%d"><v>%d</v></c></row>`, r, r, r)
			w.Write(b)
		}
		io.WriteString(w, `</sheetData></worksheet>`)
	})
	_, err := Read("big.xlsx", data)
	if err == nil || !strings.Contains(err.Error(), "big.xlsx: sheet Goals has more than 200000 rows of data") {
		t.Errorf("err = %v", err)
	}
	past := workbook(t, `<row r="1048577">`+inline("A1048577", "x")+`</row>`, "")
	if _, err := Read("past.xlsx", past); err == nil {
		t.Error("a row past 1,048,576 was read")
	}
}

func TestReadCSV(t *testing.T) {
	data := []byte("\xef\xbb\xbfOwner;Objective Title;title\n" +
		"pay;Café « rapide »;\"'=HYPERLINK(\"\"x\"\")\"\n" +
		";;\n" +
		"pay;\"multi\nline\";'-5 'x\n")
	b, err := Read("g.csv", data)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Owner", "Objective Title", "title"},
		{"pay", "Café « rapide »", `=HYPERLINK("x")`},
		{"pay", "multi\nline", "-5 'x"},
	}
	if diff := cmp.Diff(want, texts(b.Goals)); diff != "" {
		t.Errorf("cells (-want +got):\n%s", diff)
	}
	// Positions: the line, and the character column where the cell starts
	// (é, « and » are one character each, two bytes).
	if got := b.Goals.Rows[0][2].At().String(); got != "g.csv:2:21" {
		t.Errorf("position %s, want g.csv:2:21", got)
	}
	if got := b.Goals.Rows[1][2].At().String(); got != "g.csv:5:7" {
		t.Errorf("position %s, want g.csv:5:7", got)
	}
}

func TestReadColumns(t *testing.T) {
	b, err := Read("g.csv", []byte("owner,period,,\npay,2026-Q4,,stray,more\npay,2026-Q4,,also\n"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([][]string{{"owner", "period"}, {"pay", "2026-Q4"}, {"pay", "2026-Q4"}}, texts(b.Goals)); diff != "" {
		t.Errorf("cells (-want +got):\n%s", diff)
	}
	if len(b.Problems) != 1 || b.Problems[0].String() != "g.csv:2:14: error: a value in a column with no header: name the column in the first row, or clear it [import]" {
		t.Errorf("problems %v", b.Problems)
	}
	wide := strings.Repeat("x,", MaxColumns) + "x\n"
	if _, err := Read("w.csv", []byte(wide)); err == nil || !strings.Contains(err.Error(), "w.csv: the header row has 41 columns; okr import reads at most 40 (the Goals layout has 23)") {
		t.Errorf("err = %v", err)
	}
}

// TestReadFarColumns: a workbook's row may reach column XFD; a value past
// column MaxColumns, which no header reaches, is refused at its cell
// before any row is read (reading rows 16,384 columns wide took 1.5 ms
// each, and kept them whole: 30 KB of workbook held 2.3 GB), and a value
// past the header but within MaxColumns is a problem, its row cut to the
// header's columns.
func TestReadFarColumns(t *testing.T) {
	var rows strings.Builder
	rows.WriteString(`<row r="1">` + inline("A1", "owner") + `</row>`)
	for r := 2; r <= 50; r++ {
		fmt.Fprintf(&rows, `<row r="%d">%s<c r="XFD%d"><v>1</v></c></row>`, r, inline(fmt.Sprintf("A%d", r), "pay"), r)
	}
	_, err := Read("far.xlsx", workbook(t, rows.String(), ""))
	if err == nil || err.Error() != "far.xlsx: sheet Goals: cell XFD2 holds a value past column AN; okr import reads at most 40 columns (the Goals layout has 23): clear it, or delete the columns after the table" {
		t.Errorf("err = %v", err)
	}
	// Styled cells without a value past the table are no value.
	b, err := Read("styled.xlsx", workbook(t, `<row r="1">`+inline("A1", "owner")+`<c r="XFD1" s="0"/></row><row r="2">`+inline("A2", "pay")+inline("AN2", "x")+`<c r="AO2"><v></v></c></row>`, ""))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([][]string{{"owner"}, {"pay"}}, texts(b.Goals)); diff != "" {
		t.Errorf("cells (-want +got):\n%s", diff)
	}
	if len(b.Problems) != 1 || b.Problems[0].String() != "styled.xlsx:Goals!AN2: error: a value in a column with no header: name the column in the first row, or clear it [import]" {
		t.Errorf("problems %v", b.Problems)
	}
	// A row holds the header's cells only, not the line's: 2,000 lines of
	// 2,000 cells kept whole would be 128 MB of cells (32 bytes each).
	line := "pay" + strings.Repeat(",", 2000) + "x\n"
	data := []byte("owner\n" + strings.Repeat(line, 2000))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b, err = Read("g.csv", data)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if len(b.Goals.Rows) != 2000 || len(b.Goals.Rows[0]) != 1 {
		t.Fatalf("%d rows, the first of %d cells", len(b.Goals.Rows), len(b.Goals.Rows[0]))
	}
	// The lines themselves (4 MB) may stay: a cell's text is part of one.
	if grew := int64(after.HeapAlloc) - int64(before.HeapAlloc); grew > 16<<20 {
		t.Errorf("the rows read hold %d MB", grew>>20)
	}
	// An empty cell under the header is kept where it is in its line.
	b, err = Read("g.csv", []byte("owner,period,objective\npay,2026-Q4,\n"))
	if err != nil {
		t.Fatal(err)
	}
	if r := b.Goals.Rows[0]; len(r) != 3 || r[2].At().String() != "g.csv:2:13" {
		t.Errorf("row %v", texts(b.Goals))
	}
}

// TestReadPercentages: typed 45% in a spreadsheet, a cell holds 0.45,
// which okr would read as the value: a number in a cell whose format
// shows a percentage (built in, or the workbook's own with a % neither
// quoted nor escaped) is a problem at its cell; text, and a % quoted or
// escaped (shown, not scaling), are not.
func TestReadPercentages(t *testing.T) {
	base := workbook(t, `<row r="1">`+inline("A1", "a")+inline("B1", "b")+inline("C1", "c")+inline("D1", "d")+inline("E1", "e")+inline("F1", "f")+`</row>`+
		`<row r="2"><c r="A2" s="1"><v>0.45</v></c><c r="B2" s="2"><v>45</v></c><c r="C2" s="3"><v>0.5</v></c>`+
		`<c r="D2" s="4"><v>45</v></c><c r="E2" s="1" t="inlineStr"><is><t>45%</t></is></c><c r="F2" s="0"><v>45</v></c></row>`, "")
	data := replacePart(t, base, "xl/styles.xml", func(w io.Writer) {
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`+
			`<numFmts count="3"><numFmt numFmtId="164" formatCode="0.0&quot;%&quot;"/><numFmt numFmtId="165" formatCode="0.0%"/><numFmt numFmtId="166" formatCode="0\%"/></numFmts>`+
			`<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/></cellXfs></styleSheet>`)
	})
	b, err := Read("p.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range b.Problems {
		got = append(got, p.String())
	}
	want := []string{
		"p.xlsx:Goals!A2: error: a cell formatted as a percentage holds 0.45: write the number as it is meant (45 for 45%) in a cell formatted as a number, with % in unit [import]",
		"p.xlsx:Goals!C2: error: a cell formatted as a percentage holds 0.5: write the number as it is meant (45 for 45%) in a cell formatted as a number, with % in unit [import]",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}
