package record

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/okr-as-code/okr/okr/model"
)

// Row is one measurement of a feed (okr record --from FILE).
type Row struct {
	Line int // 1-based, in the feed
	M    Measurement
}

// FeedProblem is a problem with one line of a feed.
type FeedProblem struct {
	Line int
	Msg  string
}

// maxFeedProblems bounds the problems ParseFeed and PlanFeed report, so
// that a feed of a million bad rows stays readable.
const maxFeedProblems = 1000

// ParseFeed reads a feed: CSV whose header is metric,at,value, optionally
// followed by note and then confidence (as a measurement file's), or JSON
// Lines, one object a line with metric, at, value (a number, or a number
// written as a JSON string) and optional note and confidence. A feed whose
// first character, after a BOM and white space, is "{" is JSON Lines. A row
// without an at (an empty cell, a missing or null key) takes defaultAt,
// which must be valid. Every row is checked as okr record checks its
// arguments; a row with a problem is left out and its problem returned.
func ParseFeed(data []byte, defaultAt string) ([]Row, []FeedProblem) {
	data = bytes.TrimPrefix(data, bom)
	if t := bytes.TrimLeft(data, " \t\r\n"); len(t) > 0 && t[0] == '{' {
		return parseJSONLines(data, defaultAt)
	}
	return parseCSVFeed(data, defaultAt)
}

// feedRow checks the fields of one row and makes its measurement.
func feedRow(metric, at, value string, note *string, conf string, defaultAt string) (Measurement, error) {
	m := Measurement{Metric: strings.TrimSpace(metric)}
	if m.Metric == "" {
		return m, errors.New("empty metric: name a KPI id or a key result ref owner/objective/kr")
	}
	if !utf8Text(m.Metric) {
		return m, fmt.Errorf("metric %q is not UTF-8 text without control characters", m.Metric)
	}
	m.At = strings.TrimSpace(at)
	if m.At == "" {
		m.At = defaultAt
	}
	if _, _, err := model.ParseAt(m.At); err != nil {
		return m, fmt.Errorf("at: %v; write a date YYYY-MM-DD or an RFC 3339 timestamp, or leave it empty for --at", err)
	}
	v, text, err := ParseValue(value)
	if err != nil {
		return m, err
	}
	m.Value, m.Text = v, text
	if note != nil {
		if err := CheckNote(*note); err != nil {
			return m, err
		}
		m.Note = *note
	}
	if c := strings.TrimSpace(conf); c != "" {
		n, err := ParseConfidence(c)
		if err != nil {
			return m, err
		}
		m.Confidence, m.HasConfidence = n, true
	}
	return m, nil
}

// utf8Text reports whether a metric is text okr can write into a file and
// name in a message: valid UTF-8 without control characters (Check then
// says whether it names anything).
func utf8Text(s string) bool {
	if err := CheckNote(s); err != nil {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

func parseCSVFeed(data []byte, defaultAt string) ([]Row, []FeedProblem) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, []FeedProblem{{1, "the feed is empty: write the header metric,at,value (then optionally note and confidence), then a row a measurement, or JSON Lines"}}
	}
	if err != nil {
		return nil, []FeedProblem{{1, "unreadable header: " + csvMessage(err)}}
	}
	cols := headerColumns(strings.Join(header, ","))
	if cols == 0 || len(header) != cols {
		return nil, []FeedProblem{{1, fmt.Sprintf("the header is %q; a CSV feed's header is metric,at,value, optionally followed by note and then confidence (or write JSON Lines)", strings.Join(header, ","))}}
	}
	var rows []Row
	var probs []FeedProblem
	for len(probs) < maxFeedProblems {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			line := 0
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			probs = append(probs, FeedProblem{line, csvMessage(err)})
			if pe == nil {
				break
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		if len(rec) < 3 || len(rec) > cols {
			want := "3"
			if cols > 3 {
				want = fmt.Sprintf("3 to %d", cols)
			}
			probs = append(probs, FeedProblem{line, fmt.Sprintf("row has %d field(s), want %s (%s)", len(rec), want, strings.Join(header, ","))})
			continue
		}
		rec = append(rec, "", "")
		var note *string
		if len(header) >= 4 {
			note = &rec[3]
		}
		m, err := feedRow(rec[0], rec[1], rec[2], note, rec[4], defaultAt)
		if err != nil {
			probs = append(probs, FeedProblem{line, err.Error()})
			continue
		}
		rows = append(rows, Row{Line: line, M: m})
	}
	return rows, probs
}

// csvMessage is a CSV reader's error without its position, which the
// problem's line gives.
func csvMessage(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := pe.Err.Error()
		if errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote) {
			msg += ` (quote a field that holds a comma or quote, and double quotes inside it: "say ""hi""")`
		}
		return msg
	}
	return err.Error()
}

func parseJSONLines(data []byte, defaultAt string) ([]Row, []FeedProblem) {
	var rows []Row
	var probs []FeedProblem
	for n := 1; len(data) > 0 && len(probs) < maxFeedProblems; n++ {
		line, rest, _ := bytes.Cut(data, []byte("\n"))
		data = rest
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		m, err := jsonRow(line, defaultAt)
		if err != nil {
			probs = append(probs, FeedProblem{n, err.Error()})
			continue
		}
		rows = append(rows, Row{Line: n, M: m})
	}
	return rows, probs
}

// jsonKeys are the keys of a JSON Lines row.
var jsonKeys = []string{"metric", "at", "value", "note", "confidence"}

// jsonRow reads one JSON Lines row: an object of jsonKeys, each at most
// once.
func jsonRow(line []byte, defaultAt string) (Measurement, error) {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	tok, err := dec.Token()
	if d, ok := tok.(json.Delim); err != nil || !ok || d != '{' {
		return Measurement{}, errors.New("a JSON Lines row is one object: {\"metric\": \"nps\", \"at\": \"2026-11-02\", \"value\": 44}")
	}
	var fields [5]*string
	var text [5]string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return Measurement{}, jsonError(err)
		}
		key, _ := tok.(string)
		i := slices.Index(jsonKeys, key)
		if i < 0 {
			hint := ""
			if best := model.Nearest(key, jsonKeys, 0); best != "" {
				hint = fmt.Sprintf("; did you mean %q?", best)
			}
			return Measurement{}, fmt.Errorf("unknown key %q%s (a row has metric, at, value, note and confidence)", key, hint)
		}
		if fields[i] != nil {
			return Measurement{}, fmt.Errorf("key %q is repeated", key)
		}
		v, err := dec.Token()
		if err != nil {
			return Measurement{}, jsonError(err)
		}
		switch v := v.(type) {
		case string:
			if key == "confidence" {
				return Measurement{}, fmt.Errorf("confidence %q is a string; write an integer from 0 to 10 without quotes", v)
			}
			text[i] = v
		case json.Number:
			if key != "value" && key != "confidence" {
				return Measurement{}, fmt.Errorf("%s is a number; write it as a JSON string", key)
			}
			text[i] = v.String()
		case nil:
			if key != "at" && key != "note" && key != "confidence" {
				return Measurement{}, fmt.Errorf("%s is null; a row needs a metric and a value", key)
			}
		default:
			return Measurement{}, fmt.Errorf("%s is not a string or a number", key)
		}
		fields[i] = &text[i]
	}
	if _, err := dec.Token(); err != nil {
		return Measurement{}, jsonError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Measurement{}, errors.New("more than one JSON value on the line: write one object a line")
	}
	for _, k := range []int{0, 2} {
		if fields[k] == nil {
			return Measurement{}, fmt.Errorf("no %q: a row has metric, at, value, note and confidence (at, note and confidence optional)", jsonKeys[k])
		}
	}
	return feedRow(text[0], text[1], text[2], fields[3], text[4], defaultAt)
}

func jsonError(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return errors.New("invalid JSON: the object is not closed on its line")
	}
	return fmt.Errorf("invalid JSON: %v", err)
}
