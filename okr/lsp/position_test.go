package lsp

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestUnits(t *testing.T) {
	line := "é😀中x"
	tests := []struct {
		n       int
		u16, u8 int
		comment string
	}{
		{0, 0, 0, "nothing before"},
		{1, 1, 2, "é: one UTF-16 unit, two bytes"},
		{2, 3, 6, "😀: two UTF-16 units (a surrogate pair), four bytes"},
		{3, 4, 9, "中: one UTF-16 unit, three bytes"},
		{4, 5, 10, "x: one of each"},
		{6, 7, 12, "past the end: one unit a character"},
	}
	for _, tc := range tests {
		if got := units(line, tc.n, utf16Encoding); got != tc.u16 {
			t.Errorf("%s: units(%d, utf-16) = %d, want %d", tc.comment, tc.n, got, tc.u16)
		}
		if got := units(line, tc.n, utf8Encoding); got != tc.u8 {
			t.Errorf("%s: units(%d, utf-8) = %d, want %d", tc.comment, tc.n, got, tc.u8)
		}
		if tc.n <= 4 {
			if got := byteOffset(line, tc.u16, utf16Encoding); got != tc.u8 {
				t.Errorf("%s: byteOffset(%d, utf-16) = %d, want %d", tc.comment, tc.u16, got, tc.u8)
			}
		}
	}
	// Inside the surrogate pair of 😀: its start.
	if got := byteOffset(line, 2, utf16Encoding); got != 2 {
		t.Errorf("byteOffset inside 😀 = %d, want 2", got)
	}
}

func TestTokenEnd(t *testing.T) {
	tests := []struct {
		line  string
		start int
		csv   bool
		want  string
	}{
		{"  tagret: 3", 2, false, "tagret"},
		{"direction: up # was down", 11, false, "up"},
		{`title: "a: b # c" # note`, 7, false, `"a: b # c"`},
		{`title: 'it''s' x`, 7, false, `'it''s'`},
		{"  - {at: 2026-10-05, value: x7, note: y}", 28, false, "x7"},
		{"nps,2026-10-01,abc,note", 15, true, "abc"},
		{"title: Cut latency, fast", 7, false, "Cut latency, fast"},
	}
	for _, tc := range tests {
		if got := tc.line[tc.start:tokenEnd(tc.line, tc.start, tc.csv)]; got != tc.want {
			t.Errorf("token at %d of %q = %q, want %q", tc.start, tc.line, got, tc.want)
		}
	}
}

// TestDiagnosticRanges checks a problem's range when characters outside
// ASCII come before it, in UTF-16 (the default) and UTF-8.
func TestDiagnosticRanges(t *testing.T) {
	files := map[string]string{
		"kpis/nps.yaml": "apiVersion: okr/v1\nkind: KPI\nid: nps\nname: NPS\ndirection: increase\n",
		// okr reports the confidence cell at 2:23: "nps,2026-10-01,40,"
		// is 18 characters, "é😀中," 4 more.
		"m.csv": "metric,at,value,note,confidence\nnps,2026-10-01,40,é😀中,high\n",
		// At 5:57: `  - {note: "` is 12 characters, é😀中 3, then
		// `", at: 2026-10-05, value: 7, confidence: ` 41.
		"m.yaml": "apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues:\n  - {note: \"é😀中\", at: 2026-10-05, value: 7, confidence: high}\n",
	}
	tests := []struct {
		name      string
		encodings []string
		csv, yaml Range
	}{{
		// UTF-16: 😀 is two units. CSV: 18 + 1 + 2 + 1 + 1 = 23 to 27.
		// YAML: 56 characters before "high", one more unit: 57 to 61.
		name: "utf-16",
		csv:  Range{Start: Position{1, 23}, End: Position{1, 27}},
		yaml: Range{Start: Position{4, 57}, End: Position{4, 61}},
	}, {
		// UTF-8: é 2, 😀 4, 中 3 bytes. CSV: 18 + 2 + 4 + 3 + 1 = 28 to
		// 32. YAML: 56 + 1 + 3 + 2 = 62 to 66.
		name:      "utf-8",
		encodings: []string{"utf-8"},
		csv:       Range{Start: Position{1, 28}, End: Position{1, 32}},
		yaml:      Range{Start: Position{4, 62}, End: Position{4, 66}},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := startServer(t, writeFiles(t, files))
			c.initialize(tc.encodings...)
			got := c.allDiagnostics()
			if len(got["m.csv"]) != 1 || len(got["m.yaml"]) != 1 {
				t.Fatalf("diagnostics %+v, want one in m.csv and one in m.yaml", got)
			}
			if diff := cmp.Diff(tc.csv, got["m.csv"][0].Range); diff != "" {
				t.Errorf("m.csv range (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.yaml, got["m.yaml"][0].Range); diff != "" {
				t.Errorf("m.yaml range (-want +got):\n%s", diff)
			}
		})
	}
}

// TestIncrementalEdits checks that incremental changes apply in order, at
// positions counted in the negotiated encoding.
func TestIncrementalEdits(t *testing.T) {
	for _, enc := range []string{"utf-16", "utf-8"} {
		t.Run(enc, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{
				"kpis/nps.yaml": "apiVersion: okr/v1\nkind: KPI\nid: nps\nname: NPS\ndirection: increase\n",
			})
			c := startServer(t, dir)
			c.initialize(enc)
			// Given a valid measurement file open with é😀中 before the
			// confidence cell,
			text, at := cut(t, "metric,at,value,note,confidence\nnps,2026-10-01,40,é😀中,‸7\n")
			c.open("m.csv", text)
			if d := c.diagnostics("m.csv"); len(d) != 0 {
				t.Fatalf("diagnostics %+v, want none", d)
			}
			if enc == "utf-8" {
				at.Character = 28 // 18 + 2 + 4 + 3 + 1 bytes
			}
			// when the 7 is replaced by "hi", then "gh" appended, in two
			// changes,
			c.edit("m.csv", Range{Start: at, End: Position{at.Line, at.Character + 1}}, "hi")
			c.edit("m.csv", Range{Start: Position{at.Line, at.Character + 2}, End: Position{at.Line, at.Character + 2}}, "gh")
			// then the cell reads "high", an error over those four units.
			d := c.diagnostics("m.csv")
			if len(d) != 1 || d[0].Code != "number" {
				t.Fatalf("diagnostics %+v, want one number error", d)
			}
			want := Range{Start: at, End: Position{at.Line, at.Character + 4}}
			if diff := cmp.Diff(want, d[0].Range); diff != "" {
				t.Errorf("range (-want +got):\n%s", diff)
			}
		})
	}
}
