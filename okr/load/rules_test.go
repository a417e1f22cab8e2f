package load

import (
	"maps"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/okr-as-code/okr/okr/model"
)

// TestRulesCoverKeyOrder: the decoder has a rule for every field of every
// kind of mapping in model.KeyOrder (the schema's, by its own test), and
// for no other field; an unknown document asks only for apiVersion and kind.
func TestRulesCoverKeyOrder(t *testing.T) {
	kinds := slices.Sorted(maps.Keys(model.KeyOrder))
	if diff := cmp.Diff(slices.Sorted(slices.Values(append(slices.Clone(kinds), anyDocument))), slices.Sorted(maps.Keys(rules))); diff != "" {
		t.Errorf("kinds (-KeyOrder +rules):\n%s", diff)
	}
	for _, kind := range kinds {
		want := slices.Sorted(slices.Values(model.KeyOrder[kind]))
		if diff := cmp.Diff(want, slices.Sorted(maps.Keys(rules[kind]))); diff != "" {
			t.Errorf("rules[%q] (-KeyOrder +rules):\n%s", kind, diff)
		}
		for _, f := range model.Required[kind] {
			if _, ok := rules[kind][f]; !ok {
				t.Errorf("%s requires %q, which it has no rule for", kind, f)
			}
		}
	}
	if diff := cmp.Diff([]string{"apiVersion", "kind"}, slices.Sorted(maps.Keys(rules[anyDocument]))); diff != "" {
		t.Errorf("rules[anyDocument] (-want +got):\n%s", diff)
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Pay Team":          "pay-team",
		"Bad_Id":            "bad-id",
		"  --x--  ":         "x",
		"ÄÖÜ":               "",
		"Checkout p95 (ms)": "checkout-p95-ms",
	} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestIDText: ids are matched by hand, as the schema's patterns say.
func TestIDText(t *testing.T) {
	tests := []struct {
		s, extra string
		want     bool
	}{
		{"pay", ownerExtra, true},
		{"a.b_c-d", ownerExtra, true},
		{".a", ownerExtra, false}, // the first must be a letter or digit
		{"", ownerExtra, false},
		{"Pay", ownerExtra, false},
		{"a_b", objExtra, false}, // objective ids take only '-'
		{"a-b", objExtra, true},
		{"p95_ms.v2-x", kpiExtra, true},
		{"a/b", kpiExtra, false},
		{"é", kpiExtra, false},
	}
	for _, tt := range tests {
		if got := idText(tt.s, tt.extra); got != tt.want {
			t.Errorf("idText(%q, %q) = %v, want %v", tt.s, tt.extra, got, tt.want)
		}
	}
}
