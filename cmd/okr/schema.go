package main

import (
	"github.com/okr-as-code/okr/schema"
	"github.com/spf13/cobra"
)

func newSchemaCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema (draft 2020-12) of every OKR document and okr.yaml",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := a.stdout.Write(schema.JSON)
			return err
		},
	}
	a.setFormats(cmd, []string{"json"})
	return cmd
}
