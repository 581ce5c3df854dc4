// Package heapstart lets a run's heap grow to a few dozen megabytes
// before the garbage collector runs as often as it does by default, and
// keeps the heap goal from falling once the run has needed a larger one.
//
// A build starts with a small heap and allocates fast: with the default
// GOGC the collector runs every few megabytes while the heap is small, a
// third of its cycles in a build of ten thousand articles happen before
// the heap reaches a tenth of its peak. The Go compiler starts its heap the
// same way (cmd/compile's AdjustStartingHeap).
//
// A build's live heap rises and falls by stage: the site's front matter
// while it resolves, an entity's pages while they render. The default rule
// sets each goal at twice the heap live now, so after a peak the collector
// runs as often as a small heap would have it, for memory the run has
// already shown it needs. Once a goal has reached four times the start
// size, it is held at the largest it has been: the peak is what it was by
// the default rule and the collector runs less often after it. Smaller
// runs keep the default rule: their collections are short and already
// spaced by the start size, and holding their goal would cost them a
// larger share of memory for little time.
package heapstart

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// At makes the collector aim at a heap of at least size bytes and, once
// twice the live heap has passed four times size, of no less than twice
// the largest live heap seen after a collection, until stop is called;
// stop leaves GOGC as it last set it. At does nothing when GOGC is set in
// the environment: the user chose.
func At(size uint64) (stop func()) {
	if _, set := os.LookupEnv("GOGC"); set {
		return func() {}
	}
	samples := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	g := goal{start: size, hold: 4 * size}
	adjust := func() {
		metrics.Read(samples)
		live := samples[0].Value.Uint64()
		if live == 0 {
			// No collection yet: what the runtime starts from.
			live = 4 << 20
		}
		debug.SetGCPercent(g.percent(live))
	}
	var stopped atomic.Bool
	adjust()
	afterEachGC(func() bool {
		if stopped.Load() {
			return false
		}
		adjust()
		return true
	})
	return func() { stopped.Store(true) }
}

// goal is the heap a run aims at: start while twice the live heap is
// less, then the default rule's, held at its largest once it has reached
// hold.
type goal struct {
	start, hold uint64
	held        uint64
}

// percent is the GOGC that makes the next goal what g says for a heap of
// live bytes after a collection.
func (g *goal) percent(live uint64) int {
	next := max(g.start, 2*live)
	if next >= g.hold {
		g.held = max(g.held, next)
	}
	next = max(next, g.held)
	// The next collection is due when the heap has grown by GOGC per
	// cent over the live heap.
	return max(100, int(100*(next-live)/live))
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
