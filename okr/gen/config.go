package gen

import (
	"errors"
	"fmt"
)

// Config sets the size and the seed of a generated repository.
type Config struct {
	Owners        int   // teams, each with one Objectives document per quarter
	Quarters      int   // quarters of Year with objectives, 1..4
	ObjectivesPer int   // objectives in each team document
	KeyResultsPer int   // key results in each team objective
	KPIs          int   // KPI documents
	Measurements  int   // measurement rows in total, CSV rows and YAML values
	Commits       int   // commits written by WriteHistory
	Year          int   // the fiscal year (calendar year; okr.yaml keeps month 1)
	Seed          int64 // seeds every random choice
}

// Full is the scale of SPEC §4: 2,000 owners × 4 quarters × 4 objectives ×
// 4 key results, 2,000 KPIs, 1,000,000 measurement rows, 10,000 commits.
func Full() Config {
	return Config{
		Owners:        2000,
		Quarters:      4,
		ObjectivesPer: 4,
		KeyResultsPer: 4,
		KPIs:          2000,
		Measurements:  1_000_000,
		Commits:       10_000,
		Year:          2026,
		Seed:          1,
	}
}

// Scale returns the named preset: small, medium or full.
func Scale(name string) (Config, error) {
	c := Full()
	switch name {
	case "small":
		c.Owners, c.KPIs, c.Measurements, c.Commits = 20, 20, 10_000, 100
	case "medium":
		c.Owners, c.KPIs, c.Measurements, c.Commits = 500, 500, 250_000, 2_000
	case "full":
	default:
		return Config{}, fmt.Errorf("unknown scale %q: want small, medium or full", name)
	}
	return c, nil
}

// Validate reports what is out of range in c, every problem at once.
func (c Config) Validate() error {
	var errs []error
	atLeast := func(name string, v, min int) {
		if v < min {
			errs = append(errs, fmt.Errorf("%s is %d: want at least %d", name, v, min))
		}
	}
	atLeast("owners", c.Owners, 1)
	atLeast("quarters", c.Quarters, 1)
	atLeast("objectives per document", c.ObjectivesPer, 1)
	atLeast("key results per objective", c.KeyResultsPer, 1)
	atLeast("KPIs", c.KPIs, 0)
	atLeast("measurements", c.Measurements, 0)
	atLeast("commits", c.Commits, 0)
	if c.Quarters > 4 {
		errs = append(errs, fmt.Errorf("quarters is %d: want at most 4", c.Quarters))
	}
	if c.Year < 1000 || c.Year > 9999 {
		errs = append(errs, fmt.Errorf("year is %d: want a four-digit year", c.Year))
	}
	if c.Owners > 999_999 || c.ObjectivesPer > 1000 || c.KeyResultsPer > 1000 || c.KPIs > 9_999_999 {
		errs = append(errs, errors.New("config too large: at most 999999 owners, 1000 objectives per document, 1000 key results per objective, 9999999 KPIs"))
	}
	return errors.Join(errs...)
}
