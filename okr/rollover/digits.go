package rollover

import (
	"bytes"
	"encoding/csv"
	"io"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/record"
	"go.yaml.in/yaml/v3"
)

// digits finds how the value a key result reached is to be written as its
// new baseline (SPEC §2): a value copied from a measurement keeps the
// digits it has in its file (99.940 stays 99.940, and 38 nines stay 38
// nines), and a value okr computed (a mean, a sum) is rounded to 12
// significant digits (99.94, not 99.94000000000001).
type digits struct {
	fsys    fs.FS
	fy      int
	byMet   map[string][]*model.Measurement // read order
	texts   map[string]map[[2]int]string    // file → (line, column) → value text; column 0 for CSV
	skipped map[string]bool                 // files that could not be read
}

func newDigits(fsys fs.FS, repo *model.Repo) *digits {
	d := &digits{fsys: fsys, fy: repo.Config.FiscalYearStartMonth, byMet: map[string][]*model.Measurement{},
		texts: map[string]map[[2]int]string{}, skipped: map[string]bool{}}
	for i := range repo.Measurements {
		m := &repo.Measurements[i]
		d.byMet[m.Metric] = append(d.byMet[m.Metric], m)
	}
	return d
}

// text returns how to write v, the value kr reached over period p.
func (d *digits) text(kr *model.KeyResult, p model.Period, v float64) string {
	switch kr.Aggregate {
	case "", model.Last, model.Max, model.Min:
		first, last := p.Range(d.fy)
		// The measurement the value came from: the latest counted one
		// (by instant, then read order) that holds it.
		var from *model.Measurement
		for _, m := range d.byMet[kr.Metric()] {
			if m.Day < first || m.Day > last || m.Value != v {
				continue
			}
			if from == nil || !m.At.Before(from.At) {
				from = m
			}
		}
		if from != nil {
			if t, ok := d.valueText(from); ok {
				return t
			}
		}
	}
	return round12(v)
}

// valueText returns the value of m as written in its file, when it is a
// plain decimal that reads back as m.Value.
func (d *digits) valueText(m *model.Measurement) (string, bool) {
	file := m.Pos.File
	texts, ok := d.texts[file]
	if !ok && !d.skipped[file] {
		texts = d.read(file)
		if texts == nil {
			d.skipped[file] = true
		} else {
			d.texts[file] = texts
		}
	}
	key := [2]int{m.Pos.Line, m.Pos.Column}
	if isCSV(file) {
		key[1] = 0
	}
	t, ok := texts[key]
	if !ok {
		return "", false
	}
	v, norm, err := record.ParseValue(t)
	if err != nil || v != m.Value {
		return "", false
	}
	return norm, true
}

func isCSV(file string) bool { return strings.EqualFold(path.Ext(file), ".csv") }

// read indexes the value texts of a measurement file: for CSV by the line
// of each row, for YAML by the position of each mapping with a plain
// scalar value.
func (d *digits) read(file string) map[[2]int]string {
	data, err := fs.ReadFile(d.fsys, file)
	if err != nil {
		return nil
	}
	out := map[[2]int]string{}
	if isCSV(file) {
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
		r.FieldsPerRecord = -1
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				continue // a bad row: the loader reported it
			}
			if len(rec) >= 3 {
				line, _ := r.FieldPos(0)
				out[[2]int{line, 0}] = strings.TrimSpace(rec[2])
			}
		}
		return out
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if k, v := n.Content[i], n.Content[i+1]; k.Value == "value" && v.Kind == yaml.ScalarNode && v.Style == 0 {
					out[[2]int{n.Line, n.Column}] = v.Value
				}
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	for {
		var n yaml.Node
		if err := dec.Decode(&n); err != nil {
			break
		}
		walk(&n)
	}
	return out
}

// round12 writes a computed value rounded to 12 significant digits, as
// the shortest decimal of that rounded number (SPEC §2; as the JSON and
// CSV writers round, render.Round12).
func round12(v float64) string {
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 12, 64), 64)
	if err != nil {
		r = v
	}
	return num(r)
}

// numText is the text of a number for a note: t when it is set, else v as
// num writes it.
func numText(v float64, t string) string {
	if t != "" {
		return t
	}
	return num(v)
}
