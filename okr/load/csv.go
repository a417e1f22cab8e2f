package load

import (
	"bytes"
	"encoding/csv"
	"errors"
	"hash/maphash"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/okr-as-code/okr/okr/model"
)

// maxCSVProblems bounds the problems reported for one CSV file, so that a
// binary file that happens to start with a measurement header stays readable.
const maxCSVProblems = 100

// headerNames are the columns of a measurement file, in order: the first
// three required, note and confidence optional.
var headerNames = [...]string{"metric", "at", "value", "note", "confidence"}

// measurementHeader reports whether the first line of data is a
// measurement header (SPEC §1): metric,at,value, optionally followed by
// note and then confidence; after a BOM, and with double quotes allowed
// around a cell.
func measurementHeader(data []byte) bool {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	line, _, _ := bytes.Cut(data, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	n := 0
	for len(line) > 0 || n == 0 {
		cell, rest, more := bytes.Cut(line, []byte(","))
		if len(cell) >= 2 && cell[0] == '"' && cell[len(cell)-1] == '"' {
			cell = cell[1 : len(cell)-1]
		}
		if n >= len(headerNames) || string(cell) != headerNames[n] {
			return false
		}
		n++
		if !more {
			break
		}
		line = rest
		if len(line) == 0 {
			return false // a trailing comma: an empty sixth cell
		}
	}
	return n >= 3
}

// validHeader reports whether header, as a CSV reader split it, is a
// measurement header.
func validHeader(header []string) bool {
	if len(header) < 3 || len(header) > len(headerNames) {
		return false
	}
	for i, h := range header {
		if h != headerNames[i] {
			return false
		}
	}
	return true
}

// parseCSVAppendable reads a measurement file (one that starts with a
// measurement header), and returns what a later version of it needs to
// read only the rows appended to it, or nil.
func parseCSVAppendable(file string, data []byte) ([]model.Measurement, []model.Problem, *appendable) {
	if conflicted(data) {
		ms, probs := readConflicted(file, data)
		return ms, probs, nil
	}
	all := data
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	lines := bytes.Count(data, []byte("\n"))
	w := widened(data)
	if w != nil {
		data = w // a union merge kept a wider header below the first
	}
	if w != nil || bytes.IndexByte(data, '"') >= 0 || bytes.IndexByte(data, '\r') >= 0 {
		cr := csv.NewReader(bytes.NewReader(data))
		cr.FieldsPerRecord = -1
		cr.ReuseRecord = true
		ms, probs, _ := readCSV(file, cr, lines)
		return ms, charColumns(data, probs), nil
	}
	// The rows are read from data itself, not a copy: what a measurement
	// keeps of its text is cloned (the metric, a timestamp, the note), and
	// so is the header.
	ms, probs, header := readCSV(file, &plainCSV{src: unsafe.String(unsafe.SliceData(data), len(data))}, lines)
	probs = charColumns(data, probs)
	var a *appendable
	if len(probs) == 0 && len(all) > 0 && all[len(all)-1] == '\n' {
		a = &appendable{file: file, size: len(all), sum: maphash.Bytes(appendSeed, all), lines: lines, header: header}
	}
	return ms, probs, a
}

// appendable is what a later version of a measurement file needs to read
// only the rows appended to it (a check-in): the file was read without
// quotes, carriage returns or problems, and ends with a newline.
type appendable struct {
	file   string
	size   int    // the length of its content
	sum    uint64 // the hash of its content
	lines  int    // its number of lines
	header []string
}

var appendSeed = maphash.MakeSeed()

// parseAppended returns what parseData returns for data, the content of a
// measurement file after prev (an earlier version's), reading only the
// rows appended to prev's content; or nil when data is not that.
func parseAppended(prev *fileResult, file string, data []byte) *fileResult {
	a := prev.appendable
	if a == nil || a.file != file || len(data) <= a.size || len(data) > maxFileSize ||
		maphash.Bytes(appendSeed, data[:a.size]) != a.sum {
		return nil
	}
	tail := data[a.size:]
	if bytes.IndexByte(tail, '"') >= 0 || bytes.IndexByte(tail, '\r') >= 0 || conflicted(tail) || headerLines(data[a.size-1:]) {
		return nil
	}
	n := bytes.Count(tail, []byte("\n"))
	ms, probs := readRows(file, &plainCSV{src: string(tail), lineNo: a.lines}, a.header, n, nil)
	probs = charColumns(data, probs)
	r := &fileResult{okr: true, problems: probs}
	if prev.packed != nil || len(prev.measurements) == 0 {
		r.packed = packRows(file, prev.packed, ms)
	} else {
		r.measurements = append(slices.Clip(prev.measurements), ms...)
		r.pack(file)
	}
	if len(probs) == 0 && tail[len(tail)-1] == '\n' {
		r.appendable = &appendable{file: file, size: len(data), sum: maphash.Bytes(appendSeed, data), lines: a.lines + n, header: a.header}
	}
	return r
}

// records reads the rows of a CSV file, as [csv.Reader] does with
// FieldsPerRecord -1 and ReuseRecord.
type records interface {
	Read() ([]string, error)
	FieldPos(field int) (line, column int)
}

// plainCSV reads CSV without quotes or carriage returns, where every comma
// separates fields and every newline ends a row: the common case, several
// times faster than [csv.Reader], with the same rows, positions and empty
// lines skipped. Its fields are substrings of src.
type plainCSV struct {
	src    string
	off    int // the start of the next line
	lineNo int // the number of the line at off, minus one
	line   int // the line of the row last read
	ls     int // the offset of that line
	rec    []string
	starts []int // the offsets of its fields
}

func (r *plainCSV) Read() ([]string, error) {
	for {
		if r.off >= len(r.src) {
			return nil, io.EOF
		}
		ls, le := r.off, len(r.src)
		if i := strings.IndexByte(r.src[ls:], '\n'); i >= 0 {
			le = ls + i
			r.off = le + 1
		} else {
			r.off = le
		}
		r.lineNo++
		if le == ls {
			continue // csv.Reader skips empty lines
		}
		r.line, r.ls = r.lineNo, ls
		r.rec, r.starts = r.rec[:0], r.starts[:0]
		for f := ls; ; {
			i := strings.IndexByte(r.src[f:le], ',')
			if i < 0 {
				r.rec, r.starts = append(r.rec, r.src[f:le]), append(r.starts, f)
				break
			}
			r.rec, r.starts = append(r.rec, r.src[f:f+i]), append(r.starts, f)
			f += i + 1
		}
		return r.rec, nil
	}
}

func (r *plainCSV) FieldPos(field int) (line, column int) {
	return r.line, r.starts[field] - r.ls + 1
}

// readCSV reads the header and the rows of a measurement file, and
// returns them; n is about the number of rows.
func readCSV(file string, r records, n int) ([]model.Measurement, []model.Problem, []string) {
	return readCSVInto(file, r, n, nil)
}

// readCSVInto is readCSV appending the rows to out when it has room for
// n more, rather than to a new slice.
func readCSVInto(file string, r records, n int, out []model.Measurement) ([]model.Measurement, []model.Problem, []string) {
	header, err := r.Read()
	if err != nil {
		return nil, []model.Problem{model.Errorf(model.Pos{File: file, Line: 1, Column: 1}, "csv", "unreadable header: %v", err)}, nil
	}
	header = cloneStrings(header) // ReuseRecord: later reads overwrite it; and not to pin the file
	if !validHeader(header) {
		bad := 0
		for bad < len(header)-1 && bad < len(headerNames) && header[bad] == headerNames[bad] {
			bad++
		}
		line, col := r.FieldPos(bad)
		return nil, []model.Problem{model.Errorf(model.Pos{File: file, Line: line, Column: col}, "csv",
			"measurement header must be metric,at,value optionally followed by note and confidence, not %s", strings.Join(header, ","))}, header
	}
	ms, probs := readRows(file, r, header, n, out)
	return ms, probs, header
}

// cloneStrings returns a copy of ss whose strings share no memory with ss's.
func cloneStrings(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.Clone(s)
	}
	return out
}

// readRows reads the rows of a measurement file after its header, about
// n of them; into out when it has room for n, else into a new slice.
func readRows(file string, r records, header []string, n int, out []model.Measurement) ([]model.Measurement, []model.Problem) {
	cols := len(header)
	var probs []model.Problem
	add := func(p model.Problem) bool {
		probs = append(probs, p)
		if len(probs) >= maxCSVProblems {
			probs = append(probs, model.Errorf(p.Pos, "csv", "too many problems in this file; stopped reading it"))
			return false
		}
		return true
	}
	// Measurements share metric strings: intern them per file.
	var intern interner
	if out == nil || cap(out)-len(out) < n {
		out = make([]model.Measurement, 0, n)
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				msg := pe.Err.Error()
				if errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote) {
					msg += ` (quote a field that holds a comma or quote, and double quotes inside it: "say ""hi""")`
				}
				if !add(model.Errorf(model.Pos{File: file, Line: pe.Line, Column: pe.Column}, "csv", "%s", msg)) {
					break
				}
				continue
			}
			add(model.Errorf(model.Pos{File: file, Line: 1, Column: 1}, "csv", "%v", err))
			break
		}
		line, _ := r.FieldPos(0)
		if rec[0] == "metric" && validHeader(rec) {
			// A header again: a union merge kept the header of both
			// branches. The widest counts.
			if len(rec) > cols {
				cols, header = len(rec), headerNames[:len(rec)]
			}
			if !add(repeatedHeader(file, line, header)) {
				break
			}
			continue
		}
		if len(rec) < 3 || len(rec) > cols {
			fields := "fields"
			if len(rec) == 1 {
				fields = "field"
			}
			want := strconv.Itoa(cols)
			if cols > 3 {
				want = "3 to " + want // trailing optional cells may be left out
			}
			if !add(model.Errorf(model.Pos{File: file, Line: line, Column: 1}, "csv",
				"row has %d %s, want %s (%s)", len(rec), fields, want, strings.Join(header, ","))) {
				break
			}
			continue
		}
		m := model.Measurement{Pos: model.Pos{File: file, Line: line, Column: 1}}
		metric := strings.TrimSpace(rec[0])
		if metric == "" {
			if !add(model.Errorf(m.Pos, "csv", "empty metric: name a KPI id or a key result ref owner/objective/kr")) {
				break
			}
			continue
		}
		m.Metric = intern.get(metric)
		at := strings.TrimSpace(rec[1])
		t, day, err := model.ParseAt(at)
		if err != nil {
			l, c := r.FieldPos(1)
			if !add(model.Errorf(model.Pos{File: file, Line: l, Column: c}, "date", "%s", dateMessage(at, err))) {
				break
			}
			continue
		}
		m.At, m.Day = t, day
		if len(at) != len("2006-01-02") {
			m.AtText = strings.Clone(at) // a timestamp; a clone, not to pin the whole line
		}
		vs := strings.TrimSpace(rec[2])
		v, fast := decimal(vs)
		if !fast {
			v, err = strconv.ParseFloat(vs, 64)
		}
		if !fast && (err != nil || math.IsInf(v, 0) || math.IsNaN(v) || !plainNumber(vs)) {
			l, c := r.FieldPos(2)
			var p model.Problem
			switch {
			case vs == "":
				p = model.Errorf(model.Pos{File: file, Line: l, Column: c}, "number", "value is empty; write a number such as 42")
			case math.IsInf(v, 0) || math.IsNaN(v):
				p = model.Errorf(model.Pos{File: file, Line: l, Column: c}, "number", "value %q is not a finite number; write a number such as 42 or -0.5", vs)
			default:
				p = model.Errorf(model.Pos{File: file, Line: l, Column: c}, "number", "value %q is not a number; write a decimal number such as 42 or -0.5", vs)
			}
			if !add(p) {
				break
			}
			continue
		}
		m.Value = v
		if len(rec) >= 4 {
			m.Note = strings.Clone(rec[3])
		}
		if len(rec) >= 5 {
			// An empty cell is no confidence; a bad one is reported, and
			// the measurement kept without one: its value still counts.
			if cs := strings.TrimSpace(rec[4]); cs != "" {
				if c, ok := confidenceText(cs); ok {
					m.Confidence, m.HasConfidence = c, true
				} else {
					l, c := r.FieldPos(4)
					if !add(model.Errorf(model.Pos{File: file, Line: l, Column: c}, "number", "%s", confidenceMessage(strconv.Quote(cs)))) {
						break
					}
				}
			}
		}
		out = append(out, m)
	}
	return out, probs
}

// decimal is strconv.ParseFloat(s, 64) of a number written [-]digits or
// [-]digits.digits with at most 15 digits in all, the common case, which
// it reads exactly without strconv: the digits make a whole number below
// 2^53 and 10^k (k ≤ 15) is exact too, so one division rounds as a full
// decimal conversion does. Such a number is always finite and plain
// (plainNumber). ok false means ParseFloat must be asked (TestDecimalAgrees,
// FuzzDecimal).
func decimal(s string) (v float64, ok bool) {
	i, neg := 0, false
	if len(s) > 0 && s[0] == '-' {
		i, neg = 1, true
	}
	var m uint64
	digits, frac, point := 0, 0, false
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			m = m*10 + uint64(c-'0')
			digits++
			if point {
				frac++
			}
		case c == '.' && !point && digits > 0:
			point = true
		default:
			return 0, false
		}
	}
	if digits == 0 || digits > 15 || (point && frac == 0) {
		return 0, false
	}
	v = float64(m) / pow10[frac]
	if neg {
		v = -v
	}
	return v, true
}

var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// interner keeps one copy of each distinct non-empty string it is given:
// a table of open addressing, cheaper than a map for the metrics of a
// measurement file, which repeat on every row.
type interner struct {
	slots []string // "" is free
	n     int
}

// get returns the copy of s, making one (a clone: not to pin the text s
// lies in) the first time. s is not empty.
func (t *interner) get(s string) string {
	if len(t.slots) == 0 {
		t.slots = make([]string, 256) // a file's metrics, a hundred or so, without growing
	}
	mask := uint64(len(t.slots) - 1)
	for h := internHash(s) & mask; ; h = (h + 1) & mask {
		e := t.slots[h]
		if e == s {
			return e
		}
		if e == "" {
			c := strings.Clone(s)
			t.slots[h] = c
			if t.n++; t.n*2 > len(t.slots) {
				t.grow()
			}
			return c
		}
	}
}

// grow doubles the table.
func (t *interner) grow() {
	old := t.slots
	t.slots = make([]string, 2*len(old))
	mask := uint64(len(t.slots) - 1)
	for _, e := range old {
		if e == "" {
			continue
		}
		h := internHash(e) & mask
		for t.slots[h] != "" {
			h = (h + 1) & mask
		}
		t.slots[h] = e
	}
}

// internHash is a seeded hash of the whole of s: a hash of only some of
// its bytes would let a file of metrics alike in those bytes (repository
// text, from anyone's pull request) make every lookup walk the whole table.
func internHash(s string) uint64 { return maphash.String(internSeed, s) }

var internSeed = maphash.MakeSeed()

// plainNumber reports whether s is a decimal number as people write them:
// digits, an optional sign, point and exponent; not "Inf", "NaN" or hex.
func plainNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9', c == '.', c == '-', c == '+', c == 'e', c == 'E':
		default:
			return false
		}
	}
	return true
}

// charColumns makes the columns of probs, which count the bytes of data's
// lines (as the FieldPos of encoding/csv and of plainCSV do), count
// characters, as every column okr reports does (SPEC §3): a cell after
// "é" is one column further on, not two. It returns probs.
func charColumns(data []byte, probs []model.Problem) []model.Problem {
	line, start := 1, 0 // the line that starts at byte start
	for i := range probs {
		p := &probs[i]
		if p.Column <= 1 || p.Line < 1 {
			continue
		}
		if p.Line < line {
			line, start = 1, 0
		}
		for line < p.Line {
			j := bytes.IndexByte(data[start:], '\n')
			if j < 0 {
				break
			}
			start += j + 1
			line++
		}
		if line != p.Line {
			continue
		}
		end := min(start+p.Column-1, len(data))
		if k := bytes.IndexByte(data[start:end], '\n'); k >= 0 {
			continue // not a byte column of this line
		}
		p.Column = utf8.RuneCount(data[start:end]) + 1
	}
	return probs
}
