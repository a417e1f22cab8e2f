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
	if d, ok := fastDate(s); ok {
		return d, nil
	}
	return parseDate(s)
}

// fastDate is ParseDate of a possible date written with eight digits, the
// common case, without strconv or time; ok false means ParseDate must be
// asked (TestFastDateAgrees, FuzzParseDate).
func fastDate(s string) (Date, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	// Each digit as an unsigned difference from '0': a byte that is not a
	// digit makes one larger than 9.
	y0, y1, y2, y3 := uint(s[0])-'0', uint(s[1])-'0', uint(s[2])-'0', uint(s[3])-'0'
	m0, m1, d0, d1 := uint(s[5])-'0', uint(s[6])-'0', uint(s[8])-'0', uint(s[9])-'0'
	if y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || m0 > 9 || m1 > 9 || d0 > 9 || d1 > 9 {
		return 0, false
	}
	y := int(y0*1000 + y1*100 + y2*10 + y3)
	m := int(m0*10 + m1)
	d := int(d0*10 + d1)
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, false
	}
	return civilDays(y, m, d), true
}

// daysIn is DaysIn for a month 1..12 of a year 0..9999.
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// civilDays is NewDate for a valid date of a year 0..9999 (proleptic
// Gregorian, as package time counts): days since 1970-01-01.
func civilDays(y, m, d int) Date {
	if m <= 2 {
		y--
	}
	era := (y+400)/400 - 1 // y/400 rounded down: y is -1..9999 after the shift
	yoe := y - era*400     // [0, 399]
	mp := (m + 9) % 12     // March = 0
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return Date(era*146097 + doe - 719468)
}

// parseDate is ParseDate by strconv and package time.
func parseDate(s string) (Date, error) {
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
