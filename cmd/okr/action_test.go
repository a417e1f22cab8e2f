package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// ghStub stands in for the gh CLI in the action's comment step: it records
// each call (its arguments, GH_TOKEN and the body it was given) and answers
// from comments.json, applying the call's --jq filter with jq as gh would.
const ghStub = `#!/usr/bin/env bash
set -euo pipefail
d="$GH_STUB_DIR"
n=$(( $(cat "$d/count" 2>/dev/null || echo 0) + 1 ))
echo "$n" > "$d/count"
printf '%s\n' "$GH_TOKEN" > "$d/token$n"
[ "$1" = api ] || { echo "gh stub: only gh api is expected, not gh $1" >&2; exit 64; }
shift
method=GET filter='' path=''
while [ $# -gt 0 ]; do
  case "$1" in
    --paginate) ;;
    --method | -X) method="$2"; shift ;;
    --jq | -q) filter="$2"; shift ;;
    -F | --field)
      case "$2" in
        body=@*) cp "${2#body=@}" "$d/body$n" ;;
        *) echo "gh stub: unexpected field $2" >&2; exit 64 ;;
      esac
      shift ;;
    -*) echo "gh stub: unexpected flag $1" >&2; exit 64 ;;
    *) path="$1" ;;
  esac
  shift
done
echo "$method $path" >> "$d/calls"
if [ "$method" = GET ]; then
  resp="$d/comments.json"
else
  if [ -e "$d/fail-writes" ]; then
    echo 'HTTP 403: Resource not accessible by integration' >&2
    exit 1
  fi
  resp="$d/written.json"
  echo '{"id": 99, "html_url": "https://github.com/acme/okrs/pull/7#issuecomment-99"}' > "$resp"
fi
if [ -n "$filter" ]; then jq -r "$filter" "$resp"; else cat "$resp"; fi
`

const stubURL = "https://github.com/acme/okrs/pull/7#issuecomment-99"

// prRepo makes an origin repository with the OKR files of a monorepo under
// okrs/ on main, and a branch pr that changes them (pr holds the files
// that differ), and a clone of it checked out at pr: the workspace.
func prRepo(t *testing.T, pr map[string]string, singleBranch bool) (workspace string) {
	t.Helper()
	dir := t.TempDir()
	period, first := currentQuarter()
	src := filepath.Join(dir, "src")
	os.Mkdir(src, 0o755)
	gitIn(t, src, "init", "-q", "-b", "main")
	writeFiles(t, src, map[string]string{
		"README.md":                    "a monorepo\n",
		"okrs/okr.yaml":                "organization: Acme\n",
		"okrs/teams/payments.yaml":     objectives(period, "target: 300", ""),
		"okrs/measurements/values.csv": "metric,at,value\npayments/effortless-checkout/p95-latency," + first + ",600\n",
	})
	gitIn(t, src, "add", "-A")
	gitIn(t, src, "commit", "-q", "-m", "goals of the quarter")
	gitIn(t, src, "checkout", "-q", "-b", "pr")
	writeFiles(t, src, pr)
	gitIn(t, src, "add", "-A")
	gitIn(t, src, "commit", "-q", "--allow-empty", "-m", "the pull request")
	origin := filepath.Join(dir, "origin.git")
	gitIn(t, dir, "clone", "-q", "--bare", src, origin)
	args := []string{"clone", "-q"}
	if singleBranch {
		args = append(args, "--single-branch")
	}
	args = append(args, "-b", "pr", "file://"+origin, "workspace")
	gitIn(t, dir, args...)
	return filepath.Join(dir, "workspace")
}

type actionCase struct {
	inputs     map[string]string
	event      string         // event_name, default pull_request
	pr         map[string]any // event.pull_request, default number 7 from acme/okrs
	comments   string         // comments.json the gh stub answers with
	failWrites bool           // the gh stub refuses to write
	actionRef  string
	env        []string // more environment for every step
	runner     []string // RUNNER_OS, RUNNER_ARCH of another runner than this machine
}

// runAction runs action.yml on workspace as a runner would.
func runAction(t *testing.T, workspace string, c actionCase) (*actionRun, *ghCalls) {
	t.Helper()
	root := moduleRoot(t)
	files, temp, stub := t.TempDir(), t.TempDir(), t.TempDir()
	writeFiles(t, stub, map[string]string{"bin/gh": ghStub})
	if err := os.Chmod(filepath.Join(stub, "bin/gh"), 0o755); err != nil {
		t.Fatal(err)
	}
	if c.comments == "" {
		c.comments = "[]"
	}
	writeFiles(t, stub, map[string]string{"comments.json": c.comments})
	if c.failWrites {
		writeFiles(t, stub, map[string]string{"fail-writes": ""})
	}
	event := map[string]any{"repository": map[string]any{"full_name": "acme/okrs"}}
	github := map[string]any{
		"event_name":  "pull_request",
		"repository":  "acme/okrs",
		"action_path": root,
		"action_ref":  c.actionRef,
		"token":       "ghs_defaulttoken",
		"workspace":   workspace,
		"event":       event,
	}
	if c.event != "" {
		github["event_name"] = c.event
	}
	if github["event_name"] == "pull_request" {
		pr := c.pr
		if pr == nil {
			pr = map[string]any{"number": 7.0, "head": map[string]any{"repo": map[string]any{"full_name": "acme/okrs"}}}
		}
		event["pull_request"] = pr
		github["base_ref"] = "main"
	}
	b := []byte(str(event))
	if err := os.WriteFile(filepath.Join(files, "event.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	r := &actionRun{
		t:          t,
		action:     readAction(t, filepath.Join(root, "action.yml")),
		actionPath: root,
		workspace:  workspace,
		temp:       temp,
		files:      files,
		inputs:     c.inputs,
		github:     github,
		env:        append(append(os.Environ(), "GH_STUB_DIR="+stub), c.env...),
		extraPath:  []string{filepath.Join(stub, "bin")},
		runnerEnv:  c.runner,
	}
	r.run()
	return r, readGhCalls(t, stub)
}

type ghCalls struct {
	calls  []string // "METHOD path"
	bodies map[int]string
	tokens map[int]string
}

func readGhCalls(t *testing.T, dir string) *ghCalls {
	g := &ghCalls{bodies: map[int]string{}, tokens: map[int]string{}}
	b, err := os.ReadFile(filepath.Join(dir, "calls"))
	if err != nil {
		return g
	}
	g.calls = strings.Split(strings.TrimSpace(string(b)), "\n")
	for i := range g.calls {
		if b, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("body%d", i+1))); err == nil {
			g.bodies[i] = string(b)
		}
		if b, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("token%d", i+1))); err == nil {
			g.tokens[i] = strings.TrimSpace(string(b))
		}
	}
	return g
}

func wantCalls(t *testing.T, g *ghCalls, want ...string) {
	t.Helper()
	if strings.Join(g.calls, "\n") != strings.Join(want, "\n") {
		t.Errorf("gh calls:\n%s\nwant:\n%s", strings.Join(g.calls, "\n"), strings.Join(want, "\n"))
	}
}

func wantOutcomes(t *testing.T, r *actionRun, want map[string]string) {
	t.Helper()
	for name, outcome := range want {
		if got := r.step(name).outcome; got != outcome {
			t.Errorf("step %q: %s, want %s", name, got, outcome)
		}
	}
}

// lowered is the pull request of the tests: a target lowered after the
// period began (300 → 400 ms, easier).
func lowered() map[string]string {
	period, _ := currentQuarter()
	return map[string]string{"okrs/teams/payments.yaml": objectives(period, "target: 400", "")}
}

const listCall = "GET repos/acme/okrs/issues/7/comments"

func TestActionMovedGoalpostComment(t *testing.T) {
	requireTools(t, "bash", "git", "jq", "go")
	ws := prRepo(t, lowered(), false)
	r, gh := runAction(t, ws, actionCase{
		inputs:    map[string]string{"working-directory": "okrs", "github-token": "ghs_secret"},
		actionRef: "v1", // a moving tag: built from the checkout (a release tag downloads: action_release_test.go)
	})
	if r.failed {
		t.Fatal("the job failed")
	}
	wantOutcomes(t, r, map[string]string{
		"Find the okr release": "success", "Set up Go": "success", "Download okr": "skipped", "Build okr": "success", "Validate": "success",
		"Upload SARIF": "skipped", "Diff the goals": "success", "Comment on the pull request": "success",
		"Build the site": "skipped", "Fail on goal changes": "skipped",
	})
	// The build pins the version to the action's ref.
	if out := r.step("Build okr").stdout; !strings.Contains(out, "okr version v1\n") {
		t.Errorf("okr --version in the build step: %q", out)
	}
	// Go is the version of the action's go.mod, and the caches are keyed on
	// its go.sum.
	for _, st := range r.action.Runs.Steps {
		if with := st.With; strings.HasPrefix(st.Uses, "actions/setup-go@") && r.substitute(with["go-version-file"]) != filepath.Join(r.actionPath, "go.mod") {
			t.Errorf("setup-go is not set up from the action's go.mod: %v", with)
		}
	}
	gosum, err := os.ReadFile(filepath.Join(r.actionPath, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(gosum)
	for _, st := range r.action.Runs.Steps {
		if !strings.HasPrefix(st.Uses, "actions/cache@") {
			continue
		}
		key, paths := r.substitute(st.With["key"]), strings.Fields(r.substitute(st.With["path"]))
		if !strings.HasSuffix(key, "-"+hex.EncodeToString(sum[:])[:16]) || len(paths) != 2 {
			t.Errorf("the Go caches: key %q, paths %q", key, paths)
		}
	}
	if out := r.step("Validate").stdout; strings.Contains(out, "::error") {
		t.Errorf("validate annotations on valid files:\n%s", out)
	}
	if r.outputs["changed"] != "true" {
		t.Errorf("changed output %q, want true", r.outputs["changed"])
	}
	wantCalls(t, gh, listCall, "POST repos/acme/okrs/issues/7/comments")
	body := gh.bodies[1]
	if !strings.HasPrefix(body, "<!-- okr diff -->\n") {
		t.Errorf("the comment does not start with the marker:\n%s", body)
	}
	for _, s := range []string{"p95-latency", "300", "400"} {
		if !strings.Contains(body, s) {
			t.Errorf("the comment does not mention %s:\n%s", s, body)
		}
	}
	if gh.tokens[1] != "ghs_secret" {
		t.Errorf("gh ran with GH_TOKEN %q, want the github-token input", gh.tokens[1])
	}
	if r.outputs["comment-url"] != stubURL {
		t.Errorf("comment-url output %q", r.outputs["comment-url"])
	}
	// The job summary holds validate's report, then the diff, as the okr
	// the action built writes them.
	okr := filepath.Join(r.temp, "okr-action", "bin", "okr")
	want := runOKR(t, okr, filepath.Join(ws, "okrs"), "validate", "--format", "markdown") +
		runOKR(t, okr, filepath.Join(ws, "okrs"), "diff", "origin/main", "--format", "markdown")
	if got := r.summary.String(); got != want {
		t.Errorf("job summary:\n%s\nwant:\n%s", got, want)
	}
	if !strings.Contains(want, "p95-latency") {
		t.Errorf("the diff does not mention the moved goalpost:\n%s", want)
	}
	// Annotations mark the changed goal.
	if out := r.step("Diff the goals").stdout; !strings.Contains(out, "::warning ") || !strings.Contains(out, "file=okrs/teams/payments.yaml") {
		t.Errorf("no annotation at the moved goalpost:\n%s", out)
	}
	if r.outputs["diff-file"] == "" || !strings.HasPrefix(r.outputs["diff-file"], r.temp) {
		t.Errorf("diff-file output %q, want a file under RUNNER_TEMP", r.outputs["diff-file"])
	}
}

func TestActionUpdatesItsCommentInPlace(t *testing.T) {
	requireTools(t, "bash", "git", "jq", "go")
	ws := prRepo(t, lowered(), false)
	// 40: the comment of the action's use in another working directory
	// of the same repository (a monorepo), which it must leave alone; 42:
	// its own.
	comments := `[{"id": 40, "body": "<!-- okr diff -->\nops' diff\n<!-- okr working-directory: ops/okrs -->\n"},
		{"id": 41, "body": "Looks good"}, {"id": 42, "body": "<!-- okr diff -->\nan older diff\n<!-- okr working-directory: okrs -->\n"},
		{"id": 43, "body": "quoting <!-- okr diff --> in a reply\n<!-- okr working-directory: okrs -->"}]`
	r, gh := runAction(t, ws, actionCase{inputs: map[string]string{"working-directory": "okrs"}, comments: comments})
	if r.failed {
		t.Fatal("the job failed")
	}
	wantCalls(t, gh, listCall, "PATCH repos/acme/okrs/issues/comments/42")
	if !strings.Contains(gh.bodies[1], "p95-latency") || !strings.HasSuffix(gh.bodies[1], "\n<!-- okr working-directory: okrs -->\n") {
		t.Errorf("the updated comment (want the diff, and the working directory's line last):\n%s", gh.bodies[1])
	}
	if gh.tokens[1] != "ghs_defaulttoken" {
		t.Errorf("GH_TOKEN %q, want github.token by default", gh.tokens[1])
	}
}

func TestActionNoGoalChangeNoComment(t *testing.T) {
	requireTools(t, "bash", "git", "jq", "go")
	ws := prRepo(t, map[string]string{"README.md": "a monorepo, changed\n"}, false)
	r, gh := runAction(t, ws, actionCase{inputs: map[string]string{"working-directory": "okrs"}})
	if r.failed {
		t.Fatal("the job failed")
	}
	if r.outputs["changed"] != "false" {
		t.Errorf("changed output %q, want false", r.outputs["changed"])
	}
	wantCalls(t, gh, listCall)
	if r.outputs["comment-url"] != "" {
		t.Errorf("comment-url %q with no comment", r.outputs["comment-url"])
	}

	// A comment written for an earlier push is brought up to date.
	r, gh = runAction(t, ws, actionCase{
		inputs:   map[string]string{"working-directory": "okrs"},
		comments: `[{"id": 42, "body": "<!-- okr diff -->\nthe target was lowered\n\n<!-- okr working-directory: okrs -->\n"}]`,
	})
	if r.failed {
		t.Fatal("the job failed")
	}
	wantCalls(t, gh, listCall, "PATCH repos/acme/okrs/issues/comments/42")
}

func TestActionForkSkipsComment(t *testing.T) {
	requireTools(t, "bash", "git", "jq", "go")
	ws := prRepo(t, lowered(), false)
	r, gh := runAction(t, ws, actionCase{
		inputs: map[string]string{"working-directory": "okrs"},
		pr:     map[string]any{"number": 7.0, "head": map[string]any{"repo": map[string]any{"full_name": "someone/okrs"}}},
	})
	if r.failed {
		t.Fatal("the job failed on a pull request from a fork")
	}
	wantCalls(t, gh)
	if out := r.step("Comment on the pull request").stdout; !strings.Contains(out, "::notice") || !strings.Contains(out, "someone/okrs") {
		t.Errorf("no notice about the fork:\n%s", out)
	}
	if !strings.Contains(r.summary.String(), "p95-latency") {
		t.Errorf("the diff is not in the job summary:\n%s", r.summary.String())
	}
}

func TestActionReadOnlyTokenDoesNotFail(t *testing.T) {
	requireTools(t, "bash", "git", "jq", "go")
	ws := prRepo(t, lowered(), false)
	r, gh := runAction(t, ws, actionCase{inputs: map[string]string{"working-directory": "okrs"}, failWrites: true})
	if r.failed {
		t.Fatal("the job failed when the token could not write")
	}
	wantCalls(t, gh, listCall, "POST repos/acme/okrs/issues/7/comments")
	if out := r.step("Comment on the pull request").stdout; !strings.Contains(out, "::warning") {
		t.Errorf("no warning:\n%s", out)
	}
	if r.outputs["comment-url"] != "" {
		t.Errorf("comment-url %q for a refused comment", r.outputs["comment-url"])
	}
}

func TestActionCommentOff(t *testing.T) {
	requireTools(t, "bash", "git", "jq", "go")
	ws := prRepo(t, lowered(), false)
	r, gh := runAction(t, ws, actionCase{inputs: map[string]string{"working-directory": "okrs", "comment": "false"}})
	if r.failed {
		t.Fatal("the job failed")
	}
	wantOutcomes(t, r, map[string]string{"Diff the goals": "success", "Comment on the pull request": "skipped"})
	wantCalls(t, gh)
	if r.outputs["changed"] != "true" {
		t.Errorf("changed output %q", r.outputs["changed"])
	}
}

func TestActionFetchesAMissingBase(t *testing.T) {
	requireTools(t, "bash", "git", "jq", "go")
	ws := prRepo(t, lowered(), true)
	if strings.Contains(gitIn(t, ws, "branch", "-r"), "origin/main") {
		t.Fatal("the single-branch clone has origin/main")
	}
	r, gh := runAction(t, ws, actionCase{inputs: map[string]string{"working-directory": "okrs"}})
	if r.failed {
		t.Fatal("the job failed")
	}
	wantCalls(t, gh, listCall, "POST repos/acme/okrs/issues/7/comments")
}

func TestActionErrorsFailValidateAndStillDiff(t *testing.T) {
	requireTools(t, "bash", "git", "jq", "go")
	period, _ := currentQuarter()
	ws := prRepo(t, map[string]string{"okrs/teams/payments.yaml": objectives(period, "tagret: 400", "")}, false)
	r, gh := runAction(t, ws, actionCase{inputs: map[string]string{"working-directory": "okrs"}})
	if !r.failed {
		t.Fatal("the job passed with an error in the OKR files")
	}
	v := r.step("Validate")
	if v.outcome != "failure" || v.exit != 1 {
		t.Errorf("validate: %s, exit %d; want failure, exit 1", v.outcome, v.exit)
	}
	if !strings.Contains(v.stdout, "::error ") || !strings.Contains(v.stdout, "tagret") {
		t.Errorf("no annotation for the typo:\n%s", v.stdout)
	}
	wantOutcomes(t, r, map[string]string{"Diff the goals": "success", "Comment on the pull request": "success"})
	wantCalls(t, gh, listCall, "POST repos/acme/okrs/issues/7/comments")
}

func TestActionOnPushValidatesOnly(t *testing.T) {
	requireTools(t, "bash", "git", "jq", "go")
	ws := prRepo(t, lowered(), false)
	r, gh := runAction(t, ws, actionCase{inputs: map[string]string{"working-directory": "okrs"}, event: "push"})
	if r.failed {
		t.Fatal("the job failed")
	}
	wantOutcomes(t, r, map[string]string{"Validate": "success", "Diff the goals": "success", "Comment on the pull request": "skipped"})
	wantCalls(t, gh)
	if r.outputs["changed"] != "" || r.outputs["diff-file"] != "" {
		t.Errorf("a diff on push: %v", r.outputs)
	}
}

func TestActionRefusesBadInputs(t *testing.T) {
	requireTools(t, "bash", "git", "jq", "go")
	ws := prRepo(t, lowered(), false)
	for _, in := range []map[string]string{{"checks": "validate,lint"}, {"comment": "yes"}} {
		r, gh := runAction(t, ws, actionCase{inputs: in})
		if !r.failed {
			t.Errorf("%v: the job passed", in)
		}
		s := r.step("Read the inputs")
		if s.exit != 2 || !strings.Contains(s.stdout, "::error") {
			t.Errorf("%v: exit %d, stdout %q", in, s.exit, s.stdout)
		}
		wantOutcomes(t, r, map[string]string{"Build okr": "skipped", "Diff the goals": "skipped"})
		wantCalls(t, gh)
	}
}

// TestActionShellcheck runs shellcheck over each run: script of the action
// (with its expressions substituted as a runner would).
func TestActionShellcheck(t *testing.T) {
	requireTools(t, "shellcheck")
	root := moduleRoot(t)
	a := readAction(t, filepath.Join(root, "action.yml"))
	r := &actionRun{t: t, action: a, inputs: map[string]string{}, steps: map[string]*stepResult{},
		github: map[string]any{"action_path": root}}
	for k, in := range a.Inputs {
		r.inputs[k] = in.Default
	}
	for _, st := range a.Runs.Steps {
		if st.Run == "" {
			continue
		}
		if strings.Contains(st.Run, "${{") {
			t.Errorf("step %q: an expression inside run: (pass it through env: instead)", st.Name)
		}
		f := filepath.Join(t.TempDir(), "step.sh")
		os.WriteFile(f, []byte("#!/bin/bash\nset -eo pipefail\n"+st.Run), 0o644)
		if out, err := exec.Command("shellcheck", "-s", "bash", f).CombinedOutput(); err != nil {
			t.Errorf("step %q: shellcheck: %v\n%s", st.Name, err, out)
		}
	}
}

// runOKR runs an okr binary in dir and returns its standard output; exit
// 1 (problems) is fine.
func runOKR(t *testing.T, okr, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command(okr, args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() != 1) {
		t.Fatalf("okr %s: %v", strings.Join(args, " "), err)
	}
	return string(out)
}

func TestActionSARIF(t *testing.T) {
	requireTools(t, "bash", "git", "jq", "go")
	period, _ := currentQuarter()
	ws := prRepo(t, map[string]string{"okrs/teams/payments.yaml": objectives(period, "tagret: 400", "")}, false)
	r, _ := runAction(t, ws, actionCase{inputs: map[string]string{"working-directory": "okrs", "sarif": "true", "checks": "validate"}})
	wantOutcomes(t, r, map[string]string{"Validate": "failure", "Upload SARIF": "success", "Diff the goals": "skipped"})
	sarif := r.outputs["sarif-file"]
	b, err := os.ReadFile(sarif)
	if err != nil {
		t.Fatalf("sarif-file output %q: %v", sarif, err)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b, &log); err != nil || log.Version != "2.1.0" || len(log.Runs) != 1 || len(log.Runs[0].Results) == 0 {
		t.Errorf("the SARIF file (%v):\n%s", err, b)
	}
	for _, st := range r.action.Runs.Steps {
		if st.Name == "Upload SARIF" && r.substitute(st.With["sarif_file"]) != sarif {
			t.Errorf("upload-sarif is given %q, want %q", r.substitute(st.With["sarif_file"]), sarif)
		}
	}
}

func TestActionFailOn(t *testing.T) {
	requireTools(t, "bash", "git", "jq", "go")
	ws := prRepo(t, lowered(), false)
	r, gh := runAction(t, ws, actionCase{inputs: map[string]string{"working-directory": "okrs", "fail-on": "moved"}})
	if !r.failed {
		t.Fatal("the job passed with fail-on moved and a moved goalpost")
	}
	wantOutcomes(t, r, map[string]string{"Validate": "success", "Diff the goals": "success",
		"Comment on the pull request": "success", "Fail on goal changes": "failure"})
	wantCalls(t, gh, listCall, "POST repos/acme/okrs/issues/7/comments")
	if out := r.step("Fail on goal changes").stdout; !strings.Contains(out, "::error ") {
		t.Errorf("no error annotation:\n%s", out)
	}

	// A kind the pull request does not hold passes.
	r, _ = runAction(t, ws, actionCase{inputs: map[string]string{"working-directory": "okrs", "fail-on": "removed"}})
	if r.failed {
		t.Error("the job failed with fail-on removed and nothing removed")
	}
	wantOutcomes(t, r, map[string]string{"Fail on goal changes": "skipped"})
}

// A check-in alone (a measurement added, no goal changed) is a change worth
// a comment.
func TestActionCheckinComments(t *testing.T) {
	requireTools(t, "bash", "git", "jq", "go")
	_, first := currentQuarter()
	ws := prRepo(t, map[string]string{
		"okrs/measurements/values.csv": "metric,at,value\npayments/effortless-checkout/p95-latency," + first + ",600\n" +
			"payments/effortless-checkout/p95-latency," + first + ",550\n",
	}, false)
	r, gh := runAction(t, ws, actionCase{inputs: map[string]string{"working-directory": "okrs"}})
	if r.failed {
		t.Fatal("the job failed")
	}
	if r.outputs["changed"] != "true" {
		t.Errorf("changed output %q for a check-in, want true", r.outputs["changed"])
	}
	wantCalls(t, gh, listCall, "POST repos/acme/okrs/issues/7/comments")
	if !strings.Contains(gh.bodies[1], "550") {
		t.Errorf("the comment does not show the check-in:\n%s", gh.bodies[1])
	}
}

// With errors in the head's files, fail-on cannot tell what it found: the
// job fails, saying so.
func TestActionFailOnWithErrors(t *testing.T) {
	requireTools(t, "bash", "git", "jq", "go")
	period, _ := currentQuarter()
	ws := prRepo(t, map[string]string{"okrs/teams/payments.yaml": objectives(period, "target: 300", "\n        tagret: 1")}, false)
	r, _ := runAction(t, ws, actionCase{inputs: map[string]string{"working-directory": "okrs", "fail-on": "removed", "checks": "diff"}})
	if !r.failed {
		t.Fatal("the job passed with errors in the OKR files")
	}
	wantOutcomes(t, r, map[string]string{"Validate": "skipped", "Fail on goal changes": "failure"})
	if out := r.step("Fail on goal changes").stdout; !strings.Contains(out, "have errors") {
		t.Errorf("the error does not say the files have errors:\n%s", out)
	}
}
