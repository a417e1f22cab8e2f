package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// stamped sets the -ldflags stamps for the length of a test.
func stamped(t *testing.T, v, c, d string) {
	t.Helper()
	old := stamp{version, commit, date}
	version, commit, date = v, c, d
	t.Cleanup(func() { version, commit, date = old.version, old.commit, old.date })
}

// TestReleaseAssets: okr release-assets DIR writes okr.1 and one man page
// per command, each with the stamped version and commit month in its .TH
// line and accepted by groff without a warning where groff is installed,
// and the four completion scripts, each what okr completion SHELL prints;
// the same bytes each time.
func TestReleaseAssets(t *testing.T) {
	stamped(t, "1.2.3", "5bfa0f928759dca47dab5801e13bab848f28e650", "2026-12-05T10:11:12Z")
	base := t.TempDir()
	var stderr bytes.Buffer
	for _, d := range []string{"a", "b"} {
		if code := run([]string{"-C", base, "release-assets", d}, nil, io.Discard, &stderr); code != exitOK {
			t.Fatalf("okr release-assets: exit %d\n%s", code, stderr.String())
		}
	}
	dir := filepath.Join(base, "a")

	// One page per command that --help lists, and okr.1.
	want := []string{"okr.1"}
	root := newRootCmd(&app{})
	for _, path := range commandsOf(root) {
		if c, _, _ := root.Find(path); c.Hidden {
			continue
		}
		want = append(want, "okr-"+strings.Join(path, "-")+".1")
	}
	want = append(want, "okr-completion.1")
	for _, sh := range []string{"bash", "fish", "powershell", "zsh"} {
		want = append(want, "okr-completion-"+sh+".1")
	}
	slices.Sort(want)
	var got []string
	ents, err := os.ReadDir(filepath.Join(dir, "man"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		got = append(got, e.Name())
	}
	if !slices.Equal(got, want) {
		t.Fatalf("man pages:\n%q\nwant:\n%q", got, want)
	}
	if slices.Contains(got, "okr-release-assets.1") || slices.Contains(got, "okr-help.1") {
		t.Errorf("a page for a hidden command: %q", got)
	}
	groff, _ := exec.LookPath("groff")
	for _, name := range got {
		b, err := os.ReadFile(filepath.Join(dir, "man", name))
		if err != nil {
			t.Fatal(err)
		}
		title := strings.ToUpper(strings.TrimSuffix(name, ".1"))
		th := `.TH "` + title + `" "1" "Dec 2026" "okr 1.2.3" "okr manual"`
		if !bytes.Contains(b, []byte("\n"+th+"\n")) {
			t.Errorf("%s: no line %s:\n%.300s", name, th, b)
		}
		if !bytes.Contains(b, []byte("\n.SH NAME\n")) || !bytes.Contains(b, []byte("\n.SH SYNOPSIS\n")) {
			t.Errorf("%s: no NAME or SYNOPSIS section", name)
		}
		if b2, err := os.ReadFile(filepath.Join(base, "b", "man", name)); err != nil || !bytes.Equal(b, b2) {
			t.Errorf("%s: not the same bytes twice (%v)", name, err)
		}
		if groff == "" {
			continue
		}
		// -k: the pages are UTF-8; -ww: every warning; -z: no output.
		cmd := exec.Command(groff, "-k", "-man", "-Tutf8", "-ww", "-z", filepath.Join(dir, "man", name))
		if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
			t.Errorf("groff %s: %v\n%s", name, err, out)
		}
	}
	if groff == "" {
		t.Log("groff not installed: the pages were not typeset")
	}

	// okr completion SHELL writes to the process's standard output (cobra
	// takes it when the command is made): run the binary.
	okr := builtOKR(t)
	for _, c := range releaseCompletions {
		b, err := os.ReadFile(filepath.Join(dir, "completions", c.file))
		if err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(okr, "completion", c.shell).Output()
		if err != nil || len(out) == 0 {
			t.Fatalf("okr completion %s: %v", c.shell, err)
		}
		if !bytes.Equal(b, out) {
			t.Errorf("completions/%s is not what okr completion %s prints", c.file, c.shell)
		}
	}
}

// TestReleaseAssetsRefusesNonEmpty: release-assets writes into an empty or
// new directory only, so that no page of a command since removed stays.
func TestReleaseAssetsRefusesNonEmpty(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"out/old.1": "x"})
	var stderr bytes.Buffer
	code := run([]string{"-C", dir, "release-assets", "out"}, nil, io.Discard, &stderr)
	if code != exitUsage || !strings.Contains(stderr.String(), "out is not empty") {
		t.Errorf("exit %d, stderr %q; want 2, not empty", code, stderr.String())
	}
	if ents, _ := os.ReadDir(filepath.Join(dir, "out")); len(ents) != 1 {
		t.Errorf("release-assets wrote into a non-empty directory: %v", ents)
	}
}

// TestReleaseAssetsBadDate: a stamped date that is not RFC 3339 is a
// failure, not a page dated today.
func TestReleaseAssetsBadDate(t *testing.T) {
	stamped(t, "1.2.3", "", "yesterday")
	var stderr bytes.Buffer
	code := run([]string{"-C", t.TempDir(), "release-assets", "out"}, nil, io.Discard, &stderr)
	if code != exitUsage || !strings.Contains(stderr.String(), `"yesterday" is not RFC 3339`) {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}
