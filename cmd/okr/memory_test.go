package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestNextMemoryLimit(t *testing.T) {
	const mib = 1 << 20
	cases := []struct {
		live, limit, want int64
	}{
		{0, 512 * mib, 512 * mib},
		{226 * mib, 512 * mib, 512 * mib}, // okr log at the end of the full walk: untouched
		{384 * mib, 512 * mib, 512 * mib}, // exactly three quarters: untouched
		// Over three quarters: live + 2/3 live. 385 MiB / 3 * 2 rounds
		// down: 403,701,077 bytes (256.67 MiB); 385 MiB + that.
		{385 * mib, 512 * mib, 385*mib + 385*mib/3*2},
		{600 * mib, 512 * mib, 1000 * mib},  // over the limit: 600 + 400
		{900 * mib, 1000 * mib, 1500 * mib}, // raised again as the heap grows
		{700 * mib, 1500 * mib, 1500 * mib}, // never lowered
	}
	for _, c := range cases {
		if got := nextMemoryLimit(c.live, c.limit); got != c.want {
			t.Errorf("nextMemoryLimit(%d MiB, %d MiB) = %.2f MiB, want %.2f MiB", c.live/mib, c.limit/mib, float64(got)/mib, float64(c.want)/mib)
		}
	}
}

// TestLimitMemory: the limit is set, raised after a collection that leaves
// most of it live, and left to GOMEMLIMIT when that is set.
func TestLimitMemory(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(old)

	t.Setenv("GOMEMLIMIT", "1GiB")
	debug.SetMemoryLimit(math.MaxInt64)
	limitMemory()()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("with GOMEMLIMIT set, the limit became %d", got)
	}

	t.Setenv("GOMEMLIMIT", "") // restored after the test
	os.Unsetenv("GOMEMLIMIT")
	stop := limitMemory()
	defer stop()
	if got := debug.SetMemoryLimit(-1); got != memoryLimit {
		t.Fatalf("limit %d, want %d", got, memoryLimit)
	}
	// Lower the limit under what a held 64 MiB makes live: the next
	// collections raise it over that.
	held := make([]byte, 64<<20)
	for i := range held {
		held[i] = byte(i)
	}
	debug.SetMemoryLimit(32 << 20)
	deadline := time.Now().Add(10 * time.Second)
	for debug.SetMemoryLimit(-1) <= 64<<20 {
		if time.Now().After(deadline) {
			t.Fatalf("the limit stayed at %d with 64 MiB live", debug.SetMemoryLimit(-1))
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	stop()
	debug.SetMemoryLimit(32 << 20)
	runtime.GC()
	runtime.GC()
	time.Sleep(50 * time.Millisecond)
	if got := debug.SetMemoryLimit(-1); got != 32<<20 {
		t.Errorf("stopped, the limit still moved: %d", got)
	}
	runtime.KeepAlive(held)
}

// TestKeepHeap: while a command holds it, collection by percentage is off
// under a limit of at most keepHeapLimit; two holders share the change;
// the settings come back after the last; GOGC in the environment leaves
// everything alone.
func TestKeepHeap(t *testing.T) {
	oldLimit := debug.SetMemoryLimit(-1)
	oldPct := debug.SetGCPercent(100)
	defer func() { debug.SetMemoryLimit(oldLimit); debug.SetGCPercent(oldPct) }()
	t.Setenv("GOGC", "")
	os.Unsetenv("GOGC")
	t.Setenv("GOMEMLIMIT", "")
	os.Unsetenv("GOMEMLIMIT")

	debug.SetMemoryLimit(memoryLimit)
	first := keepHeap()
	second := keepHeap()
	if pct := debug.SetGCPercent(-1); pct != -1 {
		t.Errorf("held: GC percent %d, want off (-1)", pct)
	}
	if got := debug.SetMemoryLimit(-1); got != keepHeapLimit {
		t.Errorf("held: limit %d, want %d", got, keepHeapLimit)
	}
	first()
	if pct := debug.SetGCPercent(-1); pct != -1 {
		t.Errorf("one holder left: GC percent %d, want still off", pct)
	}
	second()
	if pct := debug.SetGCPercent(100); pct != 100 {
		t.Errorf("released: GC percent %d, want 100 again", pct)
	}
	if got := debug.SetMemoryLimit(-1); got != memoryLimit {
		t.Errorf("released: limit %d, want %d again", got, memoryLimit)
	}

	t.Setenv("GOGC", "200")
	debug.SetGCPercent(200)
	keepHeap()()
	if pct := debug.SetGCPercent(200); pct != 200 {
		t.Errorf("with GOGC set, GC percent became %d", pct)
	}
	if got := debug.SetMemoryLimit(-1); got != memoryLimit {
		t.Errorf("with GOGC set, the limit became %d", got)
	}
}
