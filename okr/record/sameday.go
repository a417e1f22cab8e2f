package record

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"strings"

	"github.com/okr-as-code/okr/okr/internal/atomicfile"
	"github.com/okr-as-code/okr/okr/model"
	"go.yaml.in/yaml/v3"
)

// Action is what recording a measurement does (SPEC §6 "One value per
// day, written once").
type Action int

const (
	// Add appends the measurement.
	Add Action = iota
	// Unchanged writes nothing: the measurement is already there.
	Unchanged
	// Rewrite rewrites the measurement at Decision.Pos in place
	// (--replace).
	Rewrite
)

// Decision is what Decide chose for a measurement.
type Decision struct {
	Action Action
	// Pos is the measurement already recorded (Unchanged) or to rewrite
	// (Rewrite).
	Pos model.Pos
	// Old is that measurement.
	Old model.Measurement
}

// Same reports whether a measurement already recorded holds what m says:
// the same value (as numbers), and the same note and confidence where m
// gives them.
func Same(old *model.Measurement, m Measurement) bool {
	if old.Value != m.Value {
		return false
	}
	if m.Note != "" && old.Note != m.Note {
		return false
	}
	if m.HasConfidence && (!old.HasConfidence || old.Confidence != m.Confidence) {
		return false
	}
	return true
}

// Existing returns the measurements of repo of m's metric at m's at, in
// read order.
func Existing(repo *model.Repo, m Measurement) []model.Measurement {
	key := model.KeyOfAt(m.At)
	var out []model.Measurement
	for i := range repo.Measurements {
		x := &repo.Measurements[i]
		if x.Metric == m.Metric && x.Key() == key {
			out = append(out, *x)
		}
	}
	return out
}

// Decide chooses what recording m does, given the measurements already
// recorded for its metric at its at (Existing) and whether its metric is
// additive: an additive metric always takes one more; else the same
// measurement again is Unchanged, and another value is refused (an
// *Error naming the one there) unless replace, which rewrites the one
// there, and refuses when there are several.
func Decide(existing []model.Measurement, additive bool, m Measurement, replace bool) (Decision, error) {
	if additive || len(existing) == 0 {
		return Decision{Action: Add}, nil
	}
	last := existing[len(existing)-1]
	same := true
	for i := range existing {
		same = same && Same(&existing[i], m)
	}
	if same {
		return Decision{Action: Unchanged, Pos: last.Pos, Old: last}, nil
	}
	if len(existing) > 1 {
		var at []string
		for _, x := range existing {
			at = append(at, fmt.Sprintf("%s at %s", FormatValue(x.Value), posText(x.Pos)))
		}
		fix := "delete all but one, then record again with --replace"
		if replace {
			fix = "--replace rewrites one measurement: delete all but one, then record again with --replace"
		}
		return Decision{}, refusef("%s has %d measurements at %s (%s); one value per day: %s",
			m.Metric, len(existing), m.At, strings.Join(at, ", "), fix)
	}
	if replace {
		return Decision{Action: Rewrite, Pos: last.Pos, Old: last}, nil
	}
	what := "the value " + FormatValue(last.Value)
	if last.Value == m.Value {
		what = "this value with another note or confidence"
	}
	return Decision{}, refusef("%s already has %s at %s, recorded at %s; one value per day: to change it, record again with --replace%s",
		m.Metric, what, m.At, posText(last.Pos), timeHint(m.At))
}

// timeHint suggests a timestamp to keep several values in one day.
func timeHint(at string) string {
	if len(at) != len("2006-01-02") {
		return ""
	}
	return fmt.Sprintf(" (or, to keep both, give each a time: --at %sT14:00:00Z)", at)
}

func posText(p model.Pos) string { return fmt.Sprintf("%s:%d", p.File, p.Line) }

// WrittenValue returns the value of the measurement of m.Metric at m.At
// that pos holds, as the file writes it (70.0, not 70), or "" when it
// cannot be read there: for okr record --replace to say what it replaced.
func WrittenValue(root string, pos model.Pos, m Measurement) string {
	r, err := os.OpenRoot(root)
	if err != nil {
		return ""
	}
	defer r.Close()
	data, _, err := atomicfile.ReadFile(r, pos.File, atomicfile.MaxSize)
	if err != nil {
		return ""
	}
	if isYAML(pos.File) {
		docs, err := parseDocs(data)
		if err != nil {
			return ""
		}
		item := findItem(docs, m.Metric, pos.Line, model.KeyOfAt(m.At))
		if item == nil {
			return ""
		}
		for i := 0; i+1 < len(item.Content); i += 2 {
			if v := item.Content[i+1]; item.Content[i].Value == "value" && v.Kind == yaml.ScalarNode {
				return v.Value
			}
		}
		return ""
	}
	body := bytes.TrimPrefix(data, bom)
	l := newLines(body)
	if pos.Line < 2 || pos.Line > l.n() {
		return ""
	}
	cr := csv.NewReader(bytes.NewReader(body[l.starts[pos.Line-1]:]))
	cr.FieldsPerRecord = -1
	rec, err := cr.Read()
	if err != nil || len(rec) < 3 || rec[0] != m.Metric {
		return ""
	}
	return strings.TrimSpace(rec[2])
}
