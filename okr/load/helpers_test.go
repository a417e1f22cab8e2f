package load

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/okr-as-code/okr/okr/model"
)

// mapFS builds an in-memory repository from file contents.
func mapFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data), Mode: 0o644}
	}
	return fsys
}

// loadMap loads an in-memory repository and returns its sorted problems.
func loadMap(t *testing.T, files map[string]string) (*model.Repo, []model.Problem) {
	t.Helper()
	return loadFS(t, mapFS(files))
}

func loadFS(t *testing.T, fsys fs.FS) (*model.Repo, []model.Problem) {
	t.Helper()
	var (
		repo  *model.Repo
		probs []model.Problem
		err   error
	)
	within(t, 60*time.Second, func() { repo, probs, err = Load(fsys, Options{}) })
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	checkProblems(t, probs)
	return repo, model.SortProblems(probs)
}

// within fails the test when fn does not return in d: a guard against
// hangs, generous enough for the race detector on a slow machine.
func within(t *testing.T, d time.Duration, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("did not finish within %v", d)
	}
}

// contentRules are the rules of problems about a file's content, which
// always carry a line. With "io" and "symlink" they are every rule the
// loader reports; render.Rules describes each (a test there checks).
var contentRules = map[string]bool{
	"yaml": true, "schema": true, "duplicate-key": true, "number": true,
	"date": true, "csv": true, "api-version": true, "config": true, "limit": true,
	RuleNearMiss: true, RuleSiteDir: true,
}

// checkProblems asserts what holds for every problem the loader reports: a
// file, a line for content problems, a known rule, a message that is lower
// case without a trailing period.
func checkProblems(t *testing.T, ps []model.Problem) {
	t.Helper()
	for _, p := range ps {
		if p.File == "" {
			t.Errorf("problem without a file: %v", p)
		}
		if contentRules[p.Rule] && (p.Line < 1 || p.Column < 0) {
			t.Errorf("content problem without a line: %v", p)
		}
		if !contentRules[p.Rule] && p.Rule != "io" && p.Rule != "symlink" {
			t.Errorf("unexpected rule %q: %v", p.Rule, p)
		}
		if p.Severity != model.Error && p.Severity != model.Warning {
			t.Errorf("bad severity: %v", p)
		}
		if p.Message == "" || strings.HasSuffix(p.Message, ".") {
			t.Errorf("message empty or ends with a period: %v", p)
		}
	}
}

// E and W build the expected error and warning at file:line:col.
func E(file string, line, col int, rule, msg string) model.Problem {
	return model.Problem{Pos: model.Pos{File: file, Line: line, Column: col}, Severity: model.Error, Rule: rule, Message: msg}
}

func W(file string, line, col int, rule, msg string) model.Problem {
	return model.Problem{Pos: model.Pos{File: file, Line: line, Column: col}, Severity: model.Warning, Rule: rule, Message: msg}
}
