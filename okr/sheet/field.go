package sheet

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// The conversions of one cell's text into the value of a field: a number,
// a date, an id made from a title. Each says what to write instead when
// the cell cannot be read.

// ErrNumber, ErrDate are the refusals of ParseNumber and ParseDate.
var (
	ErrNumber = errors.New("not a number: write it with digits and a '.' for decimals (12.5, -3, 0.25)")
	ErrDate   = errors.New("not a date: write it as YYYY-MM-DD (2026-11-02), or as a date cell")
)

// ParseNumber reads a number as a spreadsheet stores it (12.5, -3, 1E-3,
// 1.5e+21) or as a person types it in a CSV file; it returns the text to
// write into YAML (the digits as written, or the shortest form of an
// exponent) and the value. Thousands separators, a decimal comma, a unit
// or a percent sign are errors: a percentage is written as its number
// with the unit in unit (45 and %).
func ParseNumber(s string) (string, float64, error) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 400 { // 1.7e308 written out is 309 digits
		return "", 0, ErrNumber
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789.-+eE", r) {
			return "", 0, ErrNumber
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return "", 0, ErrNumber
	}
	if plainDecimal(s) {
		return strings.TrimPrefix(s, "+"), v, nil
	}
	return strconv.FormatFloat(v, 'f', -1, 64), v, nil
}

// plainDecimal reports whether s is -?digits(.digits)?, which YAML reads
// as the same number.
func plainDecimal(s string) bool {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	whole, frac, dot := strings.Cut(s, ".")
	digits := func(t string) bool {
		if t == "" {
			return false
		}
		for i := 0; i < len(t); i++ {
			if t[i] < '0' || t[i] > '9' {
				return false
			}
		}
		return true
	}
	if len(whole) > 1 && whole[0] == '0' {
		return false // 012: YAML 1.1 octal to some readers
	}
	return digits(whole) && (!dot || digits(frac))
}

// excelDay0 is day 0 of a workbook's serial dates, 1899-12-30.
var excelDay0 = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// ParseDate reads a measurement's date: YYYY-MM-DD, an RFC 3339
// timestamp, or a workbook's serial number (a date cell read raw: 46328
// is 2026-11-02; a fraction is a time of day, in UTC since a cell has no
// zone). It returns the at to write.
func ParseDate(s string) (string, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t.Format(time.DateOnly), nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil && t.Year() >= 1 && t.Year() <= 9999 {
		return s, nil
	}
	_, v, err := ParseNumber(s)
	// Serial numbers from 1 (1899-12-31) to 2958465 (9999-12-31).
	if err != nil || v < 1 || v >= 2958466 {
		return "", ErrDate
	}
	days := math.Floor(v)
	t := excelDay0.AddDate(0, 0, int(days))
	if frac := v - days; frac > 0 {
		secs := math.Round(frac * 86400)
		if secs >= 86400 {
			return t.AddDate(0, 0, 1).Format(time.DateOnly), nil
		}
		return t.Add(time.Duration(secs) * time.Second).Format(time.RFC3339), nil
	}
	return t.Format(time.DateOnly), nil
}

// spelled are the Latin letters that carry no separable accent (NFD
// leaves them whole), as they are written without it: Straße → strasse,
// Łódź → lodz.
var spelled = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th", 'ı': "i", 'ħ': "h",
}

// MaxIDLength is the longest id Slug makes, with its suffix.
const MaxIDLength = 40

// Slug makes an id from a title (SPEC §7): its letters and digits in lower
// case with accents removed (é → e), every other run of characters one
// '-', cut at a '-' to at most MaxIDLength characters with the suffix
// that makes it unique: taken reports the ids already in use, and the
// first free of id, id-2, id-3, … is returned. "" when the title has no
// letter or digit that an id can hold.
func Slug(title string, taken func(string) bool) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(title) {
		if unicode.Is(unicode.Mn, r) {
			continue // an accent, apart from its letter
		}
		r = unicode.ToLower(r)
		if t, ok := spelled[r]; ok {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteString(t)
			dash = false
			continue
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	base := b.String()
	if base == "" {
		return ""
	}
	for n := 1; ; n++ {
		suffix := ""
		if n > 1 {
			suffix = "-" + strconv.Itoa(n)
		}
		id := cutAtDash(base, MaxIDLength-len(suffix)) + suffix
		if taken == nil || !taken(id) {
			return id
		}
	}
}

// cutAtDash cuts s to at most n bytes (s is ASCII), at a '-' when there
// is one to cut at.
func cutAtDash(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if i := strings.LastIndexByte(s[:n+1], '-'); i > 0 {
		return s[:i]
	}
	return strings.TrimRight(s[:n], "-")
}

// normHeader is a header name compared without case, spaces, '_' and '-'.
func normHeader(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		if r == ' ' || r == '_' || r == '-' || r == '\u00a0' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
