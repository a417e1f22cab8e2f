package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// TestDigestHTMLInBrowser opens the html digest of acme's week (okr
// digest --format html, with --link) from file:// in headless Chromium at
// 360 and 800 px: it is readable (no sideways scroll, nothing cut off),
// has no script, style sheet or style element, requests nothing but
// itself, and says nothing on the console. It writes a screenshot at each
// width to testdata/digest/screenshots with -update (else to a temporary
// directory), for review.
func TestDigestHTMLInBrowser(t *testing.T) {
	ctx := browser(t)
	dir := acmeWeek(t)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-C", dir, "digest", "--since", "7d", "--at", "2026-11-15", "--format", "html",
		"--link", "https://acme.example/okrs/"}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("okr digest: exit %d: %s", code, stderr.String())
	}
	page := filepath.Join(t.TempDir(), "digest.html")
	if err := os.WriteFile(page, stdout.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	pageURL := (&url.URL{Scheme: "file", Path: filepath.ToSlash(page)}).String()
	var w pageWatch
	if err := w.listen(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, runtime.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	shots := t.TempDir()
	if *update {
		shots = filepath.Join("testdata", "digest", "screenshots")
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, width := range []int64{360, 800} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 800), chromedp.Navigate(pageURL), chromedp.WaitReady(chromedp.CSS("h1"))); err != nil {
				t.Fatal(err)
			}
			var facts struct {
				ScrollW, InnerW         int
				Scripts, Styles, Sheets int
				Sections, Items, Widest int
				Links                   []string
				Outside                 int
			}
			raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](`({
				ScrollW: document.documentElement.scrollWidth,
				InnerW: window.innerWidth,
				Scripts: document.scripts.length,
				Styles: document.querySelectorAll('style, link').length,
				Sheets: document.styleSheets.length,
				Sections: document.querySelectorAll('h2').length,
				Items: document.querySelectorAll('td td').length,
				Widest: Math.max(...Array.from(document.querySelectorAll('td, h1, h2, code')).map(e => e.getBoundingClientRect().right)),
				Links: Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href')),
			})`))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(raw, &facts); err != nil {
				t.Fatalf("%v: %s", err, raw)
			}
			console, requests := w.take()
			for _, c := range console {
				t.Errorf("console: %s", c)
			}
			for _, r := range requests {
				if r != pageURL {
					t.Errorf("request leaving the page: %s", r)
				}
			}
			if facts.ScrollW > facts.InnerW || facts.Widest > facts.InnerW {
				t.Errorf("at %d px: %d px wide, rightmost box at %d px", width, facts.ScrollW, facts.Widest)
			}
			if facts.Scripts+facts.Styles+facts.Sheets != 0 {
				t.Errorf("%d scripts, %d style or link elements, %d style sheets", facts.Scripts, facts.Styles, facts.Sheets)
			}
			// acme's week: moved goalposts, at risk, score changes,
			// check-ins, due.
			if facts.Sections < 4 || facts.Items < 10 {
				t.Errorf("%d sections, %d items", facts.Sections, facts.Items)
			}
			for _, l := range facts.Links {
				if !strings.HasPrefix(l, "https://acme.example/okrs/") {
					t.Errorf("link %q is not the dashboard's", l)
				}
			}
			buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(buf))
			if err != nil {
				t.Fatal(err)
			}
			if b := img.Bounds(); b.Dx() != int(width) {
				t.Errorf("screenshot %d px wide, want %d", b.Dx(), width)
			}
			name := filepath.Join(shots, fmt.Sprintf("digest-%d.png", width))
			if err := os.WriteFile(name, buf, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("screenshot: %s", name)
		})
	}
}

// TestDigestHostileInBrowser: an html digest of a repository whose texts
// are markup runs no script and loads nothing.
func TestDigestHostileInBrowser(t *testing.T) {
	ctx := browser(t)
	dir := t.TempDir()
	evil := `<script>window.pwned=1</script>\"><img src=x onerror=\"window.pwned=2\"><svg onload=\"window.pwned=3\"> <at>x</at> [x](http://y) <!channel> ` +
		strings.Repeat("unbroken", 40) // one word wider than a phone
	for name, content := range map[string]string{
		"okr.yaml":    "organization: \"" + evil + "\"\n",
		"people.yaml": "apiVersion: okr/v1\nkind: People\npeople:\n  - {id: alice, name: \"" + evil + "\", slack: U024BE7LH}\n",
		"teams/payments.yaml": "apiVersion: okr/v1\nkind: Objectives\nowner: payments\nperiod: 2026-Q4\nobjectives:\n" +
			"  - id: checkout\n    title: \"" + evil + "\"\n    key_results:\n" +
			"      - {id: p95, title: \"" + evil + "\", type: milestone, owner: alice}\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-C", dir, "digest", "--at", "2026-11-15", "--format", "html"}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("okr digest: exit %d: %s", code, stderr.String())
	}
	page := filepath.Join(t.TempDir(), "digest.html")
	if err := os.WriteFile(page, stdout.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var w pageWatch
	if err := w.listen(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	pageURL := (&url.URL{Scheme: "file", Path: filepath.ToSlash(page)}).String()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 800), chromedp.Navigate(pageURL), chromedp.WaitReady(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	widths, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.scrollWidth + " " + window.innerWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if w := strings.Fields(widths); len(w) != 2 || w[0] != w[1] {
		t.Errorf("at 360 px a long word scrolls the page sideways: scroll width, window: %s", widths)
	}
	pwned, err := chromedp.Run(ctx, chromedp.Evaluate[string](`String(window.pwned) + " " + document.scripts.length + " " + document.images.length`))
	if err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	if err != nil {
		t.Fatal(err)
	}
	if pwned != "undefined 0 0" {
		t.Errorf("window.pwned, scripts, images: %s", pwned)
	}
	if !strings.Contains(text, "<script>window.pwned=1</script>") || !strings.Contains(text, "<at>x</at>") {
		t.Errorf("the titles do not show as written:\n%s", text)
	}
	if _, requests := w.take(); len(requests) != 1 || requests[0] != pageURL {
		t.Errorf("requests: %v", requests)
	}
}
