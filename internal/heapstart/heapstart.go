// Package heapstart lets a run's heap grow to a few dozen megabytes
// before the garbage collector runs as often as it does by default.
//
// A build starts with a small heap and allocates fast: with the default
// GOGC the collector runs every few megabytes while the heap is small, a
// third of its cycles in a build of ten thousand articles happen before
// the heap reaches a tenth of its peak. The Go compiler starts its heap the
// same way (cmd/compile's AdjustStartingHeap). A run whose live heap
// outgrows the start is collected by the default rule, so large sites'
// peak memory does not change.
package heapstart

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// At makes the collector aim at a heap of about size bytes for as long as
// the live heap is under half of it, then restores the default GOGC. It
// does nothing when GOGC is set in the environment: the user chose.
func At(size uint64) {
	if _, set := os.LookupEnv("GOGC"); set {
		return
	}
	samples := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	adjust := func() bool {
		metrics.Read(samples)
		live := samples[0].Value.Uint64()
		if live == 0 {
			// No collection yet: what the runtime starts from.
			live = 4 << 20
		}
		if 2*live >= size {
			debug.SetGCPercent(100)
			return false
		}
		// The next collection is due when the heap has grown by
		// GOGC per cent over the live heap.
		debug.SetGCPercent(int(100 * (size - live) / live))
		return true
	}
	if adjust() {
		afterEachGC(adjust)
	}
}

// afterEachGC calls f after each garbage collection for as long as it
// returns true: a finalizer runs once the collector has found its object
// unreachable, and sets the next one.
func afterEachGC(f func() bool) {
	// Not a tiny object: those share blocks, whose finalizers may wait.
	type sentinel struct{ _ [32]byte }
	var arm func()
	arm = func() {
		runtime.SetFinalizer(new(sentinel), func(*sentinel) {
			if f() {
				arm()
			}
		})
	}
	arm()
}
