package lsp

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/okr-as-code/okr/okr/model"
)

// TestDiagnosticsFollowChanges checks that a change publishes the
// diagnostics of every file whose problems it altered, and clears them
// with an empty list once they are gone.
func TestDiagnosticsFollowChanges(t *testing.T) {
	// Given the acme example, which has no problem,
	c := startServer(t, copyDir(t, "../../examples/acme"))
	c.initialize()
	if d := c.allDiagnostics(); len(d) != 0 {
		t.Fatalf("diagnostics at start: %+v", d)
	}
	// when the KPI checkout_p95_ms is renamed in its open document,
	text := c.openDisk("kpis/checkout.yaml")
	c.replace("kpis/checkout.yaml", strings.Replace(text, "id: checkout_p95_ms", "id: checkout_p95", 1))
	// then the files that name it get errors,
	got := c.allDiagnostics()
	var files []string
	for f := range got {
		files = append(files, f)
	}
	slices.Sort(files)
	// (the KPI itself, now without measurements, gets a warning)
	want := []string{"kpis/checkout.yaml", "measurements/payments.csv", "teams/payments/2026-Q3.yaml", "teams/payments/2026-Q4.yaml"}
	if !slices.Equal(files, want) {
		t.Fatalf("files with diagnostics %v, want %v", files, want)
	}
	for _, d := range got["teams/payments/2026-Q4.yaml"] {
		if d.Source != "okr" || d.Severity != severityError || !strings.Contains(d.Message, "checkout_p95_ms") {
			t.Errorf("diagnostic %+v, want an okr error naming checkout_p95_ms", d)
		}
	}
	// and when it is renamed back, each of them gets an empty list.
	c.mu.Lock()
	before := len(c.pubs)
	c.mu.Unlock()
	c.replace("kpis/checkout.yaml", text)
	if d := c.allDiagnostics(); len(d) != 0 {
		t.Fatalf("diagnostics after the fix: %+v", d)
	}
	c.mu.Lock()
	cleared := map[string]bool{}
	for _, p := range c.pubs[before:] {
		if len(p.Diagnostics) != 0 {
			t.Errorf("published %+v after the fix", p)
		}
		cleared[p.URI] = true
	}
	c.mu.Unlock()
	for _, f := range want {
		if !cleared[c.uri(f)] {
			t.Errorf("%s was not cleared with an empty list", f)
		}
	}
	if st := c.shutdown(); st != 0 {
		t.Errorf("exit status %d after shutdown, want 0", st)
	}
}

// TestClosedDocumentReadsDisk checks that closing a document makes the
// server read the file on disk again.
func TestClosedDocumentReadsDisk(t *testing.T) {
	c := startServer(t, copyDir(t, "../../examples/acme"))
	c.initialize()
	// Given an open document with an error,
	text := c.openDisk("kpis/nps.yaml")
	c.replace("kpis/nps.yaml", text+"tagret: 3\n")
	if d := c.diagnostics("kpis/nps.yaml"); len(d) != 1 || d[0].Code != "schema" {
		t.Fatalf("diagnostics %+v, want the unknown field", d)
	}
	// when it is closed unsaved, then the file on disk counts: no error.
	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": c.uri("kpis/nps.yaml")}})
	if d := c.diagnostics("kpis/nps.yaml"); len(d) != 0 {
		t.Fatalf("diagnostics after close %+v, want none", d)
	}
}

// TestNewFileNotOnDisk checks that a document opened before it is saved,
// in a directory that does not exist yet, is read as a file of the
// repository.
func TestNewFileNotOnDisk(t *testing.T) {
	c := startServer(t, writeFiles(t, map[string]string{}))
	c.initialize()
	c.open("teams/new/2026-Q4.yaml", "apiVersion: okr/v1\nkind: KPI\nid: x\nname: X\ndirection: sideways\n")
	d := c.diagnostics("teams/new/2026-Q4.yaml")
	if len(d) != 1 || d[0].Code != "schema" || d[0].Range.Start.Line != 4 {
		t.Fatalf("diagnostics %+v, want the direction's schema error on line 5", d)
	}
}

// TestDiagnostic checks the mapping of one problem: a warning with a hint
// on the key at 1:1 of "tagret: 3".
func TestDiagnostic(t *testing.T) {
	st := &state{enc: utf16Encoding}
	p := model.Problem{Pos: model.Pos{File: "kpis/x.yaml", Line: 1, Column: 1}, Severity: model.Warning, Rule: "schema", Message: "unknown field", Hint: "write target"}
	want := Diagnostic{Range: Range{Start: Position{0, 0}, End: Position{0, 6}}, Severity: severityWarning, Code: "schema", Source: "okr", Message: "unknown field\nhint: write target"}
	if diff := cmp.Diff(want, st.diagnostic(newText("tagret: 3\n"), p)); diff != "" {
		t.Errorf("diagnostic (-want +got):\n%s", diff)
	}
}

// TestOpenDirectory checks that a directory opened as a document is not
// read as one: its files stay in the repository.
func TestOpenDirectory(t *testing.T) {
	// Given a KPI in kpis/ and a measurement of it,
	c := startServer(t, writeFiles(t, map[string]string{
		"kpis/nps.yaml": "apiVersion: okr/v1\nkind: KPI\nid: nps\nname: NPS\ndirection: increase\n",
		"m.csv":         "metric,at,value\nnps,2026-10-01,40\n",
	}))
	c.initialize()
	// when the directory kpis is opened with some text, and then a
	// document that changes (so that an analysis follows both),
	c.open("kpis", "apiVersion: okr/v1\nkind: KPI\nid: other\nname: O\ndirection: increase\n")
	c.open("m.csv", "metric,at,value\nnps,2026-10-01,41\n")
	// then the measurement still names a KPI.
	if d := c.diagnostics("m.csv"); len(d) != 0 {
		t.Fatalf("diagnostics of m.csv %+v, want none", d)
	}
}
