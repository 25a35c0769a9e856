package mailbox

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/graphlake/graphlake/sdk/graph"
	"github.com/graphlake/graphlake/sdk/principals"
)

// ListingStream is the pseudo-stream whose failed checkpoint reports a
// failure to list the tenant's users.
const ListingStream = "mailboxes"

// mailboxes calls fn with the object id of each mailbox to sync, as they
// are found. complete is false when some could not be found (a failed
// checkpoint then says why): streams of mailboxes not seen must not be
// ended on such a round.
func (r *round) mailboxes(ctx context.Context, res Resource, fn func(user string)) (complete bool, err error) {
	if len(r.settings.Mailboxes) > 0 {
		return r.listed(ctx, res, fn)
	}
	err = principals.Users(ctx, r.req.Graph, r.req.Endpoint, r.settings.UserFilter, fn)
	if err == nil {
		return true, nil
	}
	if ctx.Err() != nil {
		return false, context.Cause(ctx)
	}
	if !r.req.Shard.OwnsStream(ListingStream) { // every shard failed alike; one reports it
		return false, nil
	}
	return false, r.emit.FailStream(ListingStream, err)
}

// resolveAtOnce is how many configured user principal names are looked up
// at once: one after the other, a list of 1,000 took 1,000 round trips to
// Graph before its last mailbox could start.
const resolveAtOnce = 16

// listed resolves the configured mailboxes, resolveAtOnce at a time, and
// calls fn with each as it resolves; object ids are taken as they are,
// user principal names are looked up.
func (r *round) listed(ctx context.Context, res Resource, fn func(user string)) (bool, error) {
	var mu sync.Mutex // serializes fn, res.Fail and complete
	complete := true
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(resolveAtOnce)
	for _, m := range r.settings.Mailboxes {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			id, err := principals.Resolve(gctx, r.req.Graph, r.req.Endpoint, m)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				fn(id)
				return nil
			case gctx.Err() != nil:
				return context.Cause(gctx)
			}
			complete = false
			if !r.req.Shard.Owns(m) { // one shard reports it: the one its streams' ids map to
				return nil
			}
			return res.Fail(r.mailbox(m), fmt.Errorf("resolve mailbox %s to its user id: %w", m, err))
		})
	}
	if err := g.Wait(); err != nil {
		return false, err
	}
	if ctx.Err() != nil {
		return false, context.Cause(ctx)
	}
	return complete, nil
}

// NoMailbox reports whether err says the user has no mailbox (or no
// longer exists): in a tenant-wide sync such a user is skipped. Graph
// answers a mailbox-less user with any of 404 MailboxNotEnabledForRESTAPI,
// ErrorInvalidUser and ResourceNotFound ("Resource could not be
// discovered."), one user sometimes with different codes on different
// calls (GRAPH-DELTA.md §3.2); a user deleted since the listing answers
// ErrorInvalidUser. Only mailbox requests are judged by it, where a
// missing folder answers ErrorItemNotFound or ErrorSyncFolderNotFound.
// Use it as sdk.DeltaStream.Absent of a mailbox's first stream when
// Mailbox.Discovered.
func NoMailbox(err error) bool {
	var api *graph.APIError
	if !errors.As(err, &api) || api.Status != http.StatusNotFound {
		return false
	}
	switch strings.ToLower(api.Code) {
	case "mailboxnotenabledforrestapi", "errorinvaliduser", "mailboxnotfound", "resourcenotfound":
		return true
	}
	return false
}
