package load

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// sameFile fails t when two parsed files differ in what they hold.
func sameFile(t *testing.T, want, got *File, what string) {
	t.Helper()
	type view struct {
		OKR bool
		M   any
		P   any
	}
	w := view{want.OKR(), want.Measurements(), want.Problems()}
	g := view{got.OKR(), got.Measurements(), got.Problems()}
	if d := cmp.Diff(w, g); d != "" {
		t.Fatalf("%s: ParseAfter differs from ParseBytes (-want +got):\n%s", what, d)
	}
}

// TestParseAfterIsParseBytes: whatever the earlier version, ParseAfter
// returns what ParseBytes does; and it reads only the new rows when rows
// were appended.
func TestParseAfterIsParseBytes(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	rows := []string{"m,2026-01-%02d,%d,,7", "m,2026-01-%02d,%d,,x", "m,2026-01-%02d,%d,,11,", "m,2026-01-%02d,%d,", "k,2026-02-%02d,%d,note", "m,2026-03-%02d,%d", "", "m,2026-13-%02d,%d,", "m,2026-01-%02d,x%d,", ",2026-01-%02d,%d,", "\"q,1\",2026-01-%02d,%d,", "m,2026-01-%02dT10:00:00Z,%d,\r", "m,%02d,%d,,,"}
	version := func(n int) string {
		var b strings.Builder
		for range n {
			fmt.Fprintf(&b, rows[rng.IntN(len(rows))]+"\n", 1+rng.IntN(28), rng.IntN(1000))
		}
		return b.String()
	}
	appended := 0
	for range 2000 {
		head := []string{"metric,at,value,note\n", "\ufeffmetric,at,value\n", "metric,at,value\n", "metric,at,value,note,confidence\n"}[rng.IntN(4)]
		v1 := head + version(rng.IntN(6))
		if rng.IntN(8) == 0 {
			v1 = strings.TrimSuffix(v1, "\n")
		}
		v2 := v1 + version(rng.IntN(6))
		switch rng.IntN(6) {
		case 0:
			v2 = head + version(rng.IntN(6)) // rewritten, not appended
		case 1:
			v2 = strings.Replace(v2, "m,", "x,", 1) // an old row changed
		}
		prev := ParseBytes("m.csv", []byte(v1))
		got := ParseAfter(prev, "m.csv", []byte(v2))
		sameFile(t, ParseBytes("m.csv", []byte(v2)), got, fmt.Sprintf("%q then %q", v1, v2))
		if parseAppended(prev.r, "m.csv", []byte(v2)) != nil {
			appended++
		}
	}
	if appended < 100 {
		t.Fatalf("only %d of the versions were read as appended rows", appended)
	}
	// An earlier version of another file, or of another kind, is no help.
	prev := ParseBytes("a.csv", []byte("metric,at,value\nm,2026-01-01,1\n"))
	if parseAppended(prev.r, "b.csv", []byte("metric,at,value\nm,2026-01-01,1\nm,2026-01-02,2\n")) != nil {
		t.Error("rows appended to another file's content were read as appended")
	}
	sameFile(t, ParseBytes("b.yaml", []byte("a: 1\n")), ParseAfter(prev, "b.yaml", []byte("a: 1\n")), "yaml")
}

func FuzzParseAfter(f *testing.F) {
	f.Add([]byte("metric,at,value\nm,2026-01-01,1\n"), []byte("m,2026-01-02,2\n"))
	f.Add([]byte("metric,at,value,note\nm,2026-01-01,1,a\n\n"), []byte("m,2026-01-02,x,b\n,,\n"))
	f.Add([]byte("metric,at,value,note,confidence\nm,2026-01-01,1,a,5\n"), []byte("m,2026-01-02,2,,6\nm,2026-01-03,3,,6.0\n"))
	f.Fuzz(func(t *testing.T, v1, tail []byte) {
		v2 := append(append([]byte(nil), v1...), tail...)
		prev := ParseBytes("m.csv", v1)
		sameFile(t, ParseBytes("m.csv", v2), ParseAfter(prev, "m.csv", v2), fmt.Sprintf("%q then %q", v1, tail))
	})
}
