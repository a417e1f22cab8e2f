package main

import (
	"path/filepath"
	"strings"

	"github.com/okr-as-code/okr/okr/history"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/render"
	"github.com/okr-as-code/okr/okr/source"
	"github.com/spf13/cobra"
)

func newValidateCmd(a *app) *cobra.Command {
	var strict bool
	cmd := &cobra.Command{
		Use:   "validate [PATH...]",
		Short: "Check every OKR file and report each problem with file:line:col",
		Long: `Loads and checks everything: YAML syntax, the JSON Schema, duplicate ids,
references, alignment, periods, dates and numbers, plus OKR-practice warnings.
With PATHs (files or directories), reports only the problems in those files.

Formats: text (default), json, github (workflow annotations), sarif (2.1.0,
for code scanning), junit (XML test report), gitlab (Code Quality report),
markdown (a job summary). In github, sarif, junit and gitlab, files are
named from the top of the git work tree, so that annotations land on the
right file when the OKR root is a directory of a larger repository.
Exit 1 when there are errors, or warnings with --strict; exit 2 when there
is no OKR file under the root at all.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			defer keepHeap()()
			_, l, err := a.loadAt()
			if err != nil {
				return err
			}
			if len(l.repo.Files) == 0 && len(l.problems) == 0 {
				// A wrong -C must not pass CI.
				return usagef("no OKR files under %s", render.Text(l.root))
			}
			probs, files := l.problems, l.repo.Files
			if len(args) > 0 {
				if probs, err = a.onlyPaths(l.root, args, probs); err != nil {
					return err
				}
				if files, err = a.onlyFiles(l.root, args, files); err != nil {
					return err
				}
			}
			w, err := render.NewProblemWriter(a.format)
			if err != nil {
				return usageError{err}
			}
			sum := render.Summary{Files: len(l.repo.Files), Color: a.color(), FileNames: files, Prefix: gitPrefix(l.root), Version: moduleVersion()}
			if err := w.Write(a.stdout, probs, sum); err != nil {
				return err
			}
			errs, warns := model.Count(probs)
			if errs > 0 || (strict && warns > 0) {
				return errProblems
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&strict, "strict", false, "fail (exit 1) on warnings too")
	a.setFormats(cmd, render.ProblemFormats)
	return cmd
}

// onlyPaths keeps the problems in the given files or directories.
func (a *app) onlyPaths(root string, args []string, probs []model.Problem) ([]model.Problem, error) {
	var prefixes []string
	for _, arg := range args {
		rel, fi, err := a.existingPath(root, arg)
		if err != nil {
			return nil, err
		}
		switch {
		case rel == ".":
			return probs, nil
		case fi.IsDir():
			prefixes = append(prefixes, rel+"/")
		default:
			prefixes = append(prefixes, rel)
			if !fi.Mode().IsRegular() {
				// Named, a FIFO, socket or device is an error (SPEC §1).
				probs = source.NamedNotRegular(probs, rel, fi.Mode())
			}
		}
	}
	var out []model.Problem
	for _, p := range probs {
		for _, pre := range prefixes {
			if p.File == pre || (strings.HasSuffix(pre, "/") && strings.HasPrefix(p.File, pre)) {
				out = append(out, p)
				break
			}
		}
	}
	return out, nil
}

// onlyFiles keeps the file names in the given files or directories.
func (a *app) onlyFiles(root string, args []string, files []string) ([]string, error) {
	ps := make([]model.Problem, len(files))
	for i, f := range files {
		ps[i].File = f
	}
	ps, err := a.onlyPaths(root, args, ps)
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.File
	}
	return out, err
}

// gitPrefix is the root's path from the top of the git work tree that
// holds it, "/"-terminated, or "" when the root is that top or lies in no
// work tree: what the CI formats put before a file name (SPEC §3).
func gitPrefix(root string) string {
	top, err := history.WorkTree(root)
	if err != nil {
		return ""
	}
	real, err := filepath.EvalSymlinks(root)
	if err != nil {
		return ""
	}
	rel, ok := relToRoot(top, real)
	if !ok || rel == "." {
		return ""
	}
	return rel + "/"
}

// moduleVersion is okr's version without the VCS details that --version
// adds: "v1.2.0", or "devel".
func moduleVersion() string {
	v, _, _ := strings.Cut(versionString(), " ")
	return v
}
