package history

import (
	"container/list"
	"crypto/sha1"
	"io"
	"strconv"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
)

// objectCache is go-git's cache of raw objects (the bases of the deltas in
// the pack files): an LRU bounded by the objects' sizes, as
// cache.ObjectLRU, which names each object it is given by its hash.
// go-git's objects compute their hash with sha1cd, the collision-detecting
// SHA-1, three times slower than crypto/sha1; over a long history (okr log)
// that hashing of every tree and blob resolved was a tenth of the time. The
// hash here is only the cache's key, looked up with the names the pack
// index gives: crypto/sha1 gives the same name for every object that is
// not one half of a crafted collision, and such an object is never
// looked up by a name other than its own.
type objectCache struct {
	mu    sync.Mutex
	max   int64
	n     int64
	ll    *list.List
	items map[plumbing.Hash]*list.Element
}

// hashedObject is an object whose hash is known.
type hashedObject struct {
	plumbing.EncodedObject
	h plumbing.Hash
}

func (o *hashedObject) Hash() plumbing.Hash { return o.h }

func newObjectCache(max int64) *objectCache {
	return &objectCache{max: max, ll: list.New(), items: map[plumbing.Hash]*list.Element{}}
}

var _ cache.Object = (*objectCache)(nil)

// objectHash returns the hash of o, and false when o's content is not
// whole (a failed read).
func objectHash(o plumbing.EncodedObject) (plumbing.Hash, bool) {
	switch o := o.(type) {
	case *hashedObject:
		return o.h, true
	case *plumbing.MemoryObject:
		rd, err := o.Reader()
		if err != nil {
			return plumbing.ZeroHash, false
		}
		defer rd.Close()
		h := sha1.New()
		h.Write(o.Type().Bytes())
		h.Write([]byte{' '})
		h.Write(strconv.AppendInt(nil, o.Size(), 10))
		h.Write([]byte{0})
		// A MemoryObject's reader writes its content in one piece.
		if n, err := io.Copy(h, rd); err != nil || n != o.Size() {
			return plumbing.ZeroHash, false
		}
		var sum plumbing.Hash
		copy(sum[:], h.Sum(nil))
		return sum, true
	}
	h := o.Hash()
	return h, !h.IsZero()
}

// Put adds o to the cache, evicting the least recently used objects
// beyond the bound.
func (c *objectCache) Put(o plumbing.EncodedObject) {
	size := o.Size()
	if size > c.max {
		return
	}
	h, ok := objectHash(o)
	if !ok {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[h]; ok {
		c.ll.MoveToFront(el)
		return
	}
	c.items[h] = c.ll.PushFront(&hashedObject{o, h})
	c.n += size
	for c.n > c.max {
		el := c.ll.Back()
		old := el.Value.(*hashedObject)
		c.ll.Remove(el)
		delete(c.items, old.h)
		c.n -= old.Size()
	}
}

// Get returns the object named h, when the cache holds it.
func (c *objectCache) Get(h plumbing.Hash) (plumbing.EncodedObject, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[h]
	if !ok {
		return nil, false
	}
	c.ll.MoveToFront(el)
	return el.Value.(*hashedObject), true
}

// Clear empties the cache.
func (c *objectCache) Clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ll.Init()
	clear(c.items)
	c.n = 0
}
