package load

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/okr-as-code/okr/okr/gen"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/schema"
	"github.com/okr-as-code/okr/schema/schematest"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

// The decoder is the authority on documents; the JSON Schema in schema/ is
// what editors use. These tests hold the two to each other both ways: on
// every document of the corpus, on generated repositories and on mutations
// of them, the schema accepts a document exactly when the loader reports no
// schema problem for it.

// schemaLevel reports whether a loader problem is one the schema also
// decides: a "schema" problem, an apiVersion okr does not read, or a
// number that is not one. The decoder's stricter rules that JSON Schema
// cannot state (a confidence written 6.0 or 0x6, a day that does not exist)
// and YAML-level problems (repeated keys, keys that are not text, bad
// merges) are not.
func schemaLevel(p model.Problem) bool {
	switch p.Rule {
	case "schema", "api-version":
		return true
	case "number":
		return !strings.HasPrefix(p.Message, "confidence ")
	}
	return false
}

// nonFinite stands, in the schema's view of a document, for a number YAML
// writes but JSON cannot hold (.inf, .nan, or a !!float that is not a
// number): a mapping no part of the schema accepts, since okr refuses such a
// value wherever it is written.
var nonFinite = map[string]any{"\x00not a finite number": true}

// errTooBig marks a document whose aliases expand beyond maxNodes; the
// loader refuses it before validation, so it is left out.
var errTooBig = errors.New("expands too far")

// schemaView converts a yaml.Node as the schema sees it: aliases and merge
// keys expanded, the first of repeated keys kept, keys that are not text
// left out, numbers as json.Number-free float64, timestamps as their text.
func schemaView(n *yaml.Node, budget *int, depth int) (any, error) {
	if *budget--; *budget < 0 || depth > maxDepth {
		return nil, errTooBig
	}
	n = resolve(n)
	if n == nil {
		return nil, nil
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return schemaView(n.Content[0], budget, depth+1)
	case yaml.SequenceNode:
		out := make([]any, len(n.Content))
		for i, e := range n.Content {
			v, err := schemaView(e, budget, depth+1)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	case yaml.MappingNode:
		out := map[string]any{}
		for _, p := range pairs(n, nil, budget) {
			v, err := schemaView(p.v, budget, depth+1)
			if err != nil {
				return nil, err
			}
			out[resolve(p.k).Value] = v
		}
		if *budget < 0 {
			return nil, errTooBig
		}
		return out, nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return nil, nil
		case "!!bool":
			return n.Value == "true" || n.Value == "True" || n.Value == "TRUE", nil
		case "!!int", "!!float":
			v, ok := parseNumber(n.Value)
			if !ok || math.IsInf(v, 0) || math.IsNaN(v) {
				return nonFinite, nil
			}
			return v, nil
		}
		return n.Value, nil
	}
	return nil, nil
}

// loaderSchemaProblems returns the problems the loader reports for one
// document whose root is a mapping: an OKR document when it has an
// apiVersion, else the repository config.
func loaderSchemaProblems(name string, doc *yaml.Node) []model.Problem {
	root := resolve(doc.Content[0])
	var probs []model.Problem
	if v, _ := lookup(root, "apiVersion"); v != nil {
		r := &fileResult{}
		budget := maxNodes
		parseDocument(name, doc, 0, r, &budget)
		probs = r.problems
	} else {
		data, err := yaml.Marshal(doc)
		if err != nil {
			return nil
		}
		_, probs = parseConfig(data)
	}
	var out []model.Problem
	for _, p := range probs {
		if schemaLevel(p) {
			out = append(out, p)
		}
	}
	return out
}

var compiled struct {
	once   sync.Once
	schema *jsonschema.Schema
	err    error
}

// compiledSchema returns the JSON Schema of package schema, compiled once.
func compiledSchema(t testing.TB) *jsonschema.Schema {
	compiled.once.Do(func() { compiled.schema, compiled.err = schematest.Compile(schema.JSON, schema.ID) })
	if compiled.err != nil {
		t.Fatal(compiled.err)
	}
	return compiled.schema
}

// agreeDoc checks one document and reports whether it was compared (its
// root is a mapping, and its apiVersion, if any, is okr/v1), and whether the
// schema accepted it.
func agreeDoc(t testing.TB, name string, doc *yaml.Node) (compared, valid bool) {
	t.Helper()
	if len(doc.Content) == 0 {
		return false, false
	}
	root := resolve(doc.Content[0])
	if root == nil || root.Kind != yaml.MappingNode {
		return false, false // not read as a document or a config
	}
	if v, _ := lookup(root, "apiVersion"); v != nil {
		if s, ok := scalar(v); !ok || s != model.APIVersion || resolve(v).ShortTag() != "!!str" {
			return false, false // another API, or a near miss: not the schema's to judge
		}
	}
	budget := maxNodes
	v, err := schemaView(doc, &budget, 0)
	if err != nil {
		return false, false
	}
	verr := compiledSchema(t).Validate(v)
	probs := loaderSchemaProblems(name, doc)
	switch {
	case verr == nil && len(probs) > 0:
		t.Errorf("%s: the schema accepts a document the loader reports:\n%v\n%s", name, probs, show(doc))
	case verr != nil && len(probs) == 0:
		var ve *jsonschema.ValidationError
		if errors.As(verr, &ve) {
			verr = fmt.Errorf("%s", strings.Join(leafMessages(ve), "\n"))
		}
		t.Errorf("%s: the loader reports nothing where the schema finds:\n%v\n%s", name, verr, show(doc))
	}
	return true, verr == nil
}

func leafMessages(e *jsonschema.ValidationError) []string {
	if len(e.Causes) == 0 {
		return []string{"/" + strings.Join(e.InstanceLocation, "/") + ": " + e.Error()}
	}
	var out []string
	for _, c := range e.Causes {
		out = append(out, leafMessages(c)...)
	}
	return out
}

func show(doc *yaml.Node) string {
	data, err := yaml.Marshal(doc)
	if err != nil {
		return fmt.Sprintf("(%v)", err)
	}
	return string(data)
}

// agreeFile checks every document in data; it returns how many it compared
// and how many of those the schema accepted.
func agreeFile(t testing.TB, name string, data []byte) (compared, valid int) {
	t.Helper()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			if err != io.EOF && !strings.HasPrefix(err.Error(), "yaml:") {
				t.Fatalf("%s: %v", name, err)
			}
			return compared, valid
		}
		c, v := agreeDoc(t, name, &doc)
		if c {
			compared++
		}
		if v {
			valid++
		}
	}
}

func TestSchemaAgreesOnCorpus(t *testing.T) {
	compared, valid := 0, 0
	for name, data := range corpus(t) {
		c, v := agreeFile(t, name, data)
		compared += c
		valid += v
	}
	t.Logf("%d documents compared, %d valid", compared, valid)
	// The cross-check corpus alone holds 21 valid and 74 invalid documents.
	if compared < 95 || valid < 21 || compared-valid < 74 {
		t.Errorf("compared %d documents (%d valid): the corpus was not read", compared, valid)
	}
}

// generated returns the YAML files of a small generated repository.
func generated(t testing.TB) map[string][]byte {
	cfg, err := gen.Scale("small")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Owners, cfg.KPIs, cfg.Measurements = 6, 6, 200
	dir := t.TempDir()
	if err := gen.Write(dir, cfg); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	err = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if strings.HasSuffix(p, ".yaml") {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			files[filepath.ToSlash(rel)] = data
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestSchemaAgreesOnGenerated(t *testing.T) {
	compared, valid := 0, 0
	for name, data := range generated(t) {
		c, v := agreeFile(t, name, data)
		compared += c
		valid += v
	}
	if compared < 20 || valid != compared {
		t.Errorf("compared %d generated documents, %d valid: want at least 20, all valid", compared, valid)
	}
}

// replacements are the values a mutation writes in place of a field's:
// every type, and the edges of the ranges the schema sets.
var replacements = []string{
	`7`, `0`, `-1`, `1.5`, `11`, `10`, `1000`, `2026`, `2026.0`, `99999`, `1e999`, `.inf`, `true`, `~`, `""`,
	`"7"`, `x y`, `Bad Id`, `2026-Q5`, `2026-02-30`, `2026-10-01T10:00:00Z`, `[]`, `[x]`, `{}`, `{a: 1}`,
	`metric`, `milestone`, `at_least`, `weekly`, `increase`, `company`, `committed`, `sum`, `leading`,
	`a/b`, `a/b/c`, `!!float x`, `okr/v1`, `KPI`,
}

// mutations returns documents made from src by changing one thing: a field
// removed, its value replaced by each of replacements, or its key misspelt.
func mutations(t testing.TB, src []byte) [][]byte {
	var out [][]byte
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Fatal(err)
	}
	var maps []*yaml.Node
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.MappingNode {
			maps = append(maps, n)
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&doc)
	emit := func() {
		data, err := yaml.Marshal(&doc)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, data)
	}
	for _, m := range maps {
		for i := 0; i+1 < len(m.Content); i += 2 {
			k, v := m.Content[i], m.Content[i+1]
			// removed
			saved := slices.Clone(m.Content)
			m.Content = slices.Delete(m.Content, i, i+2)
			emit()
			m.Content = saved
			// misspelt
			kv := k.Value
			k.Value = kv[:len(kv)-1]
			emit()
			k.Value = kv + "s"
			emit()
			k.Value = kv
			// retyped
			for _, r := range replacements {
				var rn yaml.Node
				if err := yaml.Unmarshal([]byte("v: "+r), &rn); err != nil {
					t.Fatalf("%s: %v", r, err)
				}
				m.Content[i+1] = rn.Content[0].Content[1]
				emit()
			}
			m.Content[i+1] = v
		}
		// a field added
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "extra"}, &yaml.Node{Kind: yaml.ScalarNode, Value: "1"})
		emit()
		m.Content = m.Content[:len(m.Content)-2]
	}
	return out
}

// mutationBases are small valid documents of every kind, and the config.
var mutationBases = []string{
	"apiVersion: okr/v1\nkind: Objectives\nowner: pay\nlevel: team\nperiod: 2026-Q4\nobjectives:\n  - id: o\n    title: T\n    description: D\n    type: committed\n    aligns_to: acme/grow\n    weight: 2\n    key_results:\n      - id: k\n        title: K\n        type: metric\n        kpi: p95_ms\n        baseline: 1\n        commit: 2\n        target: 3\n        stretch: 4\n        unit: ms\n        aggregate: max\n        weight: 1\n        owner: alice\n        cadence: weekly\n      - {id: m, title: M, type: milestone}\n      - {id: l, title: L, type: at_least, target: 5, baseline: 1}\n",
	"apiVersion: okr/v1\nkind: KPI\nid: p95_ms\nname: P95\nowner: pay\nunit: ms\ndirection: decrease\ntarget: 300\nwarn: 400\ncadence: daily\ncategory: ops\nindicator: lagging\ndescription: D\n",
	"apiVersion: okr/v1\nkind: Measurements\nmetric: p95_ms\nvalues:\n  - {at: 2026-10-01, value: 1, note: n, confidence: 6}\n  - {at: \"2026-10-02T10:00:00Z\", value: 2.5}\n",
	"organization: Acme\nfiscal_year_start_month: 4\ngrades: {green: 0.8, yellow: 0.5}\nignore: [archive/**]\ncheckin_cadence: monthly\n",
	"apiVersion: okr/v1\nkind: Objectives\nowner: pay\nperiod: 2026\nobjectives:\n  - id: o\n    title: T\n    key_results:\n      - {id: k, title: K, baseline: 1, target: 2}\n",
	// anchors, aliases and merge keys: a change to the anchored mapping
	// changes every key result that merges it
	"apiVersion: okr/v1\nkind: Objectives\nowner: pay\nperiod: 2026-Q4\nobjectives:\n  - id: o\n    title: &t T\n    key_results:\n      - &kr {id: a, title: A, baseline: 1, target: 2}\n      - <<: *kr\n        id: b\n      - <<: [*kr]\n        id: c\n        title: *t\n        type: at_least\n        baseline: 0\n",
}

func TestSchemaAgreesOnMutations(t *testing.T) {
	compared, valid := 0, 0
	for i, base := range mutationBases {
		if c, v := agreeFile(t, fmt.Sprintf("base-%d.yaml", i), []byte(base)); c != 1 || v != 1 {
			t.Fatalf("base %d is not a valid document:\n%s", i, base)
		}
		for j, m := range mutations(t, []byte(base)) {
			c, v := agreeFile(t, fmt.Sprintf("base-%d-mutation-%d.yaml", i, j), m)
			compared += c
			valid += v
		}
	}
	t.Logf("%d mutations compared, %d valid", compared, valid)
	if compared < 1000 || valid == 0 || valid == compared {
		t.Errorf("compared %d mutations, %d valid: want many of both kinds", compared, valid)
	}
}

// FuzzSchemaAgrees holds the decoder and the schema to each other on
// arbitrary documents: the schema accepts one exactly when the loader
// reports no schema problem for it.
func FuzzSchemaAgrees(f *testing.F) {
	for _, data := range corpus(f) {
		f.Add(data)
	}
	for _, base := range mutationBases {
		f.Add([]byte(base))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		agreeFile(t, "fuzz.yaml", data)
	})
}

// corpus returns every YAML and JSON document the project keeps: the
// schema's cross-check corpus (JSON is YAML), the loader's seeds and the
// example repository.
func corpus(t testing.TB) map[string][]byte {
	files := map[string][]byte{}
	for _, dir := range []string{"../../schema/testdata", "testdata", "../../examples"} {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			switch strings.ToLower(filepath.Ext(p)) {
			case ".yaml", ".yml", ".json":
				data, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				files[p] = data
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return files
}
