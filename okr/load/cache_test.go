package load

import (
	"testing"
	"testing/fstest"

	"github.com/go-git/go-git/v5/plumbing"
)

// TestCacheByContent checks that a file system without blob hashes (a work
// tree) shares parsed files through the cache by the git hash of their
// content, and parses a changed file again.
func TestCacheByContent(t *testing.T) {
	doc := "apiVersion: okr/v1\nkind: KPI\nid: nps\nname: NPS\ndirection: increase\n"
	fsys := fstest.MapFS{"kpis/nps.yaml": {Data: []byte(doc)}}
	cache := NewCache()
	a, _, err := Load(fsys, Options{Cache: cache})
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := Load(fsys, Options{Cache: cache})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.KPIs) != 1 || a.KPIs[0] != b.KPIs[0] {
		t.Fatalf("the second load parsed the unchanged file again")
	}
	key := cacheKey{"kpis/nps.yaml", plumbing.ComputeHash(plumbing.BlobObject, []byte(doc))}
	if cache.get(key) == nil {
		t.Fatalf("the cache is not keyed by the git blob hash of the content")
	}
	fsys["kpis/nps.yaml"] = &fstest.MapFile{Data: []byte(doc + "unit: points\n")}
	c, _, err := Load(fsys, Options{Cache: cache})
	if err != nil {
		t.Fatal(err)
	}
	if c.KPIs[0] == a.KPIs[0] || c.KPIs[0].Unit != "points" {
		t.Fatalf("a changed file was served from the cache")
	}
}
