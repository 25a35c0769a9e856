package mailbox

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"

	"github.com/graphlake/graphlake/sdk/graph"
)

// syncMailbox runs one mailbox: its folders stream, then its folders'
// items streams, at most Concurrency at once, those of the folders the
// last round synced starting with the folders stream, held until its plan
// says whether they run (see itemsRun). The folders checkpoint goes last:
// if a new folder's first items round fails, the folders stream keeps its
// old deltaLink, so that the next round sees the folder as new again and
// retries it. Graph failures end up in checkpoints; the error is the
// host's.
func (b *mailboxRun) syncMailbox(ctx context.Context) error {
	known, err := b.resolveWellKnown(ctx)
	if err != nil {
		if b.Discovered && !b.prior.folders && NoMailbox(err) {
			return nil
		}
		return b.failMailbox(ctx, err)
	}
	fr := newFolderRound(b.User, b.Filter, known, &b.prior)
	items := b.startItems(ctx)
	out, err := b.runFolders(ctx, fr)
	cp := out.Checkpoint
	switch {
	case err != nil || out.Absent:
		return errors.Join(err, items.drop())
	case out.Failed():
		if err := items.drop(); err != nil {
			return err
		}
		if err := b.Emit.Release(cp); err != nil {
			return err
		}
		return b.failItems("the mailbox's folders stream failed: " + cp.Error)
	}
	run, end, drop := fr.plan(b.prior.itemFolders, cp)
	items.decide(run)
	if err := b.finish(end, drop); err != nil {
		return errors.Join(err, items.wait())
	}
	failedNew, err := items.run(run)
	if err != nil {
		return err
	}
	if failedNew == "" {
		failedNew = fr.unjudged()
	}
	if failedNew != "" {
		return b.Emit.ReleaseFailed(cp, "kept at its previous deltaLink so that the folder is retried: "+failedNew)
	}
	return b.Emit.Release(cp)
}

// finish ends the items streams of folders gone from the mailbox, and
// removes the rows of those the folders stream did not remove itself.
func (b *mailboxRun) finish(end []string, drop map[string]string) error {
	for _, f := range end {
		if err := b.Emit.EndStream(b.StreamID(f)); err != nil {
			return err
		}
	}
	ids := make([]string, 0, len(drop))
	for id := range drop {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if err := b.endFolders([]string{id}, drop[id]); err != nil {
			return err
		}
	}
	return nil
}

// endFolders removes folders of the mailbox with the given reason and
// ends their items streams.
func (b *mailboxRun) endFolders(folders []string, reason string) error {
	for _, f := range folders {
		if err := b.Emit.Tombstone(b.FoldersTable, b.StreamID(FoldersStream), map[string]string{"userId": b.User, "id": f}, reason); err != nil {
			return fmt.Errorf("remove folder %s of mailbox %s: %w", f, b.User, err)
		}
		if err := b.Emit.EndStream(b.StreamID(f)); err != nil {
			return err
		}
	}
	return nil
}

// failMailbox fails every stream of a mailbox that could not start.
func (b *mailboxRun) failMailbox(ctx context.Context, cause error) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	failed := fmt.Errorf("resolve the well-known folders of the filters: %w", cause)
	if err := b.Emit.FailStream(b.StreamID(FoldersStream), failed); err != nil {
		return err
	}
	return b.failItems("the mailbox's folders stream failed: " + failed.Error())
}

// failItems fails the items streams of a mailbox whose folders stream
// failed: a mailbox that answers 403 or 404 would refuse them too, and
// they keep their deltaLinks for the next round.
func (b *mailboxRun) failItems(msg string) error {
	for _, f := range b.prior.itemFolders {
		if err := b.Emit.SkipStream(b.StreamID(f), errors.New(msg)); err != nil {
			return err
		}
	}
	return nil
}

// resolveWellKnown maps the well-known names the filter uses to this
// mailbox's folder ids; a name the mailbox lacks maps to "".
func (b *mailboxRun) resolveWellKnown(ctx context.Context) (map[string]string, error) {
	names := b.Filter.wellKnownUsed()
	known := make(map[string]string, len(names))
	header := http.Header{}
	if p := b.readPrefer(); len(p) > 0 {
		header["Prefer"] = p
	}
	for _, name := range names {
		var f struct {
			ID string `json:"id"`
		}
		link := b.collection() + "/" + name + "?$select=id"
		err := b.Req.Graph.GetJSON(ctx, link, header, &f)
		var api *graph.APIError
		switch {
		case errors.As(err, &api) && api.Status == http.StatusNotFound && !NoMailbox(err):
		case err != nil:
			return nil, fmt.Errorf("folder %s: %w", name, err)
		}
		known[name] = f.ID
	}
	return known, nil
}
