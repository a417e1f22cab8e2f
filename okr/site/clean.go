package site

import (
	"github.com/okr-as-code/okr/okr/render"
	"github.com/okr-as-code/okr/okr/report"
)

// clean makes the repository text of r visible and inert on a page (SPEC §3:
// control characters as visible escapes in every format but json and
// github), in place, before any page is built: html/template then escapes
// what is left for HTML. r is the site's own report.
func clean(r *report.Report) {
	t := render.Text
	r.Organization = t(r.Organization)
	for i := range r.Scores.Owners {
		o := &r.Scores.Owners[i]
		o.Owner, o.Level, o.Period, o.File = t(o.Owner), t(o.Level), t(o.Period), t(o.File)
		for j := range o.Objectives {
			ob := &o.Objectives[j]
			ob.ID, ob.Ref, ob.Title, ob.AlignsTo, ob.Type = t(ob.ID), t(ob.Ref), t(ob.Title), t(ob.AlignsTo), t(ob.Type)
			for k := range ob.KeyResults {
				kr := &ob.KeyResults[k]
				kr.ID, kr.Ref, kr.Title, kr.Type, kr.KPI, kr.Unit, kr.Aggregate = t(kr.ID), t(kr.Ref), t(kr.Title), t(kr.Type), t(kr.KPI), t(kr.Unit), t(kr.Aggregate)
				if kr.LastAt != nil {
					s := t(*kr.LastAt)
					kr.LastAt = &s
				}
			}
		}
	}
	for i := range r.KPIs.KPIs {
		k := &r.KPIs.KPIs[i]
		k.ID, k.Name, k.Owner, k.Unit, k.Direction, k.Cadence = t(k.ID), t(k.Name), t(k.Owner), t(k.Unit), t(k.Direction), t(k.Cadence)
		if k.LastAt != nil {
			s := t(*k.LastAt)
			k.LastAt = &s
		}
	}
}

// cleanChanges escapes the repository text of the goal changes, as clean
// does the rest of a report's.
func cleanChanges(changes []report.GoalChange) {
	t := render.Text
	for i := range changes {
		c := &changes[i]
		c.Author, c.Subject, c.Ref, c.Field, c.Period, c.Entity = t(c.Author), t(c.Subject), t(c.Ref), t(c.Field), t(c.Period), t(c.Entity)
		if s, ok := c.Old.(string); ok {
			c.Old = t(s)
		}
		if s, ok := c.New.(string); ok {
			c.New = t(s)
		}
	}
}
