package output

import (
	"context"
	"errors"
	"sync"
)

// errClosed is returned by emit when a Produce keeps calling it after it
// returned; those pages would otherwise be lost without a word.
var errClosed = errors.New("output: emit called after Produce returned")

// pool runs do on every item sent to it in a fixed number of goroutines. Its
// channel holds at most one item per worker, so a fast producer blocks in
// send instead of piling pages up in memory. The first error cancels the
// pool's context; later sends return that error, and items still queued are
// dropped.
type pool[T any] struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	items  chan T
	wg     sync.WaitGroup

	// mu lets send and close race safely: senders hold it shared while they
	// may block on items, close holds it exclusively to close items.
	mu     sync.RWMutex
	closed bool
}

func newPool[T any](ctx context.Context, workers int, do func(T) error) *pool[T] {
	ctx, cancel := context.WithCancelCause(ctx)
	p := &pool[T]{ctx: ctx, cancel: cancel, items: make(chan T, workers)}
	for range workers {
		p.wg.Go(func() {
			for item := range p.items {
				if ctx.Err() != nil {
					continue // drain, so blocked senders are released
				}
				if err := do(item); err != nil {
					cancel(err)
				}
			}
		})
	}
	return p
}

// send queues item, blocking while every worker is busy. It returns the
// error that stopped the pool, if any.
func (p *pool[T]) send(item T) error {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.closed {
		return errClosed
	}
	if p.ctx.Err() != nil {
		return context.Cause(p.ctx)
	}
	select {
	case p.items <- item:
		return nil
	case <-p.ctx.Done():
		return context.Cause(p.ctx)
	}
}

// fail stops the pool with err unless it has already stopped.
func (p *pool[T]) fail(err error) { p.cancel(err) }

// wait closes the pool to new items, waits for the workers and returns the
// first error: the one the feeder reports, or else the one that stopped
// the pool (a worker's, or the parent context's).
func (p *pool[T]) wait(feedErr error) error {
	p.mu.Lock()
	p.closed = true
	close(p.items)
	p.mu.Unlock()
	p.wg.Wait()
	err := context.Cause(p.ctx)
	p.cancel(nil)
	if feedErr != nil {
		return feedErr
	}
	return err
}
