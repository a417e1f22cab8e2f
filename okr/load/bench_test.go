package load

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
)

// teamDoc is a typical team document (4 objectives of 4 key results); SPEC
// §4's repository holds 8,000 of them.
func teamDoc() []byte {
	var s strings.Builder
	s.WriteString("apiVersion: okr/v1\nkind: Objectives\nowner: team-0001\nlevel: team\nperiod: 2026-Q4\nobjectives:\n")
	for o := range 4 {
		fmt.Fprintf(&s, "  - id: objective-%d\n    title: Make the thing better, part %c\n    aligns_to: dept-01/grow\n    key_results:\n", o, 'a'+o)
		for k := range 4 {
			fmt.Fprintf(&s, "      - id: kr-%d\n        title: Move metric %d from 10 to 20\n        kpi: kpi_%04d\n        baseline: 10\n        target: 20\n        unit: ms\n        owner: person-%d\n", k, k, o*4+k, k)
		}
	}
	return []byte(s.String())
}

// BenchmarkParseYAML parses a typical team document.
func BenchmarkParseYAML(b *testing.B) {
	data := teamDoc()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if r := parseYAML("a.yaml", data); len(r.problems) > 0 || len(r.objectives) != 1 {
			b.Fatalf("%v", r.problems)
		}
	}
}

// BenchmarkParseYAMLProblem parses the team document with one mistake, a
// misspelt field, as a pull request under review might have.
func BenchmarkParseYAMLProblem(b *testing.B) {
	data := bytes.Replace(teamDoc(), []byte("        target: 20\n"), []byte("        tagret: 20\n"), 1)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if r := parseYAML("a.yaml", data); len(r.problems) != 1 || len(r.objectives) != 1 {
			b.Fatalf("%v", r.problems)
		}
	}
}

// BenchmarkParseCSV parses 100,000 measurement rows; SPEC §4's repository
// holds 1,000,000.
func BenchmarkParseCSV(b *testing.B) {
	var s strings.Builder
	s.WriteString("metric,at,value,note\n")
	for i := range 100_000 {
		fmt.Fprintf(&s, "kpi_%04d,2026-%02d-%02d,%d.5,\n", i%2000, 1+i%12, 1+i%28, i)
	}
	data := []byte(s.String())
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if ms, ps, _ := parseCSVAppendable("m.csv", data); len(ps) > 0 || len(ms) != 100_000 {
			b.Fatalf("%d rows, %v", len(ms), ps)
		}
	}
}

// BenchmarkLoadExample loads the example repository from disk.
func BenchmarkLoadExample(b *testing.B) {
	if _, err := os.Stat("../../examples/acme"); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, _, err := Dir("../../examples/acme", Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
