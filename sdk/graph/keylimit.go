package graph

import (
	"context"
	"sync"
)

// keyLimiter bounds the requests in flight per key (a mailbox): at most
// limit at once for each key, any number of keys. A key's entry lives only
// while someone holds or waits for it, so memory follows the keys in use,
// not every key ever seen.
type keyLimiter struct {
	limit int
	mu    sync.Mutex
	keys  map[string]*keySlot
}

// keySlot is one key's semaphore and how many goroutines use it.
type keySlot struct {
	sem  chan struct{}
	refs int
}

func newKeyLimiter(limit int) *keyLimiter {
	return &keyLimiter{limit: limit, keys: map[string]*keySlot{}}
}

// acquire waits for a slot of key, or for ctx to end. The returned func
// releases the slot; call it exactly once.
func (l *keyLimiter) acquire(ctx context.Context, key string) (release func(), err error) {
	l.mu.Lock()
	s, ok := l.keys[key]
	if !ok {
		s = &keySlot{sem: make(chan struct{}, l.limit)}
		l.keys[key] = s
	}
	s.refs++
	l.mu.Unlock()
	select {
	case s.sem <- struct{}{}:
		return func() { <-s.sem; l.unref(key, s) }, nil
	case <-ctx.Done():
		l.unref(key, s)
		return nil, context.Cause(ctx)
	}
}

func (l *keyLimiter) unref(key string, s *keySlot) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if s.refs--; s.refs == 0 {
		delete(l.keys, key)
	}
}

// size is the number of keys with an entry, for tests.
func (l *keyLimiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.keys)
}
