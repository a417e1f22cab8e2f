package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestValidateExampleAcme: `okr validate` on the README's example repository
// exits 0 with no errors, as of the date its demo uses, in every format.
func TestValidateExampleAcme(t *testing.T) {
	for _, format := range []string{"text", "json", "github", "sarif", "junit", "gitlab", "markdown"} {
		var stdout, stderr bytes.Buffer
		code := run([]string{"-C", "../../examples/acme", "validate", "--at", "2026-11-15", "--format", format}, strings.NewReader(""), &stdout, &stderr)
		if code != exitOK || stderr.Len() > 0 {
			t.Errorf("--format %s: exit %d, stderr %q\n%s", format, code, stderr.String(), stdout.String())
		}
		bad := map[string]string{"text": ": error: ", "json": `"valid": false`, "github": "::error ", "sarif": `"level": "error",`,
			"junit": "<failure", "gitlab": `"severity": "major"`, "markdown": "❌ error"}[format]
		if strings.Contains(stdout.String(), bad) {
			t.Errorf("--format %s: reports errors:\n%s", format, stdout.String())
		}
	}
}
