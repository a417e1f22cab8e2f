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
		KindPeople:       sch.Defs["peopleDocument"],
		MappingPerson:    sch.Defs["person"],
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

// schemaDefs reads the $defs of the JSON Schema, and the grades object of
// the config, each as a generic JSON value.
func schemaDefs(t *testing.T) map[string]map[string]any {
	t.Helper()
	data, err := os.ReadFile("../../schema/okr.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var sch struct {
		Defs map[string]map[string]any `json:"$defs"`
	}
	if err := json.Unmarshal(data, &sch); err != nil {
		t.Fatal(err)
	}
	sch.Defs["grades"] = sch.Defs["config"]["properties"].(map[string]any)["grades"].(map[string]any)
	return sch.Defs
}

// strs reads a JSON list of strings.
func strs(t *testing.T, v any) []string {
	t.Helper()
	l, _ := v.([]any)
	out := []string{}
	for _, s := range l {
		out = append(out, s.(string))
	}
	return out
}

// TestRequiredMatchesSchema: Required lists, in order, what the schema's
// required lists for each kind of mapping.
func TestRequiredMatchesSchema(t *testing.T) {
	defs := schemaDefs(t)
	names := map[string]string{
		KindObjectives: "objectivesDocument", MappingObjective: "objective", MappingKeyResult: "keyResult",
		KindKPI: "kpiDocument", KindMeasurements: "measurementsDocument", MappingValue: "measurement",
		MappingConfig: "config", MappingGrades: "grades",
		KindPeople: "peopleDocument", MappingPerson: "person",
	}
	if diff := cmp.Diff(slices.Sorted(maps.Keys(names)), slices.Sorted(maps.Keys(Required))); diff != "" {
		t.Errorf("kinds (-schema +Required):\n%s", diff)
	}
	for kind, def := range names {
		if diff := cmp.Diff(strs(t, defs[def]["required"]), Required[kind]); diff != "" {
			t.Errorf("Required[%q] (-schema +Required):\n%s", kind, diff)
		}
	}
}

// TestKeyResultLevelsMatchSchema: the key result's allOf asks, for each
// type, for the levels KeyResultLevels lists, and forbids the others it
// lists.
func TestKeyResultLevelsMatchSchema(t *testing.T) {
	got := map[string][2][]string{}
	for _, branch := range defs(t, "keyResult")["allOf"].([]any) {
		b := branch.(map[string]any)
		typ := b["if"].(map[string]any)["properties"].(map[string]any)["type"].(map[string]any)
		var types []string
		if c, ok := typ["const"]; ok {
			types = []string{c.(string)}
		} else {
			types = strs(t, typ["enum"])
		}
		then := b["then"].(map[string]any)
		var forbidden []string
		for k, v := range then["properties"].(map[string]any) {
			if v == false {
				forbidden = append(forbidden, k)
			}
		}
		slices.Sort(forbidden)
		for _, typ := range types {
			got[typ] = [2][]string{strs(t, then["required"]), forbidden}
		}
	}
	want := map[string][2][]string{}
	for typ, l := range KeyResultLevels {
		want[typ] = [2][]string{append([]string{}, l.Required...), slices.Sorted(slices.Values(l.Forbidden))}
	}
	if diff := cmp.Diff(got, want, cmp.Transformer("nilEmpty", func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return s
	})); diff != "" {
		t.Errorf("levels by type (-schema +KeyResultLevels):\n%s", diff)
	}
}

func defs(t *testing.T, name string) map[string]any { return schemaDefs(t)[name] }

// TestWordsMatchSchema: the word lists are the schema's enums, in order.
func TestWordsMatchSchema(t *testing.T) {
	d := schemaDefs(t)
	prop := func(def, field string) []string {
		return strs(t, d[def]["properties"].(map[string]any)[field].(map[string]any)["enum"])
	}
	for name, tt := range map[string]struct{ schema, model []string }{
		"kind":      {strs(t, d["kind"]["enum"]), Kinds},
		"cadence":   {strs(t, d["cadence"]["enum"]), Cadences},
		"level":     {prop("objectivesDocument", "level"), Levels},
		"objective": {prop("objective", "type"), ObjectiveTypes},
		"key type":  {prop("keyResult", "type"), KeyResultTypes},
		"aggregate": {prop("keyResult", "aggregate"), Aggregates},
		"direction": {prop("kpiDocument", "direction"), Directions},
		"indicator": {prop("kpiDocument", "indicator"), Indicators},
	} {
		if diff := cmp.Diff(tt.schema, tt.model); diff != "" {
			t.Errorf("%s (-schema +model):\n%s", name, diff)
		}
	}
}

func TestKeyResultRef(t *testing.T) {
	for _, c := range []struct {
		name, ref, owner, obj, kr, want string
	}{
		{"the loader's ref", "acme/grow/arr", "acme", "grow", "arr", "acme/grow/arr"},
		{"no ref yet", "", "acme", "grow", "arr", "acme/grow/arr"},
		// Same length, another split: "ac/megrow/arr" is 13 bytes as
		// "acme/grow/arr" is, but its slashes stand elsewhere.
		{"same length, other parts", "ac/megrow/arr", "acme", "grow", "arr", "acme/grow/arr"},
		{"a stale ref", "acme/grow/nrr", "acme", "grow", "arr", "acme/grow/arr"},
		{"empty parts", "", "", "", "", "//"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := KeyResultRef(c.ref, c.owner, c.obj, c.kr); got != c.want {
				t.Errorf("KeyResultRef(%q, %q, %q, %q) = %q, want %q", c.ref, c.owner, c.obj, c.kr, got, c.want)
			}
		})
	}
}
