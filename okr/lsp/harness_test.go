package lsp

import (
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/okr-as-code/okr/okr/model"
)

// testAsOf is the as-of date of the tests, the acme example's.
var testAsOf = model.NewDate(2026, time.November, 15)

// client is an LSP client talking to a Server in-process over pipes.
type client struct {
	t      testing.TB
	in     io.WriteCloser
	w      *writer
	status chan int

	mu       sync.Mutex
	cond     *sync.Cond
	replies  map[string]*reply
	diags    map[string][]Diagnostic // by URI: the last published
	pubs     []publishDiagnosticsParams
	requests []string // the server's requests to the client
	closed   bool
	logs     *strings.Builder
	root     string
	// onPublish, when set, is called with each publishDiagnostics, c.mu
	// held.
	onPublish func(publishDiagnosticsParams)
}

type reply struct {
	Result json.RawMessage `json:"result"`
	Error  *rpcError       `json:"error"`
}

// startServer starts a server on dir (not initialized).
func startServer(t testing.TB, dir string) *client {
	t.Helper()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	c := newClient(t, dir, inW)
	var logMu sync.Mutex
	s := NewServer(Options{Dir: dir, AsOf: testAsOf, Log: lockedWriter{&logMu, c.logs}})
	go func() {
		c.status <- s.Run(inR, outW)
		outW.Close()
	}()
	go c.readLoop(outR)
	t.Cleanup(func() {
		inW.Close()
		select {
		case <-c.status:
		case <-time.After(10 * time.Second):
			t.Errorf("server did not stop at the end of its input")
		}
	})
	return c
}

// newClient returns a client that writes to in; its caller reads the
// server's output with readLoop and sends its exit status to status.
func newClient(t testing.TB, dir string, in io.WriteCloser) *client {
	c := &client{t: t, in: in, w: &writer{w: in}, status: make(chan int, 1), replies: map[string]*reply{}, diags: map[string][]Diagnostic{}, logs: &strings.Builder{}, root: dir}
	c.cond = sync.NewCond(&c.mu)
	return c
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

func (c *client) readLoop(r io.Reader) {
	rd := newReader(r)
	for {
		body, err := rd.read()
		if err != nil {
			c.mu.Lock()
			c.closed = true
			c.cond.Broadcast()
			c.mu.Unlock()
			return
		}
		var m struct {
			ID     json.RawMessage `json:"id"`
			Method string          `json:"method"`
			Params json.RawMessage `json:"params"`
			reply
		}
		if err := json.Unmarshal(body, &m); err != nil {
			c.t.Errorf("server wrote a body that is not JSON: %q", body)
			continue
		}
		c.mu.Lock()
		switch m.Method {
		case "textDocument/publishDiagnostics":
			var p publishDiagnosticsParams
			json.Unmarshal(m.Params, &p)
			c.diags[p.URI] = p.Diagnostics
			c.pubs = append(c.pubs, p)
			if c.onPublish != nil {
				c.onPublish(p)
			}
		case "":
			r := m.reply
			c.replies[string(m.ID)] = &r
		default:
			if len(m.ID) > 0 {
				c.requests = append(c.requests, string(body))
			}
		}
		c.cond.Broadcast()
		c.mu.Unlock()
	}
}

// send writes a message.
func (c *client) send(v any) {
	c.t.Helper()
	if err := c.w.write(v); err != nil {
		c.t.Fatalf("writing to the server: %v", err)
	}
}

var nextID = struct {
	sync.Mutex
	n int
}{}

// call sends a request and waits for its reply.
func (c *client) call(method string, params any) *reply {
	c.t.Helper()
	nextID.Lock()
	nextID.n++
	id := nextID.n
	nextID.Unlock()
	c.send(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
	return c.wait(json.RawMessage(strings.TrimSpace(mustJSON(id))))
}

// wait waits for the reply to id.
func (c *client) wait(id json.RawMessage) *reply {
	c.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		if r, ok := c.replies[string(id)]; ok {
			delete(c.replies, string(id))
			return r
		}
		if c.closed || time.Now().After(deadline) {
			c.t.Fatalf("no reply to request %s", id)
		}
		c.timedWait(deadline)
	}
}

// timedWait waits on cond, c.mu held, until a broadcast or the deadline.
func (c *client) timedWait(deadline time.Time) {
	t := time.AfterFunc(time.Until(deadline), func() {
		c.mu.Lock()
		c.cond.Broadcast()
		c.mu.Unlock()
	})
	c.cond.Wait()
	t.Stop()
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// notify sends a notification.
func (c *client) notify(method string, params any) {
	c.t.Helper()
	c.send(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

// initialize initializes the server with rootUri dir, offering encodings.
func (c *client) initialize(encodings ...string) initializeResult {
	c.t.Helper()
	params := map[string]any{"rootUri": fileURI(c.root), "capabilities": map[string]any{}}
	if encodings != nil {
		params["capabilities"] = map[string]any{"general": map[string]any{"positionEncodings": encodings}}
	}
	r := c.call("initialize", params)
	if r.Error != nil {
		c.t.Fatalf("initialize: %v", r.Error)
	}
	var res initializeResult
	if err := json.Unmarshal(r.Result, &res); err != nil {
		c.t.Fatal(err)
	}
	c.notify("initialized", map[string]any{})
	return res
}

// sync waits until the server has analysed every change sent so far: a
// request is answered only against the analysis of every change before
// it, and diagnostics are published before that analysis is taken.
func (c *client) sync() {
	c.t.Helper()
	c.call("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": fileURI(filepath.Join(c.root, "okr.yaml"))}})
}

// diagnostics returns the last diagnostics published for file (a path
// from the root), after sync.
func (c *client) diagnostics(file string) []Diagnostic {
	c.t.Helper()
	c.sync()
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.diags[c.uri(file)]
}

// allDiagnostics returns every file's last diagnostics that is not
// empty, by path from the root, after sync.
func (c *client) allDiagnostics() map[string][]Diagnostic {
	c.t.Helper()
	c.sync()
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string][]Diagnostic{}
	for u, d := range c.diags {
		if len(d) == 0 {
			continue
		}
		p, _ := url.Parse(u)
		rel, _ := filepath.Rel(c.root, p.Path)
		out[filepath.ToSlash(rel)] = d
	}
	return out
}

func (c *client) uri(file string) string { return fileURI(filepath.Join(c.root, file)) }

// open opens file (from the root) with text.
func (c *client) open(file, text string) {
	c.t.Helper()
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": c.uri(file), "languageId": "yaml", "version": 1, "text": text}})
}

// openDisk opens file with its text on disk.
func (c *client) openDisk(file string) string {
	c.t.Helper()
	b, err := os.ReadFile(filepath.Join(c.root, file))
	if err != nil {
		c.t.Fatal(err)
	}
	c.open(file, string(b))
	return string(b)
}

var versions = struct {
	sync.Mutex
	n int
}{n: 1}

// replace replaces the whole text of an open file.
func (c *client) replace(file, text string) {
	c.t.Helper()
	versions.Lock()
	versions.n++
	v := versions.n
	versions.Unlock()
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": c.uri(file), "version": v}, "contentChanges": []any{map[string]any{"text": text}}})
}

// edit applies one incremental change to an open file.
func (c *client) edit(file string, r Range, text string) {
	c.t.Helper()
	versions.Lock()
	versions.n++
	v := versions.n
	versions.Unlock()
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": c.uri(file), "version": v}, "contentChanges": []any{map[string]any{"range": r, "text": text}}})
}

// shutdown shuts the server down and exits; it returns the exit status.
func (c *client) shutdown() int {
	c.t.Helper()
	if r := c.call("shutdown", nil); r.Error != nil {
		c.t.Fatalf("shutdown: %v", r.Error)
	}
	c.notify("exit", nil)
	return c.exitStatus()
}

func (c *client) exitStatus() int {
	c.t.Helper()
	select {
	case s := <-c.status:
		c.status <- s
		return s
	case <-time.After(10 * time.Second):
		c.t.Fatal("server did not exit")
	}
	return -1
}

func fileURI(p string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(p)}).String()
}

// marker is the cursor in fixture text.
const marker = "‸"

// cut removes the cursor marker from text and returns the text and the
// marker's position, in UTF-16 units.
func cut(t testing.TB, text string) (string, Position) {
	t.Helper()
	i := strings.Index(text, marker)
	if i < 0 {
		t.Fatalf("no cursor marker %s in the fixture", marker)
	}
	before := text[:i]
	line := strings.Count(before, "\n")
	col := before[strings.LastIndex(before, "\n")+1:]
	return before + text[i+len(marker):], Position{Line: line, Character: len(utf16.Encode([]rune(col)))}
}

// copyDir copies the directory src to a new temporary directory.
func copyDir(t testing.TB, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// writeFiles writes files (path → content) under a new directory, with
// an okr.yaml, and returns it.
func writeFiles(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if _, ok := files["okr.yaml"]; !ok {
		files["okr.yaml"] = "organization: Test\n"
	}
	for p, s := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
