package main

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestDigestLinksResolve: every address the digest links with --link is a
// page okr site writes for the same repository and date, and every anchor
// an element of that page (kr-<objective>.<kr> on the owner pages).
func TestDigestLinksResolve(t *testing.T) {
	dir := acmeWeek(t)
	out := filepath.Join(t.TempDir(), "site")
	buildSite(t, dir, out)
	files := readSite(t, out)
	const base = "https://acme.example/okrs/"
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-C", dir, "digest", "--since", "7d", "--at", siteAsOf, "--format", "markdown", "--link", base}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("okr digest: exit %d: %s", code, stderr.String())
	}
	links := regexp.MustCompile(`\]\((https://[^)]*)\)`).FindAllStringSubmatch(stdout.String(), -1)
	seen := map[string]bool{}
	anchors := 0
	for _, m := range links {
		page, frag, _ := strings.Cut(strings.TrimPrefix(m[1], base), "#")
		seen[page] = true
		b, ok := files[page]
		if !ok || !strings.HasPrefix(m[1], base) {
			t.Errorf("link %s: okr site wrote no %s", m[1], page)
			continue
		}
		if frag != "" {
			anchors++
			if !bytes.Contains(b, []byte(` id="`+frag+`"`)) {
				t.Errorf("link %s: no element %q in %s", m[1], frag, page)
			}
		}
	}
	// The headline, the due list, owner pages and key result sections.
	if !seen["index.html"] || !seen["due.html"] || anchors < 10 || len(seen) < 5 {
		t.Errorf("%d links to %d pages, %d anchors: %v", len(links), len(seen), anchors, seen)
	}
}
