package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// multitool finds Microsoft's SARIF multitool: $SARIF_MULTITOOL, else
// Sarif.Multitool on PATH, else the Linux binary beside the
// sarif-multitool script that `npm install -g @microsoft/sarif-multitool`
// puts on PATH (that script runs the binary through a shell, which would
// split the ';' of a rule-kind list). It returns "" when there is none.
func multitool(t *testing.T) string {
	if p := os.Getenv("SARIF_MULTITOOL"); p != "" {
		return p
	}
	if p, err := exec.LookPath("Sarif.Multitool"); err == nil {
		return p
	}
	script, err := exec.LookPath("sarif-multitool")
	if err != nil {
		return ""
	}
	real, err := filepath.EvalSymlinks(script)
	if err != nil {
		return ""
	}
	// Beside the package, or inside it (where newer npm puts an optional
	// dependency).
	var bin string
	var fi os.FileInfo
	for _, c := range []string{
		filepath.Join(filepath.Dir(real), "..", "sarif-multitool-linux", "Sarif.Multitool"),
		filepath.Join(filepath.Dir(real), "node_modules", "@microsoft", "sarif-multitool-linux", "Sarif.Multitool"),
	} {
		if fi, err = os.Stat(c); err == nil {
			bin = c
			break
		}
	}
	if bin == "" {
		return ""
	}
	if fi.Mode()&0o100 == 0 {
		// npm may not have run the package's postinstall (chmod u+x).
		exe := filepath.Join(t.TempDir(), "Sarif.Multitool")
		data, err := os.ReadFile(bin)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(exe, data, 0o755); err != nil {
			t.Fatal(err)
		}
		return exe
	}
	return bin
}

// TestSARIFMultitool holds `okr validate --format sarif` to what GitHub code
// scanning accepts: Microsoft's SARIF multitool, with GitHub's rules (and
// the SARIF ones), finds no error and no warning, on a log with problems of
// many rules (some without a line, in a file with control characters in
// its name), and on one without problems. It skips only where the
// multitool is not installed; .ci/run installs it.
func TestSARIFMultitool(t *testing.T) {
	tool := multitool(t)
	if tool == "" {
		t.Skip("the SARIF multitool is not installed (npm install -g @microsoft/sarif-multitool)")
	}
	hostile := hostileRepo(t)
	if err := os.Symlink("/etc/passwd", filepath.Join(hostile, "teams", "link.yaml")); err != nil {
		t.Fatal(err)
	}
	for name, dir := range map[string]string{"problems": hostile, "none": "../../examples/acme"} {
		var stdout, stderr bytes.Buffer
		run([]string{"-C", dir, "validate", "--at", "2026-11-15", "--format", "sarif"}, strings.NewReader(""), &stdout, &stderr)
		if name == "problems" && !strings.Contains(stdout.String(), `"ruleId": "symlink"`) {
			t.Fatalf("%s: no symlink problem (one without a line):\n%s", name, stdout.String())
		}
		log := filepath.Join(t.TempDir(), name+".sarif")
		if err := os.WriteFile(log, stdout.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(tool, "validate", "--rule-kind", "Sarif;Gh", "--level", "Error;Warning", log).CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, out)
		}
		if !strings.Contains(string(out), "1 files scanned") || strings.Contains(string(out), "skipped") {
			t.Fatalf("%s: the multitool did not check the log:\n%s", name, out)
		}
		if bad := regexp.MustCompile(`(?m)^.*: (error|warning) [A-Z]+[0-9]+: .*$`).FindAllString(string(out), -1); len(bad) > 0 {
			t.Errorf("%s: the multitool finds %d problems:\n%s", name, len(bad), strings.Join(bad, "\n"))
		}
	}
}
