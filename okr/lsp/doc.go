// Package lsp is okr's language server (SPEC §8): the front door of
// okr/source behind the Language Server Protocol 3.17, over a reader and
// a writer (okr lsp's standard input and output).
//
// The server reads the repository whose root SPEC §1 finds from the
// client's folder through an overlay file system: the files of the work
// tree, read through os.Root so that nothing outside the root is read,
// with the text of every open document in their place. Each change
// (didOpen, didChange, didClose, didChangeWatchedFiles) is applied in the
// order received and starts an analysis: source.FS with a cache keyed by
// content, so that an edit parses one file again and the checks run over
// the whole repository, exactly as okr validate runs them. Changes that
// arrive during an analysis are taken together by the next.
//
// Diagnostics are okr validate's problems, pushed for every file whose
// diagnostics changed (an empty list clears them); a problem's range runs
// from its position to the end of the token there, okr's columns
// (characters) turned into the negotiated position encoding in one place
// (units). Requests (hover, definition, references, completion, code
// actions, document symbols, formatting) each run on a goroutine of their
// own, against the analysis of every change received before them, so that
// $/cancelRequest reaches them; a panic in one is answered as an internal
// error.
//
// The JSON-RPC framing and the LSP types the server uses are written
// here (jsonrpc.go, protocol.go) rather than taken from a library: see
// the README, "Decisions".
package lsp
