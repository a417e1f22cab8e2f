package render

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

func TestNum(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want string
	}{
		{0.7599999999999995, "0.76"},           // 0.759999999999|9995: the 13th digit rounds up
		{99.94000000000001, "99.94"},           // 99.9400000000|0001
		{0.5657142857142856, "0.565714285714"}, // 0.565714285714|2856: 12 digits, the next is 2
		{0.34270833333333334, "0.342708333333"},
		{2.0 / 3, "0.666666666667"}, // 0.666666666666|67 rounds up
		{300, "300"},
		{-12.5, "-12.5"},
		{0, "0"},
		{math.Copysign(0, -1), "0"},          // no -0
		{-1e-20, "-0.00000000000000000001"},  // small, but not noise: 12 digits of it are kept
		{123456789012345, "123456789012000"}, // 15 digits: the last three are past the 12th
		{1e21, "1000000000000000000000"},     // never an exponent
		{0.1 + 0.2, "0.3"},                   // 0.30000000000000004
		{99.995, "99.995"},                   // a value as written keeps its digits
	} {
		if got := Num(c.in); got != c.want {
			t.Errorf("Num(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestJSONRoundsNumbers(t *testing.T) {
	v := map[string]any{
		"a": 0.7599999999999995,
		"b": []float64{0.30000000000000004, 300, -2.0 / 3, 1e-7, 1.2345678901234e+25},
		"c": "0.7599999999999995 in a string, \"quoted\" \\ 0.30000000000000004",
		"d": 3,
		"e": nil,
	}
	var b bytes.Buffer
	if err := JSON(&b, v); err != nil {
		t.Fatal(err)
	}
	want := `{
  "a": 0.76,
  "b": [
    0.3,
    300,
    -0.666666666667,
    1e-7,
    1.23456789012e+25
  ],
  "c": "0.7599999999999995 in a string, \"quoted\" \\ 0.30000000000000004",
  "d": 3,
  "e": null
}
`
	if b.String() != want {
		t.Errorf("JSON =\n%s\nwant\n%s", b.String(), want)
	}
}

// TestJSONRoundsLargeOutput: output past the 64 KiB chunk the rewrite is
// written in comes out whole and in order.
func TestJSONRoundsLargeOutput(t *testing.T) {
	in := make([]float64, 30000) // "  0.3,\n" is 7 bytes: about 205 KiB
	for i := range in {
		in[i] = 0.1 + 0.2 // 0.30000000000000004
	}
	var b bytes.Buffer
	if err := JSON(&b, in); err != nil {
		t.Fatal(err)
	}
	want := "[\n" + strings.Repeat("  0.3,\n", len(in)-1) + "  0.3\n]\n"
	if b.String() != want {
		t.Errorf("JSON of %d noisy numbers: %d bytes, want %d", len(in), b.Len(), len(want))
	}
}
