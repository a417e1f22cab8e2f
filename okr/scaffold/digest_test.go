package scaffold

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

// TestDigestWorkflow: the workflow okr init writes for okr digest runs on
// Mondays at 08:00 UTC and by hand, checks out the whole history, and
// passes the two secrets to the action's webhook inputs, never into a
// script.
func TestDigestWorkflow(t *testing.T) {
	top := t.TempDir()
	if _, err := InitWith(Options{Dir: top + "/okrs", Top: top, Now: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	b := readFile(t, top, DigestWorkflowFile)
	var wf struct {
		On struct {
			Schedule         []map[string]string `yaml:"schedule"`
			WorkflowDispatch *struct{}           `yaml:"workflow_dispatch"`
		} `yaml:"on"`
		Jobs map[string]struct {
			Steps []struct {
				Uses string            `yaml:"uses"`
				Run  string            `yaml:"run"`
				With map[string]string `yaml:"with"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(b, &wf); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]map[string]string{{"cron": "0 8 * * 1"}}, wf.On.Schedule); diff != "" {
		t.Errorf("schedule (-want +got):\n%s", diff)
	}
	if !strings.Contains(string(b), "\n  workflow_dispatch:\n") {
		t.Error("no workflow_dispatch")
	}
	steps := wf.Jobs["digest"].Steps
	if len(steps) != 2 {
		t.Fatalf("%d steps", len(steps))
	}
	if steps[0].Uses != "actions/checkout@v4" || steps[0].With["fetch-depth"] != "0" {
		t.Errorf("checkout: %+v", steps[0])
	}
	want := map[string]string{
		"working-directory": "okrs",
		"checks":            "digest",
		"slack-webhook":     "${{ secrets.OKR_SLACK_WEBHOOK }}",
		"teams-webhook":     "${{ secrets.OKR_TEAMS_WEBHOOK }}",
	}
	if diff := cmp.Diff(want, steps[1].With); diff != "" || steps[1].Uses != "okr-as-code/okr@main" {
		t.Errorf("okr step %s (-want +got):\n%s", steps[1].Uses, diff)
	}
	for _, s := range steps {
		if s.Run != "" {
			t.Errorf("a run: step: %q", s.Run)
		}
	}
}
