package main

import (
	"os"
	"runtime/debug"
	"strings"

	"github.com/okr-as-code/okr/okr/lsp"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/spf13/cobra"
)

// lspGCPercent is the garbage collector's percentage while okr lsp runs
// (unless GOGC sets one): the server keeps the parsed repository live
// from edit to edit, and the default 100 lets the heap grow to twice that
// between collections. At 30, on a 500-owner repository, its peak stays
// within 1.4× okr validate's at a few milliseconds more an edit (at 50
// it reached 1.5×; see BENCHMARKS.md).
const lspGCPercent = 30

func newLSPCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "lsp",
		Short: "Run the language server (LSP 3.17 over standard input and output)",
		Long: `Runs okr's language server for an editor: it speaks the Language Server
Protocol 3.17 over standard input and output, and logs to standard error.
The editor starts it; see the README, "In your editor".

It serves the repository whose root okr finds from the editor's folder
(rootUri, else the first workspace folder, else rootPath, else -C or the
current directory) and reads it as every command does, with the text of
each open document in place of its file: diagnostics are exactly what
okr validate reports, for every file; hover shows scores as of today (or
--at); definition, references, completion, quick fixes, document symbols
and formatting (as okr fmt) work across files.

Exit status: 0 after the client's shutdown and exit, 1 when the input
ends or exit comes without shutdown.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var asOf model.Date
			if a.at != "" {
				d, err := a.asOf()
				if err != nil {
					return err
				}
				asOf = d
			}
			wd, err := a.workDir()
			if err != nil {
				return err
			}
			if _, ok := os.LookupEnv("GOGC"); !ok {
				defer debug.SetGCPercent(debug.SetGCPercent(lspGCPercent))
			}
			in := a.stdin
			if in == nil {
				in = strings.NewReader("")
			}
			s := lsp.NewServer(lsp.Options{Dir: wd, AsOf: asOf, Now: a.now, Log: a.stderr, Version: moduleVersion()})
			// Responses go to the unbuffered standard output: a client
			// waits for each one.
			if s.Run(in, a.terminal) != 0 {
				return errProblems
			}
			return nil
		},
	}
}
