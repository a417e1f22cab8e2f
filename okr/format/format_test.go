package format

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/okr-as-code/okr/okr/load"
	"github.com/okr-as-code/okr/okr/model"
	"go.yaml.in/yaml/v3"
)

func TestSource(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // "" means: unchanged
	}{
		{
			name: "canonical objectives unchanged",
			in: `apiVersion: okr/v1
kind: Objectives
owner: payments
period: 2026-Q4
objectives:
  - id: effortless-checkout
    title: Make checkout effortless
    key_results:
      - id: p95-latency
        title: Cut checkout p95 latency
        baseline: 800
        target: 300
`,
		},
		{
			// go-yaml's emitter writes a character beyond the BMP as
			// "\U0001F600" in double quotes; okr fmt keeps it as
			// written, in the style a BMP character would get (plain,
			// quoted as written, a literal block), comments too.
			name: "emoji kept as written",
			in: "kind: KPI\napiVersion: okr/v1\nid: nps\nname: NPS 😀\ndirection: increase\n" +
				"description: |\n  Launch 🚀 now\n  then 👩🏼‍❤️‍💋‍👨🏾\nunit: \"🧪 runs\" # 🧪 per day\n",
			want: "apiVersion: okr/v1\nkind: KPI\nid: nps\nname: NPS 😀\nunit: \"🧪 runs\" # 🧪 per day\n" +
				"direction: increase\ndescription: |\n  Launch 🚀 now\n  then 👩🏼‍❤️‍💋‍👨🏾\n",
		},
		{
			// The private-use characters okr fmt writes emoji as while it
			// encodes are chosen among those the document does not hold.
			name: "private-use characters and emoji",
			in:   "kind: KPI\napiVersion: okr/v1\nid: nps\nname: \"\ue000 \U0001F600 \ue001 \U0001F680\"\n",
			want: "apiVersion: okr/v1\nkind: KPI\nid: nps\nname: \"\ue000 \U0001F600 \ue001 \U0001F680\"\n",
		},
		{
			name: "people keys in spec order",
			in: `kind: People
people:
- team: payments
  slack: U024BE7LH
  name: Alice Martin
  teams: alice@example.com
  email: alice@example.com
  id: alice
apiVersion: okr/v1
`,
			want: `apiVersion: okr/v1
kind: People
people:
  - id: alice
    name: Alice Martin
    email: alice@example.com
    slack: U024BE7LH
    teams: alice@example.com
    team: payments
`,
		},
		{
			name: "keys in spec order, unknown keys last in their order",
			in: `period: 2026-Q4
zeta: 1
owner: payments
kind: Objectives
alpha: 2
apiVersion: okr/v1
objectives:
- key_results:
  - target: 300
    unit: ms
    baseline: 800
    title: Cut p95
    id: p95
    commit: 600
  title: Fast
  weight: 2
  id: fast
`,
			want: `apiVersion: okr/v1
kind: Objectives
owner: payments
period: 2026-Q4
objectives:
  - id: fast
    title: Fast
    weight: 2
    key_results:
      - id: p95
        title: Cut p95
        baseline: 800
        commit: 600
        target: 300
        unit: ms
zeta: 1
alpha: 2
`,
		},
		{
			name: "four-space indentation and flow collections become the canonical blocks",
			in: `apiVersion: okr/v1
kind: Objectives
owner: payments
period: 2026-Q4
objectives:
    -   id: fast
        title: Fast
        key_results: [{id: a, title: A, type: milestone}]
`,
			want: `apiVersion: okr/v1
kind: Objectives
owner: payments
period: 2026-Q4
objectives:
  - id: fast
    title: Fast
    key_results:
      - id: a
        title: A
        type: milestone
`,
		},
		{
			name: "measurement values in flow style, one per line",
			in: `kind: Measurements
apiVersion: okr/v1
metric: checkout_p95_ms
values:
- at: 2026-10-05
  value: 780
- {value: 700, note: "CDN rollout", at: 2026-10-12}
- note: a, b
  at: 2026-10-19
  value: 640
`,
			want: `apiVersion: okr/v1
kind: Measurements
metric: checkout_p95_ms
values:
  - {at: 2026-10-05, value: 780}
  - {at: 2026-10-12, value: 700, note: "CDN rollout"}
  - {at: 2026-10-19, value: 640, note: 'a, b'}
`,
		},
		{
			name: "check-in fields: confidence last in a value, cadence after owner in a key result",
			in: `kind: Measurements
apiVersion: okr/v1
metric: nps
values:
- confidence: 6
  value: 40
  at: 2026-10-05
- {confidence: 7, note: survey, value: 41, at: 2026-10-12}
---
apiVersion: okr/v1
kind: Objectives
owner: growth
period: 2026-Q4
objectives:
  - id: delight
    title: Delight customers
    key_results:
      - cadence: biweekly
        owner: alice
        weight: 2
        id: nps
        title: Raise NPS
        baseline: 30
        target: 45
`,
			want: `apiVersion: okr/v1
kind: Measurements
metric: nps
values:
  - {at: 2026-10-05, value: 40, confidence: 6}
  - {at: 2026-10-12, value: 41, note: survey, confidence: 7}
---
apiVersion: okr/v1
kind: Objectives
owner: growth
period: 2026-Q4
objectives:
  - id: delight
    title: Delight customers
    key_results:
      - id: nps
        title: Raise NPS
        baseline: 30
        target: 45
        weight: 2
        owner: alice
        cadence: biweekly
`,
		},
		{
			name: "comments are kept; the head comment stays on top",
			in: `# Payments goals for Q4.
kind: Objectives # the kind
apiVersion: okr/v1
owner: payments
period: 2026-Q4
objectives:
  # the only one
  - title: Fast
    id: fast # short
    key_results:
      - id: a
        # done when shipped
        type: milestone
        title: A
# end
`,
			want: `# Payments goals for Q4.
apiVersion: okr/v1
kind: Objectives # the kind
owner: payments
period: 2026-Q4
objectives:
  # the only one
  - id: fast # short
    title: Fast
    key_results:
      - id: a
        title: A
        # done when shipped
        type: milestone
# end
`,
		},
		{
			name: "a line comment moves to the end of the line; other comments and block scalars keep the value in block style",
			in: `apiVersion: okr/v1
kind: Measurements
metric: m
values:
  - value: 1 # first
    at: 2026-10-05
  - value: 1.5
    # a comment of its own
    at: 2026-10-05
  - at: 2026-10-06
    value: 2
    note: |
      two
      lines
  - {at: 2026-10-07, value: 3} # line comments are fine
`,
			want: `apiVersion: okr/v1
kind: Measurements
metric: m
values:
  - {at: 2026-10-05, value: 1} # first
  - # a comment of its own
    at: 2026-10-05
    value: 1.5
  - at: 2026-10-06
    value: 2
    note: |
      two
      lines
  - {at: 2026-10-07, value: 3} # line comments are fine
`,
		},
		{
			name: "other documents of the file are kept byte for byte",
			in: `# a CI file
name:   ci
on: [push,   pull_request]
---   # the goals
kind: KPI
apiVersion: okr/v1
id: nps
name: NPS
direction: increase
---
apiVersion: okr/v2
kind:    KPI
...
# trailing
`,
			want: `# a CI file
name:   ci
on: [push,   pull_request]
---
# the goals
apiVersion: okr/v1
kind: KPI
id: nps
name: NPS
direction: increase
---
apiVersion: okr/v2
kind:    KPI
...
# trailing
`,
		},
		{
			name: "no OKR document: unchanged",
			in:   "b:    1\na: [x,y]\n",
		},
		{
			name: "unknown kind: unchanged",
			in:   "apiVersion: okr/v1\nkind: Goals\nz: 1\na:   2\n",
		},
		{
			name: "anchors and merge keys: unchanged",
			in: `apiVersion: okr/v1
kind: KPI
name: &n NPS
id: nps
description: *n
direction: increase
`,
		},
		{
			name: "CRLF line endings are kept",
			in:   "kind: KPI\r\napiVersion: okr/v1\r\nid: nps\r\nname: NPS\r\ndirection: increase\r\n",
			want: "apiVersion: okr/v1\r\nkind: KPI\r\nid: nps\r\nname: NPS\r\ndirection: increase\r\n",
		},
		{
			name: "a byte order mark is kept",
			in:   "\xef\xbb\xbfkind: KPI\napiVersion: okr/v1\nid: nps\nname: NPS\ndirection: increase\n",
			want: "\xef\xbb\xbfapiVersion: okr/v1\nkind: KPI\nid: nps\nname: NPS\ndirection: increase\n",
		},
		{
			name: "scalars keep their quoting and type",
			in: `apiVersion: okr/v1
kind: KPI
id: "007"
name: 'Bond'
owner: "123"
unit: "%"
direction: increase
target: 0x10
`,
		},
		{
			name: "blank lines inside a document are dropped",
			in:   "apiVersion: okr/v1\n\nkind: KPI\n\n\nid: nps\nname: NPS\ndirection: increase\n\n\n",
			want: "apiVersion: okr/v1\nkind: KPI\nid: nps\nname: NPS\ndirection: increase\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Source([]byte(tt.in))
			if err != nil {
				t.Fatalf("Source: %v", err)
			}
			want := tt.want
			if want == "" {
				want = tt.in
			}
			if diff := cmp.Diff(want, string(got)); diff != "" {
				t.Errorf("Source (-want +got):\n%s", diff)
			}
			again, err := Source(got)
			if err != nil {
				t.Fatalf("Source of its own output: %v", err)
			}
			if !bytes.Equal(again, got) {
				t.Errorf("not idempotent: the second pass gives\n%s", again)
			}
			sameModel(t, []byte(tt.in), got)
		})
	}
}

func TestSourceRefuses(t *testing.T) {
	tests := []struct {
		name, in string
		line     int
		msg      string
	}{
		{"invalid YAML", "apiVersion: okr/v1\nkind: KPI\nid: [nps\n", 2, "invalid YAML"},
		{"invalid YAML in a later document", "a: 1\n---\napiVersion: okr/v1\nkind: KPI\n  id: x\n", 5, "invalid YAML"},
		{"content on the marker line", "a: 1\n--- {apiVersion: okr/v1, kind: KPI, id: x}\n", 2, "'---' line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Source([]byte(tt.in))
			var fe *Error
			if !errors.As(err, &fe) {
				t.Fatalf("Source: got %v, want an *Error", err)
			}
			if fe.Line != tt.line || !strings.Contains(fe.Msg, tt.msg) {
				t.Errorf("Source: got line %d %q, want line %d and %q", fe.Line, fe.Msg, tt.line, tt.msg)
			}
		})
	}
}

// TestExamplesAreCanonical formats every YAML file of the example
// repository: formatting is idempotent on it and preserves its meaning.
func TestExamples(t *testing.T) {
	root := filepath.Join("..", "..", "examples", "acme")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || (filepath.Ext(p) != ".yaml" && filepath.Ext(p) != ".yml") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		got, err := Source(src)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		again, err := Source(got)
		if err != nil || !bytes.Equal(again, got) {
			t.Errorf("%s: not idempotent (%v)", p, err)
		}
		sameModel(t, src, got)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestMessyExamples scrambles every example file (keys reversed, four-space
// indentation, flow style everywhere) and formats it back: the documents
// mean what they meant, and formatting again changes nothing.
func TestMessyExamples(t *testing.T) {
	root := filepath.Join("..", "..", "examples", "acme")
	n := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".yaml" {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if !bytes.Contains(src, []byte("apiVersion: okr/v1")) {
			return nil // no OKR document: left alone, scrambled or not
		}
		messy := scramble(t, src)
		got, err := Source(messy)
		if err != nil {
			t.Errorf("%s: %v\n%s", p, err, messy)
			return nil
		}
		sameModel(t, src, got)
		again, err := Source(got)
		if err != nil || !bytes.Equal(again, got) {
			t.Errorf("%s: not idempotent (%v)", p, err)
		}
		if bytes.Equal(got, messy) {
			t.Errorf("%s: the scrambled file was left as it was", p)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 10 {
		t.Errorf("formatted %d example files, want at least 10", n)
	}
}

// scramble re-encodes every document of src with its keys reversed, flow
// collections and four-space indentation.
func scramble(t *testing.T, src []byte) []byte {
	t.Helper()
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(4)
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		if n.Kind == yaml.MappingNode {
			for i, j := 0, len(n.Content)-2; i < j; i, j = i+2, j-2 {
				n.Content[i], n.Content[j] = n.Content[j], n.Content[i]
				n.Content[i+1], n.Content[j+1] = n.Content[j+1], n.Content[i+1]
			}
		}
		if (n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode) && depth >= 3 {
			n.Style = yaml.FlowStyle
		}
		for _, c := range n.Content {
			walk(c, depth+1)
		}
	}
	for {
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			break
		}
		walk(&doc, 0)
		if err := enc.Encode(&doc); err != nil {
			t.Fatal(err)
		}
	}
	enc.Close()
	return out.Bytes()
}

// sameModel loads before and after as one file of a repository and checks
// that they hold the same documents, positions aside.
func sameModel(t *testing.T, before, after []byte) {
	t.Helper()
	a, pa, err := load.Load(fstest.MapFS{"f.yaml": {Data: before}}, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, pb, err := load.Load(fstest.MapFS{"f.yaml": {Data: after}}, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ignore := cmpopts.IgnoreTypes(model.Pos{}, model.Fields{})
	if diff := cmp.Diff(a, b, ignore); diff != "" {
		t.Errorf("formatting changed the documents (-before +after):\n%s", diff)
	}
	if diff := cmp.Diff(messages(pa), messages(pb)); diff != "" {
		t.Errorf("formatting changed the problems (-before +after):\n%s", diff)
	}
}

func messages(ps []model.Problem) []string {
	var out []string
	for _, p := range model.SortProblems(ps) {
		out = append(out, string(p.Severity)+" "+p.Rule)
	}
	return out
}

func TestFiles(t *testing.T) {
	dir := t.TempDir()
	messy := "kind: KPI\napiVersion: okr/v1\nid: nps\nname: NPS\ndirection: increase\n"
	tidy := "apiVersion: okr/v1\nkind: KPI\nid: nps\nname: NPS\ndirection: increase\n"
	write := func(name, data string, mode os.FileMode) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
	}
	write("kpis/messy.yaml", messy, 0o640)
	write("kpis/tidy.yaml", tidy, 0o644)
	write("kpis/broken.yaml", "apiVersion: okr/v1\nkind: [\n", 0o644)
	if err := os.Symlink("messy.yaml", filepath.Join(dir, "kpis", "link.yaml")); err != nil {
		t.Fatal(err)
	}
	names := []string{"kpis/broken.yaml", "kpis/link.yaml", "kpis/messy.yaml", "kpis/tidy.yaml", "kpis/missing.yaml"}

	// Checking writes nothing.
	res, err := Files(dir, names, false)
	if err != nil {
		t.Fatal(err)
	}
	summary := func(res []Result) []string {
		var out []string
		for _, r := range res {
			s := r.File
			if r.Changed {
				s += " changed"
			}
			if r.Err != nil {
				s += " error"
			}
			out = append(out, s)
		}
		return out
	}
	want := []string{"kpis/broken.yaml error", "kpis/link.yaml", "kpis/messy.yaml changed", "kpis/tidy.yaml", "kpis/missing.yaml error"}
	if diff := cmp.Diff(want, summary(res)); diff != "" {
		t.Errorf("check (-want +got):\n%s", diff)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "kpis", "messy.yaml")); string(b) != messy {
		t.Errorf("checking rewrote the file:\n%s", b)
	}

	// Writing rewrites the one file, keeps its mode and leaves no
	// temporary file behind.
	res, err = Files(dir, names, true)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, summary(res)); diff != "" {
		t.Errorf("write (-want +got):\n%s", diff)
	}
	p := filepath.Join(dir, "kpis", "messy.yaml")
	if b, _ := os.ReadFile(p); string(b) != tidy {
		t.Errorf("messy.yaml is now\n%s\nwant\n%s", b, tidy)
	}
	if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o640 {
		t.Errorf("mode: got %v (%v), want 0640", fi.Mode().Perm(), err)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "kpis"))
	var left []string
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if diff := cmp.Diff([]string{"broken.yaml", "link.yaml", "messy.yaml", "tidy.yaml"}, left); diff != "" {
		t.Errorf("files in kpis/ (-want +got):\n%s", diff)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "kpis", "broken.yaml")); string(b) != "apiVersion: okr/v1\nkind: [\n" {
		t.Errorf("broken.yaml was changed")
	}
}

func FuzzSource(f *testing.F) {
	for _, s := range []string{
		"apiVersion: okr/v1\nkind: KPI\nid: x\n",
		"kind: Measurements\napiVersion: okr/v1\nmetric: m\nvalues:\n- at: 2026-01-01\n  value: 1 # c\n",
		"a: 1\n---\nkind: Objectives\napiVersion: okr/v1\nobjectives: [{id: a, key_results: [{id: b}]}]\n",
		"kind: KPI\napiVersion: okr/v1\nid: x\nname: \"\ue000 😀\" # 🚀\ndescription: |\n  a 🧪\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		out, err := Source(src)
		if err != nil {
			return
		}
		again, err := Source(out)
		if err != nil {
			t.Fatalf("the output does not format: %v\n%s", err, out)
		}
		if !bytes.Equal(again, out) {
			t.Fatalf("not idempotent:\n%s\nthen\n%s", out, again)
		}
	})
}
