package load

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/okr-as-code/okr/okr/check"
	"github.com/okr-as-code/okr/okr/model"
)

// seeds adds every file of testdata/seed and examples/acme whose name ends
// in one of exts to the corpus of f.
func seeds(f *testing.F, exts ...string) {
	n := 0
	for _, dir := range []string{"testdata/seed", "../../examples/acme"} {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			for _, ext := range exts {
				if strings.HasSuffix(p, ext) {
					data, err := os.ReadFile(p)
					if err != nil {
						f.Fatal(err)
					}
					f.Add(data, false)
					f.Add(data, true)
					n++
				}
			}
			return nil
		})
	}
	if n == 0 {
		f.Fatal("no seed files")
	}
}

// fuzzLoad loads a repository of one file (or one file and an okr.yaml)
// and runs the checks, asserting that every problem is positioned.
func fuzzLoad(t *testing.T, name string, data []byte, config bool) {
	fsys := fstest.MapFS{name: {Data: data}}
	if config {
		fsys["okr.yaml"] = &fstest.MapFile{Data: data}
	}
	repo, probs, err := Load(fsys, Options{Workers: 1})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	probs = append(probs, check.Check(repo, check.Options{AsOf: model.NewDate(2026, 11, 15)})...)
	for _, p := range probs {
		if p.File != name && p.File != "okr.yaml" {
			t.Errorf("problem in an unknown file: %v", p)
		}
		if p.Rule != "io" && p.Rule != "symlink" && p.Line < 1 {
			t.Errorf("problem without a line: %v", p)
		}
		if p.Message == "" || p.Rule == "" {
			t.Errorf("problem without a message or rule: %#v", p)
		}
	}
}

// FuzzLoadYAML: no YAML input makes the loader or the checks panic or
// report a problem without a position.
func FuzzLoadYAML(f *testing.F) {
	seeds(f, ".yaml", ".yml")
	f.Fuzz(func(t *testing.T, data []byte, config bool) {
		fuzzLoad(t, "a.yaml", data, config)
	})
}

// FuzzLoadCSV: the same for measurement CSV files.
func FuzzLoadCSV(f *testing.F) {
	seeds(f, ".csv")
	f.Fuzz(func(t *testing.T, data []byte, config bool) {
		fuzzLoad(t, "m.csv", data, config)
	})
}
