package mailbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/graphlake/graphlake/sdk/graph"
)

// objectID matches a user object id (a GUID).
var objectID = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

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
	q := url.Values{"$select": {"id"}, "$top": {"999"}}
	if r.settings.UserFilter != "" {
		q.Set("$filter", r.settings.UserFilter)
	}
	err = r.req.Graph.List(ctx, graph.Query{URL: r.req.Endpoint + "/users?" + q.Encode()}, func(ctx context.Context, p graph.Page) error {
		for _, raw := range p.Items {
			var u struct {
				ID string `json:"id"`
			}
			if err := json.Unmarshal(raw, &u); err != nil || u.ID == "" {
				return fmt.Errorf("users page %d: an item has no id", p.Number)
			}
			if ctx.Err() != nil {
				return context.Cause(ctx)
			}
			fn(strings.ToLower(u.ID))
		}
		return nil
	})
	if err == nil {
		return true, nil
	}
	if ctx.Err() != nil {
		return false, context.Cause(ctx)
	}
	if !r.req.Shard.OwnsStream(ListingStream) { // every shard failed alike; one reports it
		return false, nil
	}
	return false, r.emit.FailStream(ListingStream, fmt.Errorf("list the tenant's users (needs User.Read.All): %w", err))
}

// listed resolves the configured mailboxes; object ids are taken as they
// are, user principal names are looked up.
func (r *round) listed(ctx context.Context, res Resource, fn func(user string)) (bool, error) {
	complete := true
	for _, m := range r.settings.Mailboxes {
		if ctx.Err() != nil {
			return false, context.Cause(ctx)
		}
		if objectID.MatchString(m) {
			fn(strings.ToLower(m))
			continue
		}
		var u struct {
			ID string `json:"id"`
		}
		err := r.req.Graph.GetJSON(ctx, r.req.Endpoint+"/users/"+url.PathEscape(m)+"?$select=id", http.Header{}, &u)
		if err == nil && u.ID != "" {
			fn(strings.ToLower(u.ID))
			continue
		}
		if ctx.Err() != nil {
			return false, context.Cause(ctx)
		}
		if err == nil {
			err = errors.New("the user has no id")
		}
		complete = false
		if !r.req.Shard.Owns(m) { // one shard reports it: the one its streams' ids map to
			continue
		}
		if err := res.Fail(r.mailbox(m), fmt.Errorf("resolve mailbox %s to its user id: %w", m, err)); err != nil {
			return false, err
		}
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
