package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/okr-as-code/okr/okr/record"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// errBinary is the refusal to write a workbook to a terminal (SPEC §7).
var errBinary = errors.New("xlsx is binary: use --out FILE or redirect the output")

// addOut declares --out FILE on a command whose tables can be written to
// a file in every format (score, kpi, due, log, report, export).
func addOut(cmd *cobra.Command, out *string) {
	cmd.Flags().StringVar(out, "out", "", "write the output to `FILE` (replaced atomically) instead of standard output; without --format, FILE's extension chooses the format (.xlsx, .csv, .json, .md)")
	_ = cmd.Flags().SetAnnotation("out", outFileAnnotation, []string{"true"})
}

// outFileAnnotation marks the --out FILE of addOut, whose extension
// chooses the format when --format is not given (formatOfOut).
const outFileAnnotation = "okr_out_file"

// extFormats are the formats an --out FILE's extension names.
var extFormats = map[string]string{".xlsx": "xlsx", ".csv": "csv", ".json": "json", ".md": "markdown", ".markdown": "markdown"}

// formatOfOut returns the format the extension of cmd's --out FILE
// names, when --out was given and its extension names one; "" otherwise.
func formatOfOut(cmd *cobra.Command) (format, out string) {
	f := cmd.Flags().Lookup("out")
	if f == nil || !f.Changed || f.Annotations[outFileAnnotation] == nil {
		return "", ""
	}
	return extFormats[strings.ToLower(filepath.Ext(f.Value.String()))], f.Value.String()
}

// output returns where a command writes its result: standard output, or
// with --out FILE a buffer that done writes to FILE atomically (a reader
// sees the old file or the new one, never a part). It refuses, before the
// command does any work, an xlsx workbook to a terminal.
func (a *app) output(out string) (w io.Writer, done func() error, err error) {
	if out == "" {
		if a.format == "xlsx" && isTerminal(a.terminal) {
			return nil, nil, usageError{errBinary}
		}
		return a.stdout, func() error { return nil }, nil
	}
	abs, err := a.resolve(out)
	if err != nil {
		return nil, nil, err
	}
	fi, err := os.Stat(abs) // through a symbolic link
	switch {
	case err == nil && fi.IsDir():
		return nil, nil, usagef("--out %s: is a directory", out)
	case err == nil && !fi.Mode().IsRegular():
		// A device or a pipe (/dev/stdout, a FIFO): written to as it is,
		// never replaced by a file.
		f, err := os.OpenFile(abs, os.O_WRONLY, 0)
		if err != nil {
			return nil, nil, usagef("--out %s: %v", out, err)
		}
		if a.format == "xlsx" && isTerminal(f) {
			f.Close()
			return nil, nil, usageError{errBinary}
		}
		return f, func() error {
			if err := f.Close(); err != nil {
				return fmt.Errorf("--out %s: %w", out, err)
			}
			return nil
		}, nil
	case err == nil:
		// A link to a file: the file is replaced, the link kept.
		if target, err := filepath.EvalSymlinks(abs); err == nil {
			abs = target
		}
	}
	if fi, err := os.Stat(filepath.Dir(abs)); err != nil || !fi.IsDir() {
		return nil, nil, usagef("--out %s: no such directory %s", out, filepath.Dir(out))
	}
	var b bytes.Buffer
	return &b, func() error {
		if err := record.Replace(abs, b.Bytes()); err != nil {
			return fmt.Errorf("--out %s: %w", out, err)
		}
		return nil
	}, nil
}

// isTerminal reports whether w is a terminal (not a file, pipe or
// /dev/null).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
