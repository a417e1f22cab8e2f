package change

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/okr-as-code/okr/okr/model"
)

// ParseSince reads the WHEN of `okr diff --since WHEN`: a date YYYY-MM-DD,
// or a number of days (7d) or weeks (2w) counted back from asOf. It
// returns the day: the base is the newest commit made before it. A day
// after asOf is an error.
func ParseSince(when string, asOf model.Date) (model.Date, error) {
	var day model.Date
	switch {
	case when == "":
		return 0, fmt.Errorf("--since needs a value: a date YYYY-MM-DD, or days or weeks back from the as-of date (7d, 2w)")
	case len(when) == 10 && strings.Count(when, "-") == 2:
		d, err := model.ParseDate(when)
		if err != nil {
			return 0, fmt.Errorf("--since %s: %v", when, err)
		}
		day = d
	default:
		unit := when[len(when)-1]
		n, err := strconv.Atoi(when[:len(when)-1])
		per := map[byte]int{'d': 1, 'w': 7}[unit]
		// at most 100 years: no overflow, and a plain mistake is caught
		if err != nil || per == 0 || n < 0 || n > 36600/per || strings.ContainsAny(when[:len(when)-1], "+-") {
			return 0, fmt.Errorf("--since %q: want a date YYYY-MM-DD, or a number of days or weeks back from the as-of date (7d, 2w)", when)
		}
		day = asOf - model.Date(n*per)
	}
	if day > asOf {
		return 0, fmt.Errorf("--since %s is after the as-of date %s", when, asOf)
	}
	return day, nil
}

// FailOn is a set of kinds of change that fail `okr diff --fail-on`.
type FailOn struct {
	Moved   bool // a goalpost moved after its period began
	Removed bool // an objective, key result, Objectives document or KPI removed
	Changed bool // any change to goals or KPIs
}

// FailOnWords are the words --fail-on accepts.
var FailOnWords = []string{"moved", "removed", "changed"}

// ParseFailOn reads a comma-separated list of FailOnWords.
func ParseFailOn(s string) (FailOn, error) {
	var f FailOn
	for w := range strings.SplitSeq(s, ",") {
		switch strings.TrimSpace(w) {
		case "moved":
			f.Moved = true
		case "removed":
			f.Removed = true
		case "changed":
			f.Changed = true
		default:
			return f, fmt.Errorf("--fail-on: unknown kind of change %q: use one or more of %s, separated by commas", w, strings.Join(FailOnWords, ", "))
		}
	}
	return f, nil
}

// Failures lists, one line each, why d fails f: "1 goalpost moved after
// its period began", …; none when it passes. Check-ins and score changes
// never fail it.
func (d *Diff) Failures(f FailOn) []string {
	var moved, removed int
	for _, c := range d.Changes {
		if c.AfterPeriodStart {
			moved++
		}
		if c.Kind == Removed {
			removed++
		}
	}
	var out []string
	if f.Moved && moved > 0 {
		out = append(out, "moved: "+count(moved, "goalpost moved after its period began", "goalposts moved after their period began"))
	}
	if f.Removed && removed > 0 {
		out = append(out, "removed: "+count(removed, "goal or KPI removed", "goals or KPIs removed"))
	}
	if f.Changed && len(d.Changes) > 0 {
		out = append(out, "changed: "+count(len(d.Changes), "change to goals or KPIs", "changes to goals or KPIs"))
	}
	return out
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
