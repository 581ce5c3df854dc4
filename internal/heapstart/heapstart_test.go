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
	At(1 << 40)
	if got := gogc(); got != 100 {
		t.Errorf("with GOGC in the environment, GOGC became %d", got)
	}
}

// TestAt checks that GOGC is raised while the live heap is small, and
// back to the default once the live heap passes half the start size.
func TestAt(t *testing.T) {
	if v, set := os.LookupEnv("GOGC"); set {
		t.Skipf("GOGC=%s in the environment", v)
	}
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	runtime.GC()
	At(64 << 20)
	if got := gogc(); got <= 100 {
		t.Fatalf("GOGC = %d with a small live heap, want more than 100", got)
	}
	held := make([][]byte, 40)
	for i := range held {
		held[i] = make([]byte, 1<<20)
	}
	deadline := time.Now().Add(10 * time.Second)
	for gogc() != 100 {
		if time.Now().After(deadline) {
			t.Fatalf("GOGC = %d with 40 MiB live, want 100", gogc())
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	runtime.KeepAlive(held)
}
