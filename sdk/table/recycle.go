package table

import (
	"sync"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// maxRecycled bounds the buffers a recycler keeps: two batches' worth for
// the widest tables.
const maxRecycled = 1024

// recycler gives the buffers of a Builder's batches back to the batches
// that follow, once Builder.RecycleReleased turned it on. Each batch's buffers are handed to Arrow with the recycler
// as their allocator, so that Arrow's Release (the plugin's send releases
// every batch once it is encoded) returns them here; the next batch's
// columns then write into memory that is already allocated and paged in,
// instead of allocating, zeroing and faulting in a few megabytes per
// batch. A buffer that is never released is left to the garbage
// collector. It is safe for concurrent use: batches are released on other
// goroutines.
type recycler struct {
	mu   sync.Mutex
	on   bool     // Builder.RecycleReleased was called
	free [][]byte // len 0, each of its own capacity
}

// get returns an empty slice of capacity at least n bytes, recycled when
// one fits (the smallest that does), fresh otherwise.
func (r *recycler) get(n int) []byte {
	r.mu.Lock()
	if !r.on {
		r.mu.Unlock()
		return make([]byte, 0, max(n, 64))
	}
	best := -1
	for i, b := range r.free {
		if cap(b) >= n && (best < 0 || cap(b) < cap(r.free[best])) {
			best = i
		}
	}
	if best >= 0 {
		b := r.free[best]
		last := len(r.free) - 1
		r.free[best], r.free[last] = r.free[last], nil
		r.free = r.free[:last]
		r.mu.Unlock()
		return b
	}
	r.mu.Unlock()
	return make([]byte, 0, max(n, 64))
}

// Allocate implements memory.Allocator; the columns only hand buffers to
// Arrow through it, so that Release calls Free.
func (r *recycler) Allocate(n int) []byte { return r.get(n)[:n] }

// Reallocate implements memory.Allocator.
func (r *recycler) Reallocate(n int, b []byte) []byte {
	if n <= cap(b) {
		return b[:n]
	}
	nb := r.Allocate(n)
	copy(nb, b)
	r.Free(b)
	return nb
}

// Free takes a released buffer back.
func (r *recycler) Free(b []byte) {
	if cap(b) == 0 {
		return
	}
	r.mu.Lock()
	if r.on && len(r.free) < maxRecycled {
		r.free = append(r.free, b[:0])
	}
	r.mu.Unlock()
}

// buffer hands b to Arrow as a buffer that comes back to r when released.
func (r *recycler) buffer(b []byte) *memory.Buffer {
	return memory.NewBufferWithAllocator(b, r)
}

// fixedWidth are the element types of the columns' typed buffers.
type fixedWidth interface {
	int32 | int64 | float64 | arrow.Timestamp | arrow.Date32
}

// getSlice returns an empty slice of T with room for at least n values,
// on a recycled buffer when one fits. Go's allocations of 8 bytes or more
// are 8-byte aligned, as T needs.
func getSlice[T fixedWidth](r *recycler, n int) []T {
	var zero T
	size := int(unsafe.Sizeof(zero))
	b := r.get(n * size)
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b[:cap(b)]))), cap(b)/size)[:0]
}

// handTyped hands vals to Arrow as a buffer that comes back to r, with
// its whole capacity.
func handTyped[T fixedWidth](r *recycler, vals []T) *memory.Buffer {
	var zero T
	whole := arrow.GetBytes(vals[:cap(vals)])
	return r.buffer(whole[:len(vals)*int(unsafe.Sizeof(zero))])
}
