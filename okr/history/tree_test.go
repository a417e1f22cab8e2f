package history

import (
	"bytes"
	"fmt"
	"slices"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/google/go-cmp/cmp"
)

// rawTree encodes tree entries: mode, name, mode, name, ...; each entry's
// hash is derived from its position.
func rawTree(modeName ...string) []byte {
	var b bytes.Buffer
	for i := 0; i+1 < len(modeName); i += 2 {
		fmt.Fprintf(&b, "%s %s\x00", modeName[i], modeName[i+1])
		var h plumbing.Hash
		h[0] = byte(i / 2)
		b.Write(h[:])
	}
	return b.Bytes()
}

func TestParseTree(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		raw     []byte
		want    []string // "name kind"
		wantErr bool
	}{{
		name: "git order puts a directory after names that extend it",
		raw:  rawTree("100644", "a-b", "100644", "a.yaml", "40000", "a", "100755", "b", "120000", "c", "160000", "d"),
		want: []string{"a-b 0", "a.yaml 0", "a 1", "b 0", "c 2", "d 3"},
	}, {
		name: "unsorted is sorted",
		raw:  rawTree("100644", "b", "40000", "a"),
		want: []string{"a 1", "b 0"},
	}, {
		name: "repeated names: the first wins",
		raw:  rawTree("100644", "a", "100644", "a", "40000", "b"),
		want: []string{"a 0", "b 1"},
	}, {
		name: "a file and a directory of one name: the first wins",
		raw:  rawTree("100644", "a", "100644", "a-b", "40000", "a"),
		want: []string{"a 0", "a-b 0"},
	}, {
		name: "names that are no path elements are dropped",
		raw:  rawTree("100644", "", "100644", ".", "40000", "..", "100644", "x/y", "100644", "ok"),
		want: []string{"ok 0"},
	}, {
		name: "modes are read by their type, unknown types dropped",
		raw:  rawTree("100600", "a", "100664", "b", "040000", "c", "170000", "d", "0", "e"),
		want: []string{"a 0", "b 0", "c 1"},
	}, {
		name:    "bad mode",
		raw:     rawTree("10064x", "a"),
		wantErr: true,
	}, {
		name:    "truncated hash",
		raw:     rawTree("100644", "a")[:12],
		wantErr: true,
	}, {
		name:    "no NUL",
		raw:     []byte("100644 a"),
		wantErr: true,
	}, {
		name: "empty",
		raw:  nil,
		want: nil,
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr, err := parseTree(plumbing.ZeroHash, tc.raw, map[string]string{})
			if tc.wantErr {
				if err == nil {
					t.Fatalf("parseTree = %v, want an error", tr.entries)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range tr.entries {
				got = append(got, fmt.Sprintf("%s %d", e.name, e.kind))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("entries (-want +got):\n%s", diff)
			}
			for _, e := range tr.entries {
				if got, ok := tr.lookup(e.name); !ok || got != e {
					t.Errorf("lookup(%q) = %v, %v; want %v", e.name, got, ok, e)
				}
			}
		})
	}
}

// FuzzParseTree checks that any tree object parses without panicking into
// entries that are sorted, unique and found by lookup.
func FuzzParseTree(f *testing.F) {
	f.Add(rawTree("100644", "a-b", "40000", "a", "120000", "c"))
	f.Add(rawTree("100644", "b", "40000", "b", "100644", "a"))
	f.Add([]byte("40000 \x00"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		tr, err := parseTree(plumbing.ZeroHash, raw, nil)
		if err != nil {
			return
		}
		if !tr.clean() {
			t.Errorf("entries not sorted and unique: %v", tr.entries)
		}
		names := map[string]bool{}
		for _, e := range tr.entries {
			if names[e.name] {
				t.Errorf("name %q twice", e.name)
			}
			names[e.name] = true
			if got, ok := tr.lookup(e.name); !ok || got != e {
				t.Errorf("lookup(%q) = %v, %v; want %v", e.name, got, ok, e)
			}
		}
		if !slices.IsSortedFunc(tr.entries, compareEntries) {
			t.Errorf("not in git order")
		}
	})
}

func TestTreeCacheBoundsEntries(t *testing.T) {
	mk := func(b byte, n int) *tree {
		tr := &tree{hash: plumbing.Hash{b}}
		for range n {
			tr.entries = append(tr.entries, entry{})
		}
		return tr
	}
	c := newTreeCache(10)
	c.add(mk(1, 3)) // 4 with the tree itself
	c.add(mk(2, 3)) // 8
	if _, ok := c.get(plumbing.Hash{1}); !ok {
		t.Fatal("tree 1 evicted below the bound")
	}
	c.add(mk(3, 1)) // 10: still within the bound
	c.add(mk(4, 0)) // 11: evicts the least recently used, tree 2
	if _, ok := c.get(plumbing.Hash{2}); ok {
		t.Error("tree 2, the least recently used, was kept over the bound")
	}
	for _, h := range []byte{1, 3, 4} {
		if _, ok := c.get(plumbing.Hash{h}); !ok {
			t.Errorf("tree %d evicted", h)
		}
	}
	if c.n != 7 {
		t.Errorf("cache counts %d entries, want 7", c.n)
	}
	c.add(mk(5, 50)) // larger than the bound alone: kept, everything else goes
	if _, ok := c.get(plumbing.Hash{5}); !ok || c.ll.Len() != 1 || c.n != 51 {
		t.Errorf("after a huge tree: %d trees, %d entries; want only it", c.ll.Len(), c.n)
	}
}
