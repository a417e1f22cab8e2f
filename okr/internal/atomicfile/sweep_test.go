package atomicfile

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestSweep(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC)
	files := []struct {
		name string
		age  time.Duration
	}{
		{".nps.csv.okr-0123456789ab", 11 * time.Minute}, // stale: removed
		{".nps.yaml.okr-abcdef012345", time.Hour},       // stale: removed
		{".nps.csv.okr-ba9876543210", 9 * time.Minute},  // young: another okr may be writing it
		{".nps.csv.okr-cafecafecafe", 10 * time.Minute}, // exactly ten minutes: not older, kept
		{".nps.csv.okr-0123", time.Hour},                // not a temporary file's name
		{"nps.csv.okr-0123456789ab", time.Hour},         // no leading dot
		{".nps.csv.okr-0123456789AB", time.Hour},        // Write uses lower-case hex
		{"nps.csv", time.Hour},                          // the data itself
	}
	for _, f := range files {
		p := filepath.Join(dir, "m", f.name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, now.Add(-f.age), now.Add(-f.age)); err != nil {
			t.Fatal(err)
		}
	}
	// A directory with a temporary file's name is not removed.
	sub := filepath.Join(dir, "m", ".d.okr-000000000000")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(sub, now.Add(-time.Hour), now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()

	removed := Sweep(r, "m", now)
	slices.Sort(removed)
	if diff := cmp.Diff([]string{"m/.nps.csv.okr-0123456789ab", "m/.nps.yaml.okr-abcdef012345"}, removed); diff != "" {
		t.Errorf("removed (-want +got):\n%s", diff)
	}
	entries, err := os.ReadDir(filepath.Join(dir, "m"))
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, e := range entries {
		left = append(left, e.Name())
	}
	want := []string{".d.okr-000000000000", ".nps.csv.okr-0123", ".nps.csv.okr-0123456789AB", ".nps.csv.okr-ba9876543210", ".nps.csv.okr-cafecafecafe", "nps.csv", "nps.csv.okr-0123456789ab"}
	if diff := cmp.Diff(want, left); diff != "" {
		t.Errorf("left in the directory (-want +got):\n%s", diff)
	}
	// A directory that does not exist is no error.
	if got := Sweep(r, "none", now); got != nil {
		t.Errorf("Sweep of a missing directory = %v", got)
	}
}
