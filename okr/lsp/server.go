package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/source"
)

// Options configure a Server.
type Options struct {
	// Dir is the directory the root is found from when the client names
	// no folder (the server's working directory).
	Dir string
	// AsOf is the date the checks and scores run as of; zero: today, in
	// local time, at each check.
	AsOf model.Date
	// Now returns the time, for today's date; nil: time.Now.
	Now func() time.Time
	// Log receives the server's log lines (okr lsp's standard error); nil:
	// none.
	Log io.Writer
	// Version is okr's version, for serverInfo.
	Version string
}

// Server is one language server session. Run it once.
type Server struct {
	opts Options
	log  *log.Logger
	w    *writer

	mu          sync.Mutex
	initialized bool
	shutdown    bool
	root        string   // the repository root, absolute
	realRoot    string   // root with its links resolved
	disk        *os.Root // the root, opened
	enc         encoding
	watch       bool                 // the client registers file watchers dynamically
	docs        map[string]*document // open documents under the root, by path from it
	gen         int                  // counts changes to what the server reads
	epoch       map[string]int       // didChangeWatchedFiles events by path
	state       *state               // the last analysis
	stateCh     chan struct{}        // closed when state is replaced
	cancels     map[string]context.CancelFunc

	cache     *source.Cache
	kick      chan struct{}
	published map[string][]Diagnostic // by path; only the analysis goroutine uses it
	versions  map[string]int          // of the open documents, as last published
	requests  sync.WaitGroup
}

// document is an open document under the root.
type document struct {
	uri     string
	path    string // from the root, "/"-separated
	version int
	text    string
}

// NewServer returns a server.
func NewServer(opts Options) *Server {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	cache := source.NewCache()
	cache.CollectBeforeNewSlab()
	lw := opts.Log
	if lw == nil {
		lw = io.Discard
	}
	return &Server{
		opts:      opts,
		log:       log.New(lw, "okr lsp: ", 0),
		docs:      map[string]*document{},
		epoch:     map[string]int{},
		stateCh:   make(chan struct{}),
		cancels:   map[string]context.CancelFunc{},
		cache:     cache,
		kick:      make(chan struct{}, 1),
		published: map[string][]Diagnostic{},
		versions:  map[string]int{},
	}
}

// errExit ends Run: exit was received.
var errExit = errors.New("exit")

// Run serves the client on in and out until exit, or the end of in. It
// returns the process's exit status: 0 after shutdown then exit, 1 when
// the input ends or exit comes without shutdown.
func (s *Server) Run(in io.Reader, out io.Writer) int {
	s.w = &writer{w: out}
	r := newReader(in)
	done := make(chan struct{})
	var worker sync.WaitGroup
	worker.Add(1)
	go func() {
		defer worker.Done()
		s.analyseLoop(done)
	}()
	defer func() {
		s.mu.Lock()
		for _, c := range s.cancels {
			c()
		}
		s.mu.Unlock()
		s.requests.Wait()
		close(done)
		worker.Wait()
		s.mu.Lock()
		if s.disk != nil {
			s.disk.Close()
		}
		s.mu.Unlock()
	}()
	for {
		body, err := r.read()
		var fe *errFraming
		switch {
		case errors.As(err, &fe):
			s.log.Printf("bad message header: %s", fe.msg)
			s.w.reply(nil, nil, errorf(codeParseError, "bad message header: %s", fe.msg))
			continue
		case errors.Is(err, errTooLarge):
			s.log.Print(err)
			s.w.reply(nil, nil, errorf(codeInvalidRequest, "%v", err))
			continue
		case err != nil:
			if !errors.Is(err, io.EOF) {
				s.log.Printf("reading: %v", err)
			}
			return s.exitStatus()
		}
		if err := s.handle(body); errors.Is(err, errExit) {
			return s.exitStatus()
		}
	}
}

func (s *Server) exitStatus() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shutdown {
		return 0
	}
	return 1
}

// handle reads one message and handles it: a notification at once, in
// the order received (so edits apply in order), a request on a goroutine
// of its own (so that $/cancelRequest can reach it).
func (s *Server) handle(body []byte) (err error) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Printf("internal error: %v\n%s", p, debug.Stack())
		}
	}()
	var m message
	if err := json.Unmarshal(body, &m); err != nil {
		if json.Valid(body) {
			s.w.reply(nil, nil, errorf(codeInvalidRequest, "not a JSON-RPC message: %v", err))
		} else {
			s.w.reply(nil, nil, errorf(codeParseError, "message body is not JSON: %v", err))
		}
		return nil
	}
	if m.Method == "" {
		if !m.isRequest() {
			s.w.reply(nil, nil, errorf(codeInvalidRequest, "message has no method"))
		}
		return nil // a response to the server: it sends no requests
	}
	if !m.isRequest() {
		return s.notification(&m)
	}
	s.request(&m)
	return nil
}

// notification handles a notification.
func (s *Server) notification(m *message) error {
	if m.Method == "exit" {
		return errExit
	}
	s.mu.Lock()
	ready := s.initialized && !s.shutdown
	s.mu.Unlock()
	if !ready {
		return nil // dropped, as LSP says, before initialize and after shutdown
	}
	var err error
	switch m.Method {
	case "initialized":
		s.mu.Lock()
		watch := s.watch
		s.mu.Unlock()
		if watch {
			// Ask to be told of the OKR files, okr.yaml and the .gitignore
			// files created, changed or deleted outside the editor.
			err = s.w.write(request{JSONRPC: "2.0", ID: "okr-watch", Method: "client/registerCapability", Params: map[string]any{
				"registrations": []registration{{ID: "okr-watch", Method: "workspace/didChangeWatchedFiles", RegisterOptions: map[string]any{
					"watchers": []fileSystemWatcher{{GlobPattern: "**/*.{yaml,yml,csv}"}, {GlobPattern: "**/.gitignore"}},
				}}},
			}})
		}
	case "$/setTrace", "workspace/didChangeConfiguration":
	case "$/cancelRequest":
		var p cancelParams
		if err = json.Unmarshal(m.Params, &p); err == nil {
			s.cancel(idKey(p.ID))
		}
	case "textDocument/didOpen":
		var p didOpenParams
		if err = unmarshal(m.Params, &p); err == nil {
			s.open(p.TextDocument)
		}
	case "textDocument/didChange":
		var p didChangeParams
		if err = unmarshal(m.Params, &p); err == nil {
			err = s.change(p)
		}
	case "textDocument/didClose":
		var p didCloseParams
		if err = unmarshal(m.Params, &p); err == nil {
			s.close(p.TextDocument.URI)
		}
	case "textDocument/didSave":
		// The buffer already holds what was saved.
	case "workspace/didChangeWatchedFiles":
		var p didChangeWatchedFilesParams
		if err = unmarshal(m.Params, &p); err == nil {
			s.watched(p.Changes)
		}
	default:
		// Unknown notifications are ignored (LSP: "$/" ones may be).
	}
	if err != nil {
		s.log.Printf("%s: %v", m.Method, err)
	}
	return nil
}

// unmarshal decodes params, which must be present.
func unmarshal(params json.RawMessage, v any) error {
	if len(params) == 0 {
		return errors.New("no params")
	}
	return json.Unmarshal(params, v)
}

// idKey is the key of a request id in cancels.
func idKey(id any) string {
	b, _ := json.Marshal(id)
	return string(b)
}

func (s *Server) cancel(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.cancels[key]; ok {
		c()
	}
}

// handlers are the requests answered once the server is initialized,
// each on its own goroutine against the analysis of every change received
// before it.
var handlers = map[string]func(s *Server, st *state, params json.RawMessage) (any, error){
	"textDocument/hover":          (*Server).hover,
	"textDocument/definition":     (*Server).definition,
	"textDocument/references":     (*Server).references,
	"textDocument/completion":     (*Server).completion,
	"textDocument/codeAction":     (*Server).codeAction,
	"textDocument/documentSymbol": (*Server).documentSymbol,
	"textDocument/formatting":     (*Server).formatting,
}

// request handles a request.
func (s *Server) request(m *message) {
	switch m.Method {
	case "initialize":
		res, err := s.initialize(m.Params)
		s.w.reply(m.ID, res, err)
		if err == nil {
			// The first analysis, whose diagnostics may follow the
			// reply only (LSP: nothing before the InitializeResult).
			s.mu.Lock()
			s.changed()
			s.mu.Unlock()
		}
		return
	case "shutdown":
		// The requests in flight are answered first.
		s.requests.Wait()
		s.mu.Lock()
		ok := s.initialized
		if ok {
			s.shutdown = true
		}
		s.mu.Unlock()
		if !ok {
			s.w.reply(m.ID, nil, errorf(codeServerNotInitialized, "shutdown before initialize"))
			return
		}
		s.w.reply(m.ID, nil, nil)
		return
	}
	s.mu.Lock()
	initialized, shutdown, gen := s.initialized, s.shutdown, s.gen
	s.mu.Unlock()
	switch {
	case !initialized:
		s.w.reply(m.ID, nil, errorf(codeServerNotInitialized, "%s before initialize", m.Method))
		return
	case shutdown:
		s.w.reply(m.ID, nil, errorf(codeInvalidRequest, "%s after shutdown", m.Method))
		return
	}
	h, ok := handlers[m.Method]
	if !ok {
		s.w.reply(m.ID, nil, errorf(codeMethodNotFound, "method not found: %s", m.Method))
		return
	}
	var id any
	json.Unmarshal(m.ID, &id)
	key := idKey(id)
	ctx, cancel := context.WithCancel(context.Background())
	s.mu.Lock()
	s.cancels[key] = cancel
	s.mu.Unlock()
	s.requests.Add(1)
	go func() {
		defer s.requests.Done()
		defer func() {
			s.mu.Lock()
			delete(s.cancels, key)
			s.mu.Unlock()
			cancel()
		}()
		res, err := s.run(ctx, gen, h, m)
		if ctx.Err() != nil {
			res, err = nil, errorf(codeRequestCancelled, "request cancelled")
		}
		s.w.reply(m.ID, res, err)
	}()
}

// run waits for the analysis of change gen, then runs h; a panic in h is
// an internal error, logged.
func (s *Server) run(ctx context.Context, gen int, h func(*Server, *state, json.RawMessage) (any, error), m *message) (res any, err error) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Printf("internal error in %s: %v\n%s", m.Method, p, debug.Stack())
			res, err = nil, errorf(codeInternalError, "internal error: %v", p)
		}
	}()
	st, err := s.waitState(ctx, gen)
	if err != nil {
		return nil, err
	}
	return h(s, st, m.Params)
}

// waitState returns the analysis of change gen or a later one.
func (s *Server) waitState(ctx context.Context, gen int) (*state, error) {
	for {
		s.mu.Lock()
		st, ch := s.state, s.stateCh
		s.mu.Unlock()
		if st != nil && st.gen >= gen {
			return st, nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// initialize finds the root (SPEC §8: rootUri, else the first workspace
// folder, else rootPath, else the server's directory; then SPEC §1 from
// there) and the position encoding, and starts the first analysis.
func (s *Server) initialize(params json.RawMessage) (any, error) {
	var p initializeParams
	if len(params) > 0 {
		if err := json.Unmarshal(params, &p); err != nil {
			return nil, errorf(codeInvalidParams, "initialize: %v", err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.initialized {
		return nil, errorf(codeInvalidRequest, "initialize sent twice")
	}
	start, from := s.opts.Dir, ""
	switch {
	case p.RootURI != nil && *p.RootURI != "":
		start, from = uriPath(*p.RootURI), *p.RootURI
	case len(p.WorkspaceFolders) > 0:
		start, from = uriPath(p.WorkspaceFolders[0].URI), p.WorkspaceFolders[0].URI
	case p.RootPath != nil && *p.RootPath != "":
		start = *p.RootPath
	}
	if start == "" && from != "" {
		// "file://." is what Neovim makes of a relative root_dir.
		return nil, errorf(codeInvalidParams, "initialize: %q names no folder: give an absolute file: URI of the repository's folder", from)
	}
	if start == "" {
		return nil, errorf(codeInvalidParams, "initialize: no folder to serve: name a rootUri or workspace folder")
	}
	root, err := source.FindRoot(start)
	if err != nil {
		return nil, errorf(codeInvalidParams, "initialize: %v", err)
	}
	disk, err := openRoot(root)
	if err != nil {
		return nil, errorf(codeInvalidParams, "initialize: cannot read the repository: %v", err)
	}
	s.root, s.disk = root, disk
	s.realRoot = root
	if r, err := filepath.EvalSymlinks(root); err == nil {
		s.realRoot = r
	}
	s.enc = utf16Encoding
	offers := p.Capabilities.General.PositionEncodings
	if offers == nil {
		offers = p.Capabilities.OffsetEncoding
	}
	if slices.Contains(offers, "utf-8") {
		s.enc = utf8Encoding
	}
	s.watch = p.Capabilities.Workspace.DidChangeWatchedFiles.DynamicRegistration
	s.initialized = true
	s.log.Printf("serving %s (positions in %s)", root, s.enc)
	return initializeResult{
		Capabilities: serverCapabilities{
			PositionEncoding:           s.enc.String(),
			TextDocumentSync:           textDocumentSyncOptions{OpenClose: true, Change: 2, Save: true},
			HoverProvider:              true,
			DefinitionProvider:         true,
			ReferencesProvider:         true,
			CompletionProvider:         completionOptions{TriggerCharacters: []string{":", " ", ","}},
			CodeActionProvider:         codeActionOptions{CodeActionKinds: []string{"quickfix"}},
			DocumentSymbolProvider:     true,
			DocumentFormattingProvider: true,
		},
		ServerInfo:     serverInfo{Name: "okr", Version: s.opts.Version},
		OffsetEncoding: s.enc.String(),
	}, nil
}

// changed counts a change and asks for an analysis; s.mu is held.
func (s *Server) changed() {
	s.gen++
	select {
	case s.kick <- struct{}{}:
	default: // one is pending already, and will see this change
	}
}

// uriPath returns the file path of a file: URI, or "" for another scheme.
func uriPath(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return ""
	}
	return filepath.FromSlash(u.Path)
}

// relPath returns the path from the root of a file: URI, "/"-separated,
// and whether it lies under the root. s.mu is held.
func (s *Server) relPath(uri string) (string, bool) {
	p := uriPath(uri)
	if p == "" {
		return "", false
	}
	for _, root := range []string{s.root, s.realRoot} {
		rel, err := filepath.Rel(root, p)
		if err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel) {
			return filepath.ToSlash(rel), true
		}
	}
	return "", false
}

// fileURI returns the URI of the file at path from the root: the open
// document's own, else one made from the path.
func (s *Server) fileURI(st *state, p string) string {
	if d, ok := st.open[p]; ok {
		return d.uri
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(s.root, filepath.FromSlash(p)))}).String()
}

// open records an opened document.
func (s *Server) open(item textDocumentItem) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.relPath(item.URI)
	if !ok {
		s.log.Printf("%s is outside the repository %s: not read", item.URI, s.root)
		return
	}
	if info, err := s.disk.Stat(filepath.FromSlash(p)); err == nil && info.IsDir() {
		// A directory's text in place of the directory would hide its
		// files.
		s.log.Printf("%s is a directory: not a document", item.URI)
		return
	}
	s.docs[p] = &document{uri: item.URI, path: p, version: item.Version, text: item.Text}
	s.changed()
}

// change applies the changes of one didChange to its document, in order.
func (s *Server) change(p didChangeParams) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	path, ok := s.relPath(p.TextDocument.URI)
	if !ok {
		return nil
	}
	d := s.docs[path]
	if d == nil {
		return fmt.Errorf("%s is not open", p.TextDocument.URI)
	}
	text := d.text
	for _, c := range p.ContentChanges {
		if c.Range == nil {
			text = c.Text
			continue
		}
		t := newText(text)
		start, end := t.offset(c.Range.Start, s.enc), t.offset(c.Range.End, s.enc)
		if end < start {
			start, end = end, start
		}
		if int64(len(text)-(end-start)+len(c.Text)) > maxMessage {
			return fmt.Errorf("%s would grow past %d MiB: change refused", p.TextDocument.URI, maxMessage>>20)
		}
		text = text[:start] + c.Text + text[end:]
	}
	s.docs[path] = &document{uri: d.uri, path: path, version: p.TextDocument.Version, text: text}
	s.changed()
	return nil
}

// close forgets a document: the file on disk is read again.
func (s *Server) close(uri string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p, ok := s.relPath(uri); ok {
		if _, open := s.docs[p]; open {
			delete(s.docs, p)
			s.changed()
		}
	}
}

// watched records files changed outside the editor: they are read again.
func (s *Server) watched(events []fileEvent) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range events {
		if p, ok := s.relPath(e.URI); ok {
			s.epoch[p]++
		}
	}
	s.changed()
}

// snapshot returns what the next analysis reads; s.mu is held.
func (s *Server) snapshot() (gen int, open map[string]*document, epoch map[string]int) {
	open = make(map[string]*document, len(s.docs))
	maps.Copy(open, s.docs)
	return s.gen, open, maps.Clone(s.epoch)
}
