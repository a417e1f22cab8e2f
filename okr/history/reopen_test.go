package history

import (
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

// Reopen gives a second Repo over the same repository, seen from the same
// root, that reads on after the first is closed.
func TestReopen(t *testing.T) {
	g := newGitRepo(t)
	g.write("okr/teams/pay.yaml", "owner: pay\n")
	g.commit("first")
	r := g.open("okr")
	r2, err := r.Reopen()
	if err != nil {
		t.Fatalf("Reopen: %v", err)
	}
	defer r2.Close()
	if r2 == r || r2.Prefix() != "okr" || r2.Top() != r.Top() {
		t.Fatalf("Reopen: prefix %q, top %q; want a new Repo with prefix okr, top %q", r2.Prefix(), r2.Top(), r.Top())
	}
	h := plumbing.NewHash(g.git("rev-parse", "HEAD:okr/teams/pay.yaml"))
	r.Close()
	b, err := r2.Blob(h)
	if err != nil || string(b) != "owner: pay\n" {
		t.Fatalf("Blob after the first Repo closed: %q, %v", b, err)
	}
}
