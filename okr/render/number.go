package render

import (
	"math"
	"strconv"
)

// SignificantDigits is how many significant digits JSON and CSV carry
// (SPEC §2): enough for any value a person writes, few enough that
// floating-point noise (0.7599999999999995) is gone (0.76).
const SignificantDigits = 12

// Round12 is v rounded to SignificantDigits significant digits. NaN and
// the infinities are returned as they are.
func Round12(v float64) float64 {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', SignificantDigits, 64), 64)
	if err != nil {
		return v
	}
	return r
}

// Num is v as JSON and CSV carry it: rounded to 12 significant digits, in
// the shortest plain decimal form that reads back to that (0.76, 300,
// 99.94, 0.0000001); never an exponent.
func Num(v float64) string {
	return string(AppendNum(nil, v))
}

// AppendNum appends Num(v) to b.
func AppendNum(b []byte, v float64) []byte {
	v = Round12(v)
	if v == 0 {
		v = 0 // no -0
	}
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}

// appendJSONNum appends v rounded to 12 significant digits the way
// encoding/json writes a float64: plain decimal from 1e-6 to 1e21, else
// with an exponent (1e-07, 1e+21).
func appendJSONNum(b []byte, v float64) []byte {
	v = Round12(v)
	abs := math.Abs(v)
	f := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		f = 'e'
	}
	b = strconv.AppendFloat(b, v, f, -1, 64)
	if f == 'e' {
		// clean up e-09 to e-9
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// sigDigits counts the significant digits of a JSON number token (its
// digits without the leading zeros, up to the exponent).
func sigDigits(tok []byte) int {
	n, lead := 0, true
	for _, c := range tok {
		switch {
		case c == 'e' || c == 'E':
			return n
		case c == '0' && lead:
		case c >= '0' && c <= '9':
			lead = false
			n++
		}
	}
	return n
}

// Display writes a number okr computed (a forecast, its band) as every
// table and Markdown writer shows one: rounded to two decimals, trailing
// zeros dropped (SPEC §2): 352.5, 0.81, 300.
func Display(v float64) string { return scNum(v) }
