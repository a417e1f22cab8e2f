package check

import (
	"sort"

	"github.com/okr-as-code/okr/okr/model"
)

// Rule names of the People checks (SPEC §5).
const (
	RuleUnknownPerson = "unknown-person"
	RuleUnknownTeam   = "unknown-team"
)

// people checks the People documents (SPEC §5): a person id repeated
// across them is an error; and, only when the repository has a People
// document, a key result owner that is neither a person nor the owner of
// an Objectives document or a KPI is a warning (unknown-person), and so
// is a person's team that owns no Objectives document or KPI
// (unknown-team).
func (c *checker) people() {
	if !c.repo.HasPeople {
		return
	}
	persons := map[string]*model.Person{}
	var ids []string
	for _, p := range c.repo.People {
		if p.ID == "" {
			continue
		}
		if first, ok := persons[p.ID]; ok {
			c.errorf(p.Fields.At("id", p.Pos), RuleDuplicate, "person id %q is already defined at %s; person ids are unique across all People documents", p.ID, first.Fields.At("id", first.Pos))
			continue
		}
		persons[p.ID] = p
		ids = append(ids, p.ID)
	}
	// The owners of an Objectives document or a KPI, and those that a
	// document with errors may define (SPEC §1: one mistake, one error).
	owners := map[string]bool{}
	for _, d := range c.repo.Objectives {
		owners[d.Owner] = true
	}
	for _, k := range c.repo.KPIs {
		owners[k.Owner] = true
	}
	owns := func(id string) bool { return owners[id] || c.unsure[id] || c.unsureOwner }
	known := func(id string) bool { return persons[id] != nil || owns(id) }
	for _, d := range c.repo.Objectives {
		for _, o := range d.Objectives {
			for _, kr := range o.KeyResults {
				if kr.Owner == "" || known(kr.Owner) {
					continue
				}
				c.warnf(kr.Fields.At("owner", kr.Pos), RuleUnknownPerson,
					"owner %q of key result %s is not a person of a People document nor the owner of an Objectives document or KPI; add them to a People document%s",
					kr.Owner, kr.Ref, suggest(kr.Owner, ids))
			}
		}
	}
	for _, p := range c.repo.People {
		if p.Team == "" || owns(p.Team) {
			continue
		}
		c.warnf(p.Fields.At("team", p.Pos), RuleUnknownTeam,
			"team %q of person %q owns no Objectives document or KPI; name an owner id of an Objectives document or KPI%s",
			p.Team, p.ID, suggest(p.Team, sortedKeys(owners)))
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		if k != "" {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
