package serve

import (
	"context"
	"errors"
	"time"
)

// limiter caps the checks running at once, with a short queue in front:
// a check is CPU work, so more at once than there are CPUs only makes each
// slower, and a long queue only makes clients wait for answers they have
// given up on. A request that finds the queue full is refused at once,
// and so is one that waits longer than the queue's wait; the client is
// told to retry (429 with Retry-After), which spreads load over other
// copies of the service.
type limiter struct {
	// slots holds a token per running check; admitted a token per running
	// or waiting one.
	slots, admitted chan struct{}
	wait            time.Duration
}

var (
	errQueueFull = errors.New("the service is checking as many plans as it can, and its queue is full")
	errQueueWait = errors.New("the service is busy: the request waited too long for a check to finish")
)

func newLimiter(checks, queue int, wait time.Duration) *limiter {
	return &limiter{slots: make(chan struct{}, checks), admitted: make(chan struct{}, checks+queue), wait: wait}
}

// acquire waits for a check slot and returns its release; errQueueFull or
// errQueueWait when the service is too busy, or ctx's error when the
// client went away first.
func (l *limiter) acquire(ctx context.Context) (func(), error) {
	select {
	case l.admitted <- struct{}{}:
	default:
		return nil, errQueueFull
	}
	select {
	case l.slots <- struct{}{}:
		return l.release, nil
	default:
	}
	t := time.NewTimer(l.wait)
	defer t.Stop()
	select {
	case l.slots <- struct{}{}:
		return l.release, nil
	case <-t.C:
		<-l.admitted
		return nil, errQueueWait
	case <-ctx.Done():
		<-l.admitted
		return nil, ctx.Err()
	}
}

func (l *limiter) release() {
	<-l.slots
	<-l.admitted
}

// full tells whether a request arriving now would be refused: the
// service says so before reading the request's body, which costs more
// than the refusal when many clients press on a busy service.
func (l *limiter) full() bool { return len(l.admitted) == cap(l.admitted) }

// running counts the checks running now; waiting those queued.
func (l *limiter) running() int { return len(l.slots) }
func (l *limiter) waiting() int { return max(len(l.admitted)-len(l.slots), 0) }
