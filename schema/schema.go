package schema

import _ "embed"

// JSON is the schema document, draft 2020-12, exactly as `okr schema` prints
// it. Treat it as read-only.
//
//go:embed okr.schema.json
var JSON []byte

// ID is the schema's $id, the URL under which it is published.
const ID = "https://okr-as-code.github.io/okr/schema/okr.schema.json"
