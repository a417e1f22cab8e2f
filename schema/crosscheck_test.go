package schema

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The corpus in testdata/crosscheck is shared with crosscheck/check.mjs,
// which runs the same files through ajv, an independent implementation:
// every file in valid/ must be accepted, every file in invalid/ rejected with
// errors at exactly the instance locations expect.json lists for it.

const corpus = "testdata/crosscheck"

func corpusFiles(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(corpus, dir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no corpus files in %s/%s", corpus, dir)
	}
	return files
}

func readJSON(t *testing.T, path string) any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return v
}

// locations returns the sorted, distinct instance locations of the leaf
// causes of a validation error.
func locations(t *testing.T, err error) []string {
	t.Helper()
	var locs []string
	for _, v := range violations(t, err) {
		loc, _, _ := strings.Cut(v, ": ")
		locs = append(locs, loc)
	}
	slices.Sort(locs)
	return slices.Compact(locs)
}

func TestCrosscheckValid(t *testing.T) {
	for _, path := range corpusFiles(t, "valid") {
		t.Run(filepath.Base(path), func(t *testing.T) {
			if err := Validate(readJSON(t, path)); err != nil {
				t.Errorf("rejected a valid document:\n%v", err)
			}
		})
	}
}

func TestCrosscheckInvalid(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(corpus, "expect.json"))
	if err != nil {
		t.Fatal(err)
	}
	var expect map[string][]string
	if err := json.Unmarshal(data, &expect); err != nil {
		t.Fatalf("expect.json: %v", err)
	}
	files := corpusFiles(t, "invalid")
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			want, ok := expect[name]
			if !ok {
				t.Fatalf("expect.json has no entry for %s", name)
			}
			err := Validate(readJSON(t, path))
			if err == nil {
				t.Fatal("accepted an invalid document")
			}
			want = slices.Sorted(slices.Values(want))
			if diff := cmp.Diff(want, locations(t, err)); diff != "" {
				t.Errorf("error locations mismatch (-want +got):\n%s\nerror: %v", diff, err)
			}
		})
	}
	for name := range expect {
		if !slices.Contains(files, filepath.Join(corpus, "invalid", name)) {
			t.Errorf("expect.json names %s, which is not in invalid/", name)
		}
	}
}
