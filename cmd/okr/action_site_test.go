package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/okr-as-code/okr/schema"
)

// checks: site builds the dashboard for the Pages job of okr init's
// workflow, okr.schema.json included.
func TestActionSite(t *testing.T) {
	requireTools(t, "bash", "git", "jq", "go")
	ws := prRepo(t, lowered(), false)
	r, gh := runAction(t, ws, actionCase{inputs: map[string]string{"working-directory": "okrs", "checks": "site"}, event: "push"})
	if r.failed {
		t.Fatal("the job failed")
	}
	wantOutcomes(t, r, map[string]string{"Validate": "skipped", "Diff the goals": "skipped", "Build the site": "success"})
	wantCalls(t, gh)
	dir := r.outputs["site-dir"]
	if dir != filepath.Join(ws, "okrs", "_site") {
		t.Errorf("site-dir output %q", dir)
	}
	if _, err := os.Stat(filepath.Join(dir, "index.html")); err != nil {
		t.Error(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "okr.schema.json"))
	if err != nil || !bytes.Equal(b, schema.JSON) {
		t.Errorf("the site's okr.schema.json is not okr's schema (%v)", err)
	}
}
