package scaffold

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

type workflowDoc struct {
	On struct {
		PullRequest struct {
			Paths []string `yaml:"paths"`
		} `yaml:"pull_request"`
		Push struct {
			Branches []string `yaml:"branches"`
			Paths    []string `yaml:"paths"`
		} `yaml:"push"`
		WorkflowDispatch any `yaml:"workflow_dispatch"`
	} `yaml:"on"`
	Permissions map[string]string `yaml:"permissions"`
	Jobs        map[string]struct {
		If          string            `yaml:"if"`
		Needs       string            `yaml:"needs"`
		Permissions map[string]string `yaml:"permissions"`
		Steps       []struct {
			ID   string            `yaml:"id"`
			Uses string            `yaml:"uses"`
			With map[string]string `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// checkWorkflow checks the scaffolded workflow under top: it runs on pull
// requests and on pushes to main only (never twice for one change), on the
// OKR files, through the okr action with working-directory wd, and deploys
// the site from pushes with the Pages actions and their permissions.
func checkWorkflow(t *testing.T, top, wd string, paths []string) {
	t.Helper()
	var wf workflowDoc
	b := readFile(t, top, WorkflowFile)
	if err := yaml.Unmarshal(b, &wf); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(paths, wf.On.PullRequest.Paths); diff != "" {
		t.Errorf("pull_request paths (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(paths, wf.On.Push.Paths); diff != "" {
		t.Errorf("push paths (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"main"}, wf.On.Push.Branches); diff != "" {
		t.Errorf("push branches (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]string{"contents": "read"}, wf.Permissions); diff != "" {
		t.Errorf("workflow permissions (-want +got):\n%s", diff)
	}
	check, site := wf.Jobs["check"], wf.Jobs["site"]
	if check.Permissions["pull-requests"] != "write" || check.Permissions["contents"] != "read" {
		t.Errorf("check job permissions %v", check.Permissions)
	}
	var uses []string
	for _, st := range check.Steps {
		uses = append(uses, st.Uses)
		if strings.HasPrefix(st.Uses, "okr-as-code/okr@") && st.With["working-directory"] != wd {
			t.Errorf("check job: working-directory %q, want %q", st.With["working-directory"], wd)
		}
	}
	if diff := cmp.Diff([]string{"actions/checkout@v4", "okr-as-code/okr@main"}, uses); diff != "" {
		t.Errorf("check job steps (-want +got):\n%s", diff)
	}
	want := map[string]string{"contents": "read", "pages": "write", "id-token": "write"}
	if diff := cmp.Diff(want, site.Permissions); diff != "" {
		t.Errorf("site job permissions (-want +got):\n%s", diff)
	}
	if site.Needs != "check" || !strings.Contains(site.If, "github.event_name != 'pull_request'") ||
		!strings.Contains(site.If, "github.event.repository.default_branch") {
		t.Errorf("site job: needs %q, if %q", site.Needs, site.If)
	}
	uses = nil
	for _, st := range site.Steps {
		uses = append(uses, st.Uses)
		if strings.HasPrefix(st.Uses, "okr-as-code/okr@") && (st.With["checks"] != "site" || st.With["working-directory"] != wd) {
			t.Errorf("site job: okr action with %v", st.With)
		}
	}
	if diff := cmp.Diff([]string{"actions/checkout@v4", "okr-as-code/okr@main", "actions/upload-pages-artifact@v3", "actions/deploy-pages@v4"}, uses); diff != "" {
		t.Errorf("site job steps (-want +got):\n%s", diff)
	}
}

// checkSettings checks .vscode/settings.json at top: one schema, the one
// written under prefix, mapped to globs that match every OKR file written
// and not the workflow.
func checkSettings(t *testing.T, top, prefix string) {
	t.Helper()
	var s map[string]map[string][]string
	if err := json.Unmarshal(readFile(t, top, SettingsFile), &s); err != nil {
		t.Fatal(err)
	}
	schemas := s["yaml.schemas"]
	if len(schemas) != 1 {
		t.Fatalf("yaml.schemas %v", schemas)
	}
	for schema, globs := range schemas {
		if want := "./" + prefix + SchemaFile; schema != want {
			t.Errorf("schema %q, want %q", schema, want)
		}
		if _, err := os.Stat(filepath.Join(top, filepath.FromSlash(schema))); err != nil {
			t.Errorf("the schema the settings name: %v", err)
		}
		matches := func(name string) bool {
			for _, g := range globs {
				if globRe(g).MatchString(name) {
					return true
				}
			}
			return false
		}
		for _, f := range listFiles(t, top) {
			okr := strings.HasSuffix(f, ".yaml") && !strings.HasPrefix(f, ".github/")
			if matches(f) != okr {
				t.Errorf("%s: matched by %v is %v, want %v", f, globs, matches(f), okr)
			}
		}
		if !matches(prefix + "objectives/teams/2027-Q1.yaml") {
			t.Errorf("%v miss a nested Objectives file", globs)
		}
	}
}

// globRe is a VS Code glob as a regular expression: ** any path, * any name.
func globRe(g string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(g); i++ {
		switch {
		case strings.HasPrefix(g[i:], "**/"):
			b.WriteString("(?:.*/)?")
			i += 2
		case g[i] == '*':
			b.WriteString("[^/]*")
		default:
			b.WriteString(regexp.QuoteMeta(g[i : i+1]))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

func TestInitInsideAWorkTree(t *testing.T) {
	top := t.TempDir()
	dir := filepath.Join(top, "org", "okrs")
	res, err := InitWith(Options{Dir: dir, Top: top, Now: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"okr.yaml", "objectives/2026-Q4.yaml", "kpis/weekly_active_users.yaml", "measurements/my-team.csv",
		"okr.schema.json", "../../.github/workflows/okr.yaml", "../../.github/workflows/okr-digest.yaml", "../../.vscode/settings.json",
	}
	if diff := cmp.Diff(want, res.Created); diff != "" {
		t.Errorf("created (-want +got):\n%s", diff)
	}
	if _, err := os.Stat(filepath.Join(dir, ".github")); err == nil {
		t.Error("a workflow under DIR, where GitHub never looks")
	}
	checkWorkflow(t, top, "org/okrs", []string{"org/okrs/**", ".github/workflows/okr.yaml"})
	checkSettings(t, top, "org/okrs/")

	// A second DIR in the same work tree: the workflow exists, so nothing
	// is written.
	_, err = InitWith(Options{Dir: filepath.Join(top, "other"), Top: top, Now: time.Now()})
	var ee *ExistsError
	if !errorsAs(err, &ee) || strings.Join(ee.Files, ",") != "../.github/workflows/okr.yaml,../.github/workflows/okr-digest.yaml" {
		t.Errorf("second init: %v", err)
	}
	if _, err := os.Stat(filepath.Join(top, "other")); err == nil {
		t.Error("the refused init created its directory")
	}
}

func TestInitKeepsEditorSettings(t *testing.T) {
	top := t.TempDir()
	mine := "{\"editor.tabSize\": 2}\n"
	writeTestFile(t, filepath.Join(top, SettingsFile), mine)
	res, err := InitWith(Options{Dir: top, Top: top, Now: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{SettingsFile}, res.Kept); diff != "" {
		t.Errorf("kept (-want +got):\n%s", diff)
	}
	for _, f := range res.Created {
		if f == SettingsFile {
			t.Error("settings reported as created")
		}
	}
	if got := string(readFile(t, top, SettingsFile)); got != mine {
		t.Errorf("settings overwritten: %q", got)
	}
}

func TestInitRefusesDirOutsideTop(t *testing.T) {
	top := t.TempDir()
	if _, err := InitWith(Options{Dir: t.TempDir(), Top: top, Now: time.Now()}); err == nil {
		t.Error("init outside its work tree succeeded")
	}
}

func TestDefaultBranch(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	git := func(dir string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=a", "GIT_AUTHOR_EMAIL=a@b", "GIT_COMMITTER_NAME=a", "GIT_COMMITTER_EMAIL=a@b")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	tests := []struct {
		name, branch, want string
		cloned, unborn     bool
	}{
		{"main", "main", "main", false, false},
		{"master", "master", "master", false, false},
		{"a feature branch", "add-okrs", "main", false, false},
		{"a clone of a trunk repository, on a feature branch", "trunk", "trunk", true, false},
		// git init -b trunk, nothing committed yet: the branch it starts on.
		{"a new repository on trunk", "trunk", "trunk", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			git(dir, "init", "-q", "-b", tt.branch, "src")
			src := filepath.Join(dir, "src")
			if !tt.unborn {
				git(src, "commit", "-q", "--allow-empty", "-m", "first")
			}
			top := src
			if tt.cloned {
				git(dir, "clone", "-q", src, "clone")
				top = filepath.Join(dir, "clone")
				git(top, "checkout", "-q", "-b", "feature")
			}
			if got := DefaultBranch(top); got != tt.want {
				t.Errorf("DefaultBranch = %q, want %q", got, tt.want)
			}
		})
	}
	if got := DefaultBranch(t.TempDir()); got != "main" {
		t.Errorf("outside a repository: %q", got)
	}
}

func writeTestFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }
