package sdk

import (
	"bytes"
	"cmp"
	"fmt"
	"hash/maphash"
	"iter"
	"math/bits"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
)

// StreamStates holds a round's prior stream states (the last committed
// state of each stream) by stream id: SyncRequest.Streams. Get looks one
// up; IDs and IDsWithPrefix list them in id order. The zero value holds
// none. Copies share the states; they are read-only, and safe to read from
// many goroutines at once. While the host's pages of states arrive, a
// read waits: for every state, or, when the host sends them in id order
// (wire.SyncRequest.StatesInOrder), only until the pages read so far
// settle its answer.
//
// The states are kept compactly (a mail pipeline of 100,000 streams holds
// 100,000 deltaLinks): each Get returns a copy of the stream's state, and
// the SDK wipes its own copy of the deltaLinks when the source's Sync
// returns, after which the StreamStates of that round holds none: a
// goroutine of a source that reads them once its Sync has returned finds
// no state (a read racing the wipe may still see one, or none, but never
// faults: the memory stays mapped, zeroed, until no StreamStates of the
// round is reachable).
type StreamStates struct {
	st *stateStore
	// ready, when set, is closed once st holds every state: the states
	// of a round are read from the host while its Sync begins, and the
	// methods wait for them, or, while the host sends them in id order,
	// for those that settle the answer (see stateStore.early).
	ready <-chan struct{}
}

// wait returns once every state is there.
func (s StreamStates) wait() {
	if s.ready != nil {
		<-s.ready
	}
}

// view returns the states that answer a read: every state, once they are
// all there; before that, while the host sends them in id order, the
// states read so far as soon as settled is true of the last id read
// (nothing the read asks about can come after it).
func (s StreamStates) view(settled func(last string) bool) *stateView {
	if s.ready == nil {
		return &s.st.stateView
	}
	for {
		select {
		case <-s.ready:
			return &s.st.stateView
		default:
		}
		ev := s.st.early.Load()
		if ev == nil {
			<-s.ready
			return &s.st.stateView
		}
		if len(ev.index) > 0 && settled(ev.last) {
			return &ev.stateView
		}
		select {
		case <-ev.next:
		case <-s.ready:
		}
	}
}

// settledID is whether the states read up to last, in id order, settle
// whether id has one: last is id or after it.
func settledID(id string) func(last string) bool {
	return func(last string) bool { return last >= id }
}

// settledPrefix is whether the states read up to last, in id order,
// hold every id with prefix: last is after all of them. The empty prefix
// is settled only once every state is there.
func settledPrefix(prefix string) func(last string) bool {
	return func(last string) bool {
		return prefix != "" && last > prefix && !strings.HasPrefix(last, prefix)
	}
}

// NewStreamStates returns the given states by stream id (the last of two
// with the same id wins): for tests, and for a source that runs a stream
// against other states than the round's (none, say, to read it whole).
func NewStreamStates(states ...StreamState) StreamStates {
	b := newStateBuilder(len(states))
	for _, s := range states {
		b.add(s)
	}
	return b.finish()
}

// Get returns the prior state of the stream id, and whether it has one.
func (s StreamStates) Get(id string) (StreamState, bool) {
	if s.st == nil {
		return StreamState{}, false
	}
	v := s.view(settledID(id))
	if s.st.wiped.Load() {
		return StreamState{}, false
	}
	i, ok := v.lookup(id)
	if !ok {
		return StreamState{}, false
	}
	r := v.index[i]
	out := StreamState{Stream: id, DeltaLink: string(v.link(r)), Fingerprint: string(v.fingerprint(r))}
	runtime.KeepAlive(s.st) // its chunks are unmapped once it is unreachable
	return out, true
}

// Len is how many streams have a prior state.
func (s StreamStates) Len() int {
	s.wait()
	if s.st == nil || s.st.wiped.Load() {
		return 0
	}
	return len(s.st.index)
}

// IDs yields the ids of the streams with a prior state, in order.
func (s StreamStates) IDs() iter.Seq[string] { return s.IDsWithPrefix("") }

// IDsWithPrefix yields the ids that begin with prefix, in order: a
// mailbox's streams, say, whose ids begin with its user's id and "/".
// While the host sends the states in id order, it yields those read so
// far and then waits for more, rather than for all of them.
func (s StreamStates) IDsWithPrefix(prefix string) iter.Seq[string] {
	return func(yield func(string) bool) {
		if s.st == nil {
			return
		}
		defer runtime.KeepAlive(s.st)
		// In id order, the states read so far are the first of the
		// final index, in the same places: the walk goes on where it
		// stopped in each later view.
		settled := settledPrefix(prefix)
		i := -1
		for {
			v := s.view(func(string) bool { return true })
			if s.st.wiped.Load() {
				return
			}
			if i < 0 {
				i, _ = v.find(prefix)
			}
			for ; i < len(v.index); i++ {
				id := v.id(v.index[i])
				if !hasPrefix(id, prefix) {
					if compareID(id, prefix) < 0 {
						continue // read after the walk began, before the prefix
					}
					return
				}
				if !yield(string(id)) {
					return
				}
			}
			if v == &s.st.stateView || settled(string(v.id(v.index[len(v.index)-1]))) {
				return
			}
			s.waitPast(v)
		}
	}
}

// waitPast waits until a later view than v is published or every state
// is there.
func (s StreamStates) waitPast(v *stateView) {
	ev := s.st.early.Load()
	if ev == nil || &ev.stateView != v {
		return
	}
	select {
	case <-ev.next:
	case <-s.ready:
	}
}

// stateStore is the states in a few large chunks of bytes, each state's
// id, deltaLink and fingerprint one after the other, and an index of them
// sorted by id. The chunks are mapped outside the Go heap where the system
// allows (newStateChunk). When the round's Sync returns, wipe zeroes them
// and gives their pages back while they stay mapped, so that a read that
// races it sees zeros and does not fault; the chunks are unmapped once
// the store is unreachable.
type stateStore struct {
	// stateView is every state, once the store is built.
	stateView
	mem *stateChunks
	// wiped is set by wipe: the store then holds no state. Its fields are
	// left as they are, for a read already under way.
	wiped atomic.Bool
	// early, while the host sends the states in id order, is the
	// states read so far, replaced after each page.
	early atomic.Pointer[earlyView]
}

// stateView is states as a read sees them: a store's chunks and its index
// sorted by id, with a hash table of the ids once the store is built.
type stateView struct {
	chunks [][]byte // mem.chunks' bytes
	index  []stateRef
	table  []stateSlot // open addressing, a power of two, at most half full; nil: ids are found by binary search
	seed   maphash.Seed
}

// earlyView is the states read so far, in id order: the index's first
// states as the built store will hold them, in the same places. A view is
// never written to once published.
type earlyView struct {
	stateView
	// last is the last id read.
	last string
	// next is closed once a later view is published.
	next chan struct{}
}

// stateSlot is one slot of a stateStore's hash table: the high half of
// an id's hash and its position in the index plus one (zero: empty).
type stateSlot struct{ hash, pos uint32 }

// stateChunks owns a store's chunks: apart from the store, so that a
// cleanup can free them once the store is unreachable.
type stateChunks struct {
	chunks []stateChunk
	freed  atomic.Bool // free has run
}

// stateChunk is one chunk, and whether it is mapped outside the heap.
type stateChunk struct {
	b      []byte
	mapped bool
}

// zero zeroes what the chunks hold and gives the pages of those mapped
// back to the system; they stay mapped, and read as zeros.
func (m *stateChunks) zero() {
	for _, c := range m.chunks {
		clear(c.b) // what was written
		if c.mapped {
			discardStateChunk(c.b) // only a hint: the bytes are zeros already
		}
	}
}

// free zeroes what the chunks hold and unmaps those mapped. It runs once
// the store is unreachable, so that no read can be under way.
func (m *stateChunks) free() {
	if m.freed.Swap(true) {
		return
	}
	m.zero()
	for _, c := range m.chunks {
		if c.mapped {
			_ = freeStateChunk(c.b) // nothing to do about it: the memory stays mapped
		}
	}
}

// stateRef locates one state in a stateStore's chunks. head is the id's
// first 8 bytes (zeros after a shorter id), so that most comparisons of
// two ids, while sorting and looking up, need not read the chunks.
type stateRef struct {
	head                  uint64
	chunk, off            uint32
	idLen, linkLen, fpLen uint32
}

// idHead returns the first 8 bytes of id, big-endian, zeros after a
// shorter id: heads compare as the ids do, or equal.
func idHead[S string | []byte](id S) uint64 {
	var h uint64
	for i := range 8 {
		h <<= 8
		if i < len(id) {
			h |= uint64(id[i])
		}
	}
	return h
}

// Chunk sizes: small stores (tests, a directory source's few streams)
// stay small; large ones grow by chunks of at most maxStateChunk, never
// by copying what they hold.
const (
	minStateChunk = 4 << 10
	maxStateChunk = 1 << 20
)

func (st *stateView) id(r stateRef) []byte {
	return st.chunks[r.chunk][r.off : r.off+r.idLen]
}

func (st *stateView) link(r stateRef) []byte {
	at := r.off + r.idLen
	return st.chunks[r.chunk][at : at+r.linkLen]
}

func (st *stateView) fingerprint(r stateRef) []byte {
	at := r.off + r.idLen + r.linkLen
	return st.chunks[r.chunk][at : at+r.fpLen]
}

// lookup returns the position of id in the index, if it is there: one
// probe of the hash table, then the id itself, next to its deltaLink in
// the chunks (a binary search would read several states' ids, each a
// random access into the chunks).
func (st *stateView) lookup(id string) (int, bool) {
	if st.table == nil {
		return st.find(id)
	}
	if len(st.table) == 0 {
		return 0, false
	}
	h := maphash.String(st.seed, id)
	mask := uint64(len(st.table) - 1)
	for slot := h & mask; ; slot = (slot + 1) & mask {
		e := st.table[slot]
		if e.pos == 0 {
			return 0, false
		}
		if e.hash == uint32(h>>32) && string(st.id(st.index[e.pos-1])) == id {
			return int(e.pos - 1), true
		}
	}
}

// find returns the position of id in the index, or where it would be.
func (st *stateView) find(id string) (int, bool) {
	head := idHead(id)
	return slices.BinarySearchFunc(st.index, id, func(r stateRef, id string) int {
		if c := cmp.Compare(r.head, head); c != 0 {
			return c
		}
		return compareID(st.id(r), id)
	})
}

// wipe forgets the states and zeroes them. Their pages go back to the
// system now; the mapping itself goes when the store is unreachable.
func (st *stateStore) wipe() {
	if st.wiped.Swap(true) {
		return
	}
	st.mem.zero()
}

// stateBuilder fills a stateStore.
type stateBuilder struct {
	st  *stateStore
	cur []byte // the last chunk, appended to up to its capacity
}

// newStateBuilder returns a builder for about n states (0: unknown).
func newStateBuilder(n int) *stateBuilder {
	st := &stateStore{stateView: stateView{index: make([]stateRef, 0, n)}, mem: &stateChunks{}}
	runtime.AddCleanup(st, (*stateChunks).free, st.mem)
	return &stateBuilder{st: st}
}

// add copies s into the store.
func (b *stateBuilder) add(s StreamState) {
	n := len(s.Stream) + len(s.DeltaLink) + len(s.Fingerprint)
	if len(b.cur)+n > cap(b.cur) {
		size := minStateChunk
		if k := len(b.st.chunks); k > 0 {
			size = min(2*cap(b.st.chunks[k-1]), maxStateChunk)
		}
		c, mapped := newStateChunk(max(size, n))
		b.st.mem.chunks = append(b.st.mem.chunks, stateChunk{b: c, mapped: mapped})
		b.cur = c
		b.st.chunks = append(b.st.chunks, b.cur)
	}
	r := stateRef{head: idHead(s.Stream), chunk: uint32(len(b.st.chunks) - 1), off: uint32(len(b.cur)),
		idLen: uint32(len(s.Stream)), linkLen: uint32(len(s.DeltaLink)), fpLen: uint32(len(s.Fingerprint))}
	b.cur = append(append(append(b.cur, s.Stream...), s.DeltaLink...), s.Fingerprint...)
	b.st.chunks[r.chunk] = b.cur
	b.st.mem.chunks[r.chunk].b = b.cur
	b.st.index = append(b.st.index, r)
}

// addInOrder copies s into the store, which the host sends in id order:
// an id that is not after the last one added is an error.
func (b *stateBuilder) addInOrder(s StreamState) error {
	if n := len(b.st.index); n > 0 {
		if last := b.st.id(b.st.index[n-1]); compareID(last, s.Stream) >= 0 {
			return fmt.Errorf("the host said it sends the stream states in id order, but %q came after %q", s.Stream, last)
		}
	}
	b.add(s)
	return nil
}

// startEarly makes the store publish the states read so far (publish)
// while it is built: the host sends them in id order.
func (b *stateBuilder) startEarly() {
	b.st.early.Store(&earlyView{next: make(chan struct{})})
}

// publish makes the states added so far the store's early view, for the
// reads they settle (StreamStates.view).
func (b *stateBuilder) publish() {
	n := len(b.st.index)
	if n == 0 {
		return
	}
	ev := &earlyView{stateView: stateView{chunks: slices.Clone(b.st.chunks), index: b.st.index[:n:n]},
		last: string(b.st.id(b.st.index[n-1])), next: make(chan struct{})}
	if old := b.st.early.Swap(ev); old != nil {
		close(old.next)
	}
}

// finish sorts the index by id, keeps the last state added of each id,
// and returns the states.
func (b *stateBuilder) finish() StreamStates {
	st := b.st
	byID := func(a, b stateRef) int {
		if c := cmp.Compare(a.head, b.head); c != 0 {
			return c
		}
		return bytes.Compare(st.id(a), st.id(b))
	}
	// States are added to the chunks in order: among equal ids, the
	// last added is the last in (chunk, off) order.
	added := func(a, b stateRef) int {
		if c := byID(a, b); c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(a.chunk, b.chunk), cmp.Compare(a.off, b.off))
	}
	if !slices.IsSortedFunc(st.index, added) {
		slices.SortFunc(st.index, added)
	}
	// The index is rewritten only from its first repeated id on: states
	// read in id order have none, and the views of them published while
	// they were read (earlyView) share the index, never written again.
	dup := -1
	for i := 0; i+1 < len(st.index); i++ {
		if byID(st.index[i], st.index[i+1]) == 0 {
			dup = i
			break
		}
	}
	if dup >= 0 {
		out := st.index[:dup]
		for i := dup; i < len(st.index); i++ {
			if i+1 < len(st.index) && byID(st.index[i], st.index[i+1]) == 0 {
				continue
			}
			out = append(out, st.index[i])
		}
		st.index = out
	}
	st.index = slices.Clip(st.index)
	st.seed = maphash.MakeSeed()
	st.table = make([]stateSlot, 2<<bits.Len(uint(len(st.index))))
	mask := uint64(len(st.table) - 1)
	for i, r := range st.index {
		h := maphash.Bytes(st.seed, st.id(r))
		slot := h & mask
		for st.table[slot].pos != 0 {
			slot = (slot + 1) & mask
		}
		st.table[slot] = stateSlot{hash: uint32(h >> 32), pos: uint32(i + 1)}
	}
	return StreamStates{st: st}
}

// compareID compares an id in a store with id, bytewise, as
// strings.Compare would. The compiler compares string(a) without copying
// it.
func compareID(a []byte, id string) int {
	switch {
	case string(a) < id:
		return -1
	case string(a) > id:
		return 1
	}
	return 0
}

func hasPrefix(id []byte, prefix string) bool {
	return len(id) >= len(prefix) && string(id[:len(prefix)]) == prefix
}

// hasLink is whether the stream id has a prior state with a deltaLink.
func (s StreamStates) hasLink(id string) bool {
	if s.st == nil {
		return false
	}
	v := s.view(settledID(id))
	if s.st.wiped.Load() {
		return false
	}
	i, ok := v.lookup(id)
	return ok && v.index[i].linkLen > 0
}

// LinkFingerprint reports whether the stream id has a prior state with a
// deltaLink made under the fingerprint fp. It copies nothing: a source
// that only chooses between fingerprints (mailbox.Folders.LegacyPrefer)
// calls it for each candidate, where Get would copy the deltaLink each
// time.
func (s StreamStates) LinkFingerprint(id, fp string) bool {
	if s.st == nil {
		return false
	}
	v := s.view(settledID(id))
	if s.st.wiped.Load() {
		return false
	}
	i, ok := v.lookup(id)
	if !ok {
		return false
	}
	r := v.index[i]
	match := r.linkLen > 0 && string(v.fingerprint(r)) == fp
	runtime.KeepAlive(s.st) // its chunks are unmapped once it is unreachable
	return match
}
