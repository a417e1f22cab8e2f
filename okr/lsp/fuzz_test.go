package lsp

import (
	"bytes"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"
)

// FuzzServer feeds the server framed messages: a session that opens a
// document, then the fuzzer's raw bytes (frames, broken frames, bodies of
// any shape), a change to the fuzzer's text, whole and at a fuzzed range,
// and every request at a fuzzed position, then shutdown and exit. The
// server must answer, never panic (a recovered panic is logged as an
// internal error, which fails the test) and exit within the time limit.
func FuzzServer(f *testing.F) {
	dir := writeFiles(f, map[string]string{
		"kpis/nps.yaml": "apiVersion: okr/v1\nkind: KPI\nid: nps\nname: NPS\ndirection: increase\n",
		"m.csv":         "metric,at,value\nnps,2026-10-01,40\n",
		"teams/a.yaml":  "apiVersion: okr/v1\nkind: Objectives\nowner: a\nperiod: 2026-Q4\nobjectives:\n  - id: o\n    title: O\n    key_results:\n      - id: k\n        title: K\n        kpi: nps\n        baseline: 1\n        target: 2\n        owner: p\n",
		"people.yaml":   "apiVersion: okr/v1\nkind: People\npeople:\n  - id: p\n    name: P <b>\n    team: a\n",
	})
	uri := fileURI(dir + "/teams/a.yaml")
	f.Add([]byte(""), "apiVersion: okr/v1\nkind: KPI\nid: x\n", uint16(2), uint16(4))
	f.Add([]byte(frame(`{"jsonrpc":"2.0","id":9,"method":"textDocument/hover","params":{"textDocument":{"uri":"`+uri+`"},"position":{"line":8,"character":14}}}`)), "  - id: é😀中\n\tkpi: [", uint16(0), uint16(3))
	f.Add([]byte("Content-Length: 5\r\n\r\n{]}{}"+frame(`{"jsonrpc":"2.0","id":"x","method":"$/cancelRequest","params":{"id":"x"}}`)), "metric,at,value\nnps,2026-13-01,4O", uint16(1), uint16(9))
	f.Add([]byte(""), "apiVersion: okr/v1\nkind: People\npeople:\n  - id: p\n    name: P\n    team: a\n  - id: p\n    team: \n", uint16(5), uint16(11))
	f.Add([]byte("Content-Length: -1\r\n\r\nContent-Length: 99999999999999999999\r\n\r\n"), "", uint16(65535), uint16(65535))
	f.Add([]byte(frame(`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"`+uri+`","version":3},"contentChanges":[{"range":{"start":{"line":-5,"character":99},"end":{"line":0,"character":-1}},"text":"x"}]}}`)), "kind: Objectives\n", uint16(3), uint16(1))
	f.Fuzz(func(t *testing.T, raw []byte, text string, line, char uint16) {
		pos := map[string]any{"line": int(line), "character": int(char)}
		doc := map[string]any{"uri": uri}
		msgs := []any{
			map[string]any{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": map[string]any{"rootUri": fileURI(dir), "capabilities": map[string]any{"general": map[string]any{"positionEncodings": []string{[]string{"utf-16", "utf-8"}[int(line)%2]}}}}},
			map[string]any{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "yaml", "version": 1, "text": text}}},
		}
		var in bytes.Buffer
		for _, m := range msgs {
			b, _ := json.Marshal(m)
			in.WriteString(frame(string(b)))
		}
		in.Write(raw)
		// Whatever raw left unfinished, a frame boundary again.
		in.WriteString("\r\n\r\n")
		after := []any{
			map[string]any{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": map[string]any{"textDocument": map[string]any{"uri": uri, "version": 2}, "contentChanges": []any{map[string]any{"text": text}}}},
			map[string]any{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": map[string]any{"textDocument": map[string]any{"uri": uri, "version": 3}, "contentChanges": []any{map[string]any{"range": map[string]any{"start": pos, "end": map[string]any{"line": int(line) + 1, "character": 0}}, "text": text}}}},
		}
		for i, m := range []string{"hover", "definition", "references", "completion", "documentSymbol", "formatting"} {
			after = append(after, map[string]any{"jsonrpc": "2.0", "id": 100 + i, "method": "textDocument/" + m, "params": map[string]any{"textDocument": doc, "position": pos, "context": map[string]any{"includeDeclaration": true}}})
		}
		after = append(after,
			map[string]any{"jsonrpc": "2.0", "id": 200, "method": "textDocument/codeAction", "params": map[string]any{"textDocument": doc, "range": map[string]any{"start": pos, "end": pos}, "context": map[string]any{"diagnostics": []any{}}}},
			map[string]any{"jsonrpc": "2.0", "id": 300, "method": "shutdown"},
			map[string]any{"jsonrpc": "2.0", "method": "exit"},
		)
		for _, m := range after {
			b, _ := json.Marshal(m)
			in.WriteString(frame(string(b)))
		}
		var logs lockedBuffer
		s := NewServer(Options{Dir: dir, AsOf: testAsOf, Log: &logs})
		done := make(chan struct{})
		var out bytes.Buffer
		go func() {
			s.Run(&in, &out)
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatal("the server hung")
		}
		if l := logs.String(); strings.Contains(l, "internal error") {
			t.Fatalf("the server panicked:\n%s", l)
		}
		if !strings.Contains(out.String(), `"id":1,"result"`) {
			t.Fatalf("no reply to initialize:\n%s", out.String())
		}
	})
}

// lockedBuffer is a bytes.Buffer safe for concurrent writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
