package load

import (
	"os"
	"runtime"
	"runtime/pprof"
	"testing"
)

var keep any

func TestZZHeap(t *testing.T) {
	if os.Getenv("ZZHEAP") == "" {
		t.Skip()
	}
	repo, probs, err := Dir("/tmp/site-full", Options{})
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("live %d MB total %d MB mallocs %d; %d meas %d probs", ms.HeapAlloc>>20, ms.TotalAlloc>>20, ms.Mallocs, len(repo.Measurements), len(probs))
	f, _ := os.Create(os.Getenv("ZZHEAP"))
	pprof.WriteHeapProfile(f)
	f.Close()
	keep = repo
}
