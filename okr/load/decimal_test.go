package load

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
	"unsafe"
)

// TestDecimalAgrees holds decimal, readRows's fast path for values, to
// strconv.ParseFloat and plainNumber, the general one: whenever it reads
// a value, the general path reads the same bits and finds it plain.
func TestDecimalAgrees(t *testing.T) {
	cases := []string{"", "-", ".", "-.", "0", "-0", "00", "0.0", "-0.0", "1.", ".5", "-.5", "1.5", "+1", "1e3", "1_0", "0x10",
		"123456789012345", "1234567890123456", "99999999999999.9", "0.000000000000001", "9.99999999999999", "-999999999999999",
		"1.2.3", "12a", " 1", "1 ", "Inf", "NaN", "4.35", "0.1", "0.2", "0.3", "1.005", "2.675", "99.19", "30812", "41.2"}
	r := rand.New(rand.NewPCG(3, 4))
	for range 200000 {
		digits := 1 + r.IntN(16)
		m := r.Uint64N(uint64(math.Pow10(min(digits, 19))))
		s := fmt.Sprintf("%0*d", digits, m)
		if k := r.IntN(digits + 1); k > 0 && k < len(s) {
			s = s[:len(s)-k] + "." + s[len(s)-k:]
		}
		if r.IntN(3) == 0 {
			s = "-" + s
		}
		cases = append(cases, s)
	}
	for _, s := range cases {
		agreeDecimal(t, s)
	}
	for _, s := range []string{"30812", "41.2", "99.19", "-0.5", "0", "123456789012345"} {
		if _, ok := decimal(s); !ok {
			t.Errorf("decimal(%q) leaves a common value to ParseFloat", s)
		}
	}
}

func agreeDecimal(t *testing.T, s string) {
	t.Helper()
	v, ok := decimal(s)
	if !ok {
		return
	}
	want, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(want, 0) || math.IsNaN(want) || !plainNumber(s) {
		t.Fatalf("decimal(%q) = %v, but ParseFloat says %v, %v (plain %v)", s, v, want, err, plainNumber(s))
	}
	if math.Float64bits(v) != math.Float64bits(want) {
		t.Fatalf("decimal(%q) = %v (%#x), ParseFloat %v (%#x)", s, v, math.Float64bits(v), want, math.Float64bits(want))
	}
}

// FuzzDecimal holds decimal to ParseFloat on any text.
func FuzzDecimal(f *testing.F) {
	for _, s := range []string{"0", "-0.5", "99.19", "123456789012345", "1.", ".5", "1e3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { agreeDecimal(t, s) })
}

// TestInterner holds the interner to a map: one copy per distinct string,
// equal to it, through growth and colliding ends.
func TestInterner(t *testing.T) {
	var in interner
	seen := map[string]string{}
	r := rand.New(rand.NewPCG(5, 6))
	for range 50000 {
		s := fmt.Sprintf("team-%04d/%s/kr-%d", r.IntN(40), []string{"a", "bb", "same-ending"}[r.IntN(3)], r.IntN(30))
		if r.IntN(4) == 0 {
			s = s[:1+r.IntN(len(s)-1)]
		}
		got := in.get(s)
		if got != s {
			t.Fatalf("get(%q) = %q", s, got)
		}
		if first, ok := seen[s]; ok {
			if unsafe.StringData(first) != unsafe.StringData(got) {
				t.Fatalf("get(%q) made a second copy", s)
			}
		} else {
			if unsafe.StringData(got) == unsafe.StringData(s) {
				t.Fatalf("get(%q) kept the caller's text", s)
			}
			seen[s] = got
		}
	}
	if in.n != len(seen) {
		t.Fatalf("%d strings kept, %d distinct", in.n, len(seen))
	}
}

// TestInternerSpreadsLookalikes: metrics that share their length and their
// first and last eight bytes, as a hostile file may hold, still spread over
// the table: no run of occupied slots holds more than a few of them.
func TestInternerSpreadsLookalikes(t *testing.T) {
	var in interner
	for i := range 4096 {
		in.get(fmt.Sprintf("team-000/%08d/kr-0000", i))
	}
	longest, run := 0, 0
	for _, e := range in.slots {
		if e == "" {
			run = 0
			continue
		}
		run++
		longest = max(longest, run)
	}
	// At a load of at most one half, linear probing over a uniform hash
	// keeps the longest run near log(n) slots; all in one bucket, it
	// would be 4096.
	if longest > 64 {
		t.Errorf("a run of %d occupied slots among %d strings: lookalikes collide", longest, in.n)
	}
}

// TestAlignsAgrees holds alignsText to alignsRe, which the schema's
// pattern is.
func TestAlignsAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	alphabet := "az09._-/A é"
	cases := []string{"", "/", "a/", "/b", "a/b", "a/b/c", "a.b_c-d/e-f", "-a/b", "a/-b", "a/b_c", "a/b.c", "A/b", "a//b", "a/b/"}
	for range 50000 {
		b := make([]byte, r.IntN(8))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		cases = append(cases, string(b))
	}
	for _, s := range cases {
		agreeAligns(t, s)
	}
}

func agreeAligns(t *testing.T, s string) {
	t.Helper()
	if got, want := alignsText(s), alignsRe.MatchString(s); got != want {
		t.Fatalf("alignsText(%q) = %v, alignsRe says %v", s, got, want)
	}
}

// FuzzAligns holds alignsText to alignsRe on any text.
func FuzzAligns(f *testing.F) {
	f.Add("acme/grow-revenue")
	f.Add("a.b/c/d")
	f.Fuzz(func(t *testing.T, s string) { agreeAligns(t, s) })
}

// TestParseNumberDecimal holds parseNumber's decimal shortcut to the way
// it reads every other number.
func TestParseNumberDecimal(t *testing.T) {
	for _, s := range []string{"0", "-0", "12", "-3.25", "99.19", "007", "123456789012345", "1.50"} {
		v, ok := parseNumber(s)
		want, err := strconv.ParseFloat(s, 64)
		if !ok || err != nil || math.Float64bits(v) != math.Float64bits(want) {
			t.Errorf("parseNumber(%q) = %v, %v; ParseFloat %v, %v", s, v, ok, want, err)
		}
	}
}
