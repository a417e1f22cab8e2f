package schema

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// JSON is the schema document, draft 2020-12, exactly as `okr schema` prints
// it. Treat it as read-only.
//
//go:embed okr.schema.json
var JSON []byte

// ID is the schema's $id, the URL under which it is published.
const ID = "https://okr-as-code.github.io/okr/schema/okr.schema.json"

var compiled struct {
	once   sync.Once
	schema *jsonschema.Schema
	err    error
}

// Compile returns the compiled schema. It compiles [JSON] on the first call
// and returns the same result on every later one; it is safe for concurrent
// use. Compiling never reads a file or opens a network connection: the schema
// refers only to itself and to the draft 2020-12 meta-schema, which the
// jsonschema library embeds.
func Compile() (*jsonschema.Schema, error) {
	compiled.once.Do(func() {
		compiled.schema, compiled.err = compile(JSON)
	})
	return compiled.schema, compiled.err
}

func compile(src []byte) (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(src))
	if err != nil {
		return nil, fmt.Errorf("schema: parse okr.schema.json: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.UseLoader(noLoader{})
	if err := c.AddResource(ID, doc); err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	s, err := c.Compile(ID)
	if err != nil {
		return nil, fmt.Errorf("schema: compile okr.schema.json: %w", err)
	}
	return s, nil
}

// noLoader refuses every URL, so that no $ref can ever make the compiler read
// a file or fetch a URL. The meta-schemas are embedded in the library and do
// not go through a loader.
type noLoader struct{}

var errNoLoad = errors.New("loading external schemas is disabled")

func (noLoader) Load(url string) (any, error) {
	return nil, fmt.Errorf("%s: %w", url, errNoLoad)
}

// Validate checks one document, a JSON value such as encoding/json decodes
// into any (map[string]any, []any, string, float64 or json.Number, bool,
// nil; Go integer types are accepted too), against the schema. It returns
// nil when the value is valid, a *jsonschema.ValidationError describing
// every violation when it is not, and the error of [Compile] if the schema
// does not compile.
func Validate(v any) error {
	s, err := Compile()
	if err != nil {
		return err
	}
	return s.Validate(v)
}
