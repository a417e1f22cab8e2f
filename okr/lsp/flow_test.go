package lsp

import (
	"strings"
	"testing"
)

// TestFlowPairAt: the key and value under the cursor (‸) in a flow
// mapping, each span worked by hand from the line.
func TestFlowPairAt(t *testing.T) {
	for _, tc := range []struct {
		line       string // ‸ marks the cursor
		key, value string // "" key: no pair
	}{
		{"      - {id: sold, title: Sold, kpi: sa‸les, type: at_least}", "kpi", "sales"},
		{"      - {id: sold, title: Sold, k‸pi: sales}", "kpi", "sales"},
		{"      - {i‸d: sold, title: Sold}", "id", "sold"},
		{"      - {id: sold, title: \"Sold, ‸and {more}\", kpi: sales}", "title", `"Sold, and {more}"`},
		{"      - {id: sold, title: 'it''s ‸sold', kpi: sales}", "title", "'it''s sold'"},
		{"  - {id: a, aligns_to: [x, ‸y], owner: b}", "aligns_to", "[x, y]"},
		{"  - {id: a, owner: b‸}", "owner", "b"},
		{"  - {id: a, owner: b}‸", "", ""},   // after the mapping
		{"  - ‸{id: a}", "", ""},             // before it
		{"  - {id: a,  ‸ owner: b}", "", ""}, // between two pairs
		{"  - {title: ‸, id: k}", "title", ""},
		{"title: ‸plain, with a comma", "", ""}, // no flow mapping
		{"  - {id: a, t: b} # {k: ‸v}", "", ""}, // in a comment
		{"values: [{at: 2026-11-02, value: 4‸4}]", "value", "44"},
	} {
		off := strings.Index(tc.line, "‸")
		l := strings.Replace(tc.line, "‸", "", 1)
		p, ok := flowPairAt(l, off)
		if tc.key == "" {
			if ok {
				t.Errorf("%s: got %q: %q, want no pair", tc.line, l[p.ks:p.ke], l[p.vs:p.ve])
			}
			continue
		}
		if !ok {
			t.Errorf("%s: no pair, want %s: %s", tc.line, tc.key, tc.value)
			continue
		}
		if k, v := l[p.ks:p.ke], l[p.vs:p.ve]; k != tc.key || v != tc.value {
			t.Errorf("%s: got %q: %q, want %q: %q", tc.line, k, v, tc.key, tc.value)
		}
	}
}

// FuzzFlowPairAt: any line and offset give no panic, and a pair found
// lies within the line, its key before its value, the offset within it.
func FuzzFlowPairAt(f *testing.F) {
	f.Add("      - {id: sold, title: \"a, {b}\", kpi: sales}", 30)
	f.Add("{a: [x, {b: 'c''d'}], e: }", 12)
	f.Add("{", 0)
	f.Fuzz(func(t *testing.T, l string, off int) {
		if off < 0 || off > len(l) {
			return
		}
		p, ok := flowPairAt(l, off)
		if !ok {
			return
		}
		if !(0 <= p.ks && p.ks <= p.ke && p.ke <= p.vs && p.vs <= p.ve && p.ve <= len(l)) || off < p.ks {
			t.Fatalf("%q at %d: spans %+v", l, off, p)
		}
	})
}
