package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	full := t.TempDir()
	if err := os.WriteFile(filepath.Join(full, "x"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "repo")
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no output", []string{"-scale", "small"}, exitUsage, "usage"},
		{"bad scale", []string{"-scale", "huge", "-o", out}, exitUsage, `unknown scale "huge"`},
		{"bad override", []string{"-quarters", "5", "-o", out}, exitUsage, "quarters is 5"},
		{"non-empty", []string{"-o", full}, exitUsage, "is not empty"},
		{"overrides", []string{"-scale", "full", "-owners", "3", "-kpis", "4", "-measurements", "200", "-seed", "9", "-o", out}, exitOK, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(tc.args, &stdout, &stderr); code != tc.code || !strings.Contains(stderr.String(), tc.stderr) {
				t.Errorf("run(%q) = %d, stderr %q; want %d, %q", tc.args, code, stderr.String(), tc.code, tc.stderr)
			}
		})
	}
	teams, err := os.ReadDir(filepath.Join(out, "teams"))
	if err != nil || len(teams) != 3 {
		t.Errorf("-owners 3 wrote %d team directories (%v)", len(teams), err)
	}
}
