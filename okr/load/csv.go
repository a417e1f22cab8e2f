package load

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/okr-as-code/okr/okr/model"
)

// maxCSVProblems bounds the problems reported for one CSV file, so that a
// binary file that happens to start with a measurement header stays readable.
const maxCSVProblems = 100

// isMeasurementHeader reports whether the first line of data is a
// measurement header: metric,at,value with an optional fourth column.
func measurementHeader(data []byte) bool {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	line, _, _ := bytes.Cut(data, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	return bytes.Equal(line, []byte("metric,at,value")) || bytes.HasPrefix(line, []byte("metric,at,value,"))
}

// parseCSV reads a measurement file. It returns nil measurements and no
// problems when data is not a measurement file.
func parseCSV(file string, data []byte) ([]model.Measurement, []model.Problem, bool) {
	if !measurementHeader(data) {
		return nil, nil, false
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	var probs []model.Problem
	add := func(p model.Problem) bool {
		probs = append(probs, p)
		if len(probs) >= maxCSVProblems {
			probs = append(probs, model.Errorf(p.Pos, "csv", "too many problems in this file; stopped reading it"))
			return false
		}
		return true
	}
	header, err := r.Read()
	if err != nil {
		return nil, []model.Problem{model.Errorf(model.Pos{File: file, Line: 1, Column: 1}, "csv", "unreadable header: %v", err)}, true
	}
	header = append([]string(nil), header...) // ReuseRecord: later reads overwrite it
	cols := len(header)
	if cols > 4 || (cols == 4 && header[3] != "note") {
		line, col := r.FieldPos(min(3, cols-1))
		return nil, []model.Problem{model.Errorf(model.Pos{File: file, Line: line, Column: col}, "csv",
			"measurement header must be metric,at,value or metric,at,value,note, not %s", strings.Join(header, ","))}, true
	}
	// Measurements share metric strings: intern them per file.
	intern := map[string]string{}
	out := make([]model.Measurement, 0, bytes.Count(data, []byte("\n")))
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
		if len(rec) != cols && !(cols == 4 && len(rec) == 3) {
			fields := "fields"
			if len(rec) == 1 {
				fields = "field"
			}
			if !add(model.Errorf(model.Pos{File: file, Line: line, Column: 1}, "csv",
				"row has %d %s, want %d (%s)", len(rec), fields, cols, strings.Join(header, ","))) {
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
		if s, ok := intern[metric]; ok {
			m.Metric = s
		} else {
			intern[metric] = metric
			m.Metric = metric
		}
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
		v, err := strconv.ParseFloat(vs, 64)
		if err != nil || math.IsInf(v, 0) || math.IsNaN(v) || !plainNumber(vs) {
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
		if len(rec) == 4 {
			m.Note = strings.Clone(rec[3])
		}
		out = append(out, m)
	}
	return out, probs, true
}

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
