package runner

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/sealed"
	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/sdk/wire"
)

// prior is the committed state the round starts from.
type prior struct {
	chain  manifest.Chain      // the chain the round commits in
	lake   *manifest.Lake      // every chain's newest entry, without its Streams
	latest *manifest.Committed // the chain's newest entry; nil before its first round
	// state is the streams' states: each one's newest, wherever
	// committed, and the chain's own, which the chain's checkpoints hold.
	// A shard holds only the streams it can sync and its chain's own (see
	// manifest.Lake.ShardStreams).
	state *manifest.Streams
	// next is the round this run writes.
	next int64
	box  *sealed.Box
	pipe string
}

// snapshot is the newest current-state snapshot, of any chain.
func (p *prior) snapshot() *manifest.CurrentRef { return p.lake.Snapshot() }

// checkSigner refuses a signer that does not fit the chain (see
// manifest.CheckSigner), or, for a chain's first round, the lake's other
// chains.
func (p *prior) checkSigner(signer *manifest.Signer) error {
	if p.latest == nil {
		return manifest.CheckSignerFirst(p.lake.Heads, signer)
	}
	return manifest.CheckSigner(p.latest, signer)
}

// sealContext binds a sealed deltaLink to its pipeline and stream.
func sealContext(pipeline string, k manifest.Key) string {
	return pipeline + "\x00" + k.Source + "\x00" + k.Stream
}

// appendSealContext appends sealContext(pipeline, k) to dst, for an
// opener to reuse one buffer.
func appendSealContext(dst []byte, pipeline string, k manifest.Key) []byte {
	dst = append(dst, pipeline...)
	dst = append(dst, 0)
	dst = append(dst, k.Source...)
	dst = append(dst, 0)
	return append(dst, k.Stream...)
}

// loadPrior reads every chain of the lake: the round is numbered one past
// the newest round of any chain, and each stream starts from its newest
// state wherever it was committed. A shard holds the states of the
// streams it owns, not the tenant's. One deltaLink is opened at once, so a
// wrong state key stops the run before any plugin starts; the others open
// as their source runs.
func loadPrior(ctx context.Context, s store.Store, pipeline string, chain manifest.Chain, box *sealed.Box) (*prior, error) {
	// A head whose state checkpoint is of its own round adds nothing to
	// the state the checkpoint holds (LoadState replays only the entries
	// after it): its streams are dropped as they are read, so that they
	// are never held (at 100,000 changed streams, 90 MB decoded, next to
	// the checkpoint's state).
	lake, err := manifest.LoadLakeForState(ctx, s)
	if err != nil {
		return nil, err
	}
	if err := refuseSharded(chain, lake.Chains); err != nil {
		return nil, err
	}
	if err := lake.CheckPipeline(pipeline); err != nil {
		return nil, err
	}
	state, err := lake.ShardStreams(ctx, s, chain)
	if err != nil {
		return nil, err
	}
	// The heads' streams are in state now; the round reads only the
	// heads' other fields (their round, hash, signature, files). An entry
	// in which 100,000 streams changed holds 120 MB of them.
	for _, h := range lake.Heads {
		h.Streams = nil
	}
	p := &prior{chain: chain, lake: lake, latest: lake.Head(chain), state: state, next: lake.Next(chain).Round, box: box, pipe: pipeline}
	return p, p.checkKey()
}

// checkKey opens one deltaLink (of the first stream, as Keys sorts
// them), so that a wrong state key stops the run
// before any plugin starts.
func (p *prior) checkKey() error {
	if k, ok := p.state.First(); ok {
		if _, err := p.open(k); err != nil {
			return err
		}
	}
	return nil
}

// open unseals a stream's stored deltaLink ("" when it has none).
func (p *prior) open(k manifest.Key) (string, error) {
	s, ok := p.state.Get(k)
	if !ok {
		return "", nil
	}
	return p.openState(k, s)
}

// openState unseals the deltaLink of state s of stream k ("" when it has
// none).
func (p *prior) openState(k manifest.Key, s manifest.StreamState) (string, error) {
	o := opener{prior: p}
	return o.open(k, s)
}

// opener opens the deltaLinks of many stream states (a page of them) with
// few allocations: each link's sealed bytes and seal context go to buffers
// it reuses, and the opened links to blocks of openerBlock bytes that
// they share (strings never written again), rather than three
// allocations a link: 33,000 for a 11,000-stream round.
type opener struct {
	prior        *prior
	raw, context []byte
	block        []byte // the current block's unused bytes
}

// openerBlock is the size of an opener's blocks of opened links.
const openerBlock = 64 << 10

// open unseals the deltaLink of state s of stream k ("" when it has none).
func (o *opener) open(k manifest.Key, s manifest.StreamState) (string, error) {
	if s.DeltaLink == "" {
		return "", nil
	}
	raw, err := s.DeltaLink.AppendSealed(o.raw[:0])
	if err != nil {
		return "", fmt.Errorf("stream %s/%s (round %d): %w", k.Source, k.Stream, s.Round, err)
	}
	o.raw = raw
	o.context = appendSealContext(o.context[:0], o.prior.pipe, k)
	plain, err := o.prior.box.OpenInPlace(raw, o.context)
	if errors.Is(err, sealed.ErrWrongKey) {
		return "", fmt.Errorf("the deltaLink of %s/%s (round %d) does not open with state.key: the key changed or the manifest was altered. "+
			"Restore the key the lake was written with; nothing was read or written", k.Source, k.Stream, s.Round)
	}
	if err != nil {
		return "", fmt.Errorf("stream %s/%s (round %d): %w", k.Source, k.Stream, s.Round, err)
	}
	return o.keep(plain), nil
}

// keep returns a string of b's bytes, in the current block when it fits.
func (o *opener) keep(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > openerBlock/8 {
		return string(b)
	}
	if len(o.block) < len(b) {
		o.block = make([]byte, openerBlock)
	}
	n := copy(o.block, b)
	held := o.block[:n:n]
	o.block = o.block[n:]
	// held is never written again: the string takes it without a copy.
	return unsafe.String(unsafe.SliceData(held), n)
}

// statesFor returns a source's stream states for its SyncRequest, as pages
// the plugin reads when it needs them: in a sharded source, only those of
// the streams the shard owns, so that the plugin ends only its own streams
// that disappeared, never another shard's. Only the keys are gathered
// here; each deltaLink is opened as its page is served, so the host never
// holds every opened link (or a message of them) at once.
//
// The keys are sorted by stream id (wire.SyncRequest.StatesInOrder): the
// plugin then answers from the pages read so far what they settle, and a
// mailbox starts once an id after its own came rather than after the
// last page (at 100,000 streams, about a second). Sorting 100,000 ids
// costs the host tens of milliseconds.
func (p *prior) statesFor(source string, owns func(stream string) bool) *statePages {
	var keys []manifest.Key
	for k, s := range p.state.All() {
		if k.Source == source && s.DeltaLink != "" && owns(k.Stream) {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b manifest.Key) int { return strings.Compare(a.Stream, b.Stream) })
	return &statePages{prior: p, keys: keys}
}

// statePages serves one source's prior states (wire.StateSource), in
// stream id order, each id once (a source's keys are unique by stream). It
// remembers the first deltaLink that did not open, so that the round
// fails with the host's own error, as when every link was opened before
// the plugin started.
type statePages struct {
	prior *prior
	keys  []manifest.Key

	mu  sync.Mutex
	err error
}

// Page opens the deltaLinks of keys[offset:offset+limit].
func (s *statePages) Page(_ context.Context, offset, limit int) ([]wire.StreamState, int, error) {
	if offset < 0 || offset > len(s.keys) {
		return nil, 0, fmt.Errorf("offset %d is outside the %d stream states", offset, len(s.keys))
	}
	limit = max(0, min(limit, wire.StatesPageSize, len(s.keys)-offset))
	out := make([]wire.StreamState, 0, limit)
	o := opener{prior: s.prior}
	for _, k := range s.keys[offset : offset+limit] {
		st, _ := s.prior.state.Get(k)
		link, err := o.open(k, st)
		if err != nil {
			s.mu.Lock()
			if s.err == nil {
				s.err = err
			}
			s.mu.Unlock()
			return nil, 0, err
		}
		out = append(out, wire.StreamState{Stream: k.Stream, DeltaLink: link, Fingerprint: st.Fingerprint})
	}
	return out, len(s.keys), nil
}

// Err is the first deltaLink that did not open, if any.
func (s *statePages) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}
