package fastyaml

import (
	"fmt"
	"testing"
	"unsafe"

	"go.yaml.in/yaml/v3"
)

// TestParseShared holds ParseShared to Parse (the same trees, node by
// node), and checks that it copies nothing: every plain scalar's value
// lies inside data, where Parse's lie outside it.
func TestParseShared(t *testing.T) {
	data := []byte("apiVersion: okr/v1\nkind: KPI\nid: nps\nname: Net promoter score\ntags: [a, 'b c']\nlevels:\n  - {at: 2026-01-01, value: 10}\n---\n- x\n- y: z\n")
	shared, ok := new(Parser).ParseShared(data)
	if !ok {
		t.Fatal("ParseShared gave up on plain input")
	}
	copied, ok := new(Parser).Parse(data)
	if !ok || len(copied) != len(shared) || len(shared) != 2 {
		t.Fatalf("Parse: %d documents, ok %v; ParseShared: %d", len(copied), ok, len(shared))
	}
	for i := range shared {
		if d := diff(fmt.Sprint("doc", i), shared[i], copied[i]); d != "" {
			t.Fatalf("trees differ at %s", d)
		}
	}
	start := uintptr(unsafe.Pointer(unsafe.SliceData(data)))
	inData := func(s string) bool {
		p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
		return p >= start && p+uintptr(len(s)) <= start+uintptr(len(data))
	}
	var walk func(n *yaml.Node, want bool, what string) int
	walk = func(n *yaml.Node, want bool, what string) int {
		seen := 0
		if n.Kind == yaml.ScalarNode && n.Value != "" {
			if inData(n.Value) != want {
				t.Errorf("%s: value %q inside data: %v, want %v", what, n.Value, !want, want)
			}
			seen++
		}
		for _, c := range n.Content {
			seen += walk(c, want, what)
		}
		return seen
	}
	if n := walk(shared[0], true, "ParseShared"); n < 10 {
		t.Fatalf("only %d scalars seen", n)
	}
	walk(copied[0], false, "Parse")
}
