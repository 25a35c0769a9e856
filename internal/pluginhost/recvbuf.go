package pluginhost

import (
	"sync"
	"sync/atomic"
)

// recvBuffers keeps the buffers the host receives batch events from a
// plugin into (see syncCodec), for reuse: a buffer comes back once the
// batch read from it is released (the runner releases each batch after
// writing it, before it receives the next), so a round's batches are
// copied into the same few buffers, which stay in the processor's caches
// and the process's memory, instead of into a fresh megabyte each that
// the garbage collector frees and the kernel pages in again.
type recvBuffers struct {
	mu   sync.Mutex
	free [][]byte
}

// maxFreeRecvBuffers is how many free buffers recvBuffers keeps; a
// buffer returned beyond them is left to the garbage collector.
const maxFreeRecvBuffers = 2

// maxPooledRecvBytes is the largest buffer recvBuffers keeps: a batch's
// message up to twice the default batch limit. A larger message (a single
// row may take up to wire.MaxMessageBytes) gets a buffer of its own.
const maxPooledRecvBytes = 16 << 20

// get returns a buffer of n bytes whose contents are undefined: a free
// one large enough, or a new one with room for somewhat larger messages.
func (p *recvBuffers) get(n int) []byte {
	p.mu.Lock()
	for i := len(p.free) - 1; i >= 0; i-- {
		if b := p.free[i]; cap(b) >= n {
			p.free = append(p.free[:i], p.free[i+1:]...)
			p.mu.Unlock()
			return b[:n]
		}
	}
	p.mu.Unlock()
	if n > maxPooledRecvBytes {
		return make([]byte, n)
	}
	return make([]byte, n, min(n+n/4, maxPooledRecvBytes))
}

// put returns a buffer that nothing uses any more.
func (p *recvBuffers) put(b []byte) {
	if cap(b) > maxPooledRecvBytes {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.free) == maxFreeRecvBuffers {
		p.free = p.free[1:] // the oldest goes
	}
	p.free = append(p.free, b[:0])
}

// recvBuffer is one buffer of recvBuffers while a message's bytes are in
// it: counted references, the message's (until the host has decoded its
// event) and one per Arrow buffer that aliases it (the body of a batch,
// see bytesMessages); the last release returns it to its pool. As an
// Arrow allocator it only frees: the body's memory.Buffer calls Free when
// the batch's last array is released.
type recvBuffer struct {
	b    []byte
	pool *recvBuffers
	refs atomic.Int32
}

// newRecvBuffer takes a buffer of n bytes from pool, with one reference.
func newRecvBuffer(pool *recvBuffers, n int) *recvBuffer {
	r := &recvBuffer{b: pool.get(n), pool: pool}
	r.refs.Store(1)
	return r
}

// retain adds a reference.
func (r *recvBuffer) retain() { r.refs.Add(1) }

// release drops a reference; the last one returns the buffer to its
// pool. A nil recvBuffer (a message protobuf decoded) has none.
func (r *recvBuffer) release() {
	if r == nil {
		return
	}
	switch n := r.refs.Add(-1); {
	case n == 0:
		b := r.b
		r.b = nil
		r.pool.put(b)
	case n < 0:
		panic("pluginhost: a received buffer was released once too often")
	}
}

// Allocate implements memory.Allocator; nothing allocates from a
// received message's buffer.
func (r *recvBuffer) Allocate(int) []byte {
	panic("pluginhost: allocating from a received message's buffer")
}

// Reallocate implements memory.Allocator; a received batch's buffers are
// never resized.
func (r *recvBuffer) Reallocate(int, []byte) []byte {
	panic("pluginhost: resizing a received batch's buffer")
}

// Free implements memory.Allocator: an Arrow buffer that aliased the
// message is released.
func (r *recvBuffer) Free([]byte) { r.release() }
