package schema

import (
	"sync"

	"github.com/okr-as-code/okr/schema/schematest"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The tests validate with the jsonschema/v6 library through package
// schematest; okr itself does not (its loader's decoder is the validator).

var compiled struct {
	once   sync.Once
	schema *jsonschema.Schema
	err    error
}

// Compile returns the compiled schema, compiling JSON once.
func Compile() (*jsonschema.Schema, error) {
	compiled.once.Do(func() {
		compiled.schema, compiled.err = compile(JSON)
	})
	return compiled.schema, compiled.err
}

func compile(src []byte) (*jsonschema.Schema, error) { return schematest.Compile(src, ID) }

var errNoLoad = schematest.ErrNoLoad

// Validate checks one JSON value, such as encoding/json decodes into any,
// against the schema: nil when it is valid, a *jsonschema.ValidationError
// describing every violation when it is not.
func Validate(v any) error {
	s, err := Compile()
	if err != nil {
		return err
	}
	return s.Validate(v)
}
