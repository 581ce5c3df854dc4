package heapstart

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

func gogc() uint64 {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// TestAtKeepsUserChoice checks that GOGC from the environment stands.
func TestAtKeepsUserChoice(t *testing.T) {
	t.Setenv("GOGC", "100")
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer At(1 << 40)()
	if got := gogc(); got != 100 {
		t.Errorf("with GOGC in the environment, GOGC became %d", got)
	}
}

// TestGoal follows a run's live heap up and down: the goal starts at the
// size given, follows the default rule while twice the live heap is more,
// and once past the hold, stays at its largest when the live heap falls.
func TestGoal(t *testing.T) {
	const mib = 1 << 20
	g := goal{start: 96 * mib, hold: 384 * mib}
	for _, step := range []struct {
		live uint64
		want int
	}{
		{4 * mib, 2300},  // a small start: grow to the size given
		{48 * mib, 100},  // half the size: the default rule
		{100 * mib, 100}, // past it: the default rule
		{40 * mib, 140},  // fallen before the hold: back to the start size
		{200 * mib, 100}, // a goal past the hold: the default rule
		{100 * mib, 300}, // fallen after it: the goal of 400 MiB holds
		{350 * mib, 100}, // a higher peak raises it
		{700 * mib, 100}, // and GOGC is never under the default
		{70 * mib, 1900}, // 1400 MiB held
	} {
		if got := g.percent(step.live); got != step.want {
			t.Errorf("live %d MiB: GOGC %d, want %d", step.live/mib, got, step.want)
		}
	}
}

// TestAt checks that the runtime follows: GOGC is raised while the live
// heap is small, is the default while twice the live heap is over the
// size, and once past the hold is raised again after the live heap falls.
func TestAt(t *testing.T) {
	if v, set := os.LookupEnv("GOGC"); set {
		t.Skipf("GOGC=%s in the environment", v)
	}
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	runtime.GC()
	stop := At(8 << 20)
	defer stop()
	if got := gogc(); got <= 100 {
		t.Fatalf("GOGC = %d with a small live heap, want more than 100", got)
	}
	held := make([][]byte, 40)
	for i := range held {
		held[i] = make([]byte, 1<<20)
	}
	waitFor(t, "40 MiB live", func(g uint64) bool { return g == 100 })
	runtime.KeepAlive(held)
	held = nil
	waitFor(t, "the 40 MiB let go", func(g uint64) bool { return g > 100 })
	// Stopped, it no longer sets GOGC after a collection.
	stop()
	debug.SetGCPercent(100)
	runtime.GC()
	time.Sleep(10 * time.Millisecond)
	runtime.GC()
	if got := gogc(); got != 100 {
		t.Errorf("GOGC = %d after stop, want 100", got)
	}
}

// waitFor collects until GOGC satisfies ok, for up to ten seconds: the
// setting changes in a finalizer, shortly after a collection.
func waitFor(t *testing.T, what string, ok func(uint64) bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !ok(gogc()) {
		if time.Now().After(deadline) {
			t.Fatalf("GOGC = %d after %s", gogc(), what)
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
}
