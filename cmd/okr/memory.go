package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
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
