package site

import (
	"errors"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/okr-as-code/okr/okr/load"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/report"
	"github.com/okr-as-code/okr/okr/score"
	"github.com/okr-as-code/okr/okr/scorelog"
)

// acmeInput is the Input of examples/acme as of 2026-11-15, without
// history.
func acmeInput(t *testing.T) *Input {
	t.Helper()
	repo, _, err := load.Load(os.DirFS("../../examples/acme"), load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	asOf, _ := model.ParseDate("2026-11-15")
	r, err := report.Build(repo, asOf, report.Options{}, nil, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	return &Input{Index: score.NewIndex(repo), Report: r}
}

// build builds the site of in, its files by name.
func build(in *Input) (map[string]string, []string, error) {
	var mu sync.Mutex
	files := map[string]string{}
	var order []string
	err := Build(in, func(name string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		files[name] = string(data)
		order = append(order, name)
		return nil
	})
	return files, order, err
}

// TestBuildWaits: a site whose history comes through Wait is the same,
// byte for byte, as one given the same history up front; no page that
// draws history (the overview, an owner's, the history) is written before
// Wait returns (the others may be: they are rendered meanwhile); and an
// error from Wait is Build's, with no page that draws history written
// (Dir.Write then leaves the directory as it was: TestWriteReplaces).
func TestBuildWaits(t *testing.T) {
	keys := []string{"2026-Q4/growth"}
	log := &scorelog.Log{Commits: []scorelog.Entry{
		{Commit: "b", Short: "bbbbbbb", Date: "2026-11-10T10:00:00Z", Author: "a", Subject: "two", Scores: scorelog.NewScores(keys, []float64{0.4})},
		{Commit: "a", Short: "aaaaaaa", Date: "2026-10-10T10:00:00Z", Author: "a", Subject: "one", Scores: scorelog.NewScores(keys, []float64{0.2})},
	}}
	upFront := acmeInput(t)
	upFront.Log = log
	upFront.Report.History = "git"
	want, _, err := build(upFront)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := want["history.html"]; !ok {
		t.Fatal("no history page with a log")
	}

	later := acmeInput(t)
	var mu sync.Mutex
	var before []string // the files written before Wait returned
	got := map[string]string{}
	waited := false
	later.Wait = func() (*scorelog.Log, error) {
		mu.Lock()
		defer mu.Unlock()
		later.Report.History = "git"
		waited = true
		return log, nil
	}
	err = Build(later, func(name string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		got[name] = string(data)
		if !waited {
			before = append(before, name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(slices.Sorted(maps.Keys(want)), slices.Sorted(maps.Keys(got))); diff != "" {
		t.Fatalf("files (-up front +through Wait):\n%s", diff)
	}
	for name := range want {
		if want[name] != got[name] {
			t.Errorf("%s differs when the history comes through Wait", name)
		}
	}
	for _, name := range before {
		if drawsHistory(name) {
			t.Errorf("%s, which draws history, was written before Wait returned", name)
		}
	}

	failing := acmeInput(t)
	boom := errors.New("boom")
	failing.Wait = func() (*scorelog.Log, error) { return nil, boom }
	files, _, err := build(failing)
	if !errors.Is(err, boom) {
		t.Fatalf("Build = %v, want Wait's error", err)
	}
	for name := range files {
		if drawsHistory(name) || name == Marker {
			t.Errorf("%s written although Wait failed", name)
		}
	}
}

// drawsHistory reports whether a page of the site draws its history.
func drawsHistory(name string) bool {
	return name == "index.html" || name == "history.html" || strings.HasPrefix(name, "owner-")
}
