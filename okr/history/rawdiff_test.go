package history

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/google/go-cmp/cmp"
)

// randomEntries returns up to n entries with names from a small alphabet
// (so that prefixes, files and directories of one name occur), random
// kinds and hashes, sorted in git order without repeated names.
func randomEntries(rng *rand.Rand, n int) []entry {
	var es []entry
	for range rng.IntN(n + 1) {
		name := make([]byte, 1+rng.IntN(3))
		for i := range name {
			name[i] = "ab-."[rng.IntN(4)]
		}
		e := entry{name: string(name)}
		switch rng.IntN(5) {
		case 0:
			e.kind = kindDir
		case 1:
			e.kind = kindSymlink
		case 2:
			e.kind = kindGitlink
		default:
			e.kind = kindFile
		}
		e.hash[0], e.hash[19] = byte(rng.IntN(3)), byte(rng.IntN(256))
		es = append(es, e)
	}
	slices.SortFunc(es, compareEntries)
	seen := map[string]bool{}
	return slices.DeleteFunc(es, func(e entry) bool {
		dup := seen[e.name]
		seen[e.name] = true
		return dup
	})
}

func modeOf(e entry, exec bool) string {
	switch e.kind {
	case kindDir:
		return "40000"
	case kindSymlink:
		return "120000"
	case kindGitlink:
		return "160000"
	}
	if exec {
		return "100755"
	}
	return "100644"
}

func encode(es []entry, rng *rand.Rand) []byte {
	var b bytes.Buffer
	for _, e := range es {
		fmt.Fprintf(&b, "%s %s\x00", modeOf(e, rng.IntN(4) == 0), e.name)
		b.Write(e.hash[:])
	}
	return b.Bytes()
}

// mutate changes, removes and adds a few entries.
func mutate(rng *rand.Rand, es []entry) []entry {
	out := slices.Clone(es)
	for range rng.IntN(4) {
		if len(out) == 0 {
			break
		}
		i := rng.IntN(len(out))
		switch rng.IntN(3) {
		case 0:
			out[i].hash[5]++
		case 1:
			out = slices.Delete(out, i, i+1)
		default:
			out[i].kind = kindFile
		}
	}
	out = append(out, randomEntries(rng, 3)...)
	slices.SortFunc(out, compareEntries)
	seen := map[string]bool{}
	return slices.DeleteFunc(out, func(e entry) bool {
		dup := seen[e.name]
		seen[e.name] = true
		return dup
	})
}

type recorded struct {
	out  []FileChange
	subs []string
}

func record(t *testing.T, run func(d *differ) error) recorded {
	t.Helper()
	var rec recorded
	d := &differ{sub: func(from, to plumbing.Hash, dir string) error {
		rec.subs = append(rec.subs, fmt.Sprintf("%s %s %s", dir, from, to))
		return nil
	}}
	if err := run(d); err != nil {
		t.Fatal(err)
	}
	rec.out = d.out
	return rec
}

// TestDiffRawMatchesParsed holds the comparison of tree contents to the
// comparison of parsed trees, on random pairs of versions of a tree.
func TestDiffRawMatchesParsed(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	compared := 0
	for range 3000 {
		old := randomEntries(rng, 12)
		new := mutate(rng, old)
		a, b := encode(old, rng), encode(new, rng)
		if rng.IntN(10) == 0 {
			b = a // identical versions
		}
		if !rawClean(a) || !rawClean(b) {
			continue // a file and a directory of one name: diff parses them
		}
		ta, err := parseTree(plumbing.Hash{1}, a, nil)
		if err != nil {
			t.Fatal(err)
		}
		tb, err := parseTree(plumbing.Hash{2}, b, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := record(t, func(d *differ) error { return d.diffParsed(ta, tb, "x/") })
		got := record(t, func(d *differ) error { return d.diffRaw(a, b, "x/") })
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(recorded{})); diff != "" {
			t.Fatalf("diffRaw differs from diffParsed (-parsed +raw):\n%s\nold %q\nnew %q", diff, a, b)
		}
		compared++
	}
	if compared < 1000 {
		t.Fatalf("only %d clean pairs compared", compared)
	}
}

// TestRawCleanAgreesWithParseTree: a tree rawClean takes is one parseTree
// takes whole, in the same order; the others are rejected.
func TestRawCleanAgreesWithParseTree(t *testing.T) {
	for _, tc := range []struct {
		name string
		raw  []byte
		want bool
	}{
		{"empty", nil, true},
		{"sorted", rawTree("100644", "a", "40000", "b", "120000", "c", "160000", "d", "100755", "e"), true},
		{"dir sorts as with a slash", rawTree("100644", "a-b", "40000", "a", "100644", "a0"), true},
		{"unsorted", rawTree("100644", "b", "100644", "a"), false},
		{"repeated", rawTree("100644", "a", "100644", "a"), false},
		{"file and dir of one name", rawTree("100644", "a", "100644", "a-b", "40000", "a"), false},
		{"bad type", rawTree("644", "a"), false},
		{"bad mode", rawTree("10x644", "a"), false},
		{"long mode", rawTree("10000644", "a"), false},
		{"dot", rawTree("100644", "."), false},
		{"dot dot", rawTree("40000", ".."), false},
		{"empty name", rawTree("100644", ""), false},
		{"slash", rawTree("100644", "a/b"), false},
		{"truncated", rawTree("100644", "a")[:10], false},
		{"no space", []byte("100644"), false},
	} {
		if got := rawClean(tc.raw); got != tc.want {
			t.Errorf("%s: rawClean = %v, want %v", tc.name, got, tc.want)
		}
	}
	many := []string{}
	for i := range 70 {
		many = append(many, "100644", fmt.Sprintf("a-%02d", i), "100644", fmt.Sprintf("a-%02d-x", i))
	}
	if !rawClean(rawTree(append(many, "40000", "a")...)) {
		t.Error("rawClean refused a directory after many names it prefixes")
	}
	if rawClean(rawTree(append(append([]string{"100644", "a"}, many...), "40000", "a")...)) {
		t.Error("rawClean missed a file named like a directory 140 names before it")
	}
}

func FuzzRawClean(f *testing.F) {
	f.Add(rawTree("100644", "a", "40000", "b"))
	f.Add(rawTree("100644", "a", "100644", "a-b", "40000", "a"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if !rawClean(b) {
			return
		}
		tr, err := parseTree(plumbing.ZeroHash, b, nil)
		if err != nil {
			t.Fatalf("rawClean took a tree parseTree rejects: %v", err)
		}
		var names []string
		var e entry
		for i := 0; i < len(b); {
			name, end := rawEntry(b, i, &e)
			names = append(names, string(name))
			i = end
		}
		var parsed []string
		for _, e := range tr.entries {
			parsed = append(parsed, e.name)
		}
		if !slices.Equal(names, parsed) {
			t.Fatalf("rawClean took a tree parseTree changes: %q vs %q", names, parsed)
		}
	})
}
