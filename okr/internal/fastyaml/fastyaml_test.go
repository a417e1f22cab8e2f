package fastyaml

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

// goYAML parses data with go-yaml, as the loader does without this package.
func goYAML(data []byte) ([]*yaml.Node, error) {
	var docs []*yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if err == io.EOF {
			return docs, nil
		}
		if err != nil {
			return docs, err
		}
		docs = append(docs, &n)
	}
}

// diff describes the first difference between two trees, ignoring
// comments, or returns "".
func diff(path string, a, b *yaml.Node) string {
	if a == nil || b == nil {
		if a != b {
			return fmt.Sprintf("%s: %v vs %v", path, a, b)
		}
		return ""
	}
	type fields struct {
		Kind           yaml.Kind
		Style          yaml.Style
		Tag, Value     string
		Anchor         string
		Alias          bool
		Line, Column   int
		NumberOfChilds int
	}
	fa := fields{a.Kind, a.Style, a.Tag, a.Value, a.Anchor, a.Alias != nil, a.Line, a.Column, len(a.Content)}
	fb := fields{b.Kind, b.Style, b.Tag, b.Value, b.Anchor, b.Alias != nil, b.Line, b.Column, len(b.Content)}
	if fa != fb {
		return fmt.Sprintf("%s:\n fast   %+v\n go-yaml %+v", path, fa, fb)
	}
	for i := range a.Content {
		if d := diff(fmt.Sprintf("%s/%d", path, i), a.Content[i], b.Content[i]); d != "" {
			return d
		}
	}
	return ""
}

// agree fails t when Parse accepts data and its documents are not exactly
// go-yaml's. It reports whether Parse accepted data.
func agree(t *testing.T, data []byte) bool {
	t.Helper()
	docs, ok := Parse(data)
	if !ok {
		return false
	}
	want, err := goYAML(data)
	if err != nil {
		t.Fatalf("Parse accepted input go-yaml rejects (%v):\n%s", err, data)
	}
	if len(docs) != len(want) {
		t.Fatalf("Parse found %d documents, go-yaml %d:\n%s", len(docs), len(want), data)
	}
	for i := range docs {
		if d := diff(fmt.Sprint("doc", i), docs[i], want[i]); d != "" {
			t.Fatalf("trees differ at %s\ninput:\n%s", d, data)
		}
	}
	return true
}

func TestAgreesWithGoYAML(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		ok   bool // whether Parse must take it (false: it must give up)
	}{
		{"empty", "", true},
		{"only comments", "# a\n\n  # b\n", true},
		{"mapping", "a: 1\nb: text here\n", true},
		{"indented root", "\n  a: 1\n  b: 2\n", true},
		{"head comment", "# title\napiVersion: okr/v1\nkind: KPI\n", true},
		{"nested", "a:\n  b:\n    c: x\n  d: y\ne: z\n", true},
		{"sequence of mappings", "s:\n  - id: a\n    n: 1\n  -   id: b\n      n: 2\n", true},
		{"indentless sequence", "s:\n- 1\n- 2\nt: x\n", true},
		{"indentless in item", "- a:\n  - x\n  b: y\n", true},
		{"root sequence", "- a\n- b\n", true},
		{"nested sequences", "a:\n  -\n    - x\n", false},
		{"null values", "a:\nb:    # c\nc:\n", true},
		{"null at end", "a:", true},
		{"numbers", "a: 0\nb: -5\nc: +7\nd: 3.25\ne: -0.5\nf: 123456789012345678\n", true},
		{"leading zero", "a: 007\n", false},
		{"octal-ish float", "a: 089\n", false},
		{"big int", "a: 1234567890123456789012\n", false},
		{"exponent", "a: 1e5\n", false},
		{"underscore", "a: 1_000\n", false},
		{"dot float", "a: .5\n", false},
		{"inf", "a: .inf\n", false},
		{"dates", "a: 2026-01-15\nb: 2026-02-30\n", false},
		{"date", "a: 2026-01-15\n", true},
		{"short date", "a: 2026-1-5\n", false},
		{"datetime", "a: 2026-01-15 10:00:00\n", false},
		{"bools and nulls", "a: true\nb: False\nc: NULL\nd: ~\ne: yes\nf: no\ng: on\n", true},
		{"text after number", "a: 5 nines\nb: 42.5% of users\nc: 2026 goals\n", true},
		{"date-like text", "a: 2026-01 goals\n", false},
		{"periods", "a: 2026-Q3\nb: 2026-H2\nc: 2026-W07\nd: 2026-\n", false},
		{"period", "a: 2026-Q3\nb: 2026-H2\nc: 2026-W07\n", true},
		{"comment after value", "a: b # c\nd: e#f\n", true},
		{"quoted", "a: \"x: y\"\nb: 'it''s'\nc: \"\"\nd: ''\n", true},
		{"quoted escape", "a: \"x\\ny\"\n", false},
		{"quoted multi-line", "a: 'x\n  y'\n", false},
		{"quoted key", "\"a\": 1\n", false},
		{"quoted then junk", "a: 'x' y\n", false},
		{"quoted then comment", "a: 'x' # y\n", true},
		{"quoted then hash", "a: 'x'#y\n", false},
		{"flow mapping", "v:\n  - {at: 2026-01-01, value: 10}\n  - { at: 2026-02-01 , value: 9.5 }\n", true},
		{"flow sequence", "ignore: [\"archive/**\", 'b', c d]\n", true},
		{"empty flows", "a: {}\nb: []\nc: [ ]\n", true},
		{"flow trailing comma", "a: [1, ]\n", false},
		{"flow nested", "a: [[1]]\n", false},
		{"flow multi-line", "a: [1,\n  2]\n", false},
		{"flow colon", "a: {b: c:d}\n", false},
		{"flow question mark", "a: {b: c? d}\n", false},
		{"block question mark", "a: c? d\n", true},
		{"flow mismatched", "a: {b: 1]\n", false},
		{"flow empty value", "a: {b: }\n", false},
		{"documents", "a: 1\n---\nb: 2\n--- # c\nc: 3\n", true},
		{"leading marker", "---\na: 1\n", true},
		{"empty document", "---\n---\na: 1\n", false},
		{"document end", "a: 1\n...\n", false},
		{"marker with content", "--- a: 1\n", false},
		{"dashes scalar", "---x: 1\n", false},
		{"directive", "%YAML 1.2\n---\na: 1\n", false},
		{"anchor", "a: &x 1\nb: *x\n", false},
		{"tag", "a: !!str 1\n", false},
		{"block scalar", "a: |\n  x\n", false},
		{"multi-line plain", "a: b\n  c\n", false},
		{"multi-line plain after key", "a:\n  b\n", false},
		{"bad dedent", "a:\n    b: 1\n  c: 2\n", false},
		{"mapping value in plain", "a: b: c\n", false},
		{"trailing colon", "a: b:\n", false},
		{"tab", "a:\tb\n", false},
		{"crlf", "a: b\r\n", false},
		{"control", "a: b\x01\n", false},
		{"bom", "\ufeffa: b\n", false},
		{"nel", "a: b\u0085c\n", false},
		{"unicode", "title: Grüße — ok ✓\nb: 'ü'\nc: {k: ü, z: 2}\n", true},
		{"unicode key", "é: 1\n", false},
		{"invalid utf-8", "a: \xff\n", false},
		{"merge", "<<: {a: 1}\n", false},
		{"bool key", "true: 1\n", false},
		{"dash then key", "- a: 1\n  b: 2\n- c: 3\n", true},
		{"mapping then dash", "- a: 1\n  - b\n", false},
		{"seq then key", "a:\n  - x\n  b: y\n", false},
		{"empty item", "- \n- a\n", false},
		{"dash scalar", "a: -\n", false},
		{"dash text", "a: -x\n", false},
		{"negative in seq", "- -1\n- -2.5\n", true},
		{"url", "a: http://x.org/a#b\n", true},
		{"question", "a: ?x\n", false},
		{"long key", strings.Repeat("k", 1100) + ": 1\n", false},
		{"long flow key", "- {" + strings.Repeat("k", 1100) + ": 1}\n", false},
		{"longest key", "a:\n  " + strings.Repeat("k", maxKey) + ": 1\nb: {" + strings.Repeat("k", maxKey) + ": 1}\n", true},
		{"no newline at end", "a: b", true},
		{"blank lines with spaces", "a: 1\n   \n\nb: 2\n", true},
		{"comment lines between", "a:\n# x\n  b: 1\n      # y\n  c: 2\n", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := agree(t, []byte(tc.in)); got != tc.ok {
				t.Errorf("Parse took it: %v, want %v", got, tc.ok)
			}
		})
	}
}

func TestDeepNestingGivesUp(t *testing.T) {
	var b strings.Builder
	for i := range 2 * maxDepth {
		fmt.Fprintf(&b, "%sk:\n", strings.Repeat(" ", i))
	}
	if _, ok := Parse([]byte(b.String())); ok {
		t.Fatal("Parse took a document nested beyond maxDepth")
	}
	b.Reset()
	for i := range maxDepth / 2 {
		fmt.Fprintf(&b, "%sk:\n", strings.Repeat(" ", i))
	}
	if !agree(t, []byte(b.String())) {
		t.Fatal("Parse gave up on a document nested within maxDepth")
	}
}

// TestRepositoryFiles holds Parse to go-yaml on every YAML file of the
// repository's examples and test data, and checks that it takes the files
// of the example repository, which are in the canonical layout.
func TestRepositoryFiles(t *testing.T) {
	n := 0
	for _, f := range yamlFiles(t) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		took := agree(t, data)
		if strings.Contains(f, filepath.Join("examples", "acme")) && !took {
			t.Errorf("Parse gave up on %s", f)
		}
		n++
	}
	if n < 10 {
		t.Fatalf("found only %d YAML files", n)
	}
}

// TestParserReuse parses every file with one Parser, large files after
// small ones and the other way round, so that chunks are reused and grown.
func TestParserReuse(t *testing.T) {
	files := yamlFiles(t)
	var ps Parser
	for _, order := range []string{"forward", "backward"} {
		for i := range files {
			f := files[i]
			if order == "backward" {
				f = files[len(files)-1-i]
			}
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			docs, ok := ps.Parse(data)
			if !ok {
				continue
			}
			want, err := goYAML(data)
			if err != nil || len(want) != len(docs) {
				t.Fatalf("%s: go-yaml: %v, %d documents; Parse %d", f, err, len(want), len(docs))
			}
			for i := range docs {
				if d := diff(fmt.Sprint("doc", i), docs[i], want[i]); d != "" {
					t.Fatalf("%s (%s): trees differ at %s", f, order, d)
				}
			}
		}
	}
	big := []byte("a:\n" + strings.Repeat("  - {k: v, n: 1}\n", 3*ptrChunk))
	if !agree(t, big) {
		t.Fatal("Parse gave up on a long sequence")
	}
	if _, ok := ps.Parse(big); !ok {
		t.Fatal("Parser gave up on a long sequence")
	}
}

func yamlFiles(t testing.TB) []string {
	var files []string
	for _, dir := range []string{"../../../examples", "../../load/testdata"} {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return files
}

func FuzzAgreesWithGoYAML(f *testing.F) {
	for _, p := range yamlFiles(f) {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("a:\n- {at: 2026-01-01, value: 10}\n- 'x'\n---\nb: [c, \"d\"]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		agree(t, data)
	})
}
