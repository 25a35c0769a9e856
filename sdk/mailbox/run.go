package mailbox

import (
	"context"
	"errors"

	"golang.org/x/sync/errgroup"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/internal/growstack"
)

// Resource is what each mailbox syncs in a round. [Stream] (one delta
// stream per mailbox) and [Folders] (a folder tree and one items stream
// per folder) are the declarations most sources need; a source with other
// needs implements Resource itself.
type Resource interface {
	// Sync runs one mailbox's round. Graph failures end up in the
	// mailbox's checkpoints; an error is the host's (an emit failed) and
	// ends the round.
	Sync(ctx context.Context, m *Mailbox) error
	// Sweep removes a mailbox the round no longer lists (user deleted,
	// out of the list or filter): it ends the mailbox's streams (m.Prior)
	// and removes the rows they do not take with them.
	Sweep(m *Mailbox) error
	// Fail fails the streams of a mailbox that could not be found (a
	// listed user principal name that did not resolve: m.User is the name
	// as listed), with cause as the reason.
	Fail(m *Mailbox, cause error) error
}

// Mailbox is one mailbox's part of a round.
type Mailbox struct {
	// User is the mailbox owner's user object id, lower-cased.
	User string
	// Req is the round's request; its Graph client holds the settings'
	// limits (per-mailbox concurrency and budget, tenant-wide ceilings).
	Req *sdk.SyncRequest
	// Emit sends rows and checkpoints to the host.
	Emit *sdk.Emitter
	// Prior lists the names of the mailbox's streams that have a stored
	// state, sorted: a stream "<userId>/<name>" has name <name>.
	Prior []string
	// Discovered is true when the mailbox was found by listing the
	// tenant's users (Settings.Mailboxes unset): a user without a mailbox
	// is then skipped, not failed (see NoMailbox).
	Discovered bool
	// Concurrency is the most streams of the mailbox to run at once
	// (Settings.MailboxConcurrency).
	Concurrency int
	// aside is Req with its Graph client on page memory of its own,
	// shared by the round's mailboxes, for the reads that held work waits
	// for (a mailbox's folders, see itemsRun); nil: Req.
	aside *sdk.SyncRequest
	// placesBack gives n of the mailbox's places in the pool back (see
	// mailboxPool); nil outside the pool.
	placesBack func(n int)
}

// giveBack gives n of the mailbox's places in the pool back: its streams
// have all started, and as many run fewer; outside the pool it does
// nothing.
func (m *Mailbox) giveBack(n int) {
	if m.placesBack != nil {
		m.placesBack(n)
	}
}

// StreamID is the id of the mailbox's stream with the given name:
// "<userId>/<name>". The host's sharding takes a stream's shard key from
// the id up to its first "/".
func (m *Mailbox) StreamID(name string) string { return StreamID(m.User, name) }

// StreamID is the id of a mailbox's stream: "<userId>/<name>".
func StreamID(user, name string) string { return user + "/" + name }

// Run syncs res for every mailbox the settings select that the round's
// shard owns: on a pool of s.Concurrency mailboxes at once, or, when it is
// unset, the Graph client's adaptive request limit shared among the
// streams a mailbox runs at once (mailboxLimit), under the settings'
// limits. When the round listed every mailbox, those whose
// streams the last round stored and this one did not list are swept.
// Only a failure to emit to the host fails the round; Graph failures fail
// their streams.
//
// While the listing's first answer is a round trip away (longer for a
// large tenant), as many mailboxes as the pool would run at once start
// ahead of it, from those the last round synced: what each of them emits
// waits (sdk.Emitter.Held) until the listing names it, and is dropped if
// the listing ends without it. Nothing reaches the host of a mailbox the
// listing no longer selects; its requests were a read of Graph, and its
// streams are swept as before. They run beside the pool, not in it, so
// that those the listing names late (a later page) hold none of its
// places while they wait.
func Run(ctx context.Context, req *sdk.SyncRequest, emit *sdk.Emitter, s Settings, res Resource) error {
	limited := *req
	limited.Graph = req.Graph.WithLimits(s.Limits())
	aside := limited
	aside.Graph = limited.Graph.WithPageMemory(asidePageMemory)
	r := &round{settings: s, req: &limited, emit: emit, aside: &aside}
	g, gctx := errgroup.WithContext(ctx)
	limit, weight := mailboxLimit(res, s, r.req.Graph.Concurrency)
	pool := newMailboxPool(g, limit, weight)
	l := newListing()
	go func() {
		// The listing reads its pages in memory of its own: the
		// mailboxes started ahead hold pages of the round's memory
		// while they wait for it.
		lister, listReq := *r, *r.req
		listReq.Graph = r.req.Graph.WithPageMemory(listingPageMemory)
		lister.req = &listReq
		complete, err := lister.mailboxes(gctx, res, func(user string) {
			if req.Shard.Owns(user) {
				l.listed(user)
			}
		})
		l.end(complete, err)
	}()
	l.ahead(priorUsersAsRead(req.Streams), req.Shard.Owns, max(1, limit()/weight), func(ahead aheadMailbox) {
		g.Go(func() error {
			growstack.Grow() // the mailbox's first requests run on this goroutine
			m := r.mailbox(ahead.user)
			m.Emit = emit.Held(ahead.hold)
			if err := res.Sync(gctx, m); !errors.Is(err, sdk.ErrDropped) {
				return err
			}
			return nil
		})
	})
	for user := range l.toStart() {
		pool.Go(gctx, func(giveBack func(int)) error {
			m := r.mailbox(user)
			m.placesBack = giveBack
			return res.Sync(gctx, m)
		})
	}
	complete, err := l.result()
	if werr := g.Wait(); werr != nil {
		return werr
	}
	if err != nil {
		return err
	}
	if complete {
		return r.sweepGone(res, l.seen)
	}
	return nil
}

// mailboxLimit is the pool's limit in places and the places a mailbox
// takes (see mailboxPool): s.Concurrency mailboxes of a place each when
// set, else the Graph client's adaptive request limit (concurrency), a
// mailbox of res taking a place for each stream it runs at once (a
// Folders mailbox runs up to MailboxConcurrency, a Stream one). A mailbox
// per request let four times the streams start that the limit lets send,
// each waiting with its goroutine and stack (10,000 goroutines and 140 MB
// of stacks at 100,000 streams and 200 ms).
func mailboxLimit(res Resource, s Settings, concurrency func() int) (limit func() int, weight int) {
	if s.Concurrency > 0 {
		return func() int { return s.Concurrency }, 1
	}
	k := 1
	if m, ok := res.(interface{ streamsAtOnce(Settings) int }); ok {
		k = max(1, m.streamsAtOnce(s))
	}
	return concurrency, k
}

// listingPageMemory is the page memory of the listing of mailboxes (see
// graph.Client.WithPageMemory): a page of 999 users' ids is about 60 KB.
const listingPageMemory = 16 << 20

// asidePageMemory is the page memory of the mailboxes' folders streams
// and tree walks (Mailbox.aside): a mailbox's folders are a few hundred
// bytes each.
const asidePageMemory = 64 << 20

// round is one Run's shared, read-only state.
type round struct {
	settings Settings
	req      *sdk.SyncRequest // Graph replaced by the limited client
	emit     *sdk.Emitter
	aside    *sdk.SyncRequest // see Mailbox.aside
}

func (r *round) mailbox(user string) *Mailbox {
	return &Mailbox{User: user, Req: r.req, Emit: r.emit, Prior: priorNames(r.req.Streams, user),
		Discovered: len(r.settings.Mailboxes) == 0, Concurrency: r.settings.MailboxConcurrency, aside: r.aside}
}

// sweepGone sweeps the mailboxes that the last round synced and this one
// no longer lists, in user order.
func (r *round) sweepGone(res Resource, seen map[string]bool) error {
	for _, user := range priorUsers(r.req.Streams) {
		if seen[user] {
			continue
		}
		if err := res.Sweep(r.mailbox(user)); err != nil {
			return err
		}
	}
	return nil
}
