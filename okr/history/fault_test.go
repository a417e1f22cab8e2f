package history

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/go-git/go-git/v5/plumbing"
)

// removeObject deletes the loose object h of g's repository.
func (g *gitRepo) removeObject(h string) {
	g.t.Helper()
	if err := os.Remove(filepath.Join(g.dir, ".git", "objects", h[:2], h[2:])); err != nil {
		g.t.Fatal(err)
	}
}

// faultRepo is a repository of one commit whose tree is
//
//	okr.yaml
//	teams/pay.yaml
//	teams/ops.yaml
func faultRepo(t *testing.T) *gitRepo {
	g := newGitRepo(t)
	g.write("okr.yaml", "organization: Pay\n",
		"teams/pay.yaml", "owner: pay\n",
		"teams/ops.yaml", "owner: ops\n")
	g.commit("goals")
	return g
}

// headFS opens the repository and returns the file system of HEAD.
func (g *gitRepo) headFS() fs.FS {
	g.t.Helper()
	r := g.open("")
	head, err := r.Resolve("HEAD")
	if err != nil {
		g.t.Fatal(err)
	}
	fsys, err := r.FS(head)
	if err != nil {
		g.t.Fatal(err)
	}
	return fsys
}

// An intact tree has no fault, also where a read fails for a reason that is
// no corruption (a missing path, an invalid one, a directory read as a
// file); and every fs.FS law holds.
func TestFaultNoneWhenIntact(t *testing.T) {
	fsys := faultRepo(t).headFS()
	if err := fstest.TestFS(fsys, "okr.yaml", "teams/pay.yaml", "teams/ops.yaml"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"nope.yaml", "teams/nope.yaml", "okr.yaml/x", "../x", "teams"} {
		if _, err := fs.ReadFile(fsys, name); err == nil {
			t.Errorf("ReadFile(%q) = nil error; want one", name)
		}
		if _, err := fs.Stat(fsys, name+"/y"); err == nil {
			t.Errorf("Stat(%q) = nil error; want one", name+"/y")
		}
	}
	if err := Fault(fsys); err != nil {
		t.Errorf("Fault = %v; want nil", err)
	}
	if err := Fault(os.DirFS(t.TempDir())); err != nil {
		t.Errorf("Fault(os.DirFS) = %v; want nil", err)
	}
	if err := Fault(fstest.MapFS{}); err != nil {
		t.Errorf("Fault(MapFS) = %v; want nil", err)
	}
}

// A missing blob fails every read of its file, and Fault returns the first
// such error: a *fs.PathError naming the file, wrapping the store's
// ErrObjectNotFound and naming the object. Reads of the other files still
// work and do not clear it.
func TestFaultMissingBlob(t *testing.T) {
	reads := map[string]func(fsys fs.FS, name string) error{
		"ReadFile": func(fsys fs.FS, name string) error { _, err := fs.ReadFile(fsys, name); return err },
		"ReadFileMax": func(fsys fs.FS, name string) error {
			_, _, err := fsys.(*treeFS).ReadFileMax(name, 1<<20)
			return err
		},
		"Stat": func(fsys fs.FS, name string) error { _, err := fs.Stat(fsys, name); return err },
		"Open+Read": func(fsys fs.FS, name string) error {
			f, err := fsys.Open(name)
			if err != nil {
				return err
			}
			defer f.Close()
			_, err = f.Read(make([]byte, 4))
			return err
		},
		"DirEntry.Info": func(fsys fs.FS, name string) error {
			list, err := fs.ReadDir(fsys, "teams")
			if err != nil {
				return err
			}
			for _, d := range list {
				if "teams/"+d.Name() == name {
					_, err := d.Info()
					return err
				}
			}
			return errors.New("not listed")
		},
	}
	for what, read := range reads {
		t.Run(what, func(t *testing.T) {
			g := faultRepo(t)
			h := g.git("rev-parse", "HEAD:teams/pay.yaml")
			g.removeObject(h)
			fsys := g.headFS()
			if err := Fault(fsys); err != nil {
				t.Fatalf("Fault before any read = %v; want nil", err)
			}
			err := read(fsys, "teams/pay.yaml")
			if !errors.Is(err, plumbing.ErrObjectNotFound) {
				t.Fatalf("%s = %v; want ErrObjectNotFound", what, err)
			}
			if _, err := fs.ReadFile(fsys, "teams/ops.yaml"); err != nil {
				t.Fatalf("ReadFile of an intact file: %v", err)
			}
			ferr := Fault(fsys)
			var pe *fs.PathError
			if !errors.As(ferr, &pe) || pe.Path != "teams/pay.yaml" || !errors.Is(ferr, plumbing.ErrObjectNotFound) {
				t.Fatalf("Fault = %#v; want a PathError for teams/pay.yaml wrapping ErrObjectNotFound", ferr)
			}
			if !strings.Contains(ferr.Error(), "blob "+h) {
				t.Errorf("Fault = %q; want it to name blob %s", ferr, h)
			}
		})
	}
}

// The fault is the first one met; a Sub file system shares it with the file
// system it came from, both ways.
func TestFaultFirstAndShared(t *testing.T) {
	g := faultRepo(t)
	g.removeObject(g.git("rev-parse", "HEAD:teams/pay.yaml"))
	g.removeObject(g.git("rev-parse", "HEAD:okr.yaml"))
	fsys := g.headFS()
	sub, err := fs.Sub(fsys, "teams")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fs.ReadFile(sub, "pay.yaml"); err == nil {
		t.Fatal("ReadFile of a missing blob: no error")
	}
	if _, err := fs.ReadFile(fsys, "okr.yaml"); err == nil {
		t.Fatal("ReadFile of a missing blob: no error")
	}
	for name, f := range map[string]fs.FS{"root": fsys, "sub": sub} {
		var pe *fs.PathError
		if err := Fault(f); !errors.As(err, &pe) || pe.Path != "pay.yaml" {
			t.Errorf("Fault(%s) = %v; want the first fault, pay.yaml of the sub file system", name, err)
		}
	}
	// Another file system of the same commit starts clean.
	if err := Fault(g.headFS()); err != nil {
		t.Errorf("Fault of a new file system = %v; want nil", err)
	}
}

// A missing tree fails the walk into its directory, and is the fault.
func TestFaultMissingTree(t *testing.T) {
	g := faultRepo(t)
	h := g.git("rev-parse", "HEAD:teams")
	g.removeObject(h)
	fsys := g.headFS()
	if _, err := fs.ReadFile(fsys, "okr.yaml"); err != nil {
		t.Fatalf("ReadFile outside the missing tree: %v", err)
	}
	if err := Fault(fsys); err != nil {
		t.Fatalf("Fault = %v before the missing tree is read; want nil", err)
	}
	err := fs.WalkDir(fsys, ".", func(string, fs.DirEntry, error) error { return nil })
	if err != nil {
		t.Fatalf("WalkDir: %v (its callback ignores errors)", err)
	}
	ferr := Fault(fsys)
	if !errors.Is(ferr, plumbing.ErrObjectNotFound) || !strings.Contains(ferr.Error(), "tree "+h) {
		t.Errorf("Fault = %v; want tree %s not found", ferr, h)
	}
}

// A corrupt loose blob (its bytes replaced) is a fault too.
func TestFaultCorruptBlob(t *testing.T) {
	g := faultRepo(t)
	h := g.git("rev-parse", "HEAD:teams/pay.yaml")
	p := filepath.Join(g.dir, ".git", "objects", h[:2], h[2:])
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte("garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	fsys := g.headFS()
	if _, err := fs.ReadFile(fsys, "teams/pay.yaml"); err == nil {
		t.Fatal("ReadFile of a corrupt blob: no error")
	}
	if err := Fault(fsys); err == nil || !strings.Contains(err.Error(), h) {
		t.Errorf("Fault = %v; want the corrupt blob %s", err, h)
	}
}

// The blob of a symbolic link holds its target: a missing one is a fault of
// ReadLink.
func TestFaultMissingLink(t *testing.T) {
	g := faultRepo(t)
	g.symlink("teams/pay.yaml", "link.yaml")
	g.commit("a link")
	g.removeObject(g.git("rev-parse", "HEAD:link.yaml"))
	fsys := g.headFS()
	if _, err := fs.ReadLink(fsys, "link.yaml"); !errors.Is(err, plumbing.ErrObjectNotFound) {
		t.Fatalf("ReadLink = %v; want ErrObjectNotFound", err)
	}
	var pe *fs.PathError
	if err := Fault(fsys); !errors.As(err, &pe) || pe.Op != "readlink" || pe.Path != "link.yaml" {
		t.Errorf("Fault = %v; want readlink link.yaml", err)
	}
}
