package render

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/okr-as-code/okr/okr/check"
	"github.com/okr-as-code/okr/okr/load"
	"github.com/okr-as-code/okr/okr/model"
)

var updateProblems = flag.Bool("update-problems", false, "rewrite the golden files of testdata/problems")

// sampleProblems covers both severities, a problem without a line or
// column, a hint, and text that each format must escape.
func sampleProblems() []model.Problem {
	return []model.Problem{
		{Pos: model.Pos{File: "teams/payments/2026-Q4.yaml", Line: 12, Column: 9}, Severity: model.Error, Rule: "schema",
			Message: `unknown field "tagret" in a key result; did you mean "target"?`},
		{Pos: model.Pos{File: "teams/payments/2026-Q4.yaml", Line: 20, Column: 16}, Severity: model.Error, Rule: "reference",
			Message: `objective "x" aligns to "acme/grow", which is not defined`, Hint: "add acme/grow, or fix the ref"},
		{Pos: model.Pos{File: "kpis/p95.yaml", Line: 10, Column: 10}, Severity: model.Warning, Rule: "stale-kpi",
			Message: "KPI \"p95\" (weekly) has no measurement on or before 2026-11-15; record one with `okr record p95 VALUE`"},
		{Pos: model.Pos{File: "measurements/a,b:100%.csv", Line: 3, Column: 0}, Severity: model.Error, Rule: "csv",
			Message: "row has 2 fields, want 3 (metric,at,value)\nsecond line: 100% <b>&</b>"},
		{Pos: model.Pos{File: "link.yaml"}, Severity: model.Warning, Rule: "symlink",
			Message: "symbolic link not followed: it leads outside the repository root, loops or is broken"},
	}
}

func TestProblemsGolden(t *testing.T) {
	tests := []struct {
		golden string
		format string
		probs  []model.Problem
		color  bool
	}{
		{"text.golden", "text", sampleProblems(), false},
		{"text-color.golden", "text", sampleProblems(), true},
		{"json.golden", "json", sampleProblems(), false},
		{"github.golden", "github", sampleProblems(), false},
		{"sarif.golden", "sarif", sampleProblems(), false},
		{"junit.golden", "junit", sampleProblems(), false},
		{"gitlab.golden", "gitlab", sampleProblems(), false},
		{"markdown.golden", "markdown", sampleProblems(), false},
		{"empty-junit.golden", "junit", nil, false},
		{"empty-gitlab.golden", "gitlab", nil, false},
		{"empty-markdown.golden", "markdown", nil, false},
		{"empty-text.golden", "text", nil, false},
		{"empty-json.golden", "json", nil, false},
		{"empty-github.golden", "github", nil, false},
		{"empty-sarif.golden", "sarif", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			w, err := NewProblemWriter(tt.format)
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			s := Summary{Files: 3, Color: tt.color, FileNames: []string{"kpis/p95.yaml", "teams/ok.yaml", "teams/payments/2026-Q4.yaml"}, Version: "v1.2.3"}
			if err := w.Write(&b, tt.probs, s); err != nil {
				t.Fatal(err)
			}
			problemsGolden(t, tt.golden, b.Bytes())
		})
	}
}

func problemsGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "problems", name)
	if *updateProblems {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./okr/render -update-problems)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}

func TestNewProblemWriterUnknown(t *testing.T) {
	_, err := NewProblemWriter("yaml")
	if err == nil || err.Error() != `unknown format "yaml": use one of text, json, github, sarif, junit, gitlab, markdown` {
		t.Errorf("err = %v", err)
	}
}

// TestJSONProblemsShape checks the SPEC §3 shape: counts, valid, and an
// empty list rather than null.
func TestJSONProblemsShape(t *testing.T) {
	for _, probs := range [][]model.Problem{nil, sampleProblems()} {
		var b bytes.Buffer
		if err := (jsonProblems{}).Write(&b, probs, Summary{Files: 2}); err != nil {
			t.Fatal(err)
		}
		var got struct {
			Valid    *bool             `json:"valid"`
			Errors   *int              `json:"errors"`
			Warnings *int              `json:"warnings"`
			Problems []json.RawMessage `json:"problems"`
		}
		if err := json.Unmarshal(b.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		errs, warns := model.Count(probs)
		if got.Valid == nil || *got.Valid != (errs == 0) || got.Errors == nil || *got.Errors != errs || got.Warnings == nil || *got.Warnings != warns {
			t.Errorf("counts wrong: %s", b.String())
		}
		if got.Problems == nil || len(got.Problems) != len(probs) {
			t.Errorf("problems must be a list of %d: %s", len(probs), b.String())
		}
		for _, raw := range got.Problems {
			var p map[string]any
			if err := json.Unmarshal(raw, &p); err != nil {
				t.Fatal(err)
			}
			for _, k := range []string{"file", "line", "column", "severity", "rule", "message"} {
				if _, ok := p[k]; !ok {
					t.Errorf("problem without %q: %s", k, raw)
				}
			}
		}
	}
}

// TestSARIFShape checks what code-scanning consumers rely on in a SARIF
// 2.1.0 log: version, one run with a named driver, results whose ruleId is
// described among the driver's rules, a valid level, a message, and a
// physical location with a relative URI and a region from line 1.
func TestSARIFShape(t *testing.T) {
	var b bytes.Buffer
	if err := (sarifProblems{}).Write(&b, sampleProblems(), Summary{Files: 2, Version: "v1.2.3"}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name           string `json:"name"`
					Version        string `json:"version"`
					InformationURI string `json:"informationUri"`
					Rules          []struct {
						ID               string `json:"id"`
						ShortDescription struct {
							Text string `json:"text"`
						} `json:"shortDescription"`
						FullDescription struct {
							Text string `json:"text"`
						} `json:"fullDescription"`
						Help struct {
							Text     string `json:"text"`
							Markdown string `json:"markdown"`
						} `json:"help"`
						HelpURI              string `json:"helpUri"`
						DefaultConfiguration struct {
							Level string `json:"level"`
						} `json:"defaultConfiguration"`
						Properties struct {
							Tags []string `json:"tags"`
						} `json:"properties"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			ColumnKind string `json:"columnKind"`
			Results    []struct {
				RuleID              string            `json:"ruleId"`
				RuleIndex           int               `json:"ruleIndex"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
				Level               string            `json:"level"`
				Message             struct {
					Text string `json:"text"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region *struct {
							StartLine   int `json:"startLine"`
							StartColumn int `json:"startColumn"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	dec := json.NewDecoder(&b)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&log); err != nil {
		t.Fatalf("not the expected SARIF shape: %v", err)
	}
	if log.Version != "2.1.0" || !strings.Contains(log.Schema, "sarif-2.1.0") {
		t.Errorf("version %q, $schema %q", log.Version, log.Schema)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	run := log.Runs[0]
	if run.Tool.Driver.Name != "okr" || run.Tool.Driver.InformationURI == "" {
		t.Errorf("driver %+v", run.Tool.Driver)
	}
	if run.Tool.Driver.Version != "1.2.3" {
		t.Errorf("driver version %q", run.Tool.Driver.Version)
	}
	rules := map[string]bool{}
	for _, r := range run.Tool.Driver.Rules {
		if r.ID == "" || r.ShortDescription.Text == "" || r.FullDescription.Text == "" || r.Help.Text == "" ||
			r.HelpURI == "" || (r.DefaultConfiguration.Level != "error" && r.DefaultConfiguration.Level != "warning") || rules[r.ID] {
			t.Errorf("bad or repeated rule %+v", r)
		}
		rules[r.ID] = true
	}
	// Every rule okr can report is listed, not only those that fired.
	for id := range Rules {
		if !rules[id] {
			t.Errorf("rule %q is not listed", id)
		}
	}
	prints := map[string]bool{}
	if len(run.Results) != len(sampleProblems()) {
		t.Fatalf("%d results, want %d", len(run.Results), len(sampleProblems()))
	}
	for i, r := range run.Results {
		p := sampleProblems()[i]
		if !rules[r.RuleID] || r.RuleID != p.Rule || run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %d: ruleId %q (index %d) not among the driver's rules", i, r.RuleID, r.RuleIndex)
		}
		fp := r.PartialFingerprints["okrProblem/v1"]
		if fp == "" || prints[fp] {
			t.Errorf("result %d: fingerprint %q missing or repeated", i, fp)
		}
		prints[fp] = true
		if !slices.Contains([]string{"error", "warning", "note", "none"}, r.Level) || r.Level != string(p.Severity) {
			t.Errorf("result %d: level %q", i, r.Level)
		}
		if r.Message.Text == "" {
			t.Errorf("result %d: no message", i)
		}
		if len(r.Locations) != 1 {
			t.Fatalf("result %d: %d locations", i, len(r.Locations))
		}
		loc := r.Locations[0].PhysicalLocation
		u, err := url.Parse(loc.ArtifactLocation.URI)
		if err != nil || u.Scheme != "" || u.IsAbs() || u.Path != p.File {
			t.Errorf("result %d: uri %q is not a relative reference to %q (%v)", i, loc.ArtifactLocation.URI, p.File, err)
		}
		// A problem without a line is on line 1: GitHub needs a region.
		wantLine, wantCol := max(p.Line, 1), p.Column
		if p.Line == 0 {
			wantCol = 0
		}
		if loc.Region == nil || loc.Region.StartLine != wantLine || loc.Region.StartColumn != wantCol {
			t.Errorf("result %d: region %+v, want line %d column %d", i, loc.Region, wantLine, wantCol)
		}
	}
}

// TestRulesDescribed: every rule the loader and the checks report has a
// description for SARIF. The loader's rules are collected by loading files
// that break each of them.
func TestRulesDescribed(t *testing.T) {
	rules := []string{
		check.RuleDuplicate, check.RuleReference, check.RuleAlignment, check.RuleCycle, check.RuleLevels,
		check.RuleMeasurement, check.RuleTooManyObj, check.RuleKRCount, check.RuleNumericTitle,
		check.RuleMilestoneOnly, check.RuleStaleKPI, "io", "symlink", load.RuleNearMiss,
	}
	fsys := fstest.MapFS{
		"okr.yaml": {Data: []byte("grades: {green: 0.1, yellow: 0.5}\n")},
		"a.yaml":   {Data: []byte("apiVersion: okr/v1\nkind: KPI\nid: [\n")},
		"b.yaml":   {Data: []byte("apiVersion: okr/v2\n")},
		"c.yaml":   {Data: []byte("apiVersion: okr/v1\nkind: KPI\nid: x\nid: y\ntarget: .inf\n")},
		"d.csv":    {Data: []byte("metric,at,value\na,2026-02-30,1\na\n" + strings.Repeat("a,2026-01-01,x\n", 200))},
		"e.yaml":   {Data: []byte("apiVersion: okr/v1\nkind: Measurements\nmetric: a\nvalues: [{at: 2026-02-30, value: 1}]\n" + strings.Repeat("x: 1\n", 200))},
	}
	_, probs, err := load.Load(fsys, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range probs {
		rules = append(rules, p.Rule)
	}
	for _, want := range []string{"yaml", "schema", "duplicate-key", "number", "date", "csv", "api-version", "config", "limit"} {
		if !slices.Contains(rules, want) {
			t.Errorf("the fixture does not produce rule %q", want)
		}
	}
	for _, r := range rules {
		if d, ok := Rules[r]; !ok || d.Short == "" || d.Full == "" || d.Help == "" || (d.Level != "error" && d.Level != "warning") {
			t.Errorf("rule %q is not fully described in Rules: %+v", r, d)
		}
	}
}
