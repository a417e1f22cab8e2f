package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromium returns the path of a Chromium or Chrome binary, or "".
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser starts a headless Chromium with a fresh profile; it skips the
// test when none is installed (CI installs Debian's chromium).
func browser(t *testing.T) context.Context {
	t.Helper()
	bin := chromium()
	if bin == "" {
		t.Skip("no chromium installed (apt-get install chromium)")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1440, 1000),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(cancel3)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	return ctx
}

// pageWatch records what a page says on the console and what it requests.
type pageWatch struct {
	mu       sync.Mutex
	console  []string
	requests []string
}

func (w *pageWatch) listen(ctx context.Context) error {
	return chromedp.Listen(ctx, func(ev any) {
		w.mu.Lock()
		defer w.mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			var args []string
			for _, a := range e.Args {
				args = append(args, string(a.Value)+a.Description)
			}
			w.console = append(w.console, fmt.Sprintf("console.%s: %s", e.Type, strings.Join(args, " ")))
		case *runtime.EventExceptionThrown:
			d := e.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			w.console = append(w.console, fmt.Sprintf("exception: %s at %s:%d", msg, d.URL, d.LineNumber))
		case *log.EventEntryAdded:
			w.console = append(w.console, fmt.Sprintf("log %s %s: %s %s", e.Entry.Level, e.Entry.Source, e.Entry.Text, e.Entry.URL))
		case *network.EventRequestWillBeSent:
			w.requests = append(w.requests, e.Request.URL)
		case *network.EventLoadingFailed:
			w.console = append(w.console, "failed load: "+e.ErrorText)
		}
	})
}

func (w *pageWatch) take() (console, requests []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	console, requests = w.console, w.requests
	w.console, w.requests = nil, nil
	return console, requests
}

// TestSiteInBrowser opens every page of the example site (in its git
// history) from file:// in headless Chromium: nothing on the console, no
// request outside the site, every internal link resolves, no page scrolls
// sideways at 390 px, a drawn chart for every key result; the dark scheme
// and print styles apply. It writes
// screenshots of the overview and of the payments page to
// testdata/site/screenshots for review (the README shows the overview).
func TestSiteInBrowser(t *testing.T) {
	ctx := browser(t)
	dir := acmeHistory(t)
	out := filepath.Join(t.TempDir(), "site")
	buildSite(t, dir, out)
	files := readSite(t, out)
	var pages []string
	ids := map[string]map[string]bool{} // page → its element ids
	idRe := regexp.MustCompile(` id="([^"]+)"`)
	for name, b := range files {
		if strings.HasSuffix(name, ".html") {
			pages = append(pages, name)
			ids[name] = map[string]bool{}
			for _, m := range idRe.FindAllStringSubmatch(string(b), -1) {
				ids[name][m[1]] = true
			}
		}
	}
	sort.Strings(pages)
	if len(pages) < 6 {
		t.Fatalf("only %d pages: %v", len(pages), pages)
	}
	base := (&url.URL{Scheme: "file", Path: filepath.ToSlash(out) + "/"}).String()
	var w pageWatch
	if err := w.listen(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, log.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, runtime.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	for _, width := range []int64{1440, 390} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900)); err != nil {
			t.Fatal(err)
		}
		for _, name := range pages {
			t.Run(fmt.Sprintf("%d/%s", width, name), func(t *testing.T) {
				if err := chromedp.Do(ctx, chromedp.Navigate(base+name), chromedp.WaitReady(chromedp.CSS("footer"))); err != nil {
					t.Fatal(err)
				}
				var facts struct {
					Links           []string
					ScrollW, InnerW int
					KRs, Charts     int
					Drawn, Scripts  int
				}
				raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](`({
					Links: Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href')),
					ScrollW: document.documentElement.scrollWidth,
					InnerW: window.innerWidth,
					KRs: document.querySelectorAll('article.kr').length,
					Charts: document.querySelectorAll('article.kr svg.chart').length,
					Drawn: Array.from(document.querySelectorAll('article.kr svg.chart')).filter(s => {
						const r = s.getBoundingClientRect();
						const title = s.querySelector('title'), desc = s.querySelector('desc');
						return r.width > 100 && r.height > 40 && s.querySelectorAll('line,polyline,circle').length > 3 &&
							title && title.textContent.length > 0 && desc && desc.textContent.length > 0;
					}).length,
					Scripts: document.scripts.length,
				})`))
				if err != nil {
					t.Fatal(err)
				}
				if err := json.Unmarshal(raw, &facts); err != nil {
					t.Fatalf("%v: %s", err, raw)
				}
				links, scrollW, innerW := facts.Links, facts.ScrollW, facts.InnerW
				krs, charts, drawn, scripts := facts.KRs, facts.Charts, facts.Drawn, facts.Scripts
				console, requests := w.take()
				for _, c := range console {
					t.Errorf("console: %s", c)
				}
				for _, r := range requests {
					if !strings.HasPrefix(r, base) {
						t.Errorf("request outside the site: %s", r)
					}
				}
				if scrollW > innerW {
					t.Errorf("scrolls sideways: %d px wide in a %d px window", scrollW, innerW)
				}
				if scripts != 0 {
					t.Errorf("%d scripts on the page", scripts)
				}
				if strings.HasPrefix(name, "owner-") && (krs == 0 || charts != krs || drawn != krs) {
					t.Errorf("%d key results, %d charts, %d drawn", krs, charts, drawn)
				}
				for _, l := range links {
					target, frag, _ := strings.Cut(l, "#")
					if target == "" {
						target = name
					}
					if strings.Contains(target, ":") || strings.Contains(target, "/") {
						t.Errorf("link %q leaves the site", l)
						continue
					}
					if _, ok := files[target]; !ok {
						t.Errorf("link %q: no such file", l)
						continue
					}
					if frag != "" && !ids[target][frag] {
						t.Errorf("link %q: no element %q in %s", l, frag, target)
					}
				}
			})
		}
	}
	// The committed screenshots are rewritten with -update (as the golden
	// files are); a plain run writes them to a temporary directory, so that
	// the tests leave the work tree as they found it.
	shots := t.TempDir()
	if *update {
		shots = filepath.Join("testdata", "site", "screenshots")
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct{ page, png string }{
		{"index.html", "overview.png"},
		{"owner-payments-2026-Q4.html", "owner-payments.png"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+s.page), chromedp.WaitReady(chromedp.CSS("footer"))); err != nil {
			t.Fatal(err)
		}
		buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(buf))
		if err != nil {
			t.Fatalf("screenshot of %s: %v", s.page, err)
		}
		if b := img.Bounds(); b.Dx() != 1280 || b.Dy() < 900 {
			t.Errorf("screenshot of %s is %dx%d, want 1280 wide and at least 900 high", s.page, b.Dx(), b.Dy())
		}
		if err := os.WriteFile(filepath.Join(shots, s.png), buf, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot of %s: %s", s.page, filepath.Join(shots, s.png))
	}
	// The dark scheme and print: the page follows prefers-color-scheme,
	// and printing drops the navigation.
	for _, m := range []struct {
		media, feature, value, js, want string
	}{
		{"", "prefers-color-scheme", "dark", `getComputedStyle(document.body).backgroundColor`, "rgb(13, 17, 23)"},
		{"", "prefers-color-scheme", "light", `getComputedStyle(document.body).backgroundColor`, "rgb(255, 255, 255)"},
		{"print", "prefers-color-scheme", "light", `getComputedStyle(document.querySelector('header nav')).display`, "none"},
	} {
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Media: m.media, Features: []*emulation.MediaFeature{{Name: m.feature, Value: m.value}}}); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](m.js))
		if err != nil {
			t.Fatal(err)
		}
		if got != m.want {
			t.Errorf("%s %s: %s = %q, want %q", m.media, m.value, m.js, got, m.want)
		}
	}
	if console, _ := w.take(); len(console) > 0 {
		t.Errorf("console: %v", console)
	}
}

// TestSiteHostileInBrowser opens the site of a repository whose titles,
// notes, units and names are full of markup, quotes and control
// characters: no script element comes from them, none runs, and nothing
// reaches the console.
func TestSiteHostileInBrowser(t *testing.T) {
	ctx := browser(t)
	dir := t.TempDir()
	evil := `\e[31m<script>window.pwned=1</script>\"><img src=x onerror=\"window.pwned=2\"><svg onload=\"window.pwned=3\"> 'q' \u2028 \a`
	for name, content := range map[string]string{
		"okr.yaml": "organization: \"" + evil + "\"\n",
		"teams/payments.yaml": `apiVersion: okr/v1
kind: Objectives
owner: payments
period: 2026-Q4
objectives:
  - id: checkout
    title: "` + evil + `"
    key_results:
      - {id: p95, title: "</title></desc></svg><script>window.pwned=4</script>", baseline: 800, target: 300, unit: "<i>ms"}
      - {id: conv, title: "` + evil + `", baseline: 60, target: 70}
`,
		"kpis/evil.yaml": `apiVersion: okr/v1
kind: KPI
id: evil
name: "` + evil + `"
owner: payments
direction: increase
target: 3
`,
		"measurements.csv": "metric,at,value,note\npayments/checkout/p95,2026-10-05,780,\"<script>window.pwned=5</script>\"\nevil,2026-10-12,2,\"<img src=x onerror=window.pwned=6>\"\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "site")
	buildSite(t, dir, out)
	var w pageWatch
	if err := w.listen(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, log.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	base := (&url.URL{Scheme: "file", Path: filepath.ToSlash(out) + "/"}).String()
	for _, name := range []string{"index.html", "owner-payments-2026-Q4.html", "alignment.html", "kpis.html", "kpi-evil.html"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+name), chromedp.WaitReady(chromedp.CSS("footer"))); err != nil {
			t.Fatal(err)
		}
		raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](`({
			pwned: window.pwned === undefined ? 0 : window.pwned,
			scripts: document.scripts.length,
			imgs: document.querySelectorAll('img').length,
			handlers: Array.from(document.querySelectorAll('*')).filter(e => Array.from(e.attributes).some(a => a.name.startsWith('on'))).length,
			text: document.body.innerText.includes('<script>window.pwned=1</script>'),
		})`))
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			Pwned, Scripts, Imgs, Handlers int
			Text                           bool
		}
		if err := json.Unmarshal(raw, &got); err != nil {
			t.Fatal(err)
		}
		if got.Pwned != 0 || got.Scripts != 0 || got.Imgs != 0 || got.Handlers != 0 {
			t.Errorf("%s: %+v", name, got)
		}
		if name != "kpis.html" && !got.Text {
			t.Errorf("%s: the title is not shown as text", name)
		}
		if console, _ := w.take(); len(console) > 0 {
			t.Errorf("%s: console: %v", name, console)
		}
	}
}
