package load

import "testing"

// TestCSVColumnsCountCharacters checks that a problem's column in a CSV
// file counts characters, not bytes (SPEC §3), in the plain reader, the
// quoted one (encoding/csv) and the appended rows alike.
func TestCSVColumnsCountCharacters(t *testing.T) {
	// "nps,2026-10-01,40," is 18 characters, "é😀中," 4 more: the
	// confidence cell starts at character 23 (in bytes it would be 18 +
	// 2 + 4 + 3 + 1 + 1 = 29).
	for _, tc := range []struct{ name, data string }{
		{"plain", "metric,at,value,note,confidence\nnps,2026-10-01,40,é😀中,high\n"},
		{"quoted", "metric,at,value,note,confidence\nnps,2026-10-01,40,é😀中,\"high\"\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, probs, _ := parseCSVAppendable("m.csv", []byte(tc.data))
			if len(probs) != 1 || probs[0].Line != 2 || probs[0].Column != 23 {
				t.Fatalf("problems %+v, want one at 2:23", probs)
			}
		})
	}
	prev := parseData("m.csv", []byte("metric,at,value,note,confidence\nnps,2026-10-01,40,,\n"))
	r := parseAppended(prev, "m.csv", []byte("metric,at,value,note,confidence\nnps,2026-10-01,40,,\nnps,2026-10-02,40,é😀中,high\n"))
	if r == nil || len(r.problems) != 1 || r.problems[0].Line != 3 || r.problems[0].Column != 23 {
		t.Fatalf("appended rows: %+v, want one problem at 3:23", r)
	}
}
