package load

import (
	"encoding/json"
	"maps"
	"os"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestAllowedMatchesSchema keeps the field lists of the "did you mean"
// messages in step with the schema, which is the authority.
func TestAllowedMatchesSchema(t *testing.T) {
	data, err := os.ReadFile("../../schema/okr.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	type object struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	var sch struct {
		Defs map[string]object `json:"$defs"`
	}
	if err := json.Unmarshal(data, &sch); err != nil {
		t.Fatal(err)
	}
	var grades object
	if err := json.Unmarshal(sch.Defs["config"].Properties["grades"], &grades); err != nil {
		t.Fatal(err)
	}
	defs := map[string]object{
		"Objectives":   sch.Defs["objectivesDocument"],
		"objective":    sch.Defs["objective"],
		"key result":   sch.Defs["keyResult"],
		"KPI":          sch.Defs["kpiDocument"],
		"Measurements": sch.Defs["measurementsDocument"],
		"measurement":  sch.Defs["measurement"],
		"okr.yaml":     sch.Defs["config"],
		"grades":       grades,
	}
	if diff := cmp.Diff(slices.Sorted(maps.Keys(defs)), slices.Sorted(maps.Keys(allowed))); diff != "" {
		t.Errorf("contexts (-schema +allowed):\n%s", diff)
	}
	for ctx, def := range defs {
		want := slices.Sorted(maps.Keys(def.Properties))
		if len(want) == 0 {
			t.Errorf("%s: the schema lists no properties", ctx)
		}
		got := slices.Sorted(slices.Values(allowed[ctx]))
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("allowed[%q] (-schema +allowed):\n%s", ctx, diff)
		}
	}
}

// TestContext names the mapping at each instance location, so that messages
// say "in a key result" and suggest its fields.
func TestContext(t *testing.T) {
	tests := []struct {
		kind string
		loc  []string
		want string
	}{
		{"Objectives", nil, "Objectives"},
		{"Objectives", []string{"objectives", "0"}, "objective"},
		{"Objectives", []string{"objectives", "3", "key_results", "1"}, "key result"},
		{"Objectives", []string{"objectives", "3", "key_results"}, ""},
		{"Objectives", []string{"owner"}, ""},
		{"KPI", nil, "KPI"},
		{"Measurements", []string{"values", "7"}, "measurement"},
		{"Measurements", []string{"values"}, ""},
		{configKind, nil, "okr.yaml"},
		{configKind, []string{"grades"}, "grades"},
		{anyKind, nil, "document"},
		{"KPI", []string{"grades"}, ""},
	}
	for _, tt := range tests {
		if got := context(tt.kind, tt.loc); got != tt.want {
			t.Errorf("context(%q, %q) = %q, want %q", tt.kind, tt.loc, got, tt.want)
		}
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
