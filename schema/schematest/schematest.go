// Package schematest compiles okr's JSON Schema with the jsonschema/v6
// library, for the tests that check the schema and hold it to the loader.
//
// okr itself validates with no JSON Schema library: its loader's decoder is
// the authority on documents, and the tests of package load hold the schema
// to it both ways. This package is imported by tests only, so that the
// library is not in the okr binary.
package schematest

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Compile compiles the schema document src, draft 2020-12, under its $id
// id. It never reads a file or opens a network connection: a $ref to
// anything but src itself and the draft 2020-12 meta-schema, which the
// library embeds, fails with ErrNoLoad.
func Compile(src []byte, id string) (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(src))
	if err != nil {
		return nil, fmt.Errorf("schema: parse okr.schema.json: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.UseLoader(noLoader{})
	if err := c.AddResource(id, doc); err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	s, err := c.Compile(id)
	if err != nil {
		return nil, fmt.Errorf("schema: compile okr.schema.json: %w", err)
	}
	return s, nil
}

// ErrNoLoad is the error of a $ref the compiler would have to load.
var ErrNoLoad = errors.New("loading external schemas is disabled")

// noLoader refuses every URL, so that no $ref can ever make the compiler read
// a file or fetch a URL. The meta-schemas are embedded in the library and do
// not go through a loader.
type noLoader struct{}

func (noLoader) Load(url string) (any, error) {
	return nil, fmt.Errorf("%s: %w", url, ErrNoLoad)
}
