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

// TestJSONNonFinite: a number that is not finite, which JSON cannot carry,
// is written as null wherever it sits (a field, a pointer, a slice, a map,
// an interface), and the rest of the value as it would be; a finite
// math.MaxFloat64 (the first sentinel tried) stays a number.
func TestJSONNonFinite(t *testing.T) {
	type inner struct {
		P *float64 `json:"p"`
		Q float64  `json:"q,omitempty"`
	}
	type value struct {
		A     float64            `json:"a"`
		B     []float64          `json:"b"`
		C     map[string]any     `json:"c"`
		D     *inner             `json:"d"`
		E     []inner            `json:"e"`
		F     map[string]float64 `json:"f"`
		Max   float64            `json:"max"`
		hide  float64
		Label string `json:"label"`
	}
	inf := math.Inf(1)
	v := value{
		A: math.NaN(), B: []float64{1, math.Inf(-1), 0.7599999999999995},
		C: map[string]any{"x": inf, "y": "s"}, D: &inner{P: &inf, Q: inf},
		E: []inner{{Q: 2}}, F: map[string]float64{"z": inf}, Max: math.MaxFloat64,
		hide: inf, Label: "1.7976931348623157e+308",
	}
	var b bytes.Buffer
	if err := JSON(&b, v); err != nil {
		t.Fatal(err)
	}
	want := `{
  "a": null,
  "b": [
    1,
    null,
    0.76
  ],
  "c": {
    "x": null,
    "y": "s"
  },
  "d": {
    "p": null,
    "q": null
  },
  "e": [
    {
      "p": null,
      "q": 2
    }
  ],
  "f": {
    "z": null
  },
  "max": 1.79769313486e+308,
  "label": "1.7976931348623157e+308"
}
`
	if b.String() != want {
		t.Errorf("JSON =\n%s\nwant\n%s", b.String(), want)
	}
	if *v.D.P != inf || v.B[1] != math.Inf(-1) || v.C["x"] != inf {
		t.Errorf("JSON changed the value it wrote: %+v", v)
	}
	if err := JSON(&b, math.Inf(1)); err != nil || !strings.HasSuffix(b.String(), "null\n") {
		t.Errorf("JSON(+Inf) wrote %q, %v; want null", b.String(), err)
	}
}
