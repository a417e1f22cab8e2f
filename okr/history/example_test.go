package history_test

import (
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/okr-as-code/okr/okr/history"
)

// Example lists, newest first, the commits that changed OKR files below
// the root teams/, then reads one file as of HEAD.
func Example() {
	dir, err := os.MkdirTemp("", "okr-history-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	makeRepo(dir, []exampleCommit{
		{"Add payments objectives", map[string]string{
			"teams/payments/2026-Q4.yaml": "target: 300\n",
			"README.md":                   "# OKRs\n",
		}},
		{"Lower the p95 target", map[string]string{"teams/payments/2026-Q4.yaml": "target: 250\n"}},
		{"Explain the layout", map[string]string{"README.md": "# OKRs\n\nOne directory per team.\n"}},
		{"Record p95 measurements", map[string]string{"teams/payments/p95.csv": "metric,at,value\n"}},
	})

	repo, err := history.Open(filepath.Join(dir, "teams"))
	if err != nil {
		log.Fatal(err)
	}
	defer repo.Close()
	head, err := repo.Resolve("HEAD")
	if err != nil {
		log.Fatal(err)
	}
	isOKRFile := func(p string) bool { return strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".csv") }
	_, err = repo.Walk(head, func(c *object.Commit) error {
		changes, err := repo.Changed(c, isOKRFile)
		if err != nil || len(changes) == 0 {
			return err
		}
		info := history.CommitInfo(c)
		fmt.Println(info.Date.Format(time.DateOnly), info.Subject)
		for _, ch := range changes {
			switch {
			case ch.From.IsZero():
				fmt.Println("  added   ", ch.Path)
			case ch.To.IsZero():
				fmt.Println("  deleted ", ch.Path)
			default:
				fmt.Println("  modified", ch.Path)
			}
		}
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}

	fsys, err := repo.FS(head)
	if err != nil {
		log.Fatal(err)
	}
	b, err := fs.ReadFile(fsys, "payments/2026-Q4.yaml")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("payments/2026-Q4.yaml: %s", b)
	// Output:
	// 2026-10-04 Record p95 measurements
	//   added    payments/p95.csv
	// 2026-10-02 Lower the p95 target
	//   modified payments/2026-Q4.yaml
	// 2026-10-01 Add payments objectives
	//   added    payments/2026-Q4.yaml
	// payments/2026-Q4.yaml: target: 250
}

type exampleCommit struct {
	message string
	files   map[string]string
}

// makeRepo creates a repository in dir with go-git, one commit a day.
func makeRepo(dir string, commits []exampleCommit) {
	repo, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{
		InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName("main")},
	})
	if err != nil {
		log.Fatal(err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		log.Fatal(err)
	}
	for i, c := range commits {
		for name, content := range c.files {
			p := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				log.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
				log.Fatal(err)
			}
			if _, err := wt.Add(name); err != nil {
				log.Fatal(err)
			}
		}
		sig := &object.Signature{Name: "Ada", Email: "ada@example.com",
			When: time.Date(2026, 10, 1+i, 9, 0, 0, 0, time.UTC)}
		if _, err := wt.Commit(c.message, &git.CommitOptions{Author: sig, Committer: sig}); err != nil {
			log.Fatal(err)
		}
	}
}
