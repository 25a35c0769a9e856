package mail

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
// are found. complete is false when some could not be found (a failed
// checkpoint then says why): streams of mailboxes not seen must not be
// ended on such a round.
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
	if !r.req.Shard.OwnsStream(mailboxesStream) { // every shard failed alike; one reports it
		return false, nil
	}
	return false, r.emit.FailStream(mailboxesStream, fmt.Errorf("list the tenant's users (needs User.Read.All): %w", err))
}

// listed resolves the configured mailboxes; object ids are taken as they
// are, user principal names are looked up.
func (r *round) listed(ctx context.Context, fn func(user string)) (bool, error) {
	complete := true
	for _, m := range r.cfg.Mailboxes {
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
		if !r.req.Shard.OwnsStream(foldersStreamID(m)) { // one shard reports it
			continue
		}
		if err := r.emit.FailStream(foldersStreamID(m), fmt.Errorf("resolve mailbox %s to its user id: %w", m, err)); err != nil {
			return false, err
		}
	}
	return complete, nil
}

// sweepGone ends the streams of mailboxes that the last round synced and
// this one no longer lists (user deleted, filter or list changed), and
// removes their folders, which takes their messages out of the current
// state.
func (r *round) sweepGone(seen map[string]bool) error {
	for user, p := range r.prior {
		if seen[user] || user == mailboxesStream {
			continue
		}
		if err := r.endFolders(user, p.messageFolders, "mailbox removed"); err != nil {
			return err
		}
		if p.folders {
			if err := r.emit.EndStream(foldersStreamID(user)); err != nil {
				return err
			}
		}
		if p.tree {
			if err := r.emit.EndStream(treeStreamID(user)); err != nil {
				return err
			}
		}
	}
	return nil
}

// endFolders removes folders of a mailbox with the given reason and ends
// their messages streams.
func (r *round) endFolders(user string, folders []string, reason string) error {
	for _, f := range folders {
		if err := r.emit.Tombstone(FoldersTable, foldersStreamID(user), map[string]string{"userId": user, "id": f}, reason); err != nil {
			return fmt.Errorf("remove folder %s of mailbox %s: %w", f, user, err)
		}
		if err := r.emit.EndStream(messagesStreamID(user, f)); err != nil {
			return err
		}
	}
	return nil
}
