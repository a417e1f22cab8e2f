package model

import (
	"fmt"
	"strconv"
	"time"
)

// PeriodKind says whether a Period is a year, a half or a quarter.
type PeriodKind byte

const (
	Year    PeriodKind = 'Y'
	Half    PeriodKind = 'H'
	Quarter PeriodKind = 'Q'
)

// Period is a fiscal year (YYYY), half (YYYY-Hn) or quarter (YYYY-Qn).
type Period struct {
	Year int
	Kind PeriodKind
	N    int // 1..4 for a quarter, 1..2 for a half, 0 for a year
}

// A PeriodError is the error of ParsePeriod for a text that is no period.
type PeriodError struct{ Text string }

func (e *PeriodError) Error() string {
	return fmt.Sprintf("invalid period %q: want YYYY-Qn (quarter), YYYY-Hn (half) or YYYY (year), such as 2026-Q4", e.Text)
}

// ParsePeriod parses YYYY, YYYY-Hn or YYYY-Qn; its error is a *PeriodError.
func ParsePeriod(s string) (Period, error) {
	bad := &PeriodError{s}
	if len(s) != 4 && len(s) != 7 {
		return Period{}, bad
	}
	for _, c := range s[:4] {
		if c < '0' || c > '9' {
			return Period{}, bad
		}
	}
	y, _ := strconv.Atoi(s[:4])
	if len(s) == 4 {
		return Period{Year: y, Kind: Year}, nil
	}
	if s[4] != '-' {
		return Period{}, bad
	}
	n := int(s[6]) - '0'
	switch {
	case s[5] == 'Q' && n >= 1 && n <= 4:
		return Period{Year: y, Kind: Quarter, N: n}, nil
	case s[5] == 'H' && n >= 1 && n <= 2:
		return Period{Year: y, Kind: Half, N: n}, nil
	}
	return Period{}, bad
}

// IsZero reports whether p is the zero Period (not parsed).
func (p Period) IsZero() bool { return p.Kind == 0 }

func (p Period) String() string {
	switch p.Kind {
	case Year:
		return fmt.Sprintf("%04d", p.Year)
	case Half, Quarter:
		return fmt.Sprintf("%04d-%c%d", p.Year, p.Kind, p.N)
	}
	return ""
}

// Months returns how many months the period spans.
func (p Period) Months() int {
	switch p.Kind {
	case Quarter:
		return 3
	case Half:
		return 6
	}
	return 12
}

// Range returns the first and last day of the period, both included, for a
// fiscal year starting in month fyStart (1..12). Fiscal year YYYY is the
// twelve months that end in calendar year YYYY.
func (p Period) Range(fyStart int) (first, last Date) {
	if fyStart < 1 || fyStart > 12 {
		fyStart = 1
	}
	y := p.Year
	if fyStart != 1 {
		y-- // the fiscal year starts in the previous calendar year
	}
	offset := 0
	if p.N > 0 {
		offset = (p.N - 1) * p.Months()
	}
	start := time.Date(y, time.Month(fyStart+offset), 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(0, p.Months(), -1)
	return DateOf(start), DateOf(end)
}

// Contains reports whether period q lies within period p (a quarter in its
// half or year, a period in itself).
func (p Period) Contains(q Period, fyStart int) bool {
	pf, pl := p.Range(fyStart)
	qf, ql := q.Range(fyStart)
	return pf <= qf && ql <= pl
}

// Days returns the number of days in the period.
func (p Period) Days(fyStart int) int {
	f, l := p.Range(fyStart)
	return int(l-f) + 1
}

// PeriodAt returns the period of the given kind that contains d.
func PeriodAt(d Date, kind PeriodKind, fyStart int) Period {
	if fyStart < 1 || fyStart > 12 {
		fyStart = 1
	}
	y, m, _ := d.YMD()
	// months since the start of the fiscal year containing d
	idx := (int(m) - fyStart + 12) % 12
	fy := y
	if fyStart != 1 && int(m) >= fyStart {
		fy++
	}
	switch kind {
	case Quarter:
		return Period{Year: fy, Kind: Quarter, N: idx/3 + 1}
	case Half:
		return Period{Year: fy, Kind: Half, N: idx/6 + 1}
	}
	return Period{Year: fy, Kind: Year}
}
