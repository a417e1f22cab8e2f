package model

// AtKey identifies a measurement's at as SPEC §6 compares them: two dates
// of the same day, or two timestamps of the same instant, have the same
// key; a date and a timestamp never do.
type AtKey struct {
	Day   Date  // a date's day; 0 for a timestamp
	Nanos int64 // a timestamp's instant, Unix nanoseconds
	Stamp bool
}

// Key returns the AtKey of the measurement's at.
func (m *Measurement) Key() AtKey {
	if m.AtText == "" {
		return AtKey{Day: m.Day}
	}
	return AtKey{Nanos: m.At.UnixNano(), Stamp: true}
}

// KeyOfAt returns the AtKey of an at as written; an at that ParseAt
// refuses has the zero key.
func KeyOfAt(at string) AtKey {
	t, day, err := ParseAt(at)
	switch {
	case err != nil:
		return AtKey{}
	case len(at) == len("2006-01-02"):
		return AtKey{Day: day}
	}
	return AtKey{Nanos: t.UnixNano(), Stamp: true}
}

// AdditiveMetrics returns the metrics that a key result reads with
// aggregate: sum (its own ref, or the KPI it reads): several measurements
// at one at are normal for them (SPEC §6).
func AdditiveMetrics(repo *Repo) map[string]bool {
	add := map[string]bool{}
	for _, d := range repo.Objectives {
		for _, o := range d.Objectives {
			for _, kr := range o.KeyResults {
				if kr.Aggregate != Sum {
					continue
				}
				if kr.KPI != "" {
					add[kr.KPI] = true
				} else {
					add[kr.Ref] = true
				}
			}
		}
	}
	return add
}
