package mailbox

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/internal/growstack"
)

// itemsRun runs a mailbox's items streams, at most the mailbox's
// Concurrency streams at once with its folders stream counted among them
// while it runs (Outlook serves four requests of a mailbox at once).
//
// The items streams of the first folders the last round synced start
// with the folders stream, in the places it leaves free: what they emit
// is held (sdk.Emitter.Held) until the folders stream's plan keeps them
// (the folder is still there and selected) or drops them (it was deleted,
// moved out of the filter, or the folders stream failed). A mailbox's
// round was the folders stream's round trip and then the items streams';
// the first items now travel with the folders stream.
type itemsRun struct {
	b     *mailboxRun
	ctx   context.Context
	g     *errgroup.Group
	slots chan struct{}
	// holds are the held streams started with the folders stream, by
	// folder.
	holds map[string]*sdk.Hold
	// had are the folders with a stored items stream; failedNew describes
	// the first failed first round of a folder without one.
	had       map[string]bool
	mu        sync.Mutex
	failedNew string
	// allStarted: every stream of the run has started; each that ends
	// from then on gives its place in the pool back (Mailbox.giveBack).
	// Guarded by mu, as the places held are.
	allStarted bool
}

// startItems begins the mailbox's items run with the folders stream
// holding one place, and starts the first prior folders' streams, held,
// in the places left (none when the mailbox runs one stream at a time).
func (b *mailboxRun) startItems(ctx context.Context) *itemsRun {
	g, gctx := errgroup.WithContext(ctx)
	it := &itemsRun{b: b, ctx: gctx, g: g, slots: make(chan struct{}, max(1, b.Concurrency)),
		holds: map[string]*sdk.Hold{}, had: make(map[string]bool, len(b.prior.itemFolders))}
	it.slots <- struct{}{} // the folders stream's place
	for _, f := range b.prior.itemFolders {
		it.had[f] = true
	}
	for _, f := range b.prior.itemFolders {
		select {
		case it.slots <- struct{}{}:
		default:
			return it // no place left
		}
		h := sdk.NewHold()
		it.holds[f] = h
		it.start(f, b.Emit.Held(h))
	}
	return it
}

// start runs folder's items stream in a place already taken, emitting
// through emit.
func (it *itemsRun) start(folder string, emit *sdk.Emitter) {
	b := it.b
	it.g.Go(func() error {
		defer it.ended()
		growstack.Grow() // before the stream's request, which would grow it deep in net/http
		out, err := sdk.RunDeltaOutcome(it.ctx, b.Req, emit, b.keepPrefer(b.itemsStream(folder)))
		switch {
		case errors.Is(err, sdk.ErrDropped):
			return nil
		case err == nil && !it.had[folder] && !out.OK():
			it.mu.Lock()
			if it.failedNew == "" {
				it.failedNew = fmt.Sprintf("the first %s round of folder %s ended %s: %s", b.Items, folder, out.Checkpoint.Status, out.Checkpoint.Error)
			}
			it.mu.Unlock()
		}
		return err
	})
}

// ended frees a stream's place in the mailbox, and in the pool once
// every stream has started.
func (it *itemsRun) ended() {
	it.mu.Lock()
	defer it.mu.Unlock()
	<-it.slots
	if it.allStarted {
		it.b.giveBack(1)
	}
}

// started marks every stream of the run started, and gives the places
// left free back to the pool (the folders stream's among them): from now
// on each stream that ends gives its own back.
func (it *itemsRun) started() {
	it.mu.Lock()
	defer it.mu.Unlock()
	it.allStarted = true
	it.b.giveBack(cap(it.slots) - len(it.slots))
}

// drop drops every held stream and waits for the run: the folders stream
// failed or the round ends.
func (it *itemsRun) drop() error {
	it.decide(nil)
	return it.wait()
}

// decide keeps the held streams of the folders the plan runs and drops
// the others, and gives the folders stream's place to the items streams;
// call it before the dropped folders' streams end.
func (it *itemsRun) decide(run []string) {
	kept := make(map[string]bool, len(run))
	for _, f := range run {
		kept[f] = true
	}
	for f, h := range it.holds {
		if kept[f] {
			h.Keep()
		} else {
			h.Drop()
		}
	}
	<-it.slots
}

// run starts the streams of run's folders that did not start with the
// folders stream and waits for all of them; failedNew describes the
// first failure among folders that had no stream state.
func (it *itemsRun) run(run []string) (failedNew string, err error) {
	for _, f := range run {
		if it.holds[f] != nil {
			continue // started with the folders stream, and kept
		}
		select {
		case it.slots <- struct{}{}:
		case <-it.ctx.Done():
			// A stream's error, or the round's end: either way the
			// folders checkpoint must not go out as if all had run.
			if err := it.g.Wait(); err != nil {
				return "", err
			}
			return "", context.Cause(it.ctx)
		}
		it.start(f, it.b.Emit)
	}
	it.started()
	err = it.g.Wait()
	return it.failedNew, err
}

// wait waits for the streams already started, after decide: the round
// ends early.
func (it *itemsRun) wait() error { return it.g.Wait() }

// asideReq is the round's request with the Graph client on page memory of
// its own (Mailbox.aside), for the folders stream and the tree walk: the
// items streams started ahead hold pages of the round's memory while they
// wait for them.
func (b *mailboxRun) asideReq() *sdk.SyncRequest {
	if b.aside == nil {
		return b.Req
	}
	return b.aside
}

// streamsAtOnce is how many streams a mailbox of d runs at once: its
// folders stream and items streams, up to s.MailboxConcurrency (see
// mailboxLimit).
func (d *Folders) streamsAtOnce(s Settings) int { return s.MailboxConcurrency }
