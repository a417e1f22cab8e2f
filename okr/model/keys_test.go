package model

import (
	"encoding/json"
	"maps"
	"os"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestKeyOrderMatchesSchema: KeyOrder names exactly the properties the
// JSON Schema allows for each kind of mapping, so that okr fmt orders every
// key it can meet and knows no key the schema refuses.
func TestKeyOrderMatchesSchema(t *testing.T) {
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
		KindObjectives:   sch.Defs["objectivesDocument"],
		MappingObjective: sch.Defs["objective"],
		MappingKeyResult: sch.Defs["keyResult"],
		KindKPI:          sch.Defs["kpiDocument"],
		KindMeasurements: sch.Defs["measurementsDocument"],
		MappingValue:     sch.Defs["measurement"],
		MappingConfig:    sch.Defs["config"],
		MappingGrades:    grades,
	}
	if diff := cmp.Diff(slices.Sorted(maps.Keys(defs)), slices.Sorted(maps.Keys(KeyOrder))); diff != "" {
		t.Errorf("kinds (-schema +KeyOrder):\n%s", diff)
	}
	for kind, def := range defs {
		want := slices.Sorted(maps.Keys(def.Properties))
		if len(want) == 0 {
			t.Errorf("%s: the schema lists no properties", kind)
		}
		if diff := cmp.Diff(want, slices.Sorted(slices.Values(KeyOrder[kind]))); diff != "" {
			t.Errorf("KeyOrder[%q] (-schema +KeyOrder):\n%s", kind, diff)
		}
	}
}

// TestKeyOrderCheckinFields: the check-in fields come where SPEC §1 lists
// them.
func TestKeyOrderCheckinFields(t *testing.T) {
	kr := KeyOrder[MappingKeyResult]
	if got := kr[len(kr)-4:]; !slices.Equal(got, []string{"aggregate", "weight", "owner", "cadence"}) {
		t.Errorf("key result ends with %v, want aggregate, weight, owner, cadence", got)
	}
	if got := KeyOrder[MappingValue]; !slices.Equal(got, []string{"at", "value", "note", "confidence"}) {
		t.Errorf("measurement = %v, want at, value, note, confidence", got)
	}
	if got := KeyOrder[MappingConfig]; got[len(got)-1] != "checkin_cadence" {
		t.Errorf("okr.yaml = %v, want checkin_cadence last", got)
	}
}
