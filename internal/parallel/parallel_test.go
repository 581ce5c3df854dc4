package parallel

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
)

func TestForEveryIndexOnce(t *testing.T) {
	for _, n := range []int{0, 1, 7, 1000} {
		seen := make([]atomic.Int32, n)
		if err := For(context.Background(), n, func(i int) error { seen[i].Add(1); return nil }); err != nil {
			t.Fatal(err)
		}
		for i := range seen {
			if seen[i].Load() != 1 {
				t.Fatalf("n=%d: item %d ran %d times", n, i, seen[i].Load())
			}
		}
	}
}

func TestEachStopsAtFirstError(t *testing.T) {
	boom := errors.New("boom")
	var ran atomic.Int32
	err := For(context.Background(), 10000, func(i int) error {
		ran.Add(1)
		if i == 3 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) || ran.Load() == 10000 {
		t.Errorf("err %v after %d items; want boom, and the rest not run", err, ran.Load())
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := For(ctx, 10, func(int) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err %v", err)
	}
}

func TestEachStatePerWorker(t *testing.T) {
	var made atomic.Int32
	err := Each(context.Background(), 500, func() *int { made.Add(1); return new(int) }, func(i int, s *int) error {
		*s++ // a worker's own state: no race
		return nil
	})
	if err != nil || made.Load() < 1 {
		t.Errorf("err %v, %d states", err, made.Load())
	}
}
