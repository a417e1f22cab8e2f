package history

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

// TestInMemory: the content of a MemoryObject comes without a copy (the
// same array: a change through it shows in the object), any other reader
// is left alone. If go-git's MemoryObject reader changes type, the fast
// path stops applying and this test says so.
func TestInMemory(t *testing.T) {
	mo := &plumbing.MemoryObject{}
	mo.SetType(plumbing.BlobObject)
	if _, err := mo.Write([]byte("metric,at,value\n")); err != nil {
		t.Fatal(err)
	}
	rd, _ := mo.Reader()
	b, ok, err := inMemory(rd)
	if !ok || err != nil || string(b) != "metric,at,value\n" {
		t.Fatalf("inMemory(MemoryObject reader) = %q, %v, %v; want its content, true", b, ok, err)
	}
	if cap(b) != len(b) {
		t.Errorf("the content has room to grow into: len %d, cap %d", len(b), cap(b))
	}
	b[0] = 'M'
	rd2, _ := mo.Reader()
	if again, _ := io.ReadAll(rd2); string(again) != "Metric,at,value\n" {
		t.Errorf("the content was copied: the object still reads %q", again)
	}

	empty := &plumbing.MemoryObject{}
	rd, _ = empty.Reader()
	if b, ok, err := inMemory(rd); !ok || err != nil || len(b) != 0 {
		t.Errorf("inMemory(empty MemoryObject) = %q, %v, %v", b, ok, err)
	}

	other := strings.NewReader("not a MemoryObject")
	if _, ok, _ := inMemory(other); ok {
		t.Error("inMemory took a strings.Reader")
	}
	if rest, _ := io.ReadAll(other); string(rest) != "not a MemoryObject" {
		t.Errorf("inMemory read from a reader it did not take: %q left", rest)
	}
	if _, ok, _ := inMemory(bytes.NewReader([]byte("x"))); ok {
		t.Error("inMemory took a bytes.Reader that is not a MemoryObject's")
	}
}

// TestBlobIsTheCallers: Blob and BlobMax return a copy the caller may
// change; SharedBlobMax the same content.
func TestBlobIsTheCallers(t *testing.T) {
	g := newGitRepo(t)
	g.write("teams/pay.yaml", "owner: pay\n")
	g.commit("first")
	g.git("gc", "-q") // packed: read through go-git's MemoryObjects
	r := g.open("")
	defer r.Close()
	h := plumbing.NewHash(g.git("rev-parse", "HEAD:teams/pay.yaml"))
	for i := range 2 {
		b, err := r.Blob(h)
		if err != nil || string(b) != "owner: pay\n" {
			t.Fatalf("Blob, read %d: %q, %v", i, b, err)
		}
		b[0] = 'X'
		m, n, err := r.BlobMax(h, 1<<20)
		if err != nil || n != 11 || string(m) != "owner: pay\n" {
			t.Fatalf("BlobMax, read %d: %q, %d, %v", i, m, n, err)
		}
		m[0] = 'Y'
		s, n, err := r.SharedBlobMax(h, 1<<20)
		if err != nil || n != 11 || string(s) != "owner: pay\n" {
			t.Fatalf("SharedBlobMax, read %d: %q, %d, %v", i, s, n, err)
		}
	}
	if b, n, err := r.SharedBlobMax(h, 4); err != nil || b != nil || n != 11 {
		t.Errorf("SharedBlobMax over the limit: %q, %d, %v; want only the size", b, n, err)
	}
}
