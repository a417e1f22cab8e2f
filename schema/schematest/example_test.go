package schematest_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/okr-as-code/okr/schema"
	"github.com/okr-as-code/okr/schema/schematest"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

func ExampleCompile() {
	sch, err := schematest.Compile(schema.JSON, schema.ID)
	if err != nil {
		panic(err)
	}
	if err := sch.Validate(map[string]any{"organization": "Acme", "fiscal_year_start_month": 7}); err == nil {
		fmt.Println("okr.yaml: valid")
	}

	// A milestone key result takes no target, and "tagret" is no field.
	doc := `{
	  "apiVersion": "okr/v1",
	  "kind": "Objectives",
	  "owner": "payments",
	  "period": "2026-Q4",
	  "objectives": [{
	    "id": "effortless-checkout",
	    "title": "Make checkout effortless",
	    "key_results": [
	      {"id": "apple-pay", "title": "Launch Apple Pay", "type": "milestone", "target": 1},
	      {"id": "p95-latency", "title": "Cut p95 latency", "baseline": 800, "tagret": 300}
	    ]
	  }]
	}`
	var v any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		panic(err)
	}
	err = sch.Validate(v)

	// Print the innermost causes, each with the JSON pointer of the value at
	// fault, which a caller maps back to a line and column.
	var ve *jsonschema.ValidationError
	if errors.As(err, &ve) {
		printLeaves(ve)
	}
	// Output:
	// okr.yaml: valid
	// at '/objectives/0/key_results/0/target': false schema
	// at '/objectives/0/key_results/1': additional properties 'tagret' not allowed
	// at '/objectives/0/key_results/1': missing property 'target'
}

func printLeaves(e *jsonschema.ValidationError) {
	if len(e.Causes) == 0 {
		fmt.Println(e)
		return
	}
	for _, c := range e.Causes {
		printLeaves(c)
	}
}
