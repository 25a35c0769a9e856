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
// The items streams of the folders the last round synced start ahead of
// the folders stream, in the places it leaves free: what they emit is held
// (sdk.Emitter.Held) until the folders stream's plan keeps them (the
// folder is still there and selected) or drops them (it was deleted, moved
// out of the filter, or the folders stream failed). A mailbox's round was
// the folders stream's round trip and then the items streams'; the first
// items now travel with the folders stream.
type itemsRun struct {
	b     *mailboxRun
	ctx   context.Context
	g     *errgroup.Group
	slots chan struct{}
	// holds are the held streams of the prior folders, by folder; ahead
	// ends when every one has been started or skipped.
	holds map[string]*sdk.Hold
	ahead chan struct{}
	// had are the folders with a stored items stream; failedNew describes
	// the first failed first round of a folder without one.
	had       map[string]bool
	mu        sync.Mutex
	failedNew string
}

// startItems begins the mailbox's items run with the folders stream
// holding one place, and starts the prior folders' streams, held, in the
// places left (none when the mailbox runs one stream at a time: they then
// start once the plan is known, and a dropped one does not start).
func (b *mailboxRun) startItems(ctx context.Context) *itemsRun {
	g, gctx := errgroup.WithContext(ctx)
	it := &itemsRun{b: b, ctx: gctx, g: g, slots: make(chan struct{}, max(1, b.Concurrency)),
		holds: map[string]*sdk.Hold{}, ahead: make(chan struct{}), had: map[string]bool{}}
	it.slots <- struct{}{} // the folders stream's place
	for _, f := range b.prior.itemFolders {
		it.had[f] = true
		it.holds[f] = sdk.NewHold()
	}
	go func() {
		defer close(it.ahead)
		for _, f := range b.prior.itemFolders {
			h := it.holds[f]
			if !it.acquire() {
				return
			}
			if h.Dropped() {
				<-it.slots
				continue
			}
			it.start(f, b.Emit.Held(h))
		}
	}()
	return it
}

// foldersDone gives the folders stream's place to the items streams.
func (it *itemsRun) foldersDone() { <-it.slots }

// acquire takes a place, or reports false when the run's context ended.
func (it *itemsRun) acquire() bool {
	select {
	case it.slots <- struct{}{}:
		return true
	case <-it.ctx.Done():
		return false
	}
}

// start runs folder's items stream in a place already taken, emitting
// through emit.
func (it *itemsRun) start(folder string, emit *sdk.Emitter) {
	b := it.b
	it.g.Go(func() error {
		defer func() { <-it.slots }()
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

// drop drops every held stream and waits for the run: the folders stream
// failed or the round ends.
func (it *itemsRun) drop() error {
	for _, h := range it.holds {
		h.Drop()
	}
	it.foldersDone()
	<-it.ahead
	return it.g.Wait()
}

// decide keeps the held streams of the folders the plan runs and drops
// the others; call it before the dropped folders' streams end.
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
	it.foldersDone()
}

// run starts the streams of run's folders that had none, after the prior
// folders' (kept by decide), and waits for all of them; failedNew
// describes the first failure among folders that had no stream state.
func (it *itemsRun) run(run []string) (failedNew string, err error) {
	<-it.ahead
	for _, f := range run {
		if it.had[f] {
			continue
		}
		if !it.acquire() {
			break
		}
		it.start(f, it.b.Emit)
	}
	err = it.g.Wait()
	return it.failedNew, err
}

// wait waits for the streams already started, after decide: the round
// ends early.
func (it *itemsRun) wait() error {
	<-it.ahead
	return it.g.Wait()
}

// asideReq is the round's request with the Graph client on page memory of
// its own (Mailbox.aside), for the folders stream and the tree walk: the
// items streams started ahead hold pages of the round's memory while they
// wait for them.
func (b *mailboxRun) asideReq() *sdk.SyncRequest {
	if b.aside == nil {
		return b.Req
	}
	req := *b.Req
	req.Graph = b.aside
	return &req
}

// streamsAtOnce is how many streams a mailbox of d runs at once: its
// folders stream and items streams, up to s.MailboxConcurrency (see
// mailboxLimit).
func (d *Folders) streamsAtOnce(s Settings) int { return s.MailboxConcurrency }
