package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// frame returns body as one base-protocol frame.
func frame(body string) string {
	return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body)
}

// runRaw runs a server on the raw input in and returns what it wrote and
// its exit status.
func runRaw(t *testing.T, dir, in string) ([]map[string]any, int) {
	t.Helper()
	var out bytes.Buffer
	s := NewServer(Options{Dir: dir, AsOf: testAsOf})
	done := make(chan int)
	go func() { done <- s.Run(strings.NewReader(in), &out) }()
	var status int
	select {
	case status = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("server hung")
	}
	var msgs []map[string]any
	r := newReader(&out)
	r.limit = 1 << 30
	for {
		body, err := r.read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("server output: %v", err)
		}
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			t.Fatalf("server wrote %q: %v", body, err)
		}
		msgs = append(msgs, m)
	}
	return msgs, status
}

// responses returns the error codes (0 for a result) of the responses in
// msgs, by id ("null" for a null id), in order.
func responses(msgs []map[string]any) []string {
	var out []string
	for _, m := range msgs {
		if _, ok := m["method"]; ok {
			continue
		}
		code := 0
		if e, ok := m["error"].(map[string]any); ok {
			code = int(e["code"].(float64))
		}
		out = append(out, fmt.Sprintf("%v:%d", m["id"], code))
	}
	return out
}

func TestProtocol(t *testing.T) {
	dir := writeFiles(t, map[string]string{})
	init := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":"` + fileURI(dir) + `"}}`
	shutdown := `{"jsonrpc":"2.0","id":99,"method":"shutdown"}`
	exit := `{"jsonrpc":"2.0","method":"exit"}`
	tests := []struct {
		name       string
		in         string
		want       []string // id:code of each response, in order
		wantStatus int
	}{{
		name:       "given initialize, shutdown and exit, when it runs, then it answers each and exits 0",
		in:         frame(init) + frame(shutdown) + frame(exit),
		want:       []string{"1:0", "99:0"},
		wantStatus: 0,
	}, {
		name:       "given exit without shutdown, then the status is 1",
		in:         frame(init) + frame(exit),
		want:       []string{"1:0"},
		wantStatus: 1,
	}, {
		name:       "given the input ends without exit, then the status is 1",
		in:         frame(init),
		want:       []string{"1:0"},
		wantStatus: 1,
	}, {
		name: "given a body that is not JSON, then ParseError with a null id, and the server goes on",
		in:   frame(init) + frame(`{"jsonrpc":"2.0","id":2,"method":`) + frame(shutdown) + frame(exit),
		want: []string{"1:0", "<nil>:-32700", "99:0"},
	}, {
		name: "given a header without Content-Length, then ParseError, and the server goes on",
		in:   frame(init) + "Content-Type: x\r\n\r\n" + frame(shutdown) + frame(exit),
		want: []string{"1:0", "<nil>:-32700", "99:0"},
	}, {
		name: "given JSON that is not a message, then InvalidRequest",
		in:   frame(init) + frame(`[1,2]`) + frame(`{"jsonrpc":"2.0","id":3}`) + frame(shutdown) + frame(exit),
		want: []string{"1:0", "<nil>:-32600", "99:0"},
	}, {
		name: "given an unknown method, then MethodNotFound; an unknown notification is ignored",
		in:   frame(init) + frame(`{"jsonrpc":"2.0","id":4,"method":"textDocument/frobnicate","params":{}}`) + frame(`{"jsonrpc":"2.0","method":"$/frobnicate"}`) + frame(shutdown) + frame(exit),
		want: []string{"1:0", "4:-32601", "99:0"},
	}, {
		name:       "given a request before initialize, then ServerNotInitialized",
		in:         frame(`{"jsonrpc":"2.0","id":5,"method":"textDocument/hover","params":{}}`) + frame(exit),
		want:       []string{"5:-32002"},
		wantStatus: 1,
	}, {
		name: "given a request after shutdown, then InvalidRequest",
		in:   frame(init) + frame(shutdown) + frame(`{"jsonrpc":"2.0","id":6,"method":"textDocument/hover","params":{}}`) + frame(exit),
		want: []string{"1:0", "99:0", "6:-32600"},
	}, {
		name: "given a request with params of the wrong shape, then InvalidParams",
		in:   frame(init) + frame(`{"jsonrpc":"2.0","id":7,"method":"textDocument/hover","params":[1]}`) + frame(shutdown) + frame(exit),
		want: []string{"1:0", "7:-32602", "99:0"},
	}, {
		name: "given a string id, then the reply carries it",
		in:   frame(init) + frame(`{"jsonrpc":"2.0","id":"x","method":"textDocument/hover","params":{"textDocument":{"uri":"file:///nowhere"},"position":{"line":0,"character":0}}}`) + frame(shutdown) + frame(exit),
		want: []string{"1:0", "x:0", "99:0"},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			msgs, status := runRaw(t, dir, tc.in)
			if diff := cmp.Diff(tc.want, responses(msgs)); diff != "" {
				t.Errorf("responses (-want +got):\n%s", diff)
			}
			if status != tc.wantStatus {
				t.Errorf("exit status %d, want %d", status, tc.wantStatus)
			}
		})
	}
}

// TestTooLarge checks that a body over the limit is skipped unread and
// answered with InvalidRequest, and that the server goes on.
func TestTooLarge(t *testing.T) {
	old := maxMessage
	maxMessage = 100
	t.Cleanup(func() { maxMessage = old })
	dir := writeFiles(t, map[string]string{})
	big := `{"jsonrpc":"2.0","id":2,"method":"x","params":"` + strings.Repeat("a", 200) + `"}`
	in := frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}`) + frame(big) + frame(`{"jsonrpc":"2.0","id":99,"method":"shutdown"}`) + frame(`{"jsonrpc":"2.0","method":"exit"}`)
	msgs, status := runRaw(t, dir, in)
	if diff := cmp.Diff([]string{"1:0", "<nil>:-32600", "99:0"}, responses(msgs)); diff != "" {
		t.Errorf("responses (-want +got):\n%s", diff)
	}
	if status != 0 {
		t.Errorf("status %d", status)
	}
}

// TestCancel checks that a request cancelled while it waits is answered
// with RequestCancelled: given a server whose analysis never comes, when a
// hover is sent and then cancelled, then its reply is -32800.
func TestCancel(t *testing.T) {
	var out bytes.Buffer
	s := NewServer(Options{Dir: t.TempDir()})
	s.w = &writer{w: &out}
	s.initialized = true
	s.gen = 1 // an analysis that never runs: the request waits
	s.request(&message{JSONRPC: "2.0", ID: json.RawMessage(`7`), Method: "textDocument/hover", Params: json.RawMessage(`{}`)})
	s.notification(&message{Method: "$/cancelRequest", Params: json.RawMessage(`{"id":7}`)})
	done := make(chan struct{})
	go func() { s.requests.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the cancelled request was never answered")
	}
	var m errorResponse
	body := out.String()[strings.Index(out.String(), "{"):]
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatal(err)
	}
	if string(m.ID) != "7" || m.Error == nil || m.Error.Code != codeRequestCancelled {
		t.Errorf("reply %s, want RequestCancelled for id 7", body)
	}
}

// TestWaitStateCancelled checks waitState gives up with the context.
func TestWaitStateCancelled(t *testing.T) {
	s := NewServer(Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.waitState(ctx, 1); err == nil {
		t.Error("waitState returned without an analysis")
	}
}

func TestInitialize(t *testing.T) {
	tests := []struct {
		name      string
		encodings []string
		want      string
	}{
		{"given no encodings offered, then UTF-16", nil, "utf-16"},
		{"given utf-16 and utf-8 offered, then utf-8", []string{"utf-16", "utf-8"}, "utf-8"},
		{"given utf-32 only, then UTF-16", []string{"utf-32"}, "utf-16"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := startServer(t, writeFiles(t, map[string]string{}))
			if got := c.initialize(tc.encodings...).Capabilities.PositionEncoding; got != tc.want {
				t.Errorf("positionEncoding %q, want %q", got, tc.want)
			}
		})
	}
}

// TestRoot checks that the root is found from rootUri, else the first
// workspace folder, else rootPath, then by SPEC §1 (the nearest okr.yaml
// above).
func TestRoot(t *testing.T) {
	dir := writeFiles(t, map[string]string{"kpis/nps.yaml": "apiVersion: okr/v1\nkind: KPI\nid: nps\nname: NPS\ndirection: up\n"})
	sub := filepath.Join(dir, "kpis")
	other := t.TempDir()
	tests := []struct {
		name   string
		params map[string]any
	}{
		{"given rootUri in a subdirectory, then okr.yaml above it is the root", map[string]any{"rootUri": fileURI(sub), "rootPath": other}},
		{"given no rootUri, then the first workspace folder", map[string]any{"rootUri": nil, "workspaceFolders": []any{map[string]any{"uri": fileURI(sub), "name": "x"}}, "rootPath": other}},
		{"given only rootPath, then rootPath", map[string]any{"rootPath": sub}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := startServer(t, other)
			if r := c.call("initialize", tc.params); r.Error != nil {
				t.Fatal(r.Error)
			}
			c.root = dir
			d := c.diagnostics("kpis/nps.yaml")
			if len(d) != 1 || d[0].Code != "schema" {
				t.Errorf("diagnostics of kpis/nps.yaml %+v, want the one schema error of its direction", d)
			}
		})
	}
}

// TestRootWithoutFolder checks that a rootUri that names no folder
// ("file://.", what Neovim makes of a relative root_dir) is refused with
// InvalidParams saying which URI and what to give, rather than served
// from somewhere else.
func TestRootWithoutFolder(t *testing.T) {
	c := startServer(t, writeFiles(t, map[string]string{}))
	r := c.call("initialize", map[string]any{"rootUri": "file://.", "rootPath": "/", "capabilities": map[string]any{}})
	if r.Error == nil || r.Error.Code != codeInvalidParams || !strings.Contains(r.Error.Message, `"file://." names no folder: give an absolute file: URI`) {
		t.Fatalf("initialize answered %+v, want InvalidParams naming the URI", r)
	}
}

func TestWatchedFiles(t *testing.T) {
	// Given a repository with a valid KPI, when a file is written outside
	// the editor and didChangeWatchedFiles names it, then its problems are
	// published; when it is fixed on disk, they are cleared.
	dir := writeFiles(t, map[string]string{"kpis/nps.yaml": "apiVersion: okr/v1\nkind: KPI\nid: nps\nname: NPS\ndirection: increase\n"})
	c := startServer(t, dir)
	c.initialize()
	if d := c.allDiagnostics(); len(d) != 0 {
		t.Fatalf("diagnostics at start %+v", d)
	}
	bad := filepath.Join(dir, "measurements.csv")
	write := func(s string) {
		if err := os.WriteFile(bad, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": fileURI(bad), "type": 2}}})
	}
	write("metric,at,value\nnsp,2026-10-01,40\n")
	d := c.diagnostics("measurements.csv")
	if len(d) != 1 || !strings.Contains(d[0].Message, `"nsp"`) {
		t.Fatalf("diagnostics %+v, want one for the unknown metric nsp", d)
	}
	// Same size and, possibly, the same modification time: the event
	// alone must make it read again.
	write("metric,at,value\nnps,2026-10-01,40\n")
	if d := c.diagnostics("measurements.csv"); len(d) != 0 {
		t.Fatalf("diagnostics after the fix %+v, want none", d)
	}
}

// TestOffsetEncoding checks clangd's offsetEncoding, which clients before
// LSP 3.17 (Neovim 0.7) offer and read instead of positionEncoding(s).
func TestOffsetEncoding(t *testing.T) {
	c := startServer(t, writeFiles(t, map[string]string{}))
	r := c.call("initialize", map[string]any{"rootUri": fileURI(c.root), "capabilities": map[string]any{"offsetEncoding": []string{"utf-8", "utf-16"}}})
	var res initializeResult
	if err := json.Unmarshal(r.Result, &res); err != nil {
		t.Fatal(err)
	}
	if res.Capabilities.PositionEncoding != "utf-8" || res.OffsetEncoding != "utf-8" {
		t.Errorf("positionEncoding %q, offsetEncoding %q; want utf-8 for both", res.Capabilities.PositionEncoding, res.OffsetEncoding)
	}
}

// TestRegistersWatchers checks that the server asks a client that
// registers file watchers dynamically to watch the OKR files, after
// initialized, and one that does not, nothing.
func TestRegistersWatchers(t *testing.T) {
	for _, dynamic := range []bool{true, false} {
		c := startServer(t, writeFiles(t, map[string]string{}))
		caps := map[string]any{"workspace": map[string]any{"didChangeWatchedFiles": map[string]any{"dynamicRegistration": dynamic}}}
		if r := c.call("initialize", map[string]any{"rootUri": fileURI(c.root), "capabilities": caps}); r.Error != nil {
			t.Fatal(r.Error)
		}
		c.notify("initialized", map[string]any{})
		c.sync()
		c.mu.Lock()
		got := c.requests
		c.mu.Unlock()
		want := 0
		if dynamic {
			want = 1
		}
		if len(got) != want {
			t.Fatalf("dynamic %v: requests %v, want %d", dynamic, got, want)
		}
		if dynamic && (!strings.Contains(got[0], `"method":"client/registerCapability"`) || !strings.Contains(got[0], `"globPattern":"**/*.{yaml,yml,csv}"`)) {
			t.Errorf("request %s", got[0])
		}
	}
}
