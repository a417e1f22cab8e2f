package model

import (
	"fmt"
	"strconv"
	"time"
)

// Date is a civil date, stored as days since 1970-01-01. The zero Date is
// 1970-01-01; dates compare with < and subtract to a number of days.
type Date int32

// NewDate returns the date y-m-d; it does not validate (time.Date normalises).
func NewDate(y int, m time.Month, d int) Date {
	return Date(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// DateOf returns the civil date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return NewDate(y, m, d)
}

// ParseDate parses YYYY-MM-DD, rejecting impossible dates such as 2026-02-30.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, fmt.Errorf("invalid date %q: want YYYY-MM-DD", s)
	}
	y, err1 := strconv.Atoi(s[0:4])
	m, err2 := strconv.Atoi(s[5:7])
	d, err3 := strconv.Atoi(s[8:10])
	if err1 != nil || err2 != nil || err3 != nil || s[0] == '+' || s[0] == '-' || s[5] == '+' || s[8] == '+' {
		return 0, fmt.Errorf("invalid date %q: want YYYY-MM-DD", s)
	}
	if m < 1 || m > 12 || d < 1 || d > DaysIn(y, time.Month(m)) {
		return 0, fmt.Errorf("impossible date %q", s)
	}
	return NewDate(y, time.Month(m), d), nil
}

// DaysIn returns the number of days in month m of year y.
func DaysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// Time returns midnight UTC of the date.
func (d Date) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// YMD returns the year, month and day.
func (d Date) YMD() (int, time.Month, int) { return d.Time().Date() }

func (d Date) String() string { return d.Time().Format(time.DateOnly) }

// ParseAt parses a measurement's at: a date YYYY-MM-DD or an RFC 3339
// timestamp. It returns the instant (midnight UTC for a date) and the civil
// date as written (the timestamp's own offset).
func ParseAt(s string) (time.Time, Date, error) {
	if len(s) == 10 {
		d, err := ParseDate(s)
		if err != nil {
			return time.Time{}, 0, err
		}
		return d.Time(), d, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		if len(s) > 10 {
			if _, derr := ParseDate(s[:10]); derr != nil {
				return time.Time{}, 0, derr
			}
		}
		return time.Time{}, 0, fmt.Errorf("invalid time %q: want YYYY-MM-DD or an RFC 3339 timestamp such as 2026-10-05T14:00:00Z", s)
	}
	return t, DateOf(t), nil
}
