package load

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/okr-as-code/okr/okr/model"
)

// garbage returns n reproducible random bytes.
func garbage(n int, seed uint64) string {
	r := rand.New(rand.NewPCG(seed, seed))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return string(b)
}

// TestSurvivesBadInput feeds the loader hostile files. Each must end in a
// clear problem or a clean skip: no panic, no hang (loadMap guards it), no
// problem without a position.
func TestSurvivesBadInput(t *testing.T) {
	const header = "apiVersion: okr/v1\nkind: KPI\n"
	big := strings.Repeat("x", 8<<20)
	tests := []struct {
		name  string
		files map[string]string
		want  []model.Problem // nil: the files are skipped without a problem
		read  []string        // the OKR files read
	}{
		{
			name:  "8 MB scalar in an OKR document",
			files: map[string]string{"a.yaml": header + "id: big\nname: " + big + "\ndirection: increase\n"},
			read:  []string{"a.yaml"},
		},
		{
			name:  "8 MB scalar that is not a number",
			files: map[string]string{"a.yaml": header + "id: big\nname: n\ndirection: increase\ntarget: 1" + big + "\n"},
			want:  []model.Problem{E("a.yaml", 6, 9, "schema", `target must be a number, not the text "1`+big+`"`)},
			read:  []string{"a.yaml"},
		},
		{
			name:  "8 MB line in a measurement CSV",
			files: map[string]string{"a.csv": "metric,at,value,note\na,2026-10-01,1," + big + "\n"},
			read:  []string{"a.csv"},
		},
		{
			name: "binary garbage named .yaml, .yml and .csv",
			files: map[string]string{
				"a.yaml": garbage(1<<20, 1),
				"b.yml":  "\x00\x01\x02\xff\xfe" + garbage(4096, 2),
				"c.csv":  garbage(1<<20, 3),
			},
		},
		{
			name: "binary garbage after an OKR header",
			files: map[string]string{
				"a.yaml": header + "\x00" + garbage(1<<20, 4),
			},
			want: []model.Problem{E("a.yaml", 3, 1, "yaml", "invalid YAML: control character U+0000 is not allowed; remove it")},
			read: []string{"a.yaml"},
		},
		{
			name: "binary garbage after a measurement header",
			files: map[string]string{
				"a.csv": "metric,at,value\n" + strings.Repeat("\x00\xff,x\n", 1000),
			},
			want: func() []model.Problem {
				var ps []model.Problem
				for i := range 100 {
					ps = append(ps, E("a.csv", 2+i, 1, "csv", "row has 2 fields, want 3 (metric,at,value)"))
				}
				return append(ps, E("a.csv", 101, 1, "csv", "too many problems in this file; stopped reading it"))
			}(),
			read: []string{"a.csv"},
		},
		{
			name: "empty files",
			files: map[string]string{
				"a.yaml": "", "b.yml": "\n\n", "c.csv": "", "d.yaml": "---\n...\n", "e.yaml": "# only a comment\n",
			},
		},
		{
			name:  "many empty documents",
			files: map[string]string{"a.yaml": header + "id: a\nname: a\ndirection: increase\n" + strings.Repeat("---\n", 100000)},
			read:  []string{"a.yaml"},
		},
		{
			name:  "20,000 levels of flow sequences",
			files: map[string]string{"a.yaml": header + "x: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n"},
			want:  []model.Problem{E("a.yaml", 3, 1, "yaml", "invalid YAML: exceeded max depth of 10000")},
			read:  []string{"a.yaml"},
		},
		{
			name:  "20,000 levels of flow mappings",
			files: map[string]string{"a.yaml": header + "x: " + strings.Repeat("{a: ", 20000) + "1" + strings.Repeat("}", 20000) + "\n"},
			want:  []model.Problem{E("a.yaml", 3, 1, "yaml", "invalid YAML: exceeded max depth of 10000")},
			read:  []string{"a.yaml"},
		},
		{
			name:  "20,000 levels of block sequences",
			files: map[string]string{"a.yaml": header + "x:\n" + strings.Repeat("- ", 20000) + "x\n"},
			want:  []model.Problem{E("a.yaml", 3, 1, "yaml", "invalid YAML: exceeded max depth of 10000")},
			read:  []string{"a.yaml"},
		},
		{
			name: "20,000 levels of nesting that is not for okr",
			files: map[string]string{
				"a.yaml": "x: " + strings.Repeat("[", 20000) + "\n",
			},
		},
		{
			name: "nesting beyond 10,000 levels through aliases",
			files: map[string]string{"a.yaml": header + func() string {
				var b strings.Builder
				b.WriteString("x0: &x0 " + strings.Repeat("[", 4000) + strings.Repeat("]", 4000) + "\n")
				for _, i := range []string{"1", "2", "3"} {
					prev := string(rune(i[0] - 1))
					b.WriteString("x" + i + ": &x" + i + " " + strings.Repeat("[", 4000) + "*x" + prev + strings.Repeat("]", 4000) + "\n")
				}
				return b.String()
			}()},
			want: []model.Problem{E("a.yaml", 3, 2007, "yaml", "document nests more than 10000 levels deep once its aliases are expanded; flatten it")},
			read: []string{"a.yaml"},
		},
		{
			name: "billion laughs through merge keys",
			files: map[string]string{"a.yaml": header + func() string {
				var b strings.Builder
				b.WriteString("a0: &a0 {id: a, name: n, direction: increase}\n")
				for i := 1; i < 40; i++ {
					b.WriteString("a" + itoa(i) + ": &a" + itoa(i) + " {<<: [" + strings.Repeat("*a"+itoa(i-1)+", ", 9) + "*a" + itoa(i-1) + "]}\n")
				}
				b.WriteString("<<: *a39\n")
				return b.String()
			}()},
			want: func() []model.Problem {
				var ps []model.Problem
				for i := range 40 {
					ps = append(ps, E("a.yaml", 3+i, 1, "schema", `unknown field "a`+itoa(i)+`" in a KPI document; allowed: apiVersion, kind, id, name, owner, unit, direction, target, warn, cadence, category, indicator, description`))
				}
				return ps
			}(),
			read: []string{"a.yaml"},
		},
		{
			name: "twenty thousand unknown fields",
			files: map[string]string{"a.yaml": header + "id: a\nname: n\ndirection: increase\n" + func() string {
				var b strings.Builder
				for i := range 20000 {
					b.WriteString("k" + itoa(i) + ": 1\n")
				}
				return b.String()
			}()},
			want: func() []model.Problem {
				var ps []model.Problem
				for i := range 100 {
					ps = append(ps, E("a.yaml", 6+i, 1, "schema", `unknown field "k`+itoa(i)+`" in a KPI document; allowed: apiVersion, kind, id, name, owner, unit, direction, target, warn, cadence, category, indicator, description`))
				}
				return append(ps, E("a.yaml", 106, 1, "limit", "too many problems in this file; only the first 100 are shown: fix these first"))
			}(),
			read: []string{"a.yaml"},
		},
		{
			name:  "twenty thousand repeated keys",
			files: map[string]string{"a.yaml": header + "id: a\nname: n\ndirection: increase\n" + strings.Repeat("unit: x\n", 20000)},
			want: func() []model.Problem {
				var ps []model.Problem
				for i := range 100 {
					ps = append(ps, E("a.yaml", 7+i, 1, "duplicate-key", `key "unit" repeated in this mapping (first at line 6, column 1); keep one`))
				}
				return append(ps, E("a.yaml", 107, 1, "limit", "too many problems in this file; only the first 100 are shown: fix these first"))
			}(),
			read: []string{"a.yaml"},
		},
		{
			name: "ragged and unterminated CSV",
			files: map[string]string{
				"a.csv": "metric,at,value\na,2026-10-01\na,2026-10-01,1,2,3\n\"a,2026-10-01,1\n",
			},
			want: []model.Problem{
				E("a.csv", 2, 1, "csv", "row has 2 fields, want 3 (metric,at,value)"),
				E("a.csv", 3, 1, "csv", "row has 5 fields, want 3 (metric,at,value)"),
				E("a.csv", 4, 17, "csv", `extraneous or missing " in quoted-field (quote a field that holds a comma or quote, and double quotes inside it: "say ""hi""")`),
			},
			read: []string{"a.csv"},
		},
		{
			name: "NaN, Inf and 1e999",
			files: map[string]string{
				"a.yaml": header + "id: a\nname: n\ndirection: increase\ntarget: .NaN\nwarn: -1e999\n",
				"b.csv":  "metric,at,value\na,2026-10-01,NaN\na,2026-10-01,+Inf\na,2026-10-01,1e999\n",
			},
			want: []model.Problem{
				E("a.yaml", 6, 9, "number", ".NaN is not a finite number; write an ordinary number"),
				E("a.yaml", 7, 7, "number", "-1e999 is not a finite number; write an ordinary number"),
				E("b.csv", 2, 14, "number", `value "NaN" is not a finite number; write a number such as 42 or -0.5`),
				E("b.csv", 3, 14, "number", `value "+Inf" is not a finite number; write a number such as 42 or -0.5`),
				E("b.csv", 4, 14, "number", `value "1e999" is not a finite number; write a number such as 42 or -0.5`),
			},
			read: []string{"a.yaml", "b.csv"},
		},
		{
			name: "impossible dates",
			files: map[string]string{
				"a.yaml": "apiVersion: okr/v1\nkind: Measurements\nmetric: a\nvalues:\n  - {at: 2026-02-30, value: 1}\n  - {at: 2025-02-29T10:00:00Z, value: 1}\n",
				"b.csv":  "metric,at,value\na,2026-02-30,1\na,2026-04-31T00:00:00Z,1\n",
			},
			want: []model.Problem{
				E("a.yaml", 5, 10, "date", `impossible date "2026-02-30": February 2026 has 28 days`),
				E("a.yaml", 6, 10, "date", `impossible date "2025-02-29": February 2025 has 28 days`),
				E("b.csv", 2, 3, "date", `impossible date "2026-02-30": February 2026 has 28 days`),
				E("b.csv", 3, 3, "date", `impossible date "2026-04-31": April 2026 has 30 days`),
			},
			read: []string{"a.yaml", "b.csv"},
		},
		{
			name: "wrong types everywhere",
			files: map[string]string{
				"a.yaml": "apiVersion: okr/v1\nkind: Objectives\nowner: [a]\nlevel: {x: 1}\nperiod: true\nobjectives: 3\n",
				"b.yaml": "apiVersion: okr/v1\nkind: Measurements\nmetric: {a: 1}\nvalues: x\n",
				"c.yaml": "apiVersion: okr/v1\nkind: KPI\nid: 1\nname: [x]\ndirection: null\ntarget: x\ncadence: 7\n",
			},
			want: []model.Problem{
				E("a.yaml", 3, 8, "schema", "owner must be text, not a list"),
				E("a.yaml", 4, 8, "schema", "level must be one of company, department, team, individual, not a mapping"),
				E("a.yaml", 5, 9, "schema", `period "true" is not valid: write YYYY-Qn (quarter), YYYY-Hn (half) or YYYY (year), such as 2026-Q4`),
				E("a.yaml", 6, 13, "schema", "objectives must be a list, not the number 3"),
				E("b.yaml", 3, 9, "schema", "metric must be text, not a mapping"),
				E("b.yaml", 4, 9, "schema", `values must be a list, not the text "x"`),
				E("c.yaml", 3, 5, "schema", `id must be text, not the number 1; quote it: "1"`),
				E("c.yaml", 4, 7, "schema", "name must be text, not a list"),
				E("c.yaml", 5, 12, "schema", "direction must be one of increase, decrease, not empty (null)"),
				E("c.yaml", 6, 9, "schema", `target must be a number, not the text "x"`),
				E("c.yaml", 7, 10, "schema", `cadence "7" is not one of daily, weekly, biweekly, monthly, quarterly`),
			},
			read: []string{"a.yaml", "b.yaml", "c.yaml"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repo, got := loadMap(t, tt.files)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				if len(diff) > 4000 {
					diff = diff[:4000] + "…"
				}
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.read, repo.Files); diff != "" {
				t.Errorf("files (-want +got):\n%s", diff)
			}
		})
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
