package load

import (
	"testing"
	"testing/fstest"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/google/go-cmp/cmp"
	"github.com/okr-as-code/okr/okr/model"
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

// TestCacheSweep checks that Sweep keeps the files of the loads since the
// last Sweep and drops the versions no load used since.
func TestCacheSweep(t *testing.T) {
	doc := "apiVersion: okr/v1\nkind: KPI\nid: nps\nname: NPS\ndirection: increase\n"
	fsys := fstest.MapFS{"kpis/nps.yaml": {Data: []byte(doc)}, "kpis/csat.yaml": {Data: []byte(doc)}}
	cache := NewCache()
	load := func() *Cache {
		t.Helper()
		if _, _, err := Load(fsys, Options{Cache: cache}); err != nil {
			t.Fatal(err)
		}
		return cache
	}
	load().Sweep()
	if n := cache.Len(); n != 2 {
		t.Fatalf("after one load and a sweep the cache holds %d files, want 2", n)
	}
	// One file changes, twice: each load parses one more version.
	for _, unit := range []string{"points", "percent"} {
		fsys["kpis/nps.yaml"] = &fstest.MapFile{Data: []byte(doc + "unit: " + unit + "\n")}
		load()
	}
	if n := cache.Len(); n != 4 {
		t.Fatalf("before the sweep the cache holds %d files, want 4 (2 + 2 versions)", n)
	}
	cache.Sweep()
	// The sweep keeps what the loads since the last sweep used: csat, and
	// the two versions of nps; the first version of nps goes.
	if n := cache.Len(); n != 3 {
		t.Fatalf("after the sweep the cache holds %d files, want 3", n)
	}
	load().Sweep()
	if n := cache.Len(); n != 2 {
		t.Fatalf("after a load and a sweep the cache holds %d files, want 2 (the files of the last load)", n)
	}
}

// TestCacheSharesMeasurements checks that a load with a cache takes the
// measurements of the load before as they are when they come from the
// same parsed files, and assembles them again when one of them changed,
// with the same repository as a load without cache.
func TestCacheSharesMeasurements(t *testing.T) {
	kpi := "apiVersion: okr/v1\nkind: KPI\nid: nps\nname: NPS\ndirection: increase\n"
	fsys := fstest.MapFS{
		"kpis/nps.yaml": {Data: []byte(kpi)},
		"a.csv":         {Data: []byte("metric,at,value\nnps,2026-10-01,40\nnps,2026-10-02,41\n")},
		"b.yaml":        {Data: []byte("apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues:\n  - {at: 2026-10-03, value: 42}\n")},
		"people.yaml":   {Data: []byte("apiVersion: okr/v1\nkind: People\npeople:\n  - id: alice\n    name: Alice Martin\n")},
	}
	cache := NewCache()
	load := func() *model.Repo {
		t.Helper()
		repo, _, err := Load(fsys, Options{Cache: cache})
		if err != nil {
			t.Fatal(err)
		}
		plain, _, err := Load(fsys, Options{})
		if err != nil {
			t.Fatal(err)
		}
		// The whole repository: its People too, which a load that kept
		// the last load's measurements once left out.
		if diff := cmp.Diff(plain, repo); diff != "" {
			t.Fatalf("the repository with the cache (+) differs from a load without (-):\n%s", diff)
		}
		return repo
	}
	a := load()
	// A file without measurements changes: the same slice.
	fsys["kpis/nps.yaml"] = &fstest.MapFile{Data: []byte(kpi + "unit: points\n")}
	b := load()
	if &a.Measurements[0] != &b.Measurements[0] {
		t.Error("an edit of a KPI assembled the measurements again")
	}
	// A measurement file changes: a new slice, with the new row.
	fsys["a.csv"] = &fstest.MapFile{Data: []byte("metric,at,value\nnps,2026-10-01,40\nnps,2026-10-02,43\n")}
	c := load()
	if &c.Measurements[0] == &b.Measurements[0] || c.Measurements[1].Value != 43 {
		t.Errorf("an edit of a measurement file kept the old measurements: %+v", c.Measurements)
	}
}
