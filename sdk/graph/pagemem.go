package graph

import (
	"context"
	"math"
	"sync"
	"time"
)

// DefaultPageMemory is the default of Options.PageMemory: the bytes of
// page bodies one Client holds at once, across all its rounds and lists.
const DefaultPageMemory = 512 << 20

// maxPageMemoryWait is how long a page waits for memory before it proceeds
// anyway: a safety valve against a wait no rule here can see through (a
// caller whose page callback waits for another stream's round).
const maxPageMemoryWait = 30 * time.Second

// pageMemory is the budget of bytes held by buffered page bodies, shared by
// every Round and List of a Client (and the Clients WithLimits derives).
// Each walk holds a lease; its body buffers grow only with bytes acquired
// from the budget. A reader that would pass the budget waits, first come
// first served. It never deadlocks: when every byte held belongs to a
// walk that is itself waiting, nothing would ever be released, so the
// longest waiter proceeds past the budget ("overdraft") until its body is
// read; a body larger than the whole budget proceeds that way, alone.
type pageMemory struct {
	max int64

	mu      sync.Mutex
	held    int64 // bytes held by all leases
	waiting int64 // bytes held by leases whose reader waits
	queue   []*memWaiter
	peak    int64 // the most held at once, for tests
	// spare keeps finished walks' small buffers for the next walks.
	spare spareBuffers
}

// memLease is one walk's share of the budget.
type memLease struct {
	m         *pageMemory
	held      int64
	waiting   bool // the walk's reader is in the queue
	overdraft bool // granted past the budget until the body is read
}

// memWaiter is a reader waiting for n bytes.
type memWaiter struct {
	l       *memLease
	n       int64
	ready   chan struct{}
	granted bool
}

func newPageMemory(max int64) *pageMemory {
	if max <= 0 {
		max = DefaultPageMemory
	}
	return &pageMemory{max: max}
}

// lease starts a walk's share.
func (m *pageMemory) lease() *memLease { return &memLease{m: m} }

// grow acquires n more bytes for l, waiting while they would pass the
// budget, until ctx ends or maxPageMemoryWait passes.
func (l *memLease) grow(ctx context.Context, n int64) error {
	m := l.m
	m.mu.Lock()
	if l.overdraft || (len(m.queue) == 0 && (m.held+n <= m.max || m.held == 0)) {
		m.grantLocked(l, n)
		m.mu.Unlock()
		return nil
	}
	w := &memWaiter{l: l, n: n, ready: make(chan struct{})}
	m.queue = append(m.queue, w)
	l.waiting, m.waiting = true, m.waiting+l.held
	m.serveLocked()
	m.mu.Unlock()

	timer := time.NewTimer(maxPageMemoryWait)
	defer timer.Stop()
	select {
	case <-w.ready:
		return nil
	case <-timer.C:
		m.mu.Lock()
		defer m.mu.Unlock()
		if !w.granted {
			m.dequeueLocked(w)
			l.overdraft = true
			m.grantLocked(l, n)
		}
		return nil
	case <-ctx.Done():
		m.mu.Lock()
		defer m.mu.Unlock()
		if w.granted {
			return nil // the bytes are l's; releasing the lease returns them
		}
		m.dequeueLocked(w)
		m.serveLocked()
		return context.Cause(ctx)
	}
}

// bodyDone ends an overdraft once the body that needed it is read.
func (l *memLease) bodyDone() {
	l.m.mu.Lock()
	l.overdraft = false
	l.m.mu.Unlock()
}

// shrink returns n of l's bytes to the budget.
func (l *memLease) shrink(n int64) {
	m := l.m
	m.mu.Lock()
	defer m.mu.Unlock()
	n = min(n, l.held)
	l.held -= n
	m.held -= n
	if l.waiting {
		m.waiting -= n
	}
	m.serveLocked()
}

// release returns all of l's bytes.
func (l *memLease) release() { l.shrink(math.MaxInt64) }

// contended reports whether a reader is waiting for memory.
func (m *pageMemory) contended() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.queue) > 0
}

// grantLocked gives n bytes to l.
func (m *pageMemory) grantLocked(l *memLease, n int64) {
	l.held += n
	m.held += n
	m.peak = max(m.peak, m.held)
}

// dequeueLocked removes w, which was not granted, from the queue.
func (m *pageMemory) dequeueLocked(w *memWaiter) {
	for i, q := range m.queue {
		if q == w {
			m.queue = append(m.queue[:i], m.queue[i+1:]...)
			break
		}
	}
	w.l.waiting, m.waiting = false, m.waiting-w.l.held
}

// serveLocked grants waiters in order while they fit. When every byte held
// belongs to a waiting lease, it grants one waiter past the budget: the
// first that already holds memory, whose walk then goes on and gives its
// bytes back, or else the first in line. A walk that holds nothing never
// overtakes one that does, so the budget is passed by one body at most.
func (m *pageMemory) serveLocked() {
	for len(m.queue) > 0 {
		w := m.queue[0]
		fits := m.held+w.n <= m.max
		if !fits {
			if m.held != m.waiting {
				return
			}
			w = m.overdraftLocked()
		}
		m.dequeueLocked(w)
		if !fits {
			w.l.overdraft = true
		}
		m.grantLocked(w.l, w.n)
		w.granted = true
		close(w.ready)
	}
}

// overdraftLocked picks the waiter to grant past the budget: the first
// whose lease holds bytes, else the first in line.
func (m *pageMemory) overdraftLocked() *memWaiter {
	for _, w := range m.queue {
		if w.l.held > 0 {
			return w
		}
	}
	return m.queue[0]
}
