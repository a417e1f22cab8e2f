package scaffold_test

import (
	"errors"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/okr-as-code/okr/okr/scaffold"
)

func ExampleInit() {
	dir, err := os.MkdirTemp("", "okr-init")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	created, err := scaffold.Init(dir, now)
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range created {
		fmt.Println("created", f)
	}
	csv, err := os.ReadFile(filepath.Join(dir, "measurements", "my-team.csv"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("\n%s", csv)

	// A second run refuses, and writes nothing.
	_, err = scaffold.Init(dir, now)
	fmt.Println()
	fmt.Println("exists:", errors.Is(err, fs.ErrExist))

	// Output:
	// created okr.yaml
	// created objectives/2026-Q4.yaml
	// created kpis/weekly_active_users.yaml
	// created measurements/my-team.csv
	// created okr.schema.json
	// created .github/workflows/okr.yaml
	// created .github/workflows/okr-digest.yaml
	// created .vscode/settings.json
	//
	// metric,at,value,note
	// weekly_active_users,2026-11-02,1080,
	// my-team/happy-customers/first-response,2026-11-02,7.5,
	// my-team/happy-customers/help-center,2026-11-02,0,first articles drafted
	// weekly_active_users,2026-11-09,1150,
	// my-team/happy-customers/first-response,2026-11-09,6,
	// weekly_active_users,2026-11-16,1230,
	// my-team/happy-customers/first-response,2026-11-16,5,
	//
	// exists: true
}
