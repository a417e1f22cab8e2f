package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"

	"github.com/okr-as-code/okr/okr/history"
	"github.com/okr-as-code/okr/okr/scaffold"
	"github.com/spf13/cobra"
)

func newInitCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "init [DIR]",
		Short: "Scaffold an OKR repository: okr.yaml, objectives, a KPI, measurements, a CI workflow and editor settings",
		Long: `Writes okr.yaml, an Objectives document for the current quarter (or the
quarter of --at), a KPI, a measurements CSV and okr.schema.json into DIR
(default: the current directory), and a GitHub Actions workflow
(.github/workflows/okr.yaml) and VS Code settings (.vscode/settings.json,
mapping the OKR files to the schema) at the top of the git work tree that
encloses DIR, else in DIR. The workflow uses the okr action with its
working-directory set to DIR.

It never overwrites: when any of those files exists, it writes nothing and
exits 2; existing editor settings are left alone (it says what to add).`,
		Args: maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			abs, err := a.resolve(dir)
			if err != nil {
				return err
			}
			now := a.now()
			if a.at != "" {
				d, err := a.asOf()
				if err != nil {
					return err
				}
				now = d.Time()
			}
			real, top, err := workTreeOf(abs)
			if err != nil {
				return err
			}
			o := scaffold.Options{Dir: real, Top: top, Now: now, ActionRef: actionRef()}
			if top != "" {
				o.DefaultBranch = scaffold.DefaultBranch(top)
			}
			res, err := scaffold.InitWith(o)
			if err != nil {
				return err
			}
			for _, f := range res.Created {
				fmt.Fprintf(a.stdout, "created %s\n", filepath.ToSlash(filepath.Join(dir, f)))
			}
			for _, f := range res.Kept {
				shown := filepath.ToSlash(filepath.Join(dir, f))
				if f == scaffold.AttributesFile {
					if b, err := os.ReadFile(filepath.Join(real, f)); err == nil && scaffold.HasUnion(b) {
						continue // it has the line already
					}
					fmt.Fprintf(a.stdout, "kept %s as it is: add the line %q to it, so that check-ins recorded on two branches merge without a conflict\n",
						shown, scaffold.UnionLine)
					continue
				}
				fmt.Fprintf(a.stdout, "kept %s as it is: add to it %q mapping to the OKR files, as the README's editor section shows\n",
					shown, "yaml.schemas")
			}
			fmt.Fprintf(a.stdout, "next: okr -C %s validate\n", dir)
			return nil
		},
	}
}

// workTreeOf returns dir with its existing part's symbolic links resolved,
// and the top of the git work tree that encloses it ("" when none does).
// dir itself need not exist yet.
func workTreeOf(dir string) (real, top string, err error) {
	existing, rest := dir, ""
	for {
		if _, err := os.Stat(existing); err == nil {
			break
		}
		parent := filepath.Dir(existing)
		if parent == existing {
			return dir, "", nil
		}
		rest = filepath.Join(filepath.Base(existing), rest)
		existing = parent
	}
	resolved, err := filepath.EvalSymlinks(existing)
	if err != nil {
		return "", "", err
	}
	real = filepath.Join(resolved, rest)
	top, err = history.WorkTree(resolved)
	if errors.Is(err, history.ErrNotRepository) {
		return real, "", nil
	}
	if err != nil {
		return "", "", err
	}
	return real, top, nil
}

var releaseRe = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+$`)

// actionRef is the ref of the okr action that okr init's workflow uses:
// this okr's own release (v1.2.0) when it is one, else main.
func actionRef() string {
	if releaseRe.MatchString(version) {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && releaseRe.MatchString(bi.Main.Version) {
		return bi.Main.Version
	}
	return "main"
}
