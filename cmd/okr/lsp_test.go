package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
)

// lspClient drives `okr lsp`, run in-process through run, over pipes.
type lspClient struct {
	t      *testing.T
	root   string
	in     io.WriteCloser
	status chan int

	mu      sync.Mutex
	cond    *sync.Cond
	replies map[int]json.RawMessage
	diags   map[string][]lspDiagnostic
	id      int
	version int
}

type lspDiagnostic struct {
	Range struct {
		Start struct{ Line, Character int }
	}
	Severity int
	Code     string
	Source   string
	Message  string
}

// startLSP runs okr lsp in dir (-C) as of the acme date, initialized.
func startLSP(t *testing.T, dir string) *lspClient {
	t.Helper()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	c := &lspClient{t: t, root: dir, in: inW, status: make(chan int, 1), replies: map[int]json.RawMessage{}, diags: map[string][]lspDiagnostic{}}
	c.cond = sync.NewCond(&c.mu)
	go func() {
		c.status <- run([]string{"-C", dir, "--at", "2026-11-15", "lsp"}, inR, outW, io.Discard)
		outW.Close()
	}()
	go c.read(bufio.NewReader(outR))
	t.Cleanup(func() { inW.Close() })
	c.call("initialize", map[string]any{"rootUri": nil, "capabilities": map[string]any{}})
	c.send(map[string]any{"jsonrpc": "2.0", "method": "initialized", "params": map[string]any{}})
	return c
}

func (c *lspClient) read(r *bufio.Reader) {
	for {
		n := -1
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				c.mu.Lock()
				c.cond.Broadcast()
				c.mu.Unlock()
				return
			}
			line = strings.TrimSpace(line)
			if line == "" {
				break
			}
			if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
				n, _ = strconv.Atoi(v)
			}
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(r, body); err != nil {
			return
		}
		var m struct {
			ID     *int            `json:"id"`
			Method string          `json:"method"`
			Params json.RawMessage `json:"params"`
			Result json.RawMessage `json:"result"`
		}
		if err := json.Unmarshal(body, &m); err != nil {
			c.t.Errorf("okr lsp wrote %q", body)
			continue
		}
		c.mu.Lock()
		if m.Method == "textDocument/publishDiagnostics" {
			var p struct {
				URI         string          `json:"uri"`
				Diagnostics []lspDiagnostic `json:"diagnostics"`
			}
			json.Unmarshal(m.Params, &p)
			c.diags[p.URI] = p.Diagnostics
		} else if m.ID != nil {
			c.replies[*m.ID] = m.Result
		}
		c.cond.Broadcast()
		c.mu.Unlock()
	}
}

func (c *lspClient) send(v any) {
	c.t.Helper()
	b, _ := json.Marshal(v)
	if _, err := fmt.Fprintf(c.in, "Content-Length: %d\r\n\r\n%s", len(b), b); err != nil {
		c.t.Fatal(err)
	}
}

func (c *lspClient) call(method string, params any) json.RawMessage {
	c.t.Helper()
	c.mu.Lock()
	c.id++
	id := c.id
	c.mu.Unlock()
	c.send(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
	deadline := time.Now().Add(30 * time.Second)
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		if r, ok := c.replies[id]; ok {
			delete(c.replies, id)
			return r
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("no reply to %s", method)
		}
		tm := time.AfterFunc(time.Second, func() { c.mu.Lock(); c.cond.Broadcast(); c.mu.Unlock() })
		c.cond.Wait()
		tm.Stop()
	}
}

func (c *lspClient) uri(file string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(c.root, file))}).String()
}

// set opens file with text, or changes its whole text when it is open.
func (c *lspClient) set(file, text string, open map[string]bool) {
	c.mu.Lock()
	c.version++
	v := c.version
	c.mu.Unlock()
	if !open[file] {
		open[file] = true
		c.send(map[string]any{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": map[string]any{"textDocument": map[string]any{"uri": c.uri(file), "languageId": "yaml", "version": v, "text": text}}})
		return
	}
	c.send(map[string]any{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": map[string]any{"textDocument": map[string]any{"uri": c.uri(file), "version": v}, "contentChanges": []any{map[string]any{"text": text}}}})
}

// problems returns the server's diagnostics after every change sent, as
// lines "file:line:col: severity: message [rule]" (col in characters,
// from the UTF-16 position, with texts giving each file's content).
func (c *lspClient) problems(texts func(file string) string) []string {
	c.t.Helper()
	c.call("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": c.uri("okr.yaml")}})
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for u, ds := range c.diags {
		p, _ := url.Parse(u)
		rel, _ := filepath.Rel(c.root, p.Path)
		file := filepath.ToSlash(rel)
		lines := strings.Split(texts(file), "\n")
		for _, d := range ds {
			if d.Source != "okr" {
				c.t.Errorf("source %q", d.Source)
			}
			sev := map[int]string{1: "error", 2: "warning"}[d.Severity]
			col := d.Range.Start.Character + 1
			if d.Range.Start.Line < len(lines) {
				// UTF-16 units back to characters.
				u := utf16.Encode([]rune(lines[d.Range.Start.Line]))
				col = len(utf16.Decode(u[:min(d.Range.Start.Character, len(u))])) + 1
			}
			msg, _, _ := strings.Cut(d.Message, "\nhint: ")
			out = append(out, fmt.Sprintf("%s:%d:%d: %s: %s [%s]", file, d.Range.Start.Line+1, col, sev, msg, d.Code))
		}
	}
	sort.Strings(out)
	return out
}

// validateJSON runs okr validate --format json in dir and returns its
// problems as lines like problems'.
func validateJSON(t *testing.T, dir string) []string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	run([]string{"-C", dir, "--at", "2026-11-15", "validate", "--format", "json"}, nil, &stdout, &stderr)
	var v struct {
		Problems []struct {
			File, Severity, Rule, Message string
			Line, Column                  int
		}
	}
	if err := json.Unmarshal(stdout.Bytes(), &v); err != nil {
		t.Fatalf("okr validate --format json: %v\n%s%s", err, stdout.String(), stderr.String())
	}
	var out []string
	for _, p := range v.Problems {
		line, col := p.Line, p.Column
		if line == 0 {
			line, col = 1, 1 // a problem of the whole file: its start
		}
		out = append(out, fmt.Sprintf("%s:%d:%d: %s: %s [%s]", p.File, line, max(col, 1), p.Severity, p.Message, p.Rule))
	}
	sort.Strings(out)
	return out
}

// TestLSPDiagnosticsAreValidates applies twenty-six single edits to the
// acme example (six of them People's), each in an editor buffer of okr lsp and, the same, on disk in
// a copy that okr validate --format json reads: the server's diagnostics
// of every file are validate's problems (after each edit, and after it is
// undone, when there are none).
func TestLSPDiagnosticsAreValidates(t *testing.T) {
	acme, err := filepath.Abs(filepath.Join("..", "..", "examples", "acme"))
	if err != nil {
		t.Fatal(err)
	}
	served := copyDir(t, acme)
	disk := copyDir(t, acme)
	mutations := []struct{ file, old, new string }{
		{"kpis/nps.yaml", "direction: increase", "direction: increse"},
		{"kpis/nps.yaml", "cadence: monthly", "cadence: monthly\ntagret: 3"},
		{"kpis/checkout.yaml", "id: checkout_p95_ms", "id: checkout_p95"},
		{"teams/payments/2026-Q4.yaml", "kpi: checkout_p95_ms", "kpi: checkout_p95_mss"},
		{"teams/payments/2026-Q4.yaml", "aligns_to: acme/delight-customers", "aligns_to: acme/delight"},
		{"teams/payments/2026-Q4.yaml", "period: 2026-Q4", "period: 2026-Q5"},
		{"teams/payments/2026-Q4.yaml", "        title: Offer Apple Pay on every web checkout\n", ""},
		{"teams/payments/2026-Q4.yaml", "apiVersion: okr/v1", "apiversion: okr/v1"},
		{"teams/payments/2026-Q4.yaml", "  - id: fewer-failures", "  - id: effortless-checkout"},
		{"teams/payments/2026-Q4.yaml", "objectives:", "objectives: ["},
		{"teams/payments/2026-Q4.yaml", "baseline: 520", "baseline: 300"},
		{"teams/payments/2026-Q4.yaml", "title: Make checkout effortless", "title: Make checkout 2x effortless"},
		{"teams/payments/2026-Q4.yaml", "    title: Make checkout effortless", "    title: \"é😀中 effortless\"\n    wieght: 1"},
		{"measurements/payments.csv", "metric,at,value,note,confidence", "metric;at;value;note;confidence"},
		{"measurements/payments.csv", "checkout_p95_ms,2026-07-06,790,", "checkout_p95_ms,2026-07-06,79O,"},
		{"measurements/payments.csv", "checkout_p95_ms,2026-07-06,790,", "checkout_p95_ms,2026-13-06,790,"},
		{"measurements/payments.csv", "checkout_p95_ms,2026-07-06,790,", "checkout_p95_ms,2026-07-06,790,é😀中 notes,high"},
		{"company/2026.yaml", "  - id: delight-customers", "  - id: delight-customer"},
		{"okr.yaml", "  green: 0.7", "  green: 2"},
		{"measurements/company.yaml", "metric: arr_musd", "metric: arr_usd"},
		// People (SPEC §5): a repeated id (bob's key results then have no
		// person), a misspelt field, a team that owns nothing, a near miss,
		// a Slack id that is none, and a key result owner who is no person.
		{"people.yaml", "  - id: bob", "  - id: alice"},
		{"people.yaml", "    name: Alice Martin", "    nmae: Alice Martin"},
		{"people.yaml", "    team: growth", "    team: growht"},
		{"people.yaml", "apiVersion: okr/v1", "apiversion: okr/v1"},
		{"people.yaml", "    slack: U024BE7LH", "    slack: alice"},
		{"teams/payments/2026-Q4.yaml", "        owner: chen", "        owner: chenn"},
	}
	c := startLSP(t, served)
	open := map[string]bool{}
	texts := map[string]string{}
	text := func(file string) string {
		if s, ok := texts[file]; ok {
			return s
		}
		b, _ := os.ReadFile(filepath.Join(disk, file))
		return string(b)
	}
	if got := c.problems(text); len(got) != 0 {
		t.Fatalf("diagnostics of the acme example: %v", got)
	}
	for i, m := range mutations {
		orig, err := os.ReadFile(filepath.Join(acme, m.file))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(orig), m.old) {
			t.Fatalf("mutation %d: %s has no %q", i, m.file, m.old)
		}
		mutated := strings.Replace(string(orig), m.old, m.new, 1)
		if err := os.WriteFile(filepath.Join(disk, m.file), []byte(mutated), 0o644); err != nil {
			t.Fatal(err)
		}
		texts[m.file] = mutated
		c.set(m.file, mutated, open)
		want := validateJSON(t, disk)
		if len(want) == 0 {
			t.Errorf("mutation %d (%s: %q) makes no problem: not a test", i, m.file, m.new)
		}
		if diff := cmp.Diff(want, c.problems(text)); diff != "" {
			t.Errorf("mutation %d (%s: %q): okr lsp's diagnostics (+) are not okr validate's (-):\n%s", i, m.file, m.new, diff)
		}
		// Undone, in the buffer and on disk: nothing again.
		os.WriteFile(filepath.Join(disk, m.file), orig, 0o644)
		texts[m.file] = string(orig)
		c.set(m.file, string(orig), open)
		if got := c.problems(text); len(got) != 0 {
			t.Errorf("mutation %d undone: diagnostics remain: %v", i, got)
		}
	}
	c.call("shutdown", nil)
	c.send(map[string]any{"jsonrpc": "2.0", "method": "exit"})
	select {
	case st := <-c.status:
		if st != 0 {
			t.Errorf("okr lsp exited %d after shutdown and exit, want 0", st)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("okr lsp did not exit")
	}
}
