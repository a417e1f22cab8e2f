package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
)

// The garbage collector's soft memory limit. By default (GOGC=100) Go lets
// the heap grow to twice what is live before it collects, which okr log
// and okr site, allocating all the way through 10,000 commits with a few
// hundred MB live, turn into a peak of twice that. With a soft limit the
// collector runs earlier only when the heap nears it; a command whose heap
// stays under half of it never notices. So okr keeps its heap under
// memoryLimit, unless GOMEMLIMIT sets a limit of its own; and so that a
// repository whose live heap nears the limit does not make the collector
// run without end, the limit is raised after any collection that leaves
// more than three quarters of it live, to give the heap room of two thirds
// of what is live (nextMemoryLimit). See BENCHMARKS.md.
const memoryLimit = 512 << 20

// limitMemory sets the soft memory limit for the process, and returns a
// function that stops raising it.
func limitMemory() (stop func()) {
	if _, ok := os.LookupEnv("GOMEMLIMIT"); ok {
		return func() {}
	}
	debug.SetMemoryLimit(memoryLimit)
	var stopped atomic.Bool
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var watch func(*[16]byte)
	watch = func(*[16]byte) {
		if stopped.Load() {
			return
		}
		metrics.Read(sample)
		if sample[0].Value.Kind() == metrics.KindUint64 {
			limit := debug.SetMemoryLimit(-1)
			if next := nextMemoryLimit(int64(sample[0].Value.Uint64()), limit); next != limit {
				debug.SetMemoryLimit(next)
			}
		}
		// A finalizer runs once, after the collection that found its
		// object unreachable: a new object for the next collection.
		runtime.SetFinalizer(new([16]byte), watch)
	}
	runtime.SetFinalizer(new([16]byte), watch)
	return func() { stopped.Store(true) }
}

// nextMemoryLimit returns the limit after a collection that left live
// bytes live under limit: limit itself, or, when live is more than three
// quarters of it, live and two thirds of live again (so that a growing
// heap is collected at about GOGC=67 rather than continually).
func nextMemoryLimit(live, limit int64) int64 {
	if live <= limit/4*3 {
		return limit
	}
	return live + live/3*2
}

// keepHeapLimit is the soft memory limit okr validate, score and kpi
// collect garbage under, instead of at every doubling of the heap.
const keepHeapLimit = 384 << 20

var keepHeapState struct {
	sync.Mutex
	n            int // commands running (tests run several at once)
	pct          int
	limit        int64
	untouchedEnv bool
}

// keepHeap turns the garbage collector's percentage off while okr
// validate, score or kpi loads, checks and scores the repository, and
// bounds the heap by a soft memory limit of keepHeapLimit (or the lower
// limit already set) instead: nearly everything these commands allocate
// stays live until they end (the documents and the rows of measurements),
// so collections at 4, 8, 16, 32 MB... find almost nothing to free; they
// cost a fifth of validate's time on the medium repository, and a third of
// score's and kpi's on the full one. A repository whose heap nears the
// limit is collected then, and limitMemory's watch of the live heap raises
// the limit as for every command. It leaves GOGC and GOMEMLIMIT, when the
// environment sets either, alone. It returns the function that restores
// the settings; commands running at once (tests) share the one change.
func keepHeap() (restore func()) {
	st := &keepHeapState
	st.Lock()
	defer st.Unlock()
	if st.n == 0 {
		_, gogc := os.LookupEnv("GOGC")
		_, gomem := os.LookupEnv("GOMEMLIMIT")
		st.untouchedEnv = gogc || gomem
		if !st.untouchedEnv {
			st.limit = debug.SetMemoryLimit(-1)
			debug.SetMemoryLimit(min(st.limit, keepHeapLimit))
			st.pct = debug.SetGCPercent(-1)
		}
	}
	st.n++
	return func() {
		st.Lock()
		defer st.Unlock()
		if st.n--; st.n > 0 || st.untouchedEnv {
			return
		}
		debug.SetGCPercent(st.pct)
		// The watch may have raised the limit meanwhile: keep the higher.
		debug.SetMemoryLimit(max(st.limit, debug.SetMemoryLimit(-1)))
	}
}
