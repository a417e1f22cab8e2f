package history

import (
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

func memObject(t plumbing.ObjectType, content string) *plumbing.MemoryObject {
	o := &plumbing.MemoryObject{}
	o.SetType(t)
	o.Write([]byte(content))
	return o
}

// The cache names each object by the hash git gives it (go-git's own,
// computed with sha1cd), and returns it with that hash.
func TestObjectCacheKeys(t *testing.T) {
	c := newObjectCache(1 << 20)
	for _, o := range []*plumbing.MemoryObject{
		memObject(plumbing.BlobObject, "hello\n"),
		memObject(plumbing.BlobObject, ""),
		memObject(plumbing.TreeObject, "100644 a\x00"+string(make([]byte, 20))),
		memObject(plumbing.CommitObject, "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n\nx\n"),
	} {
		want := plumbing.ComputeHash(o.Type(), []byte(content(t, o)))
		c.Put(o)
		got, ok := c.Get(want)
		if !ok {
			t.Fatalf("%s %q: not found by its hash %s", o.Type(), content(t, o), want)
		}
		if got.Hash() != want || got.Type() != o.Type() || content(t, got) != content(t, o) {
			t.Errorf("%s: got %s %s %q", want, got.Type(), got.Hash(), content(t, got))
		}
	}
	// git's name for "hello\n", as `git hash-object` prints it.
	if _, ok := c.Get(plumbing.NewHash("ce013625030ba8dba906f756967f9e9ca394464a")); !ok {
		t.Error("the blob hello is not under its git name")
	}
	if _, ok := c.Get(plumbing.NewHash("0000000000000000000000000000000000000001")); ok {
		t.Error("found an object never put")
	}
}

func content(t *testing.T, o plumbing.EncodedObject) string {
	t.Helper()
	rd, err := o.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	b := make([]byte, o.Size())
	if _, err := rd.Read(b); err != nil && len(b) > 0 {
		t.Fatal(err)
	}
	return string(b)
}

// The cache holds at most its bound in object sizes, dropping the least
// recently used first; an object larger than the bound, or whose content
// is not whole, is not kept.
func TestObjectCacheEviction(t *testing.T) {
	c := newObjectCache(10)
	a := memObject(plumbing.BlobObject, "aaaa")
	b := memObject(plumbing.BlobObject, "bbbb")
	d := memObject(plumbing.BlobObject, "dddd")
	ha, hb, hd := a.Hash(), b.Hash(), d.Hash()
	c.Put(a)
	c.Put(b) // 8 bytes
	c.Put(a) // already there: a is now the most recent
	if c.n != 8 {
		t.Fatalf("size %d after a, b, a; want 8", c.n)
	}
	c.Put(d) // 12 bytes > 10: b, the least recent, goes
	if _, ok := c.Get(hb); ok {
		t.Error("b was kept")
	}
	for _, h := range []plumbing.Hash{ha, hd} {
		if _, ok := c.Get(h); !ok {
			t.Errorf("%s was dropped", h)
		}
	}
	if c.n != 8 {
		t.Errorf("size %d; want 8", c.n)
	}
	big := memObject(plumbing.BlobObject, "more than ten bytes")
	c.Put(big)
	if _, ok := c.Get(big.Hash()); ok {
		t.Error("an object larger than the bound was kept")
	}
	partial := memObject(plumbing.BlobObject, "ab")
	partial.SetSize(5) // a read that failed half way
	c.Put(partial)
	if c.ll.Len() != 2 {
		t.Errorf("%d objects; want 2 (a partial object is not kept)", c.ll.Len())
	}
	c.Clear()
	if _, ok := c.Get(ha); ok || c.n != 0 {
		t.Errorf("after Clear: size %d", c.n)
	}
}
