package calendar

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

// mailboxesStream is the pseudo-stream whose failed checkpoint reports a
// failure to list the tenant's users.
const mailboxesStream = "mailboxes"

// mailboxes calls fn with the object id of each mailbox to sync, as they
// are found: the listed ones (user principal names resolved), or every
// user of the tenant. complete is false when some could not be found: the
// streams of mailboxes not seen must not be ended on such a round.
func (r *round) mailboxes(ctx context.Context, fn func(user string)) (complete bool, err error) {
	if len(r.cfg.Mailboxes) > 0 {
		return r.listed(ctx, fn)
	}
	q := url.Values{"$select": {"id"}, "$top": {"999"}}
	if r.cfg.UserFilter != "" {
		q.Set("$filter", r.cfg.UserFilter)
	}
	err = r.req.Graph.List(ctx, graph.Query{URL: r.req.Endpoint + "/users?" + q.Encode()}, func(ctx context.Context, p graph.Page) error {
		for _, raw := range p.Items {
			var u struct {
				ID string `json:"id"`
			}
			if err := json.Unmarshal(raw, &u); err != nil || u.ID == "" {
				return fmt.Errorf("users page %d: an item has no id", p.Number)
			}
			fn(strings.ToLower(u.ID))
		}
		return nil
	})
	switch {
	case err == nil:
		return true, nil
	case ctx.Err() != nil:
		return false, context.Cause(ctx)
	case !r.req.Shard.OwnsStream(mailboxesStream): // every shard failed alike; one reports it
		return false, nil
	}
	return false, r.emit.FailStream(mailboxesStream, fmt.Errorf("list the tenant's users (needs User.Read.All): %w", err))
}

// listed resolves the configured mailboxes; object ids are taken as they
// are, user principal names are looked up.
func (r *round) listed(ctx context.Context, fn func(user string)) (bool, error) {
	complete := true
	for _, m := range r.cfg.Mailboxes {
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
		if !r.req.Shard.OwnsStream(m + streamSuffix) { // one shard reports it
			continue
		}
		if err := r.emit.FailStream(m+streamSuffix, fmt.Errorf("resolve mailbox %s to its user id: %w", m, err)); err != nil {
			return false, err
		}
	}
	return complete, nil
}

// noMailbox reports whether a Graph error says that the user has no
// mailbox (or is not one Graph can reach).
func noMailbox(err error) bool {
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
