package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/render"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// Exit codes (SPEC §3).
const (
	exitOK       = 0 // success
	exitProblems = 1 // the OKR files have errors (or, with --strict, warnings)
	exitUsage    = 2 // usage error or a failure to run
)

// errProblems reports that the command ran and found problems in the files;
// it has already printed them.
var errProblems = errors.New("problems found")

// app carries the global flags and the process's streams to every command.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer // stdout is buffered; stderr flushes it first
	terminal       io.Writer // the unbuffered stdout, to tell whether it is a terminal
	dir            string
	at             string
	format         string                      // --format, once checked: one of the command's formats
	formats        map[*cobra.Command][]string // each command's formats, its default first (setFormats)
	noColor        bool
	now            func() time.Time
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	// Reports run to tens of thousands of lines: write them in large
	// chunks, not a system call per line.
	out := bufio.NewWriterSize(stdout, 64<<10)
	errw := flushFirst{out, stderr}
	// On a terminal, tables fit its width (SPEC §3); anywhere else they are
	// never cut.
	a := &app{stdin: stdin, stdout: render.WithWidth(out, terminalWidth(stdout)), stderr: errw, terminal: stdout, now: time.Now}
	root := newRootCmd(a)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(out)
	root.SetErr(errw)
	err := root.Execute()
	if ferr := out.Flush(); ferr != nil && err == nil {
		err = fmt.Errorf("writing the output: %w", ferr)
	}
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errProblems):
		return exitProblems
	}
	// Errors name files and revisions from the repository: one line, no
	// terminal control or workflow command from them.
	fmt.Fprintf(stderr, "okr: %s\n", render.Text(err.Error()))
	if errors.As(err, new(usageError)) {
		fmt.Fprintln(stderr, "Run 'okr --help' for usage.")
	}
	return exitUsage
}

// flushFirst writes to w after flushing out, so that what goes to standard
// error follows what was written to standard output before it.
type flushFirst struct {
	out *bufio.Writer
	w   io.Writer
}

func (f flushFirst) Write(p []byte) (int, error) {
	f.out.Flush()
	return f.w.Write(p)
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "okr",
		Short: "OKRs as code: validate, score and report goals kept in git",
		Long: `okr reads the objectives, key results, KPIs and measurements kept as YAML
and CSV files in a git repository. It validates them (for CI), scores them
0-1.0 from the recorded measurements, and turns git history into
diff-friendly reports.

Exit codes: 0 success, 1 the OKR files have errors (or, with --strict,
warnings), 2 usage error or failure to run.`,
		Version:       versionString(),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return cmd.Help()
		},
	}
	pf := root.PersistentFlags()
	pf.StringVarP(&a.dir, "dir", "C", "", "run as if okr was started in `DIR`")
	pf.StringVar(&a.at, "at", "", "as-of `DATE` (YYYY-MM-DD; default today)")
	pf.StringVar(&a.format, "format", "", "output `FORMAT` (each command lists its own)")
	pf.BoolVar(&a.noColor, "no-color", false, "never colour the output (also NO_COLOR)")
	root.AddCommand(
		newValidateCmd(a),
		newSchemaCmd(a),
		newInitCmd(a),
		newScoreCmd(a),
		newKPICmd(a),
		newDiffCmd(a),
		newFmtCmd(a),
		newRecordCmd(a),
		newRolloverCmd(a),
		newLogCmd(a),
		newReportCmd(a),
		newDueCmd(a),
		newDigestCmd(a),
		newTreeCmd(a),
		newSiteCmd(a),
		newExportCmd(a),
		newImportCmd(a),
		newLSPCmd(a),
		newReleaseAssetsCmd(a),
	)
	// Cobra's own commands too, so that what follows covers them.
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	usageErrors(root)
	checkFlags(a, root)
	registerCompletions(a, root)
	return root
}

// workDir is the directory okr behaves as if started in.
func (a *app) workDir() (string, error) {
	if a.dir == "" {
		return os.Getwd()
	}
	fi, err := os.Stat(a.dir)
	if err != nil {
		return "", usagef("-C %s: %v", a.dir, errors.Unwrap(err))
	}
	if !fi.IsDir() {
		return "", usagef("-C %s: not a directory", a.dir)
	}
	return filepath.Abs(a.dir)
}

// resolve turns a user's path argument into an absolute path, relative to
// the -C directory.
func (a *app) resolve(p string) (string, error) {
	if filepath.IsAbs(p) {
		return filepath.Clean(p), nil
	}
	wd, err := a.workDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(wd, p), nil
}

// asOf returns the --at date, or today in local time.
func (a *app) asOf() (model.Date, error) {
	if a.at == "" {
		return model.DateOf(a.now()), nil
	}
	d, err := model.ParseDate(a.at)
	if err != nil {
		return 0, usagef("--at: %v", err)
	}
	return d, nil
}

// color reports whether to write ANSI colour: only on a terminal, never
// with --no-color or NO_COLOR.
func (a *app) color() bool {
	if a.noColor || os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := a.terminal.(*os.File)
	// A terminal, not any character device: /dev/null is one too.
	return ok && term.IsTerminal(int(f.Fd()))
}

// terminalWidth returns the number of columns of the terminal that w is,
// or 0 when w is no terminal (a file, a pipe, /dev/null).
func terminalWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0
	}
	cols, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return cols
}

// periodUsage returns err as a usage error when it is that of a bad
// --period, which the library that selects by it parses (score, scorelog,
// report): a command that hands --period on checks it no other way.
func periodUsage(err error) error {
	if errors.As(err, new(*model.PeriodError)) {
		return asUsage(err)
	}
	return err
}

// relToRoot returns abs relative to root, "/"-separated ("." for root
// itself), or false when abs lies outside root.
func relToRoot(root, abs string) (string, bool) {
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// existingPath resolves a PATH argument that must name an existing file or
// directory inside the root; it returns it relative to the root.
func (a *app) existingPath(root, arg string) (string, os.FileInfo, error) {
	abs, err := a.resolve(arg)
	if err != nil {
		return "", nil, err
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return "", nil, usagef("%s: no such file or directory", arg)
	}
	rel, ok := relToRoot(root, abs)
	if !ok {
		return "", nil, usagef("%s is outside the repository root %s", arg, root)
	}
	return rel, fi, nil
}
