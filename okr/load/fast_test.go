package load

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// agree checks fastValid against the schema on every OKR document in data:
// whenever fastValid says valid, the converter and the JSON Schema validator
// must find nothing. It returns how many documents the fast path accepted.
func agree(t testing.TB, name string, data []byte) (accepted, total int) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			if err != io.EOF {
				return
			}
			return
		}
		if len(doc.Content) == 0 {
			continue
		}
		root := resolve(doc.Content[0])
		if root == nil || root.Kind != yaml.MappingNode {
			continue
		}
		api, kind, _ := docHeader(root)
		if api != "okr/v1" {
			continue
		}
		total++
		if !fastValid(kind, root) {
			continue
		}
		accepted++
		budget := maxNodes
		c := newConverter(name, &budget)
		v := c.toJSON(root, 0)
		probs := append(c.problems, schemaProblems(name, root, v, kind, c.own, 100)...)
		if len(probs) > 0 {
			t.Errorf("%s: fastValid accepted a document the schema rejects: %v\n%s", name, probs, data)
		}
	}
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

func TestFastValidAgreesWithSchema(t *testing.T) {
	accepted, total := 0, 0
	for name, data := range corpus(t) {
		a, n := agree(t, name, data)
		accepted += a
		total += n
	}
	// The fast path must actually be taken for the ordinary documents.
	if total < 50 || accepted < total/4 {
		t.Errorf("fastValid accepted %d of %d documents; expected it to take most valid ones", accepted, total)
	}
	t.Logf("fastValid accepted %d of %d documents", accepted, total)
}

func TestFastValidRejects(t *testing.T) {
	base := "apiVersion: okr/v1\nkind: Objectives\nowner: pay\nperiod: 2026-Q4\nobjectives:\n  - id: o\n    title: T\n    key_results:\n      - id: k\n        title: K\n"
	tests := map[string]string{
		"metric without target":   base + "        baseline: 1\n",
		"milestone with a target": base + "        type: milestone\n        target: 1\n",
		"at_least with a commit":  base + "        type: at_least\n        target: 1\n        commit: 0\n",
		"unknown field":           base + "        baseline: 1\n        target: 2\n        tagret: 2\n",
		"repeated key":            base + "        baseline: 1\n        target: 2\n        target: 3\n",
		"quoted number":           base + "        baseline: \"1\"\n        target: 2\n",
		"infinite number":         base + "        baseline: .inf\n        target: 2\n",
		"zero weight":             base + "        baseline: 1\n        target: 2\n        weight: 0\n",
		"upper-case id":           strings.Replace(base, "id: k", "id: K", 1) + "        baseline: 1\n        target: 2\n",
		"alias":                   base + "        baseline: &b 1\n        target: *b\n",
		"bad period":              strings.Replace(base, "2026-Q4", "2026-Q5", 1) + "        baseline: 1\n        target: 2\n",
		"empty title":             strings.Replace(base, "title: T", "title: \"\"", 1) + "        baseline: 1\n        target: 2\n",
		"boolean title":           strings.Replace(base, "title: T", "title: true", 1) + "        baseline: 1\n        target: 2\n",
		"null target":             base + "        baseline: 1\n        target:\n",
		"cadence fortnightly":     base + "        baseline: 1\n        target: 2\n        cadence: fortnightly\n",
	}
	for name, src := range tests {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if fastValid("Objectives", doc.Content[0]) {
			t.Errorf("%s: fastValid accepted it", name)
		}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(base+"        baseline: 1\n        target: 2\n        cadence: biweekly\n"), &doc); err != nil {
		t.Fatal(err)
	}
	if !fastValid("Objectives", doc.Content[0]) {
		t.Error("fastValid rejected a valid document")
	}
	// A confidence is a whole number 0..10 written as one: the fast path
	// takes only those, and leaves the rest to the schema and the decoder.
	ms := "apiVersion: okr/v1\nkind: Measurements\nmetric: m\nvalues:\n  - {at: 2026-10-05, value: 1, confidence: %s}\n"
	for c, want := range map[string]bool{"0": true, "6": true, "10": true, "6.0": false, `"6"`: false, "6.5": false, "11": false, "-1": false, "high": false, "0x6": false, "06": false, "": false} {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(fmt.Sprintf(ms, c)), &doc); err != nil {
			t.Fatal(err)
		}
		if got := fastValid("Measurements", doc.Content[0]); got != want {
			t.Errorf("confidence %s: fastValid = %v, want %v", c, got, want)
		}
	}
	for c, want := range map[string]bool{"biweekly": true, "weekly": true, "fortnightly": false, "Weekly": false} {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte("apiVersion: okr/v1\nkind: KPI\nid: k\nname: K\ndirection: increase\ncadence: "+c+"\n"), &doc); err != nil {
			t.Fatal(err)
		}
		if got := fastValid("KPI", doc.Content[0]); got != want {
			t.Errorf("KPI cadence %s: fastValid = %v, want %v", c, got, want)
		}
	}
}

// FuzzFastValid holds the fast path to the schema on arbitrary documents.
func FuzzFastValid(f *testing.F) {
	for _, data := range corpus(f) {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		agree(t, "fuzz.yaml", data)
	})
}
