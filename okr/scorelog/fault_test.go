package scorelog

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/okr-as-code/okr/okr/model"
)

// removeObject deletes the object hash from the repository in dir, whose
// objects fast-import packed: it unpacks them first.
func removeObject(t *testing.T, dir, hash string) {
	t.Helper()
	packs, err := filepath.Glob(filepath.Join(dir, ".git", "objects", "pack", "*.pack"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range packs {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		idx := strings.TrimSuffix(p, ".pack") + ".idx"
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(idx); err != nil {
			t.Fatal(err)
		}
		runGit(t, dir, b, "unpack-objects", "-q")
	}
	if err := os.Remove(filepath.Join(dir, ".git", "objects", hash[:2], hash[2:])); err != nil {
		t.Fatal(err)
	}
}

// A blob or tree missing from the repository fails the log, naming the
// object, wherever the log reads it: a changed file read by its blob (the
// lowered target), a file of a tree read whole (okr.yaml, at the first
// commit and after every change to it), a directory. It is never a problem
// of the file and a log without it.
func TestBuildMissingObject(t *testing.T) {
	tests := []struct {
		name, rev, kind string
		since           string
	}{
		{"changed blob", "lower:teams/payments.yaml", "blob", ""},
		{"blob of a tree read whole", "initial:okr.yaml", "blob", ""},
		{"blob of the first commit", "initial:teams/growth.yaml", "blob", ""},
		{"tree", "initial:teams", "tree", ""},
		// The log starts at the commit that deletes growth.yaml: whether
		// it touched an OKR file is read from the deleted blob.
		{"deleted blob", "initial:teams/growth.yaml", "blob", "2026-10-28"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir, ids := buildHistory(t, "")
			commit, file, _ := strings.Cut(tt.rev, ":")
			hash := runGit(t, dir, nil, "rev-parse", ids[commit]+":"+file)
			removeObject(t, dir, hash)
			h := openRepo(t, dir, "")
			head, err := h.Resolve("HEAD")
			if err != nil {
				t.Fatal(err)
			}
			var opts Options
			if tt.since != "" {
				if opts.Since, err = model.ParseDate(tt.since); err != nil {
					t.Fatal(err)
				}
			}
			l, err := Build(h, head, opts)
			if !errors.Is(err, plumbing.ErrObjectNotFound) || !strings.Contains(err.Error(), tt.kind+" "+hash) {
				t.Fatalf("Build = %v, %v; want %s %s not found", l, err, tt.kind, hash)
			}
		})
	}
}
