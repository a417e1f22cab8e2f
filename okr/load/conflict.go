package load

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"

	"github.com/okr-as-code/okr/okr/model"
)

// Rules of the problems that merges leave (SPEC §6 "Parallel check-ins
// merge cleanly").
const (
	RuleMergeConflict  = "merge-conflict"
	RuleRepeatedHeader = "repeated-header"
)

// conflict is the lines of one unresolved merge conflict, from its
// <<<<<<< line to its >>>>>>> line (or the last line of the file).
type conflict struct{ start, end int }

// conflicted reports whether data holds a line that starts a merge
// conflict: "<<<<<<< " at the start of a line. It is cheap on a file
// without a '<'.
func conflicted(data []byte) bool {
	for i := bytes.IndexByte(data, '<'); i >= 0; {
		if (i == 0 || data[i-1] == '\n') && bytes.HasPrefix(data[i:], []byte("<<<<<<< ")) {
			return true
		}
		j := bytes.IndexByte(data[i+1:], '<')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// unmark returns data with its merge conflicts' marker lines emptied (a
// line that starts with "<<<<<<< ", a line "=======", a line that starts
// with ">>>>>>> "), and the lines of their diff3 base sections (from a
// line that starts with "||||||| " to "=======") too; with firstSide, the
// lines of each conflict's other side as well. Every line keeps its
// number: an emptied line is an empty line. It returns the conflicts.
func unmark(data []byte, firstSide bool) ([]byte, []conflict) {
	out := make([]byte, 0, len(data))
	var cs []conflict
	const (
		outside = iota
		ours
		base
		theirs
	)
	state := outside
	n := 0
	for rest := data; len(rest) > 0; {
		line, after, found := bytes.Cut(rest, []byte("\n"))
		rest = after
		n++
		text := bytes.TrimSuffix(line, []byte("\r"))
		keep := false
		switch {
		case state == outside && bytes.HasPrefix(text, []byte("<<<<<<< ")):
			state = ours
			cs = append(cs, conflict{n, n})
		case state == outside:
			keep = true
		case bytes.HasPrefix(text, []byte(">>>>>>> ")):
			state = outside
			cs[len(cs)-1].end = n
		case string(text) == "=======":
			state = theirs
		case state == ours && bytes.HasPrefix(text, []byte("||||||| ")):
			state = base
		case bytes.HasPrefix(text, []byte("<<<<<<< ")):
			// a marker within a conflict: not read
		case state == ours:
			keep = true
		case state == theirs:
			keep = !firstSide
		}
		if state != outside && len(cs) > 0 {
			cs[len(cs)-1].end = n
		}
		if keep {
			out = append(out, line...)
		}
		if found {
			out = append(out, '\n')
		}
	}
	return out, cs
}

// conflictProblems are the errors of a file's merge conflicts, one each
// at its <<<<<<< line; in a CSV file with the hint of the union merge
// driver.
func conflictProblems(file string, cs []conflict, csvFile bool) []model.Problem {
	hint := ""
	if csvFile {
		hint = `; to have git keep both sides' rows of measurement files itself, add the line "*.csv merge=union" to .gitattributes`
	}
	var ps []model.Problem
	for _, c := range cs {
		ps = append(ps, model.Errorf(model.Pos{File: file, Line: c.start, Column: 1}, RuleMergeConflict,
			"unresolved merge conflict (lines %d–%d): keep the rows of both sides and delete the marker lines%s", c.start, c.end, hint))
	}
	return ps
}

// parseConflictedCSV parses a CSV file that holds merge conflicts (SPEC
// §6): when the first line outside the markers is a measurement header,
// every row but the marker lines is read, both sides' included, and each
// conflict is one error; when it is a near miss, that is reported with the
// conflicts; else the file is not okr's.
func parseConflictedCSV(name string, data []byte) *fileResult {
	body, cs := unmark(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), false)
	first := bytes.TrimLeft(body, "\r\n")
	switch {
	case measurementHeader(first):
		ms, probs := readConflicted(name, data)
		r := &fileResult{okr: true, measurements: ms, problems: probs}
		return r.pack(name)
	default:
		if p, ok := csvNearMiss(name, first); ok {
			return &fileResult{okr: true, problems: append([]model.Problem{p}, conflictProblems(name, cs, true)...)}
		}
	}
	return &fileResult{}
}

// readConflicted reads the rows of a measurement file that holds merge
// conflicts: every line but the marker lines (and diff3 base sections),
// both sides' included, each on its line; and the conflicts' errors.
func readConflicted(name string, data []byte) ([]model.Measurement, []model.Problem) {
	body, cs := unmark(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), false)
	if w := widened(bytes.TrimLeft(body, "\r\n")); w != nil {
		// the header is the first line outside the markers
		body = slices.Concat(body[:len(body)-len(bytes.TrimLeft(body, "\r\n"))], w)
	}
	cr := csv.NewReader(bytes.NewReader(body))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	ms, probs, _ := readCSV(name, cr, bytes.Count(body, []byte("\n")))
	return ms, append(probs, conflictProblems(name, cs, true)...)
}

// parseConflictedYAML parses a YAML file that holds merge conflicts (SPEC
// §6) as its first sides have it: a document that holds a conflict gets
// that one error and no other, and what it defines is read from its first
// side, so that nothing that names it is reported as well; the other
// documents are read as usual. A file that is not okr's stays ignored.
func parseConflictedYAML(name string, data []byte) *fileResult {
	first, cs := unmark(data, true)
	r := parseYAMLShared(name, first, false)
	if !r.okr && !mentionsOKR.Match(data) {
		return r
	}
	r.okr = true
	// The documents of the first side, by their lines, and those that
	// hold a conflict.
	var starts []int // the first line of each document after the first
	n := 0
	for rest := first; len(rest) > 0; {
		line, after, _ := bytes.Cut(rest, []byte("\n"))
		rest = after
		n++
		if t := strings.TrimRight(string(line), " \t\r"); t == "---" || strings.HasPrefix(t, "--- ") || t == "..." {
			starts = append(starts, n)
		}
	}
	docOf := func(line int) int {
		i, _ := slices.BinarySearch(starts, line+1)
		return i
	}
	bad := map[int]bool{}
	for _, c := range cs {
		for d := docOf(c.start); d <= docOf(c.end); d++ {
			bad[d] = true
		}
	}
	kept := r.problems[:0]
	for _, p := range r.problems {
		if !bad[docOf(p.Pos.Line)] {
			kept = append(kept, p)
		}
	}
	r.problems = append(kept, conflictProblems(name, cs, false)...)
	return r
}

// repeatedHeader is the warning of a header line again in a measurement
// file, which a union merge keeps when two branches widened the header.
func repeatedHeader(file string, line int, widest []string) model.Problem {
	return model.Warnf(model.Pos{File: file, Line: line, Column: 1}, RuleRepeatedHeader,
		"repeated header line (a union merge keeps the header of both branches): the file is read with the widest header's columns; delete this line and keep the widest header, %s, first", strings.Join(widest, ","))
}

// headerLines reports whether a line after the first of data starts as a
// measurement header does ("metric," or "\"metric\""): a header repeated by
// a union merge.
func headerLines(data []byte) bool {
	for _, p := range [][]byte{[]byte("\nmetric,"), []byte("\n\"metric\"")} {
		if bytes.Contains(data, p) {
			return true
		}
	}
	return false
}

// headerWidth is the number of columns of a measurement header line, or 0
// when the line is none.
func headerWidth(line []byte) int {
	rec, err := csv.NewReader(bytes.NewReader(bytes.TrimSuffix(line, []byte("\r")))).Read()
	if err != nil || !validHeader(rec) {
		return 0
	}
	return len(rec)
}

// widened returns data, the content of a measurement file after any BOM,
// with its first line replaced by the widest header that a later line of
// it is, so that every row is read with the widest header's columns (SPEC
// §6); nil when no later header is wider than the first. The later header
// lines stay, and are warned about as they are read.
func widened(data []byte) []byte {
	if !headerLines(data) {
		return nil
	}
	first, _, _ := bytes.Cut(data, []byte("\n"))
	first = bytes.TrimSuffix(first, []byte("\r"))
	cols := headerWidth(first)
	widest := cols
	for rest := data[len(first):]; ; {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			break
		}
		rest = rest[i+1:]
		if bytes.HasPrefix(rest, []byte("metric,")) || bytes.HasPrefix(rest, []byte("\"metric\"")) {
			line, _, _ := bytes.Cut(rest, []byte("\n"))
			widest = max(widest, headerWidth(line))
		}
	}
	if cols == 0 || widest <= cols {
		return nil
	}
	return slices.Concat([]byte(strings.Join(headerNames[:widest], ",")), data[len(first):])
}
