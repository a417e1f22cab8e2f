package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/okr-as-code/okr/okr/scaffold"
	"go.yaml.in/yaml/v3"
)

// ghPRStub stands in for gh in the check-in step: gh pr create records its
// arguments and prints the pull request's address.
const ghPRStub = `#!/usr/bin/env bash
set -euo pipefail
[ "$1 $2" = "pr create" ] || { echo "gh stub: only gh pr create is expected, not gh $*" >&2; exit 64; }
printf '%s\n' "$@" > "$GH_STUB_DIR/args"
printf '%s\n' "$GH_TOKEN" > "$GH_STUB_DIR/token"
echo https://github.com/acme/okrs/pull/8
`

// checkinRepo makes an origin repository scaffolded by okr init on main
// (as of 2026-11-23), and a shallow clone of it: the workspace of a
// check-in run.
func checkinRepo(t *testing.T) (origin, workspace string) {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	gitIn(t, dir, "init", "-q", "-b", "main", "src")
	var stderr bytes.Buffer
	if code := run([]string{"-C", src, "init", ".", "--at", "2026-11-23"}, nil, io.Discard, &stderr); code != 0 {
		t.Fatalf("okr init: %d\n%s", code, stderr.String())
	}
	gitIn(t, src, "add", "-A")
	gitIn(t, src, "commit", "-q", "-m", "okr init")
	origin = filepath.Join(dir, "origin.git")
	gitIn(t, dir, "clone", "-q", "--bare", src, origin)
	// As actions/checkout makes it: the branch's last commit only.
	gitIn(t, dir, "clone", "-q", "--depth", "1", "-b", "main", "file://"+origin, "workspace")
	return origin, filepath.Join(dir, "workspace")
}

var formInput = regexp.MustCompile(`^\$\{\{ inputs\.([a-z_-]+) \}\}$`)

// checkinInputs are the action's inputs as the workflow that okr init
// writes passes them: its okr step's with, the form's inputs filled in
// (defaults for those not given).
func checkinInputs(t *testing.T, workspace string, form map[string]string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(workspace, scaffold.CheckinWorkflowFile))
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		On struct {
			Dispatch struct {
				Inputs map[string]struct {
					Default string `yaml:"default"`
				} `yaml:"inputs"`
			} `yaml:"workflow_dispatch"`
		} `yaml:"on"`
		Jobs map[string]struct {
			Steps []struct {
				Uses string            `yaml:"uses"`
				With map[string]string `yaml:"with"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(b, &wf); err != nil {
		t.Fatal(err)
	}
	values := map[string]string{}
	for k, in := range wf.On.Dispatch.Inputs {
		values[k] = in.Default
	}
	for k, v := range form {
		if _, ok := wf.On.Dispatch.Inputs[k]; !ok {
			t.Fatalf("the check-in form has no input %q", k)
		}
		values[k] = v
	}
	for _, step := range wf.Jobs["checkin"].Steps {
		if !strings.HasPrefix(step.Uses, "okr-as-code/okr@") {
			continue
		}
		with := map[string]string{}
		for k, v := range step.With {
			if m := formInput.FindStringSubmatch(v); m != nil {
				v = values[m[1]]
			} else if strings.Contains(v, "${{") {
				t.Fatalf("with %s: %q: only inputs.NAME is expected", k, v)
			}
			with[k] = v
		}
		return with
	}
	t.Fatal("the check-in workflow does not use the okr action")
	return nil
}

// runCheckin runs action.yml as the check-in workflow runs it, run by ann
// (id 4242) on main.
func runCheckin(t *testing.T, workspace string, inputs map[string]string) (*actionRun, string) {
	t.Helper()
	root := moduleRoot(t)
	files, temp, stub := t.TempDir(), t.TempDir(), t.TempDir()
	writeFiles(t, stub, map[string]string{"bin/gh": ghPRStub})
	if err := os.Chmod(filepath.Join(stub, "bin/gh"), 0o755); err != nil {
		t.Fatal(err)
	}
	github := map[string]any{
		"event_name":  "workflow_dispatch",
		"repository":  "acme/okrs",
		"action_path": root,
		"action_ref":  "",
		"token":       "ghs_checkintoken",
		"workspace":   workspace,
		"event":       map[string]any{},
		"actor":       "ann",
		"actor_id":    4242.0,
		"ref_name":    "main",
		"run_id":      "77",
		"run_attempt": "1",
	}
	if err := os.WriteFile(filepath.Join(files, "event.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := &actionRun{
		t:          t,
		action:     readAction(t, filepath.Join(root, "action.yml")),
		actionPath: root,
		workspace:  workspace,
		temp:       temp,
		files:      files,
		inputs:     inputs,
		github:     github,
		env:        append(os.Environ(), "GH_STUB_DIR="+stub, "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1"),
		extraPath:  []string{filepath.Join(stub, "bin")},
	}
	r.run()
	return r, stub
}

// TestCheckinForm runs the check-in form's steps against a local bare
// repository as origin (SPEC §6 "A check-in form in GitHub").
func TestCheckinForm(t *testing.T) {
	requireTools(t, "git", "go")
	origin, ws := checkinRepo(t)

	// Bob pushes a check-in after the form's checkout: the form's first
	// push is rejected, it fetches, rebases over Bob's and pushes again.
	bob := filepath.Join(t.TempDir(), "bob")
	gitIn(t, filepath.Dir(bob), "clone", "-q", "file://"+origin, "bob")
	var stderr bytes.Buffer
	if code := run([]string{"-C", bob, "record", "weekly_active_users", "1250", "--at", "2026-11-21"}, nil, io.Discard, &stderr); code != 0 {
		t.Fatalf("bob's okr record: %d\n%s", code, stderr.String())
	}
	gitIn(t, bob, "commit", "-q", "-am", "bob's check-in")
	gitIn(t, bob, "push", "-q", "origin", "HEAD:main")

	r, _ := runCheckin(t, ws, checkinInputs(t, ws, map[string]string{
		"metric": "weekly_active_users", "value": "1300", "at": "2026-11-24", "confidence": "7", "note": "from the form",
	}))
	if r.failed {
		t.Fatalf("the check-in failed; summary:\n%s", r.summary.String())
	}
	wantOutcomes(t, r, map[string]string{"Record the check-in": "success", "Commit and push the check-in": "success"})
	if out := r.step("Commit and push the check-in").stdout; !strings.Contains(out, "okr: pushed the check-in (try 2)") {
		t.Errorf("the push was not retried after a rebase:\n%s", out)
	}
	// One commit, authored by the actor, over Bob's.
	log := gitIn(t, filepath.Dir(origin), "--git-dir", origin, "log", "--format=%an <%ae>|%cn <%ce>|%s", "main")
	wantLog := "ann <4242+ann@users.noreply.github.com>|ann <4242+ann@users.noreply.github.com>|check-in: weekly_active_users = 1300 at 2026-11-24\n" +
		"Ann <ann@example.com>|Ann <ann@example.com>|bob's check-in\n" +
		"Ann <ann@example.com>|Ann <ann@example.com>|okr init\n"
	if log != wantLog {
		t.Errorf("origin's history:\n%s\nwant:\n%s", log, wantLog)
	}
	csv := gitIn(t, filepath.Dir(origin), "--git-dir", origin, "show", "main:measurements/my-team.csv")
	for _, row := range []string{"weekly_active_users,2026-11-21,1250,,\n", "weekly_active_users,2026-11-24,1300,from the form,7\n"} {
		if !strings.Contains(csv, row) {
			t.Errorf("origin's measurements lack %q:\n%s", row, csv)
		}
	}
	if !strings.Contains(r.summary.String(), "recorded weekly_active_users = 1300 (confidence 7) at 2026-11-24") {
		t.Errorf("summary:\n%s", r.summary.String())
	}
	if got := r.outputs["checkin-commit"]; len(got) != 40 {
		t.Errorf("checkin-commit output %q", got)
	}

	// The same check-in again: already recorded, nothing committed.
	gitIn(t, ws, "pull", "-q", "--rebase", "origin", "main")
	head := gitIn(t, ws, "rev-parse", "HEAD")
	r, _ = runCheckin(t, ws, checkinInputs(t, ws, map[string]string{"metric": "weekly_active_users", "value": "1300.0", "at": "2026-11-24"}))
	if r.failed || gitIn(t, ws, "rev-parse", "HEAD") != head || r.outputs["checkin-commit"] != "" {
		t.Errorf("recording the same value again: failed %v, summary:\n%s", r.failed, r.summary.String())
	}
	if !strings.Contains(r.step("Record the check-in").stdout, "already recorded at measurements/my-team.csv:") {
		t.Errorf("record step: %s", r.step("Record the check-in").stdout)
	}
}

// TestCheckinFormRefuses: what okr refuses fails the job with okr's
// message in the job summary, pushes nothing, and inputs made to look like
// shell or workflow commands are values okr refuses, never run.
func TestCheckinFormRefuses(t *testing.T) {
	requireTools(t, "git", "go")
	origin, ws := checkinRepo(t)
	before := gitIn(t, filepath.Dir(origin), "--git-dir", origin, "rev-parse", "main")
	marker := filepath.Join(t.TempDir(), "x")
	tests := []struct {
		name    string
		form    map[string]string
		summary string // in the job summary
	}{
		{"another value that day", map[string]string{"metric": "weekly_active_users", "value": "999", "at": "2026-11-09"},
			"okr: weekly_active_users already has the value 1150 at 2026-11-09, recorded at measurements/my-team.csv:5; one value per day: to change it, record again with --replace"},
		{"a command substitution", map[string]string{"metric": "weekly_active_users", "value": "$(touch " + marker + ")"},
			`okr: value "$(touch`},
		{"a workflow command", map[string]string{"metric": "weekly_active_users", "value": `"; echo ::error::x`},
			`okr: value "\"; echo ::error::x" is not a number`},
		{"a command as the metric", map[string]string{"metric": "$(touch " + marker + ")", "value": "1", "at": "`touch " + marker + "`", "note": "$(touch " + marker + ")"},
			"okr: --at: "},
		{"a flag as the metric", map[string]string{"metric": "--file=../../outside.csv", "value": "1"},
			`okr: unknown metric "--file=../../outside.csv"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := runCheckin(t, ws, checkinInputs(t, ws, tt.form))
			if !r.failed {
				t.Fatalf("the job did not fail; summary:\n%s", r.summary.String())
			}
			wantOutcomes(t, r, map[string]string{"Record the check-in": "failure", "Commit and push the check-in": "skipped"})
			if !strings.Contains(r.summary.String(), tt.summary) {
				t.Errorf("summary:\n%s\nwant it to contain %q", r.summary.String(), tt.summary)
			}
			if _, err := os.Stat(marker); err == nil {
				t.Fatal("an input ran as a command")
			}
			for _, res := range r.results {
				for _, l := range strings.Split(res.stdout+"\n"+res.stderr, "\n") {
					if strings.HasPrefix(l, "::") && !strings.HasPrefix(l, "::error title=okr record::the check-in was not recorded") {
						t.Errorf("step %q wrote a workflow command: %q", res.step.Name, l)
					}
				}
			}
			if st := gitIn(t, ws, "status", "--porcelain"); st != "" {
				t.Errorf("the workspace changed:\n%s", st)
			}
		})
	}
	if after := gitIn(t, filepath.Dir(origin), "--git-dir", origin, "rev-parse", "main"); after != before {
		t.Error("a refused check-in was pushed")
	}
}

// TestCheckinFormPullRequest: with checkin-pull-request true, the check-in
// goes to a branch of its own with a pull request to the branch the form
// ran on; the branch it ran on is untouched.
func TestCheckinFormPullRequest(t *testing.T) {
	requireTools(t, "git", "go")
	origin, ws := checkinRepo(t)
	before := gitIn(t, filepath.Dir(origin), "--git-dir", origin, "rev-parse", "main")
	in := checkinInputs(t, ws, map[string]string{"metric": "my-team/happy-customers/first-response", "value": "4.5", "at": "2026-11-24"})
	in["checkin-pull-request"] = "true"
	r, stub := runCheckin(t, ws, in)
	if r.failed {
		t.Fatalf("failed; summary:\n%s", r.summary.String())
	}
	if after := gitIn(t, filepath.Dir(origin), "--git-dir", origin, "rev-parse", "main"); after != before {
		t.Error("main moved")
	}
	msg := gitIn(t, filepath.Dir(origin), "--git-dir", origin, "log", "-1", "--format=%an|%s", "okr-checkin/77-1")
	if msg != "ann|check-in: my-team/happy-customers/first-response = 4.5 at 2026-11-24\n" {
		t.Errorf("the check-in branch's commit: %q", msg)
	}
	args, err := os.ReadFile(filepath.Join(stub, "args"))
	if err != nil {
		t.Fatal(err)
	}
	want := "pr\ncreate\n--base\nmain\n--head\nokr-checkin/77-1\n--title\ncheck-in: my-team/happy-customers/first-response = 4.5 at 2026-11-24\n--body\nRecorded with the okr check-in form by ann.\n"
	if string(args) != want {
		t.Errorf("gh arguments:\n%s\nwant:\n%s", args, want)
	}
	if r.outputs["checkin-pull-request-url"] != "https://github.com/acme/okrs/pull/8" {
		t.Errorf("outputs %v", r.outputs)
	}
}

// TestCheckinInputsOnlyThroughEnv: no run: script of action.yml or of the
// check-in workflow holds a ${{ }} expression: inputs and event text reach
// the scripts only through env.
func TestCheckinInputsOnlyThroughEnv(t *testing.T) {
	top := t.TempDir()
	var stderr bytes.Buffer
	if code := run([]string{"-C", top, "init", "."}, nil, io.Discard, &stderr); code != 0 {
		t.Fatalf("okr init: %s", stderr.String())
	}
	for _, f := range []string{filepath.Join(moduleRoot(t), "action.yml"), filepath.Join(top, scaffold.CheckinWorkflowFile)} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(b, &doc); err != nil {
			t.Fatal(err)
		}
		runs := 0
		var walk func(n *yaml.Node)
		walk = func(n *yaml.Node) {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Kind == yaml.MappingNode && n.Content[i].Value == "run" {
					runs++
					if strings.Contains(n.Content[i+1].Value, "${{") {
						t.Errorf("%s:%d: a run: script holds an expression", f, n.Content[i+1].Line)
					}
				}
			}
			for _, c := range n.Content {
				walk(c)
			}
		}
		walk(&doc)
		if strings.HasSuffix(f, "action.yml") && runs < 5 {
			t.Errorf("%s: %d run: scripts found", f, runs)
		}
	}
}

// TestActionlintCheckinWorkflow runs actionlint on the check-in workflow
// okr init writes, and on it using this checkout's action.yml as a local
// action, so that actionlint checks the inputs it passes too.
func TestActionlintCheckinWorkflow(t *testing.T) {
	bin := actionlintPath(t)
	action, err := os.ReadFile(filepath.Join(moduleRoot(t), "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	top := t.TempDir()
	gitIn(t, top, "init", "-q")
	var stderr bytes.Buffer
	if code := run([]string{"-C", top, "init", "."}, nil, io.Discard, &stderr); code != 0 {
		t.Fatalf("okr init: %s", stderr.String())
	}
	actionlint(t, bin, top, scaffold.CheckinWorkflowFile)
	b, err := os.ReadFile(filepath.Join(top, scaffold.CheckinWorkflowFile))
	if err != nil {
		t.Fatal(err)
	}
	local := usesOKR.ReplaceAll(b, []byte("uses: ./"))
	writeFiles(t, top, map[string]string{"action.yml": string(action), ".github/workflows/local.yaml": string(local)})
	actionlint(t, bin, top, ".github/workflows/local.yaml")
}
