package main

import (
	"fmt"
	"path/filepath"

	"github.com/okr-as-code/okr/okr/scaffold"
	"github.com/spf13/cobra"
)

func newInitCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "init [DIR]",
		Short: "Scaffold an OKR repository: okr.yaml, objectives, a KPI, measurements and a CI workflow",
		Long: `Writes okr.yaml, an Objectives document for the current quarter (or the
quarter of --at), a KPI, a measurements CSV and a GitHub Actions workflow
into DIR (default: the current directory). It never overwrites: when any of
those files exists, it writes nothing and exits 2.`,
		Args: cobra.MaximumNArgs(1),
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
			created, err := scaffold.Init(abs, now)
			if err != nil {
				return err
			}
			for _, f := range created {
				fmt.Fprintf(a.stdout, "created %s\n", filepath.ToSlash(filepath.Join(dir, f)))
			}
			fmt.Fprintf(a.stdout, "next: okr -C %s validate\n", dir)
			return nil
		},
	}
}
