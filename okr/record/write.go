package record

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/okr-as-code/okr/okr/internal/atomicfile"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/source"
)

// Result says where a measurement was recorded.
type Result struct {
	File    string // relative to the root, "/"-separated
	Created bool   // the file did not exist before
}

// CSVHeader is the header of a measurement file that Append creates for a
// measurement without a confidence (with one, the header also names the
// confidence column).
const CSVHeader = "metric,at,value,note"

var bom = []byte("\xef\xbb\xbf")

// Append records m in file (relative to root, "/"-separated), creating the
// file and its directory when needed. It holds an exclusive lock on the
// directory while it reads and rewrites the file, and replaces the file
// atomically, keeping its mode. It refuses with an *Error, having written
// nothing, when the file cannot take the measurement. Append does not check
// the metric against the repository: Plan does.
func Append(root, file string, m Measurement) (Result, error) {
	res := Result{File: file}
	if err := CheckName(file); err != nil {
		return res, err
	}
	if !fs.ValidPath(file) || file == "." {
		return res, fmt.Errorf("%s: not a path inside the repository", file)
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return res, err
	}
	defer r.Close()
	dir := path.Dir(file)
	if err := r.MkdirAll(dir, 0o777); err != nil {
		return res, err
	}
	unlock, err := atomicfile.Lock(r, dir)
	if err != nil {
		return res, fmt.Errorf("cannot lock %s: %w", dir, err)
	}
	defer unlock()
	atomicfile.Sweep(r, dir, time.Now())

	var data []byte
	perm, chmod := fs.FileMode(0o666), false
	fi, err := r.Lstat(file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		res.Created = true
		data = []byte(newFile(file, m))
	case err != nil:
		return res, err
	case fi.Mode()&fs.ModeSymlink != 0:
		return res, refusef("%s is a symbolic link (okr record does not write through symbolic links); name the file it points to with --file", file)
	default:
		// Read again under the lock: another okr record or okr fmt may
		// have replaced the file since Plan looked at it.
		old, _, err := atomicfile.ReadFile(r, file, atomicfile.MaxSize)
		var nr *atomicfile.NotRegularError
		var tl *atomicfile.TooLargeError
		if errors.As(err, &nr) || errors.As(err, &tl) {
			return res, refusef("%v; choose another file with --file", err)
		}
		if err != nil {
			return res, err
		}
		if data, err = appendTo(file, old, m); err != nil {
			return res, err
		}
		if err := verify(file, old, data, m); err != nil {
			return res, err
		}
		perm, chmod = fi.Mode().Perm(), true
	}
	return res, atomicfile.Write(r, file, data, perm, chmod)
}

// newFile is the content of a new measurement file holding m: a CSV file
// gets the header metric,at,value,note, and the confidence column when m
// has a confidence.
func newFile(file string, m Measurement) string {
	if isYAML(file) {
		return newDocument(m, "\n")
	}
	cols := 4
	if m.HasConfidence {
		cols = 5
	}
	return strings.Join(model.CSVColumns[:cols], ",") + "\n" + csvRow(csvFields(m, cols), false)
}

// csvFields are the first cols fields of m's row.
func csvFields(m Measurement, cols int) []string {
	return []string{m.Metric, m.At, m.ValueText(), m.Note, m.confidenceText()}[:cols]
}

// appendTo returns the content of an existing file with m added.
func appendTo(file string, data []byte, m Measurement) ([]byte, error) {
	if len(bytes.TrimSpace(bytes.TrimPrefix(data, bom))) == 0 {
		return []byte(newFile(file, m)), nil
	}
	if isYAML(file) {
		return appendYAML(file, data, m)
	}
	return appendCSV(file, data, m)
}

// appendCSV adds a row to a measurement file. When m has a note or a
// confidence and the header lacks its column, the header line is replaced
// by one that names it (and the note column before it): the rows already
// there, which may leave out trailing optional columns, stay as they are.
func appendCSV(file string, data []byte, m Measurement) ([]byte, error) {
	body := bytes.TrimPrefix(data, bom)
	l := newLines(body)
	header := string(l.text(1))
	cols := headerColumns(header)
	if cols == 0 {
		return nil, refusef("%s: the header is %q; a measurement file's header is metric,at,value, optionally followed by note and then confidence", file, header)
	}
	if bytes.Count(data, []byte(`"`))%2 != 0 {
		return nil, refusef("%s has an unterminated quoted field; fix it first (see okr validate)", file)
	}
	need := 3
	switch {
	case m.HasConfidence:
		need = 5
	case m.Note != "":
		need = 4
	}
	out := slices.Clip(data)
	if need > cols {
		// Only the header line changes: its bytes up to the line break.
		start := len(data) - len(body)
		end := start + len(l.text(1))
		out = slices.Concat(data[:start], []byte(strings.Join(model.CSVColumns[:need], ",")), data[end:])
		cols = need
	}
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, l.eol()...)
	}
	return append(out, csvRow(csvFields(m, cols), l.crlf)...), nil
}

// headerColumns returns the number of columns a measurement file's header
// line names (3 to 5), or 0 when it is not such a header. Cells may be
// quoted, as the loader allows.
func headerColumns(line string) int {
	rec, err := csv.NewReader(strings.NewReader(line)).Read()
	if err != nil || len(rec) < 3 || len(rec) > len(model.CSVColumns) || !slices.Equal(rec, model.CSVColumns[:len(rec)]) {
		return 0
	}
	return len(rec)
}

func csvRow(fields []string, crlf bool) string {
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.UseCRLF = crlf
	_ = w.Write(fields) // a strings.Builder does not fail
	w.Flush()
	return b.String()
}

// verify loads the file before and after the change and checks that the
// only difference is the new measurement: a last guard against an edit that
// would lose or change what the file held.
func verify(file string, before, after []byte, m Measurement) error {
	if !isYAML(file) {
		return nil // a CSV row is appended by encoding/csv after a checked end
	}
	name := "f" + path.Ext(file)
	a, pa := source.Files(map[string][]byte{name: before})
	b, pb := source.Files(map[string][]byte{name: after})
	key := func(x model.Measurement) string {
		return fmt.Sprintf("%s\x00%s\x00%v\x00%s\x00%v\x00%d", x.Metric, x.AtString(), x.Value, x.Note, x.HasConfidence, x.Confidence)
	}
	var ka, kb []string
	for _, x := range a.Measurements {
		ka = append(ka, key(x))
	}
	for _, x := range b.Measurements {
		kb = append(kb, key(x))
	}
	want := key(model.Measurement{Metric: m.Metric, AtText: m.At, Value: m.Value, Note: m.Note, Confidence: m.Confidence, HasConfidence: m.HasConfidence})
	i := -1
	for j := len(kb) - 1; j >= 0; j-- {
		if kb[j] == want {
			i = j
			break
		}
	}
	errs := func(ps []model.Problem) int { n, _ := model.Count(ps); return n }
	if i < 0 || !slices.Equal(slices.Delete(kb, i, i+1), ka) || errs(pb) > errs(pa) {
		return refusef("%s: cannot append to this file without changing what it holds; add the measurement by hand, or record it in another file with --file", file)
	}
	return nil
}
