package mail

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/graph"
)

// syncMailbox runs one mailbox: its folders stream, then its folders'
// messages streams, at most cfg.MailboxConcurrency at once. The folders
// checkpoint goes last: if a new folder's first messages round fails, the
// folders stream keeps its old deltaLink, so that the next round sees the
// folder as new again and retries it. Graph failures end up in
// checkpoints; the error is the host's.
func (r *round) syncMailbox(ctx context.Context, user string) error {
	prior := r.prior[user]
	if prior == nil {
		prior = &priorMailbox{}
	}
	discovered := len(r.cfg.Mailboxes) == 0
	known, err := r.resolveWellKnown(ctx, user)
	if err != nil {
		if discovered && !prior.folders && noMailbox(err) {
			return nil
		}
		return r.failMailbox(ctx, user, prior, err)
	}
	fr := newFolderRound(user, r.filter, known, prior)
	out, err := r.runFolders(ctx, fr, prior, discovered)
	cp := out.Checkpoint
	switch {
	case err != nil || out.Absent:
		return err
	case out.Failed():
		if err := r.emit.Release(cp); err != nil {
			return err
		}
		return r.failMessages(user, prior.messageFolders, "the mailbox's folders stream failed: "+cp.Error)
	}
	run, end, drop := fr.plan(prior.messageFolders, cp)
	if err := r.finish(user, end, drop); err != nil {
		return err
	}
	failedNew, err := r.runMessages(ctx, user, run, prior.messageFolders)
	if err != nil {
		return err
	}
	if failedNew == "" {
		failedNew = fr.unjudged()
	}
	if failedNew != "" {
		return r.emit.ReleaseFailed(cp, "kept at its previous deltaLink so that the folder is retried: "+failedNew)
	}
	return r.emit.Release(cp)
}

// runMessages runs the messages streams of folders; failedNew describes
// the first failure among folders that had no stream state.
func (r *round) runMessages(ctx context.Context, user string, folders, prior []string) (failedNew string, err error) {
	had := make(map[string]bool, len(prior))
	for _, f := range prior {
		had[f] = true
	}
	var mu sync.Mutex
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(r.cfg.MailboxConcurrency)
	for _, folder := range folders {
		g.Go(func() error {
			out, err := sdk.RunDeltaOutcome(gctx, r.req, r.emit, r.keepPageSize(r.messagesStream(user, folder)))
			if err == nil && !had[folder] && !out.OK() {
				mu.Lock()
				if failedNew == "" {
					failedNew = fmt.Sprintf("the first messages round of folder %s ended %s: %s", folder, out.Checkpoint.Status, out.Checkpoint.Error)
				}
				mu.Unlock()
			}
			return err
		})
	}
	return failedNew, g.Wait()
}

// finish ends the messages streams of folders gone from the mailbox, and
// removes the rows of those the folders stream did not remove itself.
func (r *round) finish(user string, end []string, drop map[string]string) error {
	for _, f := range end {
		if err := r.emit.EndStream(messagesStreamID(user, f)); err != nil {
			return err
		}
	}
	ids := make([]string, 0, len(drop))
	for id := range drop {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if err := r.endFolders(user, []string{id}, drop[id]); err != nil {
			return err
		}
	}
	return nil
}

// failMailbox fails every stream of a mailbox that could not start.
func (r *round) failMailbox(ctx context.Context, user string, prior *priorMailbox, cause error) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	failed := fmt.Errorf("resolve the well-known folders of the filters: %w", cause)
	if err := r.emit.FailStream(foldersStreamID(user), failed); err != nil {
		return err
	}
	return r.failMessages(user, prior.messageFolders, "the mailbox's folders stream failed: "+failed.Error())
}

// failMessages fails the messages streams of a mailbox whose folders
// stream failed: a mailbox that answers 403 or 404 would refuse them too,
// and they keep their deltaLinks for the next round.
func (r *round) failMessages(user string, folders []string, msg string) error {
	for _, f := range folders {
		if err := r.emit.SkipStream(messagesStreamID(user, f), errors.New(msg)); err != nil {
			return err
		}
	}
	return nil
}

// resolveWellKnown maps the well-known names the filters use to this
// mailbox's folder ids; a name the mailbox lacks maps to "".
func (r *round) resolveWellKnown(ctx context.Context, user string) (map[string]string, error) {
	names := r.filter.wellKnown()
	known := make(map[string]string, len(names))
	header := http.Header{"Prefer": {`IdType="ImmutableId"`}}
	for _, name := range names {
		var f struct {
			ID string `json:"id"`
		}
		link := r.req.Endpoint + "/users/" + url.PathEscape(user) + "/mailFolders/" + name + "?$select=id"
		err := r.req.Graph.GetJSON(ctx, link, header, &f)
		var api *graph.APIError
		switch {
		case errors.As(err, &api) && api.Status == http.StatusNotFound && !noMailbox(err):
		case err != nil:
			return nil, fmt.Errorf("folder %s: %w", name, err)
		}
		known[name] = f.ID
	}
	return known, nil
}

// noMailbox reports whether err says the user has no mailbox (or no
// longer exists): in a tenant-wide sync such a user is skipped. Graph
// answers a mailbox-less user with any of 404 MailboxNotEnabledForRESTAPI,
// ErrorInvalidUser and ResourceNotFound ("Resource could not be
// discovered."), one user sometimes with different codes on different
// calls (GRAPH-DELTA.md §3.2); a user deleted since the listing answers
// ErrorInvalidUser. Only mailbox requests are judged by it, where a
// missing folder answers ErrorItemNotFound or ErrorSyncFolderNotFound.
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
