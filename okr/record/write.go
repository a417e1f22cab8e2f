package record

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
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

// CSVHeader is the header of a measurement file that Append creates.
const CSVHeader = "metric,at,value,note,confidence"

var bom = []byte("\xef\xbb\xbf")

// Edit is one change Apply makes to a measurement file: with Line 0 it
// appends M; else it writes M over the measurement that starts at Line
// (1-based), which must be of M's metric at M's at: its value, and its
// note and confidence where M gives them, keeping every other byte.
type Edit struct {
	Line int
	M    Measurement
}

// Append records m in file (relative to root, "/"-separated), creating the
// file and its directory when needed. It holds an exclusive lock on the
// directory while it reads and rewrites the file, and replaces the file
// atomically, keeping its mode. It refuses with an *Error, having written
// nothing, when the file cannot take the measurement. Append does not check
// the metric against the repository: Plan does.
func Append(root, file string, m Measurement) (Result, error) {
	return Apply(root, file, []Edit{{M: m}})
}

// Apply makes edits to file (relative to root, "/"-separated) as Append
// makes one: under the lock of its directory, reading the file again,
// writing it once, atomically. Replacements are made first, then the
// appended measurements follow in order. It refuses with an *Error, having
// written nothing, when the file cannot take them all, or when a line to
// replace no longer holds the measurement it names.
func Apply(root, file string, edits []Edit) (Result, error) {
	res, err := applyFiles(root, []FileEdits{{File: file, Edits: edits}})
	if len(res) == 0 {
		return Result{File: file}, err
	}
	return res[0], err
}

// applyFiles makes the edits of each file, as Apply makes them, taking
// the lock of each directory once for all its files (and sweeping it
// once). It writes in two steps: first the new content of every file, each
// read again under its lock, edited and checked, to a temporary file; then,
// when all could be written, makes them durable at once (one syncfs(2) on
// Linux instead of a sync per file) and renames each over its file. A file
// that cannot take its edits leaves every file as it was. It returns the
// results of the files it wrote.
func applyFiles(root string, files []FileEdits) ([]Result, error) {
	for _, f := range files {
		if err := CheckName(f.File); err != nil {
			return nil, err
		}
		if !fs.ValidPath(f.File) || f.File == "." {
			return nil, fmt.Errorf("%s: not a path inside the repository", f.File)
		}
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	// The directories are locked in sorted order, each once: another okr
	// that takes several locks takes them in that order too, and okr fmt
	// and one okr record take one at a time, so none waits on another in
	// a circle.
	var dirs []string
	for _, f := range files {
		if len(f.Edits) > 0 {
			dirs = append(dirs, path.Dir(f.File))
		}
	}
	slices.Sort(dirs)
	dirs = slices.Compact(dirs)
	roots := map[string]*os.Root{}
	// The directories made for new files: once their files are renamed
	// into place, the parent of each is synced, so that the new
	// directory's own entry lasts too.
	var made []string
	defer func() {
		synced := map[string]bool{}
		for _, d := range made {
			if p := path.Dir(d); !synced[p] {
				synced[p] = true
				atomicfile.SyncDir(r, p)
			}
		}
	}()
	for _, dir := range dirs {
		made = append(made, missing(r, dir)...)
		if err := r.MkdirAll(dir, 0o777); err != nil {
			return nil, err
		}
		unlock, err := atomicfile.Lock(r, dir)
		if err != nil {
			return nil, fmt.Errorf("cannot lock %s: %w", dir, err)
		}
		defer unlock()
		atomicfile.Sweep(r, dir, time.Now())
		// The files are read and written through a root at their
		// directory, by their names in it, so that no call walks the path
		// again.
		d, err := r.OpenRoot(dir)
		if err != nil {
			return nil, err
		}
		defer d.Close()
		roots[dir] = d
	}
	var res []Result
	var pend []*atomicfile.Pending
	abort := func() {
		for _, p := range pend {
			p.Abort()
		}
	}
	for _, f := range files {
		if len(f.Edits) == 0 {
			continue
		}
		rs, p, err := prepareLocked(roots[path.Dir(f.File)], path.Base(f.File), f.File, f.Edits)
		if err != nil {
			abort()
			return nil, err
		}
		res = append(res, rs)
		pend = append(pend, p)
	}
	if err := atomicfile.SyncPending(pend); err != nil {
		abort()
		return nil, err
	}
	for i, p := range pend {
		if err := p.Commit(); err != nil {
			for _, q := range pend[i+1:] {
				q.Abort()
			}
			syncDirs(roots)
			return res[:i], fmt.Errorf("%s: %w", res[i].File, err)
		}
	}
	syncDirs(roots)
	return res, nil
}

// syncDirs syncs each directory once, after the renames of all its files.
func syncDirs(roots map[string]*os.Root) {
	for _, d := range roots {
		atomicfile.SyncDir(d, ".")
	}
}

// prepareLocked writes the new content of one file, its directory locked,
// to a temporary file (atomicfile.Pending).
func prepareLocked(d *os.Root, name, file string, edits []Edit) (Result, *atomicfile.Pending, error) {
	res := Result{File: file}
	var data []byte
	perm, chmod := fs.FileMode(0o666), false
	fi, err := d.Lstat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		res.Created = true
		for _, e := range edits {
			if e.Line != 0 {
				return res, nil, refusef("%s:%d: the file no longer exists; run okr record again", file, e.Line)
			}
		}
		if data, err = edit(file, nil, edits); err != nil {
			return res, nil, err
		}
	case err != nil:
		return res, nil, err
	case fi.Mode()&fs.ModeSymlink != 0:
		return res, nil, refusef("%s is a symbolic link (okr record does not write through symbolic links); name the file it points to with --file", file)
	default:
		// Read again under the lock: another okr record or okr fmt may
		// have replaced the file since Plan looked at it.
		// With room for the rows it appends (about 64 bytes each), so
		// that appending does not copy the file again.
		old, _, err := atomicfile.ReadFileSpare(d, name, atomicfile.MaxSize, 96*len(edits))
		var nr *atomicfile.NotRegularError
		var tl *atomicfile.TooLargeError
		switch {
		case errors.As(err, &nr):
			nr.Name = file
			return res, nil, refusef("%v; choose another file with --file", nr)
		case errors.As(err, &tl):
			tl.Name = file
			return res, nil, refusef("%v; choose another file with --file", tl)
		case err != nil:
			return res, nil, fmt.Errorf("%s: %w", file, err)
		}
		if data, err = edit(file, old, edits); err != nil {
			return res, nil, err
		}
		if err := verify(file, old, data, edits); err != nil {
			return res, nil, err
		}
		perm, chmod = fi.Mode().Perm(), true
	}
	p, err := atomicfile.Prepare(d, name, data, perm, chmod)
	if err != nil {
		return res, nil, fmt.Errorf("%s: %w", file, err)
	}
	return res, p, nil
}

// edit returns the content of a file after edits: the replacements, from
// the last line up so that each line number still holds, then the
// appended measurements.
func edit(file string, data []byte, edits []Edit) ([]byte, error) {
	var adds []Measurement
	var repl []Edit
	for _, e := range edits {
		if e.Line == 0 {
			adds = append(adds, e.M)
		} else {
			repl = append(repl, e)
		}
	}
	slices.SortStableFunc(repl, func(a, b Edit) int { return b.Line - a.Line })
	// A line holds one measurement, or in a YAML flow sequence several,
	// each with its own at.
	type lineAt struct {
		line int
		at   model.AtKey
	}
	seen := map[lineAt]bool{}
	for _, e := range repl {
		k := lineAt{e.Line, model.KeyOfAt(e.M.At)}
		if !isYAML(file) {
			k.at = model.AtKey{}
		}
		if seen[k] {
			return nil, refusef("%s:%d: two replacements of one measurement", file, e.Line)
		}
		seen[k] = true
		var err error
		if isYAML(file) {
			data, err = replaceYAML(file, data, e)
		} else {
			data, err = replaceCSV(file, data, e)
		}
		if err != nil {
			return nil, err
		}
	}
	if len(adds) == 0 {
		if !isYAML(file) && len(data) > 0 && data[len(data)-1] != '\n' {
			// A CSV file always ends with a line break, so that a union
			// merge never joins its last row to another.
			data = append(slices.Clip(data), eol(data)...)
		}
		return data, nil
	}
	return appendTo(file, data, adds)
}

// newFile is the content of a new measurement file holding ms: a CSV
// file gets the whole header, metric,at,value,note,confidence, so that no
// branch needs to widen it (a union merge of two branches that each
// widened a header keeps both header lines).
func newFile(file string, ms ...Measurement) string {
	if isYAML(file) {
		return newDocument(ms, "\n")
	}
	cols := len(model.CSVColumns)
	var b strings.Builder
	b.WriteString(strings.Join(model.CSVColumns[:cols], ",") + "\n")
	writeRows(&b, ms, cols, false)
	return b.String()
}

// csvFields are the first cols fields of m's row.
func csvFields(m Measurement, cols int) []string {
	return []string{m.Metric, m.At, m.ValueText(), m.Note, m.confidenceText()}[:cols]
}

// appendTo returns the content of an existing file with ms added.
func appendTo(file string, data []byte, ms []Measurement) ([]byte, error) {
	empty := len(bytes.TrimSpace(bytes.TrimPrefix(data, bom))) == 0
	if !isYAML(file) {
		if empty {
			return []byte(newFile(file, ms...)), nil
		}
		return appendCSV(file, data, ms)
	}
	{
		// One edit for each metric's measurements, in the order of
		// their first.
		var order []string
		by := map[string][]Measurement{}
		for _, m := range ms {
			if by[m.Metric] == nil {
				order = append(order, m.Metric)
			}
			by[m.Metric] = append(by[m.Metric], m)
		}
		for i, metric := range order {
			if i == 0 && empty {
				data = []byte(newDocument(by[metric], "\n"))
				continue
			}
			var err error
			if data, err = appendYAML(file, data, by[metric]); err != nil {
				return nil, err
			}
		}
		return data, nil
	}
}

// need is the number of CSV columns m's row needs.
func (m Measurement) need() int {
	switch {
	case m.HasConfidence:
		return 5
	case m.Note != "":
		return 4
	}
	return 3
}

// widenCSV checks the header of a measurement file and, when it names
// fewer than need columns, replaces that line by one that names them (the
// note column before the confidence column): the rows already there, which
// may leave out trailing optional columns, stay as they are. It returns the
// file and the number of columns of its header.
func widenCSV(file string, data []byte, need int) ([]byte, int, error) {
	body := bytes.TrimPrefix(data, bom)
	first, _, _ := bytes.Cut(body, []byte("\n"))
	header := string(bytes.TrimRight(first, "\r"))
	cols := headerColumns(header)
	if cols == 0 {
		return nil, 0, refusef("%s: the header is %q; a measurement file's header is metric,at,value, optionally followed by note and then confidence", file, header)
	}
	if bytes.Count(data, []byte(`"`))%2 != 0 {
		return nil, 0, refusef("%s has an unterminated quoted field; fix it first (see okr validate)", file)
	}
	if need <= cols {
		return data, cols, nil
	}
	// Only the header line changes: its bytes up to the line break.
	start := len(data) - len(body)
	end := start + len(header)
	return slices.Concat(data[:start], []byte(strings.Join(model.CSVColumns[:need], ",")), data[end:]), need, nil
}

// appendCSV adds rows to a measurement file, widening its header when a
// measurement has a note or a confidence that it has no column for
// (widenCSV).
func appendCSV(file string, data []byte, ms []Measurement) ([]byte, error) {
	need := 3
	for _, m := range ms {
		need = max(need, m.need())
	}
	out, cols, err := widenCSV(file, data, need)
	if err != nil {
		return nil, err
	}
	nl := eol(out)
	// The rows go after out in its spare capacity when it has room
	// (see ReadFileSpare): out[:len(out)], the file as it was, stays.
	b := bytes.NewBuffer(out)
	if b.Len() > 0 && out[len(out)-1] != '\n' {
		b.WriteString(nl)
	}
	writeRows(b, ms, cols, nl == "\r\n")
	return b.Bytes(), nil
}

// writeRows writes the rows of ms, each of cols fields, with encoding/csv.
func writeRows(b io.Writer, ms []Measurement, cols int, crlf bool) {
	w := csv.NewWriter(b)
	w.UseCRLF = crlf
	for _, m := range ms {
		_ = w.Write(csvFields(m, cols)) // a buffer does not fail
	}
	w.Flush()
}

// replaceCSV writes e.M over the row that starts at line e.Line of a
// measurement file: its value, and its note and confidence where e.M gives
// them (the header widened when it has no column for them). Only that row
// changes, written again with encoding/csv.
func replaceCSV(file string, data []byte, e Edit) ([]byte, error) {
	data, _, err := widenCSV(file, data, e.M.need())
	if err != nil {
		return nil, err
	}
	body := bytes.TrimPrefix(data, bom)
	base := len(data) - len(body)
	l := newLines(body)
	if e.Line < 2 || e.Line > l.n() {
		return nil, refusef("%s:%d: no measurement row there; run okr record again", file, e.Line)
	}
	start := l.starts[e.Line-1]
	cr := csv.NewReader(bytes.NewReader(body[start:]))
	cr.FieldsPerRecord = -1
	rec, err := cr.Read()
	if line, _ := cr.FieldPos(0); err != nil || line != 1 || len(rec) < 3 {
		return nil, refusef("%s:%d: no measurement row there; run okr record again", file, e.Line)
	}
	seg := body[start : start+int(cr.InputOffset())]
	seg = bytes.TrimSuffix(bytes.TrimSuffix(seg, []byte("\n")), []byte("\r"))
	fields := slices.Clone(rec)
	for len(fields) < e.M.need() {
		fields = append(fields, "")
	}
	fields[2] = e.M.ValueText()
	if e.M.Note != "" {
		fields[3] = e.M.Note
	}
	if e.M.HasConfidence {
		fields[4] = e.M.confidenceText()
	}
	row := strings.TrimSuffix(csvRow(fields, false), "\n")
	return slices.Concat(data[:base+start], []byte(row), data[base+start+len(seg):]), nil
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
// only differences are the edits: a last guard against an edit that would
// lose or change what the file held.
func verify(file string, before, after []byte, edits []Edit) error {
	replaces := false
	for _, e := range edits {
		replaces = replaces || e.Line != 0
	}
	if !isYAML(file) && !replaces {
		return nil // CSV rows are appended by encoding/csv after a checked end
	}
	name := "f" + path.Ext(file)
	a, pa := source.Files(map[string][]byte{name: before})
	b, pb := source.Files(map[string][]byte{name: after})
	key := func(x model.Measurement) string {
		return fmt.Sprintf("%s\x00%s\x00%v\x00%s\x00%v\x00%d", x.Metric, x.AtString(), x.Value, x.Note, x.HasConfidence, x.Confidence)
	}
	// A line may hold several measurements (a YAML flow sequence): they
	// are told apart by their at.
	type lineAt struct {
		line int
		at   model.AtKey
	}
	byLine := map[lineAt]int{}
	for i, x := range a.Measurements {
		byLine[lineAt{x.Pos.Line, x.Key()}] = i
	}
	want := make([]string, len(a.Measurements))
	for i, x := range a.Measurements {
		want[i] = key(x)
	}
	for _, e := range edits {
		m := e.M
		if e.Line == 0 {
			want = append(want, key(model.Measurement{Metric: m.Metric, AtText: m.At, Value: m.Value, Note: m.Note, Confidence: m.Confidence, HasConfidence: m.HasConfidence}))
			continue
		}
		i, ok := byLine[lineAt{e.Line, model.KeyOfAt(m.At)}]
		if !ok || a.Measurements[i].Metric != m.Metric || a.Measurements[i].Key() != model.KeyOfAt(m.At) {
			return refusef("%s:%d no longer holds the measurement of %s at %s (the file changed since okr read it); run okr record again", file, e.Line, m.Metric, m.At)
		}
		x := a.Measurements[i]
		x.Value = m.Value
		if m.Note != "" {
			x.Note = m.Note
		}
		if m.HasConfidence {
			x.Confidence, x.HasConfidence = m.Confidence, true
		}
		want[i] = key(x)
	}
	got := make([]string, len(b.Measurements))
	for i, x := range b.Measurements {
		got[i] = key(x)
	}
	slices.Sort(want)
	slices.Sort(got)
	errs := func(ps []model.Problem) int { n, _ := model.Count(ps); return n }
	if !slices.Equal(want, got) || errs(pb) > errs(pa) {
		if !replaces {
			return refusef("%s: cannot append to this file without changing what it holds; add the measurement by hand, or record it in another file with --file", file)
		}
		return refusef("%s: cannot rewrite this measurement without changing more of what the file holds; change it by hand", file)
	}
	return nil
}
