package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

// releaseCompletions are the completion scripts a release ships (SPEC §9),
// by file name under DIR/completions: what `okr completion SHELL` prints.
var releaseCompletions = []struct {
	shell, file string
	gen         func(root *cobra.Command, w io.Writer) error
}{
	{"bash", "okr.bash", func(r *cobra.Command, w io.Writer) error { return r.GenBashCompletionV2(w, true) }},
	{"zsh", "_okr", func(r *cobra.Command, w io.Writer) error { return r.GenZshCompletion(w) }},
	{"fish", "okr.fish", func(r *cobra.Command, w io.Writer) error { return r.GenFishCompletion(w, true) }},
	{"powershell", "okr.ps1", func(r *cobra.Command, w io.Writer) error { return r.GenPowerShellCompletionWithDesc(w) }},
}

// newReleaseAssetsCmd is the hidden command that .goreleaser.yaml runs
// before it builds: the man pages (okr.1 and one page per command, through
// cobra's doc package) into DIR/man and the shell completions into
// DIR/completions, for the archives. The pages carry the stamped version
// and commit date (-ldflags -X main.version, main.date), so that a release
// writes the same bytes each time.
func newReleaseAssetsCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:    "release-assets DIR",
		Short:  "Write the man pages and shell completions a release ships into DIR",
		Hidden: true,
		Args:   cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := a.resolve(args[0])
			if err != nil {
				return err
			}
			if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
				return usagef("%s is not empty: release-assets writes into an empty or new directory", args[0])
			}
			header := &doc.GenManHeader{Source: "okr " + versionOr("devel"), Manual: "okr manual"}
			if date != "" {
				t, err := time.Parse(time.RFC3339, date)
				if err != nil {
					return fmt.Errorf("the stamped date %q is not RFC 3339: %v", date, err)
				}
				header.Date = &t
			}
			root := cmd.Root()
			root.DisableAutoGenTag = true // no generation date in the pages
			man := filepath.Join(dir, "man")
			if err := os.MkdirAll(man, 0o755); err != nil {
				return err
			}
			if err := doc.GenManTree(root, header, man); err != nil {
				return fmt.Errorf("writing the man pages: %w", err)
			}
			comp := filepath.Join(dir, "completions")
			if err := os.MkdirAll(comp, 0o755); err != nil {
				return err
			}
			for _, c := range releaseCompletions {
				var b bytes.Buffer
				if err := c.gen(root, &b); err != nil {
					return fmt.Errorf("the %s completion: %w", c.shell, err)
				}
				if err := os.WriteFile(filepath.Join(comp, c.file), b.Bytes(), 0o644); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

// versionOr is the stamped version, else def.
func versionOr(def string) string {
	if version != "" {
		return version
	}
	return def
}
