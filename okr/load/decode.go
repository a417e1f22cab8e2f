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

// The decoders below read documents straight from yaml.Node trees, without
// reflection, recording where each field was written. They are lenient:
// a value of the wrong type is left unset, because the schema validation
// that runs on the same document reports it with a better message.

type decoder struct {
	file     string
	problems []model.Problem
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

// fields iterates the effective pairs of a mapping, recording positions.
func (d *decoder) fields(n *yaml.Node, fn func(key string, v *yaml.Node)) model.Fields {
	ps := pairs(n, nil, nil)
	fs := make(model.Fields, 0, len(ps))
	for _, p := range ps {
		k := resolve(p.k)
		v := resolve(p.v)
		if v == nil {
			continue
		}
		fs = append(fs, model.Field{Key: k.Value, Pos: d.pos(v), Key0: d.pos(k)})
		fn(k.Value, v)
	}
	return fs
}

func seq(n *yaml.Node) []*yaml.Node {
	n = resolve(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	return n.Content
}

func (d *decoder) objectives(root *yaml.Node, docIndex int) *model.Objectives {
	doc := &model.Objectives{Pos: d.pos(root), Doc: docIndex, Level: "team"}
	var objs *yaml.Node
	doc.Fields = d.fields(root, func(k string, v *yaml.Node) {
		switch k {
		case "owner":
			doc.Owner = str(v)
		case "level":
			if s := str(v); s != "" {
				doc.Level = s
			}
		case "period":
			doc.PeriodText = str(v)
			if p, err := model.ParsePeriod(doc.PeriodText); err == nil {
				doc.Period = p
			}
		case "objectives":
			objs = v
		}
	})
	for _, on := range seq(objs) {
		on = resolve(on)
		if on.Kind != yaml.MappingNode {
			continue
		}
		o := &model.Objective{Pos: d.pos(on), Type: model.Aspirational, Weight: 1, Parent: doc}
		var krs *yaml.Node
		o.Fields = d.fields(on, func(k string, v *yaml.Node) {
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
		o.Ref = doc.Owner + "/" + o.ID
		for _, kn := range seq(krs) {
			kn = resolve(kn)
			if kn.Kind != yaml.MappingNode {
				continue
			}
			kr := &model.KeyResult{Pos: d.pos(kn), Type: model.Metric, Aggregate: model.Last, Weight: 1, Parent: o}
			kr.Fields = d.fields(kn, func(k string, v *yaml.Node) {
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
			kr.Ref = o.Ref + "/" + kr.ID
			o.KeyResults = append(o.KeyResults, kr)
		}
		doc.Objectives = append(doc.Objectives, o)
	}
	return doc
}

func (d *decoder) kpi(root *yaml.Node) *model.KPI {
	k := &model.KPI{Pos: d.pos(root)}
	k.Fields = d.fields(root, func(key string, v *yaml.Node) {
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
	return k
}

func (d *decoder) measurements(root *yaml.Node) []model.Measurement {
	var metric string
	var values *yaml.Node
	d.fields(root, func(k string, v *yaml.Node) {
		switch k {
		case "metric":
			metric = str(v)
		case "values":
			values = v
		}
	})
	var out []model.Measurement
	for _, vn := range seq(values) {
		vn = resolve(vn)
		if vn.Kind != yaml.MappingNode {
			continue
		}
		m := model.Measurement{Pos: d.pos(vn), Metric: metric}
		ok := true
		var haveAt, haveValue bool
		d.fields(vn, func(k string, v *yaml.Node) {
			switch k {
			case "at":
				s, isScalar := scalar(v)
				if !isScalar {
					ok = false
					return
				}
				haveAt = true
				if len(s) != len("2006-01-02") {
					m.AtText = s // a timestamp, kept as written
				}
				t, day, err := model.ParseAt(s)
				if err != nil {
					d.problems = append(d.problems, model.Errorf(d.pos(v), "date", "%s", dateMessage(s, err)))
					ok = false
					return
				}
				m.At, m.Day = t, day
			case "value":
				n := num(v)
				if !finite(n) {
					ok = false // schema or the converter reports it
					return
				}
				haveValue = true
				m.Value = n.V
			case "note":
				m.Note = str(v)
			case "confidence":
				// A bad confidence is reported, and the measurement kept
				// without one: its value still counts.
				if c, ok := yamlConfidence(v); ok {
					m.Confidence, m.HasConfidence = c, true
				} else {
					d.problems = append(d.problems, model.Errorf(d.pos(v), "number", "%s", confidenceMessage(confidenceShown(v))))
				}
			}
		})
		if ok && haveAt && haveValue && metric != "" {
			out = append(out, m)
		}
	}
	return out
}

func (d *decoder) config(root *yaml.Node, file string) model.Config {
	c := model.DefaultConfig()
	c.File = file
	c.Fields = d.fields(root, func(k string, v *yaml.Node) {
		switch k {
		case "organization":
			c.Organization = str(v)
		case "fiscal_year_start_month":
			if n := num(v); finite(n) && n.V >= 1 && n.V <= 12 && n.V == math.Trunc(n.V) {
				c.FiscalYearStartMonth = int(n.V)
			}
		case "grades":
			d.fields(v, func(k string, v *yaml.Node) {
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
				if s, ok := scalar(g); ok && strings.TrimSpace(s) != "" {
					c.Ignore = append(c.Ignore, s)
				}
			}
		}
	})
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
	case n == nil:
		return "empty"
	case n.Kind != yaml.ScalarNode:
		return describeKind(n)
	case n.ShortTag() == "!!null":
		return "empty (null)"
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
