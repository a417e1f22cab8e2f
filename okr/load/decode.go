package load

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/okr-as-code/okr/okr/model"
	"go.yaml.in/yaml/v3"
)

// The decoder reads documents straight from yaml.Node trees, without
// reflection, recording where each field was written. It is the one
// authority on what a document must be: as it reads each field it checks
// the value against the field's rule (rules.go) and reports what is wrong
// with the position of the node (validate.go). It is lenient in what it
// keeps: a value that breaks its rule is reported, and kept where it can
// still be read, so that the checks that follow do not report what refers
// to it as well.

type decoder struct {
	file     string
	problems []model.Problem
	limit    int                 // problems beyond it are dropped: the file's cap
	own      map[*yaml.Node]bool // values the scan reported already (numbers that are not)
	skip     *yaml.Node          // the key of a misspelt apiVersion (a near miss), read as absent
	plain    bool                // the document has no merge keys, repeated keys or keys that are not text
}

// newDecoder returns a decoder for a document of file that may report limit
// problems, after the scan s of the document.
func newDecoder(file string, s *scanner, limit int) *decoder {
	return &decoder{file: file, own: s.own, limit: max(limit, 1), plain: s.plain}
}

func (d *decoder) pos(n *yaml.Node) model.Pos { return pos(d.file, n) }

func scalar(n *yaml.Node) (string, bool) {
	n = resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
		return "", false
	}
	return n.Value, true
}

func str(n *yaml.Node) string {
	s, _ := scalar(n)
	return s
}

func num(n *yaml.Node) model.Num {
	n = resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return model.Num{}
	}
	if overflows(n) {
		return model.Num{V: math.Inf(1), Set: true}
	}
	if t := n.ShortTag(); t != "!!int" && t != "!!float" {
		return model.Num{}
	}
	v, ok := parseNumber(n.Value)
	if !ok {
		return model.Num{}
	}
	return model.Num{V: v, Set: true}
}

func finite(n model.Num) bool {
	return n.Set && !math.IsInf(n.V, 0) && !math.IsNaN(n.V)
}

func seq(n *yaml.Node) []*yaml.Node {
	n = resolve(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	return n.Content
}

// document reads a document whose kind is missing or not one okr knows:
// it has nothing to keep, and reports the kind.
func (d *decoder) document(root *yaml.Node) {
	s := d.mapping(root, anyDocument, func(string, *yaml.Node, bool) {})
	d.missing(root, anyDocument, s, []string{"apiVersion", "kind"}, "set kind to Objectives, KPI, Measurements or People")
}

func (d *decoder) objectives(root *yaml.Node, docIndex int) *model.Objectives {
	doc := &model.Objectives{Pos: d.pos(root), Doc: docIndex, Level: "team"}
	var objs *yaml.Node
	s := d.mapping(root, model.KindObjectives, func(k string, v *yaml.Node, ok bool) {
		switch k {
		case "owner":
			doc.Owner = str(v)
		case "level":
			if s := str(v); s != "" {
				doc.Level = s
			}
		case "period":
			doc.PeriodText = str(v)
			if ok && jsonType(v) == "number" {
				doc.PeriodText = jsonText(v) // a year written 2026.0 or 0x7ea
			}
			if p, err := model.ParsePeriod(doc.PeriodText); err == nil {
				doc.Period = p
			}
		case "objectives":
			objs = v
		}
	})
	doc.Fields = s.fields
	d.missing(root, model.KindObjectives, s, model.Required[model.KindObjectives], "")
	for _, on := range seq(objs) {
		on = resolve(on)
		if !d.itemMapping("objectives", on) {
			continue
		}
		doc.Objectives = append(doc.Objectives, d.objective(on, doc))
	}
	return doc
}

func (d *decoder) objective(on *yaml.Node, doc *model.Objectives) *model.Objective {
	o := &model.Objective{Pos: d.pos(on), Type: model.Aspirational, Weight: 1, Parent: doc}
	var krs *yaml.Node
	s := d.mapping(on, model.MappingObjective, func(k string, v *yaml.Node, ok bool) {
		switch k {
		case "id":
			o.ID = str(v)
		case "title":
			o.Title = str(v)
		case "description":
			o.Description = str(v)
		case "type":
			if s := str(v); s != "" {
				o.Type = s
			}
		case "aligns_to":
			o.AlignsTo = str(v)
		case "weight":
			if w := num(v); finite(w) {
				o.Weight = w.V
			}
		case "key_results":
			krs = v
		}
	})
	o.Fields = s.fields
	d.missing(on, model.MappingObjective, s, model.Required[model.MappingObjective], "")
	o.Ref = doc.Owner + "/" + o.ID
	for _, kn := range seq(krs) {
		kn = resolve(kn)
		if !d.itemMapping("key_results", kn) {
			continue
		}
		o.KeyResults = append(o.KeyResults, d.keyResult(kn, o))
	}
	return o
}

func (d *decoder) keyResult(kn *yaml.Node, o *model.Objective) *model.KeyResult {
	kr := &model.KeyResult{Pos: d.pos(kn), Type: model.Metric, Aggregate: model.Last, Weight: 1, Parent: o}
	s := d.mapping(kn, model.MappingKeyResult, func(k string, v *yaml.Node, ok bool) {
		switch k {
		case "id":
			kr.ID = str(v)
		case "title":
			kr.Title = str(v)
		case "type":
			if s := str(v); s != "" {
				kr.Type = s
			}
		case "kpi":
			kr.KPI = str(v)
		case "baseline":
			kr.Baseline = num(v)
		case "commit":
			kr.Commit = num(v)
		case "target":
			kr.Target = num(v)
		case "stretch":
			kr.Stretch = num(v)
		case "unit":
			kr.Unit = str(v)
		case "aggregate":
			if s := str(v); s != "" {
				kr.Aggregate = s
			}
		case "weight":
			if w := num(v); finite(w) {
				kr.Weight = w.V
			}
		case "owner":
			kr.Owner = str(v)
		case "cadence":
			kr.Cadence = str(v)
		}
	})
	kr.Fields = s.fields
	d.missing(kn, model.MappingKeyResult, s, model.Required[model.MappingKeyResult], "")
	d.keyResultLevels(kn, s)
	kr.Ref = o.Ref + "/" + kr.ID
	return kr
}

func (d *decoder) kpi(root *yaml.Node) *model.KPI {
	k := &model.KPI{Pos: d.pos(root)}
	s := d.mapping(root, model.KindKPI, func(key string, v *yaml.Node, ok bool) {
		switch key {
		case "id":
			k.ID = str(v)
		case "name":
			k.Name = str(v)
		case "owner":
			k.Owner = str(v)
		case "unit":
			k.Unit = str(v)
		case "direction":
			k.Direction = str(v)
		case "target":
			k.Target = num(v)
		case "warn":
			k.Warn = num(v)
		case "cadence":
			k.Cadence = str(v)
		case "category":
			k.Category = str(v)
		case "indicator":
			k.Indicator = str(v)
		case "description":
			k.Description = str(v)
		}
	})
	k.Fields = s.fields
	d.missing(root, model.KindKPI, s, model.Required[model.KindKPI], "")
	return k
}

func (d *decoder) measurements(root *yaml.Node) []model.Measurement {
	var metric string
	var values *yaml.Node
	s := d.mapping(root, model.KindMeasurements, func(k string, v *yaml.Node, ok bool) {
		switch k {
		case "metric":
			metric = str(v)
		case "values":
			values = v
		}
	})
	d.missing(root, model.KindMeasurements, s, model.Required[model.KindMeasurements], "")
	var out []model.Measurement
	for _, vn := range seq(values) {
		vn = resolve(vn)
		if !d.itemMapping("values", vn) {
			continue
		}
		if m, ok := d.measurement(vn, metric); ok {
			out = append(out, m)
		}
	}
	return out
}

// measurement reads one item of a Measurements document's values, and
// whether it can be kept: it has a metric, a date and a finite value.
func (d *decoder) measurement(vn *yaml.Node, metric string) (model.Measurement, bool) {
	m := model.Measurement{Pos: d.pos(vn), Metric: metric}
	keep := true
	var haveAt, haveValue bool
	s := d.mapping(vn, model.MappingValue, func(k string, v *yaml.Node, ok bool) {
		switch k {
		case "at":
			s, isScalar := scalar(v)
			if !isScalar {
				keep = false
				return
			}
			haveAt = true
			if len(s) != len("2006-01-02") {
				m.AtText = s // a timestamp, kept as written
			}
			t, day, err := model.ParseAt(s)
			if err != nil {
				if ok {
					// The schema's pattern cannot tell a day that does not exist.
					d.add(d.pos(v), "date", "%s", dateMessage(s, err))
				}
				keep = false
				return
			}
			m.At, m.Day = t, day
		case "value":
			n := num(v)
			if !finite(n) {
				keep = false // reported by the rule or the scan
				return
			}
			haveValue = true
			m.Value = n.V
		case "note":
			m.Note = str(v)
		case "confidence":
			// A bad confidence is reported, and the measurement kept
			// without one: its value still counts.
			if c, isConf := yamlConfidence(v); isConf {
				m.Confidence, m.HasConfidence = c, true
			} else if ok {
				// A whole number to JSON Schema, but not as SPEC §1
				// writes one: 6.0, 0x6, +6.
				d.add(d.pos(v), "number", "%s", confidenceMessage(confidenceShown(v)))
			}
		}
	})
	d.missing(vn, model.MappingValue, s, model.Required[model.MappingValue], "")
	return m, keep && haveAt && haveValue && metric != ""
}

// people reads a People document (SPEC §5): its people, each kept when
// it has an id, whatever else is wrong with it, so that the owners it
// names are not reported as unknown as well.
func (d *decoder) people(root *yaml.Node) []*model.Person {
	var list *yaml.Node
	s := d.mapping(root, model.KindPeople, func(k string, v *yaml.Node, ok bool) {
		if k == "people" {
			list = v
		}
	})
	d.missing(root, model.KindPeople, s, model.Required[model.KindPeople], "")
	var out []*model.Person
	for _, pn := range seq(list) {
		pn = resolve(pn)
		if !d.itemMapping("people", pn) {
			continue
		}
		p := &model.Person{Pos: d.pos(pn)}
		ps := d.mapping(pn, model.MappingPerson, func(k string, v *yaml.Node, ok bool) {
			switch k {
			case "id":
				p.ID = str(v)
			case "name":
				p.Name = str(v)
			case "email":
				p.Email = str(v)
			case "slack":
				if ok {
					p.Slack = str(v) // a mention only from a valid member id
				}
			case "teams":
				if ok {
					p.Teams = str(v)
				}
			case "team":
				p.Team = str(v)
			}
		})
		p.Fields = ps.fields
		d.missing(pn, model.MappingPerson, ps, model.Required[model.MappingPerson], "")
		out = append(out, p)
	}
	return out
}

func (d *decoder) config(root *yaml.Node, file string) model.Config {
	c := model.DefaultConfig()
	c.File = file
	if root.Kind != yaml.MappingNode {
		d.typeError("document", root, mappingVal, jsonType(root))
		return c
	}
	s := d.mapping(root, model.MappingConfig, func(k string, v *yaml.Node, ok bool) {
		switch k {
		case "organization":
			c.Organization = str(v)
		case "fiscal_year_start_month":
			if n := num(v); finite(n) && n.V >= 1 && n.V <= 12 && n.V == math.Trunc(n.V) {
				c.FiscalYearStartMonth = int(n.V)
			}
		case "grades":
			d.mapping(v, model.MappingGrades, func(k string, v *yaml.Node, ok bool) {
				n := num(v)
				if !finite(n) {
					return
				}
				switch k {
				case "green":
					c.Green = n.V
				case "yellow":
					c.Yellow = n.V
				}
			})
		case "checkin_cadence":
			if s := str(v); model.CadenceDays(s) > 0 {
				c.CheckinCadence = s
			}
		case "ignore":
			for _, g := range seq(v) {
				g = resolve(g)
				d.check("ignore item", g, text)
				if s, ok := scalar(g); ok && strings.TrimSpace(s) != "" {
					c.Ignore = append(c.Ignore, s)
				}
			}
		}
	})
	c.Fields = s.fields
	return c
}

// yamlConfidence reads a confidence written as a whole number 0..10, in
// decimal digits without sign or leading zero (SPEC §1: 6.0, "6" and 0x6
// are not one).
func yamlConfidence(n *yaml.Node) (int8, bool) {
	n = resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" {
		return 0, false
	}
	return confidenceText(n.Value)
}

// confidenceText reads a confidence as written in a CSV cell or a YAML
// scalar: "0" to "10".
func confidenceText(s string) (int8, bool) {
	switch {
	case len(s) == 1 && s[0] >= '0' && s[0] <= '9':
		return int8(s[0] - '0'), true
	case s == "10":
		return 10, true
	}
	return 0, false
}

// confidenceShown is a confidence node as its author wrote it, for a
// message: quoted when it was quoted.
func confidenceShown(n *yaml.Node) string {
	n = resolve(n)
	switch {
	case n == nil || n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null":
		return shownScalar(n)
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 || n.ShortTag() == "!!str":
		return strconv.Quote(n.Value)
	}
	return n.Value
}

// confidenceMessage says why a confidence is refused and what to write.
func confidenceMessage(shown string) string {
	return fmt.Sprintf("confidence %s is not valid: write a whole number from 0 (no chance) to 10 (certain), such as 6", shown)
}

// dateMessage explains a date that model.ParseAt refused; for a day that does
// not exist it says how many days the month has.
func dateMessage(s string, err error) string {
	msg := err.Error()
	if !strings.HasPrefix(msg, "impossible date") || len(s) < 10 {
		return msg
	}
	y, err1 := strconv.Atoi(s[:4])
	m, err2 := strconv.Atoi(s[5:7])
	switch {
	case err1 != nil || err2 != nil:
		return msg
	case m < 1 || m > 12:
		return msg + ": months run from 01 to 12"
	}
	return fmt.Sprintf("%s: %s %d has %d days", msg, time.Month(m), y, model.DaysIn(y, time.Month(m)))
}
