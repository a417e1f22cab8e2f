package main

// A small runner for the composite action in action.yml, as GitHub's runner
// runs it: each step's expressions substituted, `if:` conditions evaluated,
// `run:` steps executed with `bash --noprofile --norc -eo pipefail` and the
// GITHUB_* files (output, path, summary, event) in a temporary directory.
// `uses:` steps are recorded and not run. It knows only the expressions the
// action uses, and fails the test on any other.

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

type actionFile struct {
	Inputs map[string]struct {
		Default  string `yaml:"default"`
		Required bool   `yaml:"required"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Value string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string       `yaml:"using"`
		Steps []actionStep `yaml:"steps"`
	} `yaml:"runs"`
}

type actionStep struct {
	ID               string            `yaml:"id"`
	Name             string            `yaml:"name"`
	If               string            `yaml:"if"`
	Uses             string            `yaml:"uses"`
	With             map[string]string `yaml:"with"`
	Shell            string            `yaml:"shell"`
	Run              string            `yaml:"run"`
	WorkingDirectory string            `yaml:"working-directory"`
	Env              map[string]string `yaml:"env"`
}

func readAction(t *testing.T, path string) *actionFile {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var a actionFile
	if err := yaml.Unmarshal(b, &a); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return &a
}

// actionRun is one run of the action.
type actionRun struct {
	t          *testing.T
	action     *actionFile
	actionPath string            // github.action_path: the action's checkout
	workspace  string            // GITHUB_WORKSPACE
	temp       string            // RUNNER_TEMP
	files      string            // where the GITHUB_* files are
	inputs     map[string]string // given inputs (defaults filled in by run)
	github     map[string]any    // the github context (event is read from eventJSON)
	env        []string          // the process environment of every step
	extraPath  []string          // GITHUB_PATH, newest first
	runnerEnv  []string          // runner variables that stand for another runner (RUNNER_OS=Windows), after the host's

	steps   map[string]*stepResult
	results []*stepResult
	failed  bool // a step failed: the job's result
	summary strings.Builder
	outputs map[string]string // the action's outputs
}

type stepResult struct {
	step    actionStep
	ran     bool
	outcome string // success, failure or skipped
	exit    int
	stdout  string
	stderr  string
	outputs map[string]string
}

// step returns the result of the step with that name.
func (r *actionRun) step(name string) *stepResult {
	r.t.Helper()
	for _, s := range r.results {
		if s.step.Name == name {
			return s
		}
	}
	r.t.Fatalf("no step named %q in action.yml", name)
	return nil
}

// run runs every step in order.
func (r *actionRun) run() {
	t := r.t
	t.Helper()
	inputs := map[string]string{}
	for k, in := range r.action.Inputs {
		inputs[k] = r.substitute(in.Default)
	}
	for k, v := range r.inputs {
		if _, ok := r.action.Inputs[k]; !ok {
			t.Fatalf("action.yml has no input %q", k)
		}
		inputs[k] = v
	}
	r.inputs = inputs
	r.steps = map[string]*stepResult{}
	for _, st := range r.action.Runs.Steps {
		res := &stepResult{step: st, outputs: map[string]string{}}
		r.results = append(r.results, res)
		if st.ID != "" {
			r.steps[st.ID] = res
		}
		cond := st.If
		if cond == "" {
			cond = "success()"
		} else if !statusFunc.MatchString(cond) {
			// As GitHub: a condition without a status function holds only
			// while every step before succeeded.
			cond = "success() && (" + strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(cond), "${{"), "}}") + ")"
		}
		if !truthy(r.eval(cond)) {
			res.outcome = "skipped"
			continue
		}
		res.ran = true
		if st.Uses != "" {
			res.outcome = "success"
			continue
		}
		r.runStep(res)
	}
	r.outputs = map[string]string{}
	for k, o := range r.action.Outputs {
		r.outputs[k] = r.substitute(o.Value)
	}
}

func (r *actionRun) runStep(res *stepResult) {
	t := r.t
	st := res.step
	if st.Shell != "bash" {
		t.Fatalf("step %q: shell %q, want bash", st.Name, st.Shell)
	}
	n := len(r.results)
	script := filepath.Join(r.files, fmt.Sprintf("step%d.sh", n))
	if err := os.WriteFile(script, []byte(r.substitute(st.Run)), 0o644); err != nil {
		t.Fatal(err)
	}
	output := filepath.Join(r.files, fmt.Sprintf("output%d", n))
	summary := filepath.Join(r.files, fmt.Sprintf("summary%d", n))
	path := filepath.Join(r.files, fmt.Sprintf("path%d", n))
	for _, f := range []string{output, summary, path} {
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dir := r.workspace
	if st.WorkingDirectory != "" {
		wd := r.substitute(st.WorkingDirectory)
		if !filepath.IsAbs(wd) {
			wd = filepath.Join(r.workspace, wd)
		}
		dir = wd
	}
	env := append([]string{}, r.env...)
	env = append(env,
		"PATH="+strings.Join(append(append([]string{}, r.extraPath...), os.Getenv("PATH")), string(os.PathListSeparator)),
		"GITHUB_OUTPUT="+output,
		"GITHUB_STEP_SUMMARY="+summary,
		"GITHUB_PATH="+path,
		"GITHUB_ENV="+filepath.Join(r.files, "env"),
		"GITHUB_EVENT_PATH="+filepath.Join(r.files, "event.json"),
		"GITHUB_WORKSPACE="+r.workspace,
		"GITHUB_ACTION_PATH="+r.actionPath,
		"GITHUB_EVENT_NAME="+str(r.github["event_name"]),
		"GITHUB_REPOSITORY="+str(r.github["repository"]),
		"GITHUB_BASE_REF="+str(r.github["base_ref"]),
		"RUNNER_TEMP="+r.temp,
		"RUNNER_OS="+map[string]string{"linux": "Linux", "darwin": "macOS", "windows": "Windows"}[runtime.GOOS],
		"RUNNER_ARCH="+map[string]string{"amd64": "X64", "arm64": "ARM64", "386": "X86", "arm": "ARM"}[runtime.GOARCH],
		"CI=true",
		"GITHUB_ACTIONS=true",
	)
	env = append(env, r.runnerEnv...)
	for k, v := range r.inputs {
		env = append(env, "INPUT_"+strings.ToUpper(strings.ReplaceAll(k, " ", "_"))+"="+v)
	}
	for k, v := range st.Env {
		env = append(env, k+"="+r.substitute(v))
	}
	cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", script)
	cmd.Dir = dir
	cmd.Env = env
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	res.stdout, res.stderr = stdout.String(), stderr.String()
	res.outcome = "success"
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("step %q: %v", st.Name, err)
		}
		res.exit = ee.ExitCode()
		res.outcome = "failure"
		r.failed = true
	}
	res.outputs = readOutputs(t, output)
	b, _ := os.ReadFile(summary)
	r.summary.Write(b)
	if b, _ := os.ReadFile(path); len(b) > 0 {
		for _, p := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			r.extraPath = append([]string{p}, r.extraPath...)
		}
	}
	t.Logf("step %q: %s (exit %d)\nstdout:\n%s\nstderr:\n%s", st.Name, res.outcome, res.exit, res.stdout, res.stderr)
}

// readOutputs parses a GITHUB_OUTPUT file: name=value lines and
// name<<DELIMITER blocks.
func readOutputs(t *testing.T, name string) map[string]string {
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	lines := strings.Split(string(b), "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if l == "" {
			continue
		}
		if k, v, ok := strings.Cut(l, "="); ok && !strings.Contains(k, "<<") {
			out[k] = v
			continue
		}
		k, delim, ok := strings.Cut(l, "<<")
		if !ok {
			t.Fatalf("%s: bad line %q", name, l)
		}
		var v []string
		for i++; i < len(lines) && lines[i] != delim; i++ {
			v = append(v, lines[i])
		}
		out[k] = strings.Join(v, "\n")
	}
	return out
}

var statusFunc = regexp.MustCompile(`\b(success|failure|always|cancelled)\s*\(`)

var exprRe = regexp.MustCompile(`\$\{\{(.*?)\}\}`)

// substitute replaces each ${{ … }} in s by its value.
func (r *actionRun) substitute(s string) string {
	return exprRe.ReplaceAllStringFunc(s, func(m string) string {
		return str(r.eval(exprRe.FindStringSubmatch(m)[1]))
	})
}

// eval evaluates a GitHub Actions expression: literals, contexts, !, ==,
// !=, &&, || and parentheses, and the status functions.
func (r *actionRun) eval(expr string) any {
	expr = strings.TrimSpace(expr)
	if strings.HasPrefix(expr, "${{") && strings.HasSuffix(expr, "}}") {
		expr = strings.TrimSuffix(strings.TrimPrefix(expr, "${{"), "}}")
	}
	p := &exprParser{r: r, toks: tokenize(r.t, expr)}
	v := p.or()
	if p.pos != len(p.toks) {
		r.t.Fatalf("expression %q: unexpected %q", expr, p.toks[p.pos])
	}
	return v
}

var tokRe = regexp.MustCompile(`\s*(==|!=|&&|\|\||!|\(|\)|'(?:[^']|'')*'|[A-Za-z_][A-Za-z0-9_.-]*|[0-9]+)`)

func tokenize(t *testing.T, s string) []string {
	var toks []string
	for rest := s; strings.TrimSpace(rest) != ""; {
		m := tokRe.FindStringSubmatchIndex(rest)
		if m == nil || m[0] != 0 {
			t.Fatalf("expression %q: cannot read %q", s, rest)
		}
		toks = append(toks, rest[m[2]:m[3]])
		rest = rest[m[1]:]
	}
	return toks
}

type exprParser struct {
	r    *actionRun
	toks []string
	pos  int
}

func (p *exprParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *exprParser) next() string {
	s := p.peek()
	p.pos++
	return s
}

func (p *exprParser) or() any {
	v := p.and()
	for p.peek() == "||" {
		p.next()
		w := p.and()
		if !truthy(v) {
			v = w
		}
	}
	return v
}

func (p *exprParser) and() any {
	v := p.cmp()
	for p.peek() == "&&" {
		p.next()
		w := p.cmp()
		if truthy(v) {
			v = w
		}
	}
	return v
}

func (p *exprParser) cmp() any {
	v := p.unary()
	for p.peek() == "==" || p.peek() == "!=" {
		op := p.next()
		w := p.unary()
		eq := looseEqual(v, w)
		v = eq == (op == "==")
	}
	return v
}

func (p *exprParser) unary() any {
	switch tok := p.next(); {
	case tok == "!":
		return !truthy(p.unary())
	case tok == "(":
		v := p.or()
		if p.next() != ")" {
			p.r.t.Fatalf("expression: missing )")
		}
		return v
	case strings.HasPrefix(tok, "'"):
		return strings.ReplaceAll(tok[1:len(tok)-1], "''", "'")
	case tok == "true" || tok == "false":
		return tok == "true"
	case tok == "null":
		return nil
	case tok != "" && tok[0] >= '0' && tok[0] <= '9':
		f, _ := strconv.ParseFloat(tok, 64)
		return f
	case p.peek() == "(":
		p.next()
		if p.next() != ")" {
			p.r.t.Fatalf("expression: %s takes no arguments here", tok)
		}
		switch tok {
		case "success":
			return !p.r.failed
		case "failure":
			return p.r.failed
		case "always":
			return true
		case "cancelled":
			return false
		}
		p.r.t.Fatalf("expression: unknown function %s()", tok)
	default:
		return p.r.context(tok)
	}
	return nil
}

// context returns the value of a dotted context path.
func (r *actionRun) context(path string) any {
	parts := strings.Split(path, ".")
	switch parts[0] {
	case "inputs":
		if len(parts) != 2 {
			break
		}
		v, ok := r.inputs[parts[1]]
		if !ok {
			r.t.Fatalf("expression: action.yml has no input %q", parts[1])
		}
		return v
	case "steps":
		if len(parts) < 3 {
			break
		}
		res, ok := r.steps[parts[1]]
		if !ok {
			r.t.Fatalf("expression %s: no step %q has run yet", path, parts[1])
		}
		switch {
		case len(parts) == 3 && (parts[2] == "outcome" || parts[2] == "conclusion"):
			return res.outcome
		case len(parts) == 4 && parts[2] == "outputs":
			return res.outputs[parts[3]]
		}
	case "github":
		var v any = r.github
		for _, k := range parts[1:] {
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		}
		return v
	case "runner":
		if path == "runner.temp" {
			return r.temp
		}
	}
	r.t.Fatalf("expression: the test runner does not know %s", path)
	return nil
}

func truthy(v any) bool {
	switch v := v.(type) {
	case nil:
		return false
	case bool:
		return v
	case string:
		return v != ""
	case float64:
		return v != 0
	}
	return true
}

// looseEqual compares as GitHub does: strings case-insensitively, values of
// different types as numbers.
func looseEqual(a, b any) bool {
	as, aok := a.(string)
	bs, bok := b.(string)
	if aok && bok {
		return strings.EqualFold(as, bs)
	}
	return num(a) == num(b)
}

func num(v any) float64 {
	switch v := v.(type) {
	case nil:
		return 0
	case bool:
		if v {
			return 1
		}
		return 0
	case float64:
		return v
	case string:
		if strings.TrimSpace(v) == "" {
			return 0
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return -1e308 // NaN compares unequal to everything
		}
		return f
	}
	return -1e308
}

// str is an expression value as substituted into text.
func str(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	b, _ := json.Marshal(v)
	return string(b)
}
