// Package parallel runs independent, numbered pieces of work on every core:
// the loading, checking and rendering stages each hand it their items, so
// the one worker loop they need is written once.
package parallel

import (
	"context"
	"runtime"
	"sync"
)

// Each calls do(i, s) for every i in [0, n) on up to GOMAXPROCS workers,
// each holding a state s made by newState (a buffer, say), so workers
// share nothing but the counter. It stops at the first error, or when ctx
// is done, and returns that error.
func Each[S any](ctx context.Context, n int, newState func() S, do func(i int, s S) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var mu sync.Mutex
	next := 0
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(n, 1)) {
		wg.Go(func() {
			s := newState()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= n || ctx.Err() != nil {
					return
				}
				if err := do(i, s); err != nil {
					cancel(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil && err != context.Canceled {
		return err
	}
	return ctx.Err()
}

// For is Each for work that needs no state of its own.
func For(ctx context.Context, n int, do func(i int) error) error {
	return Each(ctx, n, func() struct{} { return struct{}{} }, func(i int, _ struct{}) error { return do(i) })
}
