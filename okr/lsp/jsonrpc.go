package lsp

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
)

// JSON-RPC 2.0 error codes, and LSP's own (LSP 3.17, "Response Message").
const (
	codeParseError           = -32700
	codeInvalidRequest       = -32600
	codeMethodNotFound       = -32601
	codeInvalidParams        = -32602
	codeInternalError        = -32603
	codeServerNotInitialized = -32002
	codeRequestCancelled     = -32800
)

// maxMessage bounds the body of one message the server reads: a body
// larger than that is skipped unread (answered with an InvalidRequest
// error), so that no client can make the server hold an unbounded buffer.
// It is a little over okr's limit on a file (256 MiB, SPEC §1), JSON-escaped
// text of which a didOpen may carry.
var maxMessage int64 = 300 << 20

// maxHeader bounds one header line, and maxHeaders their number.
const (
	maxHeader  = 4096
	maxHeaders = 32
)

// message is one JSON-RPC message as read: a request (ID and Method), a
// notification (Method only) or a response (ID only, which this server
// never waits for and drops).
type message struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method,omitempty"`
	Params  json.RawMessage `json:"params,omitempty"`
}

// isRequest reports whether m expects a response.
func (m *message) isRequest() bool { return len(m.ID) > 0 && !bytes.Equal(m.ID, []byte("null")) }

// rpcError is a JSON-RPC error object.
type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func (e *rpcError) Error() string { return fmt.Sprintf("%s (%d)", e.Message, e.Code) }

// errorf returns an rpcError with code.
func errorf(code int, format string, args ...any) *rpcError {
	return &rpcError{Code: code, Message: fmt.Sprintf(format, args...)}
}

// response is a JSON-RPC response; ID is null when the request's id could
// not be read.
type response struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Result  any             `json:"result"`
	Error   *rpcError       `json:"error,omitempty"`
}

// errorResponse is a response with an error and no result (JSON-RPC
// forbids both).
type errorResponse struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Error   *rpcError       `json:"error"`
}

// notification is a message the server sends that expects no answer.
type notification struct {
	JSONRPC string `json:"jsonrpc"`
	Method  string `json:"method"`
	Params  any    `json:"params"`
}

// errFraming is a header the reader could not make sense of. The reader
// has then skipped to the end of that header block; the stream goes on.
type errFraming struct{ msg string }

func (e *errFraming) Error() string { return e.msg }

// errTooLarge is a body over maxMessage, skipped unread.
var errTooLarge = fmt.Errorf("message larger than %d MiB; skipped", maxMessage>>20)

// reader reads LSP base-protocol frames: header lines ended by CRLF (a
// bare LF is taken too), a blank line, then Content-Length bytes of body.
type reader struct {
	r     *bufio.Reader
	limit int64 // maxMessage when it was made
}

func newReader(r io.Reader) *reader {
	return &reader{r: bufio.NewReaderSize(r, 64<<10), limit: maxMessage}
}

// read returns the next body. An *errFraming or errTooLarge is an error of
// that one message, after which reading can go on; any other error (io.EOF
// included) ends the stream.
func (r *reader) read() ([]byte, error) {
	length := int64(-1)
	var bad string
	lines := 0
	for {
		line, err := r.line()
		if err != nil {
			if err == io.EOF && lines > 0 {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		if line == "" {
			if lines == 0 {
				continue // stray blank lines between messages
			}
			break
		}
		lines++
		if lines > maxHeaders {
			bad = "too many header lines"
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			bad = fmt.Sprintf("header line %q has no colon", clipText(line, 40))
			continue
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
			if err != nil || n < 0 {
				bad = fmt.Sprintf("Content-Length %q is not a length", clipText(value, 40))
				continue
			}
			length = n
		}
	}
	if bad == "" && length < 0 {
		bad = "no Content-Length header"
	}
	if bad != "" {
		if length > 0 {
			if _, err := io.CopyN(io.Discard, r.r, length); err != nil {
				return nil, io.ErrUnexpectedEOF
			}
		}
		return nil, &errFraming{bad}
	}
	if length > r.limit {
		if _, err := io.CopyN(io.Discard, r.r, length); err != nil {
			return nil, io.ErrUnexpectedEOF
		}
		return nil, errTooLarge
	}
	// Read as it comes, not into a buffer of the length announced: a
	// client that announces 300 MiB and sends less holds no more than it
	// sent.
	var body bytes.Buffer
	body.Grow(int(min(length, 1<<20)))
	if _, err := io.CopyN(&body, r.r, length); err != nil {
		return nil, io.ErrUnexpectedEOF
	}
	return body.Bytes(), nil
}

// line reads one header line without its line ending; a line longer
// than maxHeader is cut there (the rest is dropped).
func (r *reader) line() (string, error) {
	var b []byte
	for {
		frag, err := r.r.ReadSlice('\n')
		if len(b) < maxHeader {
			b = append(b, frag[:min(len(frag), maxHeader-len(b))]...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			if err == io.EOF && len(b) > 0 {
				return "", io.ErrUnexpectedEOF
			}
			return "", err
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
}

// clipText cuts s to n bytes for a message.
func clipText(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// writer writes frames; it is safe for concurrent use, one whole frame at
// a time.
type writer struct {
	mu  sync.Mutex
	w   io.Writer
	err error
}

// write marshals v and writes it as one frame.
func (w *writer) write(v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return w.err
	}
	if _, err := fmt.Fprintf(w.w, "Content-Length: %d\r\n\r\n", len(body)); err != nil {
		w.err = err
		return err
	}
	if _, err := w.w.Write(body); err != nil {
		w.err = err
		return err
	}
	return nil
}

// reply writes the response to a request: its result, or err.
func (w *writer) reply(id json.RawMessage, result any, err error) error {
	if len(id) == 0 {
		id = json.RawMessage("null")
	}
	if err != nil {
		var re *rpcError
		if !errors.As(err, &re) {
			re = &rpcError{Code: codeInternalError, Message: err.Error()}
		}
		return w.write(errorResponse{JSONRPC: "2.0", ID: id, Error: re})
	}
	return w.write(response{JSONRPC: "2.0", ID: id, Result: result})
}

// notify writes a notification.
func (w *writer) notify(method string, params any) error {
	return w.write(notification{JSONRPC: "2.0", Method: method, Params: params})
}
