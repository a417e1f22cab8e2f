package history

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/google/go-cmp/cmp"
)

func TestOpen(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	g.write("okr.yaml", "x\n", "teams/payments/q.yaml", "y\n")
	g.commit("init")
	top, err := filepath.EvalSymlinks(g.dir)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("top", func(t *testing.T) {
		r := g.open("")
		if r.Prefix() != "" || r.Top() != top || r.Shallow() {
			t.Errorf("Prefix, Top, Shallow = %q, %q, %v; want \"\", %q, false", r.Prefix(), r.Top(), r.Shallow(), top)
		}
	})
	t.Run("subdirectory", func(t *testing.T) {
		r := g.open("teams/payments")
		if r.Prefix() != "teams/payments" {
			t.Errorf("Prefix = %q, want teams/payments", r.Prefix())
		}
	})
	t.Run("through a symbolic link", func(t *testing.T) {
		link := filepath.Join(t.TempDir(), "link")
		if err := os.Symlink(filepath.Join(g.dir, "teams"), link); err != nil {
			t.Skip(err)
		}
		r, err := Open(link)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		if r.Prefix() != "teams" || r.Top() != top {
			t.Errorf("Prefix, Top = %q, %q; want teams, %q", r.Prefix(), r.Top(), top)
		}
	})
	t.Run("WorkTree", func(t *testing.T) {
		got, err := WorkTree(filepath.Join(g.dir, "teams", "payments"))
		if err != nil || got != top {
			t.Errorf("WorkTree = %q, %v; want %q", got, err, top)
		}
	})
	t.Run("not a repository", func(t *testing.T) {
		dir := t.TempDir()
		if _, err := WorkTree(dir); err == nil {
			t.Skipf("the temporary directory %s is inside a git work tree", dir)
		}
		_, err := Open(dir)
		if !errors.Is(err, ErrNotRepository) || !strings.Contains(err.Error(), dir) {
			t.Errorf("Open(%s) = %v; want ErrNotRepository naming the directory", dir, err)
		}
	})
	t.Run("missing directory", func(t *testing.T) {
		if _, err := Open(filepath.Join(g.dir, "nope")); err == nil || errors.Is(err, ErrNotRepository) {
			t.Errorf("Open(missing) = %v; want a not-exist error", err)
		}
	})
	t.Run("linked work tree", func(t *testing.T) {
		g.git("branch", "-f", "feature")
		wt := filepath.Join(t.TempDir(), "wt")
		g.git("worktree", "add", "-q", wt, "feature")
		w := &gitRepo{t: t, dir: wt, tick: g.tick}
		w.write("teams/payments/q.yaml", "changed\n")
		featureTip := w.commit("on feature")

		r, err := Open(filepath.Join(wt, "teams"))
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		head, err := r.Resolve("HEAD")
		if err != nil || head.Hash.String() != featureTip {
			t.Fatalf("Resolve(HEAD) in the work tree = %v, %v; want %s", head, err, featureTip)
		}
		if _, err := r.Resolve("main"); err != nil {
			t.Errorf("Resolve(main) in the work tree: %v", err)
		}
		fsys, err := r.FS(head)
		if err != nil {
			t.Fatal(err)
		}
		if b, err := fs.ReadFile(fsys, "payments/q.yaml"); err != nil || string(b) != "changed\n" {
			t.Errorf("ReadFile = %q, %v; want \"changed\\n\"", b, err)
		}
	})
	t.Run("shared clone", func(t *testing.T) {
		// The clone borrows the objects of the original (alternates).
		dst := filepath.Join(t.TempDir(), "shared")
		g.git("clone", "-q", "--shared", g.dir, dst)
		r, err := Open(dst)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		head, err := r.Resolve("HEAD")
		if err != nil {
			t.Fatal(err)
		}
		fsys, err := r.FS(head)
		if err != nil {
			t.Fatal(err)
		}
		if b, err := fs.ReadFile(fsys, "okr.yaml"); err != nil || string(b) != "x\n" {
			t.Errorf("ReadFile = %q, %v", b, err)
		}
		if fi, err := fs.Stat(fsys, "okr.yaml"); err != nil || fi.Size() != 2 {
			t.Errorf("Stat = %v, %v; want a size of 2", fi, err)
		}
	})
	t.Run("sha256 repository", func(t *testing.T) {
		dir := t.TempDir()
		runGit(t, dir, baseTime, nil, "init", "-q", "--object-format=sha256")
		if _, err := Open(dir); err == nil || !strings.Contains(err.Error(), "sha256") {
			t.Errorf("Open(sha256 repository) = %v; want an error naming sha256", err)
		}
	})
	t.Run("separate git directory", func(t *testing.T) {
		// The layout of a submodule: the work tree's .git is a file.
		needGit(t)
		dir, gitDir := t.TempDir(), filepath.Join(t.TempDir(), "store.git")
		s := &gitRepo{t: t, dir: dir}
		s.git("init", "-q", "-b", "main", "--separate-git-dir", gitDir)
		s.write("a/okr.yaml", "x\n")
		want := s.commit("init")
		r := s.open("a")
		head, err := r.Resolve("HEAD")
		if err != nil || head.Hash.String() != want || r.Prefix() != "a" {
			t.Errorf("Resolve(HEAD), Prefix = %v, %v, %q; want %s, a", head, err, r.Prefix(), want)
		}
	})
}

// resolveRepo builds a history with a merge, tags and a remote branch:
//
//	c1 - c2 - c4 - c5 - c6   main
//	       \       /
//	        c3 ---         feature
type resolveRepo struct {
	*gitRepo
	c map[string]string // name -> hash
}

func newResolveRepo(t testing.TB) *resolveRepo {
	g := newGitRepo(t)
	c := map[string]string{}
	g.write("okr.yaml", "v1\n")
	c["c1"] = g.commit("c1")
	g.write("teams/a.yaml", "a\n")
	c["c2"] = g.commit("c2")
	g.git("tag", "v1")
	g.git("checkout", "-q", "-b", "feature")
	g.write("teams/a.yaml", "a2\n")
	c["c3"] = g.commit("c3")
	g.git("checkout", "-q", "main")
	g.write("teams/b.yaml", "b\n")
	c["c4"] = g.commit("c4")
	g.git("tag", "-a", "v2", "-m", "release 2")
	g.git("tag", "-a", "v2n", "-m", "tag of a tag", "v2")
	g.git("tag", "treetag", "HEAD^{tree}")
	c["c5"] = g.merge("feature", "c5 merge")
	g.write("okr.yaml", "v2\n")
	c["c6"] = g.commit("c6")
	g.git("update-ref", "refs/remotes/origin/main", c["c4"])
	g.git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main")
	// A branch spelled like an abbreviated hash: as in git, the branch wins.
	g.git("branch", c["c2"][:8], c["c3"])
	return &resolveRepo{gitRepo: g, c: c}
}

func TestResolve(t *testing.T) {
	t.Parallel()
	g := newResolveRepo(t)
	r := g.open("")
	c := g.c

	valid := []struct{ rev, want string }{
		{"HEAD", c["c6"]},
		{"@", c["c6"]},
		{"HEAD~0", c["c6"]},
		{"HEAD~", c["c5"]},
		{"HEAD~1", c["c5"]},
		{"HEAD~2", c["c4"]},
		{"HEAD~4", c["c1"]},
		{"@~2", c["c4"]},
		{"HEAD^", c["c5"]},
		{"HEAD^^", c["c4"]},
		{"HEAD^1^2", c["c3"]},
		{"HEAD~1^2", c["c3"]},
		{"HEAD~1^2~1", c["c2"]},
		{"HEAD^0", c["c6"]},
		{"main", c["c6"]},
		{"heads/main", c["c6"]},
		{"refs/heads/main", c["c6"]},
		{"feature", c["c3"]},
		{"origin/main", c["c4"]},
		{"remotes/origin/main", c["c4"]},
		{"refs/remotes/origin/main", c["c4"]},
		{"origin", c["c4"]},
		{"v1", c["c2"]},
		{"v2", c["c4"]},
		{"tags/v2", c["c4"]},
		{"refs/tags/v2", c["c4"]},
		{"v2n", c["c4"]},
		{"v2^{}", c["c4"]},
		{"v2^{commit}", c["c4"]},
		{"v2~1", c["c2"]},
		{c["c1"], c["c1"]},
		{c["c1"][:7], c["c1"]},
		{c["c1"][:13], c["c1"]},
		{c["c3"][:7] + "^", c["c2"]},
		{c["c2"][:8], c["c3"]},      // the branch, not the commit
		{"main...feature", c["c3"]}, // main has merged feature
		{"feature...main", c["c3"]},
		{"origin/main...feature", c["c2"]},
		{"v2...feature", c["c2"]},
		{"feature...", c["c3"]}, // HEAD contains feature
		{"...feature", c["c3"]},
		{"main..feature", c["c6"]}, // A..B: A
	}
	for _, tc := range valid {
		t.Run(tc.rev, func(t *testing.T) {
			t.Parallel()
			got, err := r.Resolve(tc.rev)
			if err != nil {
				t.Fatalf("Resolve(%q): %v", tc.rev, err)
			}
			if got.Hash.String() != tc.want {
				t.Errorf("Resolve(%q) = %s, want %s", tc.rev, got.Hash, tc.want)
			}
			// The expectation agrees with git itself.
			var gitSays string
			switch {
			case strings.Contains(tc.rev, "..."):
				a, b, _ := strings.Cut(tc.rev, "...")
				gitSays = runGit(t, g.dir, g.date(), nil, "merge-base", orHead(a), orHead(b))
			case strings.Contains(tc.rev, ".."):
				a, _, _ := strings.Cut(tc.rev, "..")
				gitSays = runGit(t, g.dir, g.date(), nil, "rev-parse", "--verify", "-q", a+"^{commit}")
			default:
				gitSays = runGit(t, g.dir, g.date(), nil, "rev-parse", "--verify", "-q", tc.rev+"^{commit}")
			}
			if gitSays != tc.want {
				t.Errorf("git resolves %q to %s, the test expects %s", tc.rev, gitSays, tc.want)
			}
		})
	}

	invalid := []struct {
		rev    string
		is     error    // nil: any error
		substr []string // the message holds each
	}{
		{"nope", ErrUnknownRevision, []string{`"nope"`, "no branch, tag or commit"}},
		{"origin/nope", ErrUnknownRevision, []string{`"origin/nope"`}},
		{"HEAD~5", ErrUnknownRevision, []string{"HEAD~5", "HEAD~4", "first commit"}},
		{"HEAD^2", ErrUnknownRevision, []string{"has 1 parent, not 2"}},
		{"HEAD~1^3", ErrUnknownRevision, []string{"has 2 parents, not 3"}},
		{"deadbeef", ErrUnknownRevision, []string{"deadbeef"}},
		{strings.Repeat("0", 40), ErrUnknownRevision, nil},
		{"config", ErrUnknownRevision, nil}, // never .git/config read as a reference
		{"../config", ErrUnknownRevision, nil},
		{"treetag", nil, []string{"is a tree, not a commit"}},
		{"HEAD^{tree}", nil, []string{"not supported"}},
		{"HEAD@{1}", nil, []string{"reflog"}},
		{"HEAD:okr.yaml", nil, []string{"<rev>:<path>"}},
		{"HEAD~x", nil, []string{"invalid revision"}},
		{"HEAD^{", nil, []string{"missing }"}},
		{"~1", nil, []string{"invalid revision"}},
		{"", nil, []string{"empty revision"}},
		{"..", nil, []string{"at least one side"}},
		{"main...nope", ErrUnknownRevision, nil},
	}
	for _, tc := range invalid {
		t.Run("invalid/"+tc.rev, func(t *testing.T) {
			t.Parallel()
			got, err := r.Resolve(tc.rev)
			if err == nil {
				t.Fatalf("Resolve(%q) = %s, want an error", tc.rev, got.Hash)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("Resolve(%q) = %v, want it to wrap %v", tc.rev, err, tc.is)
			}
			for _, s := range tc.substr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("Resolve(%q) = %q, want it to mention %q", tc.rev, err, s)
				}
			}
		})
	}
}

func TestResolveRange(t *testing.T) {
	t.Parallel()
	g := newResolveRepo(t)
	r := g.open("")
	// The names are those okr diff prints: the sides as written, HEAD
	// for an empty one, the merge base named with its short hash.
	tests := []struct{ rev, base, head, baseName, headName string }{
		{"origin/main...feature", g.c["c2"], g.c["c3"], "merge-base(origin/main, feature) " + g.c["c2"][:7], "feature"},
		{"...feature", g.c["c3"], g.c["c3"], "merge-base(HEAD, feature) " + g.c["c3"][:7], "feature"},
		{"v1..feature", g.c["c2"], g.c["c3"], "v1", "feature"},
		{"feature..", g.c["c3"], g.c["c6"], "feature", "HEAD"},
		{"HEAD~1", g.c["c5"], "", "HEAD~1", ""},
	}
	for _, tc := range tests {
		rg, err := r.ResolveRange(tc.rev)
		if err != nil {
			t.Errorf("ResolveRange(%q): %v", tc.rev, err)
			continue
		}
		gotHead := ""
		if rg.Head != nil {
			gotHead = rg.Head.Hash.String()
		}
		if rg.Base.Hash.String() != tc.base || gotHead != tc.head {
			t.Errorf("ResolveRange(%q) = %s, %q; want %s, %q", tc.rev, rg.Base.Hash, gotHead, tc.base, tc.head)
		}
		if rg.BaseName != tc.baseName || rg.HeadName != tc.headName {
			t.Errorf("ResolveRange(%q) names %q, %q; want %q, %q", tc.rev, rg.BaseName, rg.HeadName, tc.baseName, tc.headName)
		}
	}
}

func TestResolveAmbiguousShortHash(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	g.write("okr.yaml", "x\n")
	head := g.commit("init")

	// Make two commits whose hashes share their first 4 hex digits.
	gr, err := git.PlainOpen(g.dir)
	if err != nil {
		t.Fatal(err)
	}
	hc, err := gr.CommitObject(plumbing.NewHash(head))
	if err != nil {
		t.Fatal(err)
	}
	byPrefix := map[string]plumbing.EncodedObject{}
	var pair [2]plumbing.Hash
	for i := 0; pair[0].IsZero(); i++ {
		c := &object.Commit{
			Author: hc.Author, Committer: hc.Committer, TreeHash: hc.TreeHash,
			ParentHashes: []plumbing.Hash{hc.Hash}, Message: fmt.Sprintf("try %d\n", i),
		}
		o := gr.Storer.NewEncodedObject()
		if err := c.Encode(o); err != nil {
			t.Fatal(err)
		}
		p := o.Hash().String()[:4]
		first, ok := byPrefix[p]
		if !ok {
			byPrefix[p] = o
			continue
		}
		for _, obj := range []plumbing.EncodedObject{first, o} {
			if _, err := gr.Storer.SetEncodedObject(obj); err != nil {
				t.Fatal(err)
			}
		}
		pair = [2]plumbing.Hash{first.Hash(), o.Hash()}
	}

	r := g.open("")
	prefix := pair[0].String()[:4]
	_, err = r.Resolve(prefix)
	if err == nil || !strings.Contains(err.Error(), "ambiguous") ||
		!strings.Contains(err.Error(), pair[0].String()) || !strings.Contains(err.Error(), pair[1].String()) {
		t.Errorf("Resolve(%q) = %v; want an ambiguity error naming %s and %s", prefix, err, pair[0], pair[1])
	}
	if !g.gitFails("rev-parse", "--verify", "-q", prefix+"^{commit}") {
		t.Errorf("git resolves the ambiguous %q", prefix)
	}
	// One more digit tells them apart, unless they share it too.
	for _, h := range pair {
		longer := h.String()[:12]
		got, err := r.Resolve(longer)
		if err != nil || got.Hash != h {
			t.Errorf("Resolve(%q) = %v, %v; want %s", longer, got, err, h)
		}
	}
}

func TestResolveEmptyRepository(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	r := g.open("")
	_, err := r.Resolve("HEAD")
	if !errors.Is(err, ErrUnknownRevision) || !strings.Contains(err.Error(), "main has no commits yet") {
		t.Errorf("Resolve(HEAD) in an empty repository = %v", err)
	}
}

func orHead(rev string) string {
	if rev == "" {
		return "HEAD"
	}
	return rev
}

// fsRepo builds a tree with directories, an executable, symbolic links and
// a submodule; first is a commit before teams/ existed.
func fsRepo(t *testing.T) (g *gitRepo, first, head string) {
	g = newGitRepo(t)
	g.write("README.md", "docs\n")
	first = g.commit("first")
	g.write(
		"okr.yaml", "organization: Acme\n",
		// These sort between "teams" and "teams/" in git's order.
		"teams-archive.yaml", "old\n", "teams.txt", "t\n",
		"teams/payments/2026-Q4.yaml", "apiVersion: okr/v1\nkind: Objectives\n",
		"teams/payments/measurements.csv", "metric,at,value\n",
		"teams/search/2026-Q4.yml", "apiVersion: okr/v1\n",
		"teams/tool.sh", "#!/bin/sh\n",
	)
	if err := os.Chmod(filepath.Join(g.dir, "teams/tool.sh"), 0o755); err != nil {
		t.Fatal(err)
	}
	g.symlink("payments/2026-Q4.yaml", "teams/link.yaml")
	g.symlink("payments", "teams/dirlink")
	g.symlink("../../../etc", "teams/escape")
	g.git("add", "-A")
	// A submodule entry (gitlink) pointing at some commit.
	g.git("update-index", "--add", "--cacheinfo", "160000,"+first+",teams/vendored")
	head = g.commit("tree")
	return g, first, head
}

func TestFS(t *testing.T) {
	t.Parallel()
	g, first, head := fsRepo(t)
	r := g.open("")
	c, err := r.Resolve(head)
	if err != nil {
		t.Fatal(err)
	}
	fsys, err := r.FS(c)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("fstest", func(t *testing.T) {
		if err := fstest.TestFS(fsys, "okr.yaml", "teams/payments/2026-Q4.yaml",
			"teams/payments/measurements.csv", "teams/search/2026-Q4.yml", "teams/tool.sh", "teams/link.yaml"); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("WalkDir", func(t *testing.T) {
		var got []string
		err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			got = append(got, fmt.Sprintf("%s %v", p, d.Type()))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{
			". d---------",
			"README.md ----------",
			"okr.yaml ----------",
			"teams d---------",
			"teams/dirlink L---------",
			"teams/escape L---------",
			"teams/link.yaml L---------",
			"teams/payments d---------",
			"teams/payments/2026-Q4.yaml ----------",
			"teams/payments/measurements.csv ----------",
			"teams/search d---------",
			"teams/search/2026-Q4.yml ----------",
			"teams/tool.sh ----------",
			"teams-archive.yaml ----------",
			"teams.txt ----------",
			// no teams/vendored: submodules are left out
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("WalkDir (-want +got):\n%s", diff)
		}
	})

	t.Run("files", func(t *testing.T) {
		b, err := fs.ReadFile(fsys, "teams/payments/2026-Q4.yaml")
		if err != nil || string(b) != "apiVersion: okr/v1\nkind: Objectives\n" {
			t.Errorf("ReadFile = %q, %v", b, err)
		}
		fi, err := fs.Stat(fsys, "teams/tool.sh")
		if err != nil || fi.Mode() != 0o755 || fi.Size() != 10 || fi.IsDir() || fi.Name() != "tool.sh" {
			t.Errorf("Stat(tool.sh) = %v, %v; want an executable of 10 bytes", fi, err)
		}
		fi, err = fs.Stat(fsys, "teams/payments")
		if err != nil || !fi.IsDir() || fi.Name() != "payments" {
			t.Errorf("Stat(teams/payments) = %v, %v; want a directory", fi, err)
		}
		f, err := fsys.Open("okr.yaml")
		if err != nil {
			t.Fatal(err)
		}
		b, err = io.ReadAll(f)
		if err != nil || string(b) != "organization: Acme\n" {
			t.Errorf("Read = %q, %v", b, err)
		}
		if err := f.Close(); err != nil {
			t.Error(err)
		}
		if _, err := f.Read(make([]byte, 1)); !errors.Is(err, fs.ErrClosed) {
			t.Errorf("Read after Close = %v, want fs.ErrClosed", err)
		}
		if _, err := fs.ReadFile(fsys, "teams"); err == nil {
			t.Error("ReadFile(directory) succeeded")
		}
	})

	t.Run("ReadFileMax", func(t *testing.T) {
		rm := fsys.(interface {
			ReadFileMax(string, int64) ([]byte, int64, error)
		})
		b, n, err := rm.ReadFileMax("teams/tool.sh", 10)
		if err != nil || n != 10 || len(b) != 10 {
			t.Errorf("ReadFileMax(tool.sh, 10) = %q, %d, %v; want its 10 bytes", b, n, err)
		}
		b, n, err = rm.ReadFileMax("teams/tool.sh", 9)
		if err != nil || n != 10 || b != nil {
			t.Errorf("ReadFileMax(tool.sh, 9) = %q, %d, %v; want no data and the size 10", b, n, err)
		}
		if _, _, err := rm.ReadFileMax("teams", 100); err == nil {
			t.Error("ReadFileMax(directory) succeeded")
		}
		if _, _, err := rm.ReadFileMax("teams/none.yaml", 100); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("ReadFileMax(missing) = %v, want fs.ErrNotExist", err)
		}
	})

	t.Run("symbolic links are not followed", func(t *testing.T) {
		for _, name := range []string{"teams/link.yaml", "teams/dirlink", "teams/escape"} {
			fi, err := fs.Stat(fsys, name)
			if err != nil || fi.Mode().Type() != fs.ModeSymlink {
				t.Errorf("Stat(%s) = %v, %v; want a symbolic link", name, fi, err)
			}
		}
		target, err := fs.ReadLink(fsys, "teams/link.yaml")
		if err != nil || target != "payments/2026-Q4.yaml" {
			t.Errorf("ReadLink = %q, %v", target, err)
		}
		if b, err := fs.ReadFile(fsys, "teams/link.yaml"); err != nil || string(b) != "payments/2026-Q4.yaml" {
			t.Errorf("ReadFile(link) = %q, %v; want the link's target, not the file's content", b, err)
		}
		if _, err := fs.ReadLink(fsys, "okr.yaml"); err == nil {
			t.Error("ReadLink(regular file) succeeded")
		}
		for _, name := range []string{"teams/dirlink/2026-Q4.yaml", "teams/escape/passwd"} {
			if _, err := fsys.Open(name); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("Open(%s) = %v, want fs.ErrNotExist", name, err)
			}
		}
		if _, ok := fsys.(BlobHasher).BlobHash("teams/link.yaml"); ok {
			t.Error("BlobHash(link) = true, want false")
		}
	})

	t.Run("missing and invalid names", func(t *testing.T) {
		for _, name := range []string{"nope", "teams/nope", "okr.yaml/x", "teams/vendored"} {
			if _, err := fsys.Open(name); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("Open(%q) = %v, want fs.ErrNotExist", name, err)
			}
		}
		for _, name := range []string{"/okr.yaml", "./okr.yaml", "teams/../okr.yaml", "teams/", ""} {
			if _, err := fsys.Open(name); !errors.Is(err, fs.ErrInvalid) {
				t.Errorf("Open(%q) = %v, want fs.ErrInvalid", name, err)
			}
		}
	})

	t.Run("BlobHash", func(t *testing.T) {
		bh := fsys.(BlobHasher)
		for _, name := range []string{"okr.yaml", "teams/payments/measurements.csv"} {
			h, ok := bh.BlobHash(name)
			want := g.git("rev-parse", head+":"+name)
			if !ok || h.String() != want {
				t.Errorf("BlobHash(%s) = %s, %v; want %s", name, h, ok, want)
			}
			b, err := r.Blob(h)
			if err != nil || string(b) != mustRead(t, fsys, name) {
				t.Errorf("Blob(%s) = %q, %v", h, b, err)
			}
		}
		for _, name := range []string{"teams", "nope", "../x"} {
			if _, ok := bh.BlobHash(name); ok {
				t.Errorf("BlobHash(%q) = true, want false", name)
			}
		}
		// fs.Sub keeps the extension.
		sub, err := fs.Sub(fsys, "teams/payments")
		if err != nil {
			t.Fatal(err)
		}
		h, ok := sub.(BlobHasher).BlobHash("measurements.csv")
		if want := g.git("rev-parse", head+":teams/payments/measurements.csv"); !ok || h.String() != want {
			t.Errorf("Sub: BlobHash = %s, %v; want %s", h, ok, want)
		}
		if _, err := fs.Sub(fsys, "okr.yaml"); err == nil {
			t.Error("Sub(file) succeeded")
		}
		if _, err := r.Blob(plumbing.NewHash(strings.Repeat("ab", 20))); err == nil {
			t.Error("Blob(missing) succeeded")
		}
	})

	t.Run("prefix", func(t *testing.T) {
		rt := g.open("teams")
		sub, err := rt.FS(c)
		if err != nil {
			t.Fatal(err)
		}
		if err := fstest.TestFS(sub, "payments/2026-Q4.yaml", "search/2026-Q4.yml"); err != nil {
			t.Fatal(err)
		}
		if _, err := fs.Stat(sub, "okr.yaml"); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Stat(okr.yaml) below the prefix = %v, want fs.ErrNotExist", err)
		}
	})

	t.Run("missing prefix is empty", func(t *testing.T) {
		rt := g.open("teams/payments")
		old, err := rt.Resolve(first)
		if err != nil {
			t.Fatal(err)
		}
		empty, err := rt.FS(old)
		if err != nil {
			t.Fatal(err)
		}
		if err := fstest.TestFS(empty); err != nil {
			t.Fatal(err)
		}
		if list, err := fs.ReadDir(empty, "."); err != nil || len(list) != 0 {
			t.Errorf("ReadDir(.) = %v, %v; want nothing", list, err)
		}
	})

	t.Run("older commit", func(t *testing.T) {
		old, err := r.Resolve("HEAD~1")
		if err != nil {
			t.Fatal(err)
		}
		ofs, err := r.FS(old)
		if err != nil {
			t.Fatal(err)
		}
		if err := fstest.TestFS(ofs, "README.md"); err != nil {
			t.Fatal(err)
		}
		if _, err := fs.Stat(ofs, "okr.yaml"); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Stat(okr.yaml) in the first commit = %v, want fs.ErrNotExist", err)
		}
	})
}

func mustRead(t *testing.T, fsys fs.FS, name string) string {
	t.Helper()
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestConcurrentUse reads files, walks and diffs from several goroutines at
// once; run with -race.
func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	g, _, head := fsRepo(t)
	g.write("teams/payments/measurements.csv", "metric,at,value\nx,2026-10-01,1\n")
	g.commit("measure")
	r := g.open("")
	c, err := r.Resolve("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	fsys, err := r.FS(c)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 32)
	for range 8 {
		wg.Go(func() {
			err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
				if err != nil || !d.Type().IsRegular() {
					return err
				}
				_, err = fs.ReadFile(fsys, p)
				return err
			})
			if err != nil {
				errs <- err
			}
		})
		wg.Go(func() {
			_, err := r.Walk(c, func(c *object.Commit) error {
				if _, err := c.Tree(); err != nil { // go-git's own methods, through the lock
					return err
				}
				_, err := r.Changed(c, nil)
				return err
			})
			if err != nil {
				errs <- err
			}
		})
		wg.Go(func() {
			if _, err := r.Resolve(head[:7]); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestWalk(t *testing.T) {
	t.Parallel()
	// Two branches whose commits interleave in time, merged twice:
	//
	//	m1 - m2 - m3 - m4 - M1 - m5 - M2   main
	//	       \  f1 - - f2 /        /
	//	        \ f3 ---------------       feature2
	g := newGitRepo(t)
	g.write("a", "1")
	g.commit("m1")
	g.write("a", "2")
	g.commit("m2")
	g.git("branch", "feature2")
	g.git("checkout", "-q", "-b", "feature")
	g.write("f", "1")
	g.commit("f1")
	g.git("checkout", "-q", "main")
	g.write("a", "3")
	g.commit("m3")
	g.git("checkout", "-q", "feature")
	g.write("f", "2")
	g.commit("f2")
	g.git("checkout", "-q", "feature2")
	g.write("g", "1")
	g.commit("f3")
	g.git("checkout", "-q", "main")
	g.write("a", "4")
	g.commit("m4")
	g.merge("feature", "M1")
	g.write("a", "5")
	g.commit("m5")
	g.merge("feature2", "M2")

	r := g.open("")
	for _, start := range []string{"HEAD", "HEAD^2", "HEAD~2^2", "HEAD~2"} {
		t.Run(start, func(t *testing.T) {
			c, err := r.Resolve(start)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			truncated, err := r.Walk(c, func(c *object.Commit) error {
				got = append(got, c.Hash.String())
				return nil
			})
			if err != nil || truncated {
				t.Fatalf("Walk = %v, %v; want no error, not truncated", truncated, err)
			}
			want := strings.Fields(g.git("log", "--format=%H", start))
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Walk from %s differs from git log (-want +got):\n%s", start, diff)
			}
		})
	}

	t.Run("stop", func(t *testing.T) {
		c, err := r.Resolve("HEAD")
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		_, err = r.Walk(c, func(*object.Commit) error {
			if n++; n == 3 {
				return ErrStop
			}
			return nil
		})
		if err != nil || n != 3 {
			t.Errorf("Walk with ErrStop after 3 = %v after %d commits", err, n)
		}
		boom := errors.New("boom")
		if _, err := r.Walk(c, func(*object.Commit) error { return boom }); !errors.Is(err, boom) {
			t.Errorf("Walk = %v, want the callback's error", err)
		}
	})
}

// TestWalkEqualDates checks the order among commits of the same second,
// which git keeps first in, first out.
func TestWalkEqualDates(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	g.write("a", "1")
	g.commit("root")
	for i := range 3 {
		g.git("checkout", "-q", "-b", fmt.Sprintf("b%d", i), "main")
		g.write(fmt.Sprintf("b%d", i), "x")
		g.git("add", "-A")
		g.git("commit", "-q", "-m", fmt.Sprintf("b%d", i)) // same date as the others
	}
	g.git("checkout", "-q", "main")
	g.git("merge", "-q", "--no-ff", "-m", "octopus", "b0", "b1", "b2")
	r := g.open("")
	c, err := r.Resolve("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	if _, err := r.Walk(c, func(c *object.Commit) error {
		got = append(got, c.Hash.String())
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	want := strings.Fields(g.git("log", "--format=%H"))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Walk differs from git log (-want +got):\n%s", diff)
	}
}

func TestChanged(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	okrFiles := func(p string) bool {
		return strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".csv")
	}
	blob := func(rev, path string) plumbing.Hash { return plumbing.NewHash(g.git("rev-parse", rev+":"+path)) }
	var zero plumbing.Hash

	type step struct {
		name   string
		change func()
		root   string              // the OKR root, relative to the work tree
		filter func(string) bool   // nil: every file
		want   func() []FileChange // evaluated after the commit
	}
	steps := []step{{
		name: "root commit adds everything",
		change: func() {
			g.write("okr.yaml", "o\n", "teams/a.yaml", "a\n", "teams/b.csv", "b\n",
				"README.md", "r\n", "docs/x.md", "x\n")
		},
		filter: okrFiles,
		want: func() []FileChange {
			return []FileChange{
				{"okr.yaml", zero, blob("HEAD", "okr.yaml")},
				{"teams/a.yaml", zero, blob("HEAD", "teams/a.yaml")},
				{"teams/b.csv", zero, blob("HEAD", "teams/b.csv")},
			}
		},
	}, {
		name:   "modify",
		change: func() { g.write("teams/a.yaml", "a2\n") },
		filter: okrFiles,
		want: func() []FileChange {
			return []FileChange{{"teams/a.yaml", blob("HEAD~1", "teams/a.yaml"), blob("HEAD", "teams/a.yaml")}}
		},
	}, {
		name:   "docs only",
		change: func() { g.write("README.md", "r2\n", "docs/y.md", "y\n") },
		filter: okrFiles,
		want:   func() []FileChange { return nil },
	}, {
		name:   "rename is delete and add",
		change: func() { g.git("mv", "teams/b.csv", "teams/c.csv") },
		filter: okrFiles,
		want: func() []FileChange {
			h := blob("HEAD", "teams/c.csv")
			return []FileChange{{"teams/b.csv", h, zero}, {"teams/c.csv", zero, h}}
		},
	}, {
		name:   "delete and add deep",
		change: func() { g.remove("okr.yaml"); g.write("teams/x/y/z.yml", "z\n", "teams/x/y/notes.txt", "n\n") },
		filter: okrFiles,
		want: func() []FileChange {
			return []FileChange{
				{"okr.yaml", blob("HEAD~1", "okr.yaml"), zero},
				{"teams/x/y/z.yml", zero, blob("HEAD", "teams/x/y/z.yml")},
			}
		},
	}, {
		name:   "file replaced by a symbolic link",
		change: func() { g.remove("teams/a.yaml"); g.symlink("c.csv", "teams/a.yaml") },
		filter: okrFiles,
		want: func() []FileChange {
			return []FileChange{{"teams/a.yaml", blob("HEAD~1", "teams/a.yaml"), zero}}
		},
	}, {
		name:   "directory replaced by a file, no filter",
		change: func() { g.remove("teams/x"); g.write("teams/x", "now a file\n") },
		want: func() []FileChange {
			return []FileChange{
				{"teams/x", zero, blob("HEAD", "teams/x")},
				{"teams/x/y/notes.txt", blob("HEAD~1", "teams/x/y/notes.txt"), zero},
				{"teams/x/y/z.yml", blob("HEAD~1", "teams/x/y/z.yml"), zero},
			}
		},
	}, {
		name:   "below a prefix",
		change: func() { g.write("teams/c.csv", "c2\n", "okr.yaml", "outside the root\n") },
		root:   "teams",
		filter: okrFiles,
		want: func() []FileChange {
			return []FileChange{{"c.csv", blob("HEAD~1", "teams/c.csv"), blob("HEAD", "teams/c.csv")}}
		},
	}, {
		name:   "mode change only",
		change: func() { os.Chmod(filepath.Join(g.dir, "teams/c.csv"), 0o755) },
		want:   func() []FileChange { return nil },
	}}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.change()
			hash := g.commit(st.name)
			r := g.open(st.root)
			c, err := r.Resolve(hash)
			if err != nil {
				t.Fatal(err)
			}
			got, err := r.Changed(c, st.filter)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(st.want(), got); diff != "" {
				t.Errorf("Changed (-want +got):\n%s", diff)
			}
			// With ShareChanges, two walks asking side by side get the
			// same, and a third after them too, filtered by its own
			// filter; the first caller's filter does not leak into the
			// others'.
			shared := g.open(st.root)
			shared.ShareChanges(nil)
			sc, err := shared.Resolve(hash)
			if err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			results := make([][]FileChange, 3)
			errs := make([]error, 3)
			filters := []func(string) bool{st.filter, st.filter, func(string) bool { return false }}
			for i := range 2 {
				wg.Go(func() { results[i], errs[i] = shared.Changed(sc, filters[i]) })
			}
			wg.Wait()
			results[2], errs[2] = shared.Changed(sc, filters[2])
			for i, r := range results {
				if errs[i] != nil {
					t.Fatal(errs[i])
				}
				want := st.want()
				if i == 2 {
					want = nil
				}
				if diff := cmp.Diff(want, r); diff != "" {
					t.Errorf("shared Changed, call %d (-want +got):\n%s", i+1, diff)
				}
			}
		})
	}

	t.Run("merge compares with the first parent", func(t *testing.T) {
		g.git("checkout", "-q", "-b", "side", "HEAD~1")
		g.write("teams/side.yaml", "s\n")
		g.commit("side")
		g.git("checkout", "-q", "main")
		g.write("teams/main.yaml", "m\n")
		g.commit("main")
		merge := g.merge("side", "merge side")
		r := g.open("")
		c, err := r.Resolve(merge)
		if err != nil {
			t.Fatal(err)
		}
		got, err := r.Changed(c, okrFiles)
		if err != nil {
			t.Fatal(err)
		}
		want := []FileChange{{"teams/side.yaml", zero, blob("HEAD", "teams/side.yaml")}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Changed (-want +got):\n%s", diff)
		}
	})
}

func TestShallowClone(t *testing.T) {
	t.Parallel()
	src := newGitRepo(t)
	var hashes []string
	for i := range 5 {
		src.write("okr.yaml", fmt.Sprintf("v%d\n", i), fmt.Sprintf("teams/t%d.yaml", i), "x\n")
		hashes = append(hashes, src.commit(fmt.Sprintf("c%d", i)))
	}
	src.git("branch", "other", hashes[1])
	dst := filepath.Join(t.TempDir(), "clone")
	runGit(t, src.dir, baseTime, nil, "clone", "-q", "--depth", "2", "file://"+src.dir, dst)

	r, err := Open(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if !r.Shallow() {
		t.Fatal("Shallow() = false for a clone with --depth 2")
	}
	head, err := r.Resolve("HEAD")
	if err != nil {
		t.Fatal(err)
	}

	var got []string
	truncated, err := r.Walk(head, func(c *object.Commit) error {
		got = append(got, c.Hash.String())
		return nil
	})
	if err != nil || !truncated {
		t.Errorf("Walk = %v, %v; want truncated, no error", truncated, err)
	}
	if want := []string{hashes[4], hashes[3]}; !slices.Equal(got, want) {
		t.Errorf("Walk visited %v, want %v", got, want)
	}

	if c, err := r.Resolve("HEAD~1"); err != nil || c.Hash.String() != hashes[3] {
		t.Errorf("Resolve(HEAD~1) = %v, %v; want %s", c, err, hashes[3])
	}
	for _, rev := range []string{"HEAD~2", hashes[0], hashes[0][:7], "HEAD~1^"} {
		_, err := r.Resolve(rev)
		if !errors.Is(err, ErrShallow) || !strings.Contains(err.Error(), "git fetch --unshallow") ||
			!strings.Contains(err.Error(), "fetch-depth: 0") {
			t.Errorf("Resolve(%s) = %v; want ErrShallow with the fetch hint", rev, err)
		}
	}
	// The clone fetched main only.
	if _, err := r.Resolve("origin/other"); !errors.Is(err, ErrUnknownRevision) ||
		!strings.Contains(err.Error(), "shallow") {
		t.Errorf("Resolve(origin/other) = %v; want an unknown revision with the shallow hint", err)
	}

	// A merge base hidden by the boundary.
	rr := newResolveRepo(t)
	both := filepath.Join(t.TempDir(), "both")
	rr.git("clone", "-q", "--depth", "1", "--no-single-branch", "file://"+rr.dir, both)
	rb, err := Open(both)
	if err != nil {
		t.Fatal(err)
	}
	defer rb.Close()
	if _, err := rb.Resolve("origin/main...origin/feature"); !errors.Is(err, ErrShallow) ||
		!strings.Contains(err.Error(), "no common ancestor") || !strings.Contains(err.Error(), "--unshallow") {
		t.Errorf("Resolve(origin/main...origin/feature) = %v; want ErrShallow with the fetch hint", err)
	}

	// The boundary commit shows as adding every file, as git shows it.
	boundary, err := r.Resolve("HEAD~1")
	if err != nil {
		t.Fatal(err)
	}
	changes, err := r.Changed(boundary, nil)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, ch := range changes {
		paths = append(paths, ch.Path)
	}
	want := []string{"okr.yaml", "teams/t0.yaml", "teams/t1.yaml", "teams/t2.yaml", "teams/t3.yaml"}
	if diff := cmp.Diff(want, paths); diff != "" {
		t.Errorf("Changed(boundary) paths (-want +got):\n%s", diff)
	}
}

func TestPartialClone(t *testing.T) {
	t.Parallel()
	src := newGitRepo(t)
	src.write("okr.yaml", "x\n")
	src.commit("init")
	src.git("config", "uploadpack.allowFilter", "true")
	dst := filepath.Join(t.TempDir(), "partial")
	src.git("clone", "-q", "--no-checkout", "--filter=blob:none", "file://"+src.dir, dst)
	r, err := Open(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	head, err := r.Resolve("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	fsys, err := r.FS(head)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fs.ReadFile(fsys, "okr.yaml"); err == nil || !strings.Contains(err.Error(), "partial clone") {
		t.Errorf("ReadFile of a blob the clone lacks = %v; want an error about the partial clone", err)
	}
}

func TestCommitInfo(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	g.write("a", "1")
	g.git("add", "-A")
	cmd := []string{"-c", "user.name=ignored", "commit", "-q", "-m", "Lower the p95 target\nfor Q4\n\nBody text."}
	authored := time.Date(2026, 3, 1, 10, 0, 0, 0, time.FixedZone("", 3600))
	committed := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	c := exec2(t, g.dir, cmd, "GIT_AUTHOR_NAME=Grace Hopper",
		"GIT_AUTHOR_DATE="+authored.Format(time.RFC3339),
		"GIT_COMMITTER_DATE="+committed.Format(time.RFC3339))
	r := g.open("")
	commit, err := r.Resolve(c)
	if err != nil {
		t.Fatal(err)
	}
	got := CommitInfo(commit)
	if !got.Date.Equal(authored) || !got.CommitDate.Equal(committed) {
		t.Errorf("Date, CommitDate = %v, %v; want %v, %v", got.Date, got.CommitDate, authored, committed)
	}
	got.Date, got.CommitDate = time.Time{}, time.Time{}
	want := Info{Hash: c, Short: c[:7], Author: "Grace Hopper", Subject: "Lower the p95 target for Q4"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CommitInfo (-want +got):\n%s", diff)
	}
	if s := g.git("log", "-1", "--format=%s"); s != want.Subject {
		t.Errorf("git's subject is %q, the test expects %q", s, want.Subject)
	}
}

// exec2 runs git with extra environment and returns HEAD.
func exec2(t *testing.T, dir string, args []string, env ...string) string {
	t.Helper()
	g := &gitRepo{t: t, dir: dir}
	cmd := append([]string{}, args...)
	c := gitCmd(dir, baseTime, cmd...)
	c.Env = append(c.Env, env...)
	if out, err := c.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return g.git("rev-parse", "HEAD")
}

// FuzzResolve checks that no revision string makes Resolve panic or
// return neither a commit nor an error.
func FuzzResolve(f *testing.F) {
	for _, seed := range []string{
		"HEAD", "@", "HEAD~2", "HEAD^2", "HEAD^{}", "HEAD^{tree}", "v2^{commit}", "main", "origin/main",
		"main...feature", "main..feature", "...", "..", "deadbeef", "HEAD@{1}", "HEAD:x", "~", "^", "{}",
		"refs/../config", "HEAD~99999999999999999999", "a^{", "é", "\x00", "HEAD~1^2~1",
	} {
		f.Add(seed)
	}
	g := newResolveRepo(f)
	r, err := Open(g.dir)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { r.Close() })
	f.Fuzz(func(t *testing.T, rev string) {
		c, err := r.Resolve(rev)
		if (c == nil) == (err == nil) {
			t.Errorf("Resolve(%q) = %v, %v: want exactly one of a commit and an error", rev, c, err)
		}
	})
}
