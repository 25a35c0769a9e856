package mailbox

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
)

// Folders declares a per-mailbox resource kept in Outlook folders: per
// mailbox a folders delta stream, /users/{id}/{Collection}/delta (stream
// "<userId>/folders"), then one items delta stream per synced folder,
// /users/{id}/{Collection}/{folderId}/{Items}/delta (stream
// "<userId>/<folderId>"), each with its own deltaLink. Mail is
// mailFolders and messages; personal contacts are contactFolders and
// contacts.
//
// The folder rules: a folder's rows carry userId; a deleted folder ends
// its items stream, and its items leave the current state through the
// items table's parent link to the folders table (keyed (userId, id); the
// items table by (userId, folderId, id) with Parent (userId, folderId)).
// An item moved between folders is a removal under the old folder's
// stream and an upsert under the new one's. Graph may send an updated
// folder as its id and the changed properties only: rows list the
// properties present, and the filter keeps its last decision or reads the
// folder whole (see folderRound.decide). Whether the folders delta
// returns nested folders is not documented: the tree mode (tree.go)
// finds out per mailbox and, when children are missing, lists the tree
// through childFolders every round. A folder moved into another one may
// leave the delta as @removed: it is removed only if the tree does not
// hold it elsewhere.
type Folders struct {
	// FoldersTable receives the folders; ItemsTable the items.
	FoldersTable, ItemsTable string
	// Collection is the mailbox's folder collection ("mailFolders",
	// "contactFolders"); Items the folder's item collection ("messages",
	// "contacts").
	Collection, Items string
	// FolderSelect is the folders stream's $select, comma-separated; it
	// must name displayName and parentFolderId. A folder item lacking one
	// of its properties is a partial update.
	FolderSelect string
	// ChildCount is the folder property that counts a folder's child
	// folders (mail: "childFolderCount"), which the tree mode compares
	// with the children that arrived; it must be in FolderSelect. Empty
	// for a kind without one (contact folders): full rounds decide the
	// tree mode then (see uncountedMode).
	ChildCount string
	// Root, when set, is the well-known name of a folder that the folders
	// delta may leave out although it holds items (personal contacts:
	// "contacts", the default Contacts folder, parent of the top-level
	// contact folders): every round reads it, GET {Collection}/{Root}, and
	// syncs it as any folder (see readRoot).
	Root string
	// ItemsQuery is the query of an items stream's first round
	// ("$select=…&$filter=…").
	ItemsQuery string
	// ItemsRoundCap and ItemsRoundCapFix are the items streams'
	// sdk.DeltaStream RoundCap and RoundCapFix: the most items Graph
	// returns in a round of ItemsQuery (a filtered message delta: 5,000),
	// and what to do when a round reaches it.
	ItemsRoundCap    int64
	ItemsRoundCapFix string
	// Prefer values are sent on every page; those other than
	// odata.maxpagesize also on single reads (a folder by id or by
	// well-known name).
	Prefer []string
	// LegacyPrefer, when set, is Prefer as a former version sent it (a
	// former default page size): a stream whose stored deltaLink was made
	// with it keeps it, rather than reading everything again (see
	// keepPrefer).
	LegacyPrefer []string
	// Filter decides which folders are synced (NewFilter); the zero
	// Filter syncs every folder.
	Filter Filter
}

// Folder stream names within a mailbox: the folders stream and the tree
// walk's stream (tree.go); any other name is a folder's items stream.
const (
	FoldersStream = "folders"
	TreeStream    = FoldersStream + "/tree"
)

// mailboxRun is one mailbox's round of a Folders resource.
type mailboxRun struct {
	*Folders
	*Mailbox
	prior priorMailbox
}

// Sync implements Resource: the folders stream, then the folders' items
// streams, at most m.Concurrency at once (see syncMailbox).
func (d *Folders) Sync(ctx context.Context, m *Mailbox) error {
	return (&mailboxRun{Folders: d, Mailbox: m, prior: priorOf(m.Prior)}).syncMailbox(ctx)
}

// Sweep implements Resource: the mailbox's folders are removed, which
// takes their items out of the current state, and its streams end.
func (d *Folders) Sweep(m *Mailbox) error {
	b := &mailboxRun{Folders: d, Mailbox: m, prior: priorOf(m.Prior)}
	if err := b.endFolders(b.prior.itemFolders, "mailbox removed"); err != nil {
		return err
	}
	if b.prior.folders {
		if err := m.Emit.EndStream(m.StreamID(FoldersStream)); err != nil {
			return err
		}
	}
	if b.prior.tree {
		return m.Emit.EndStream(m.StreamID(TreeStream))
	}
	return nil
}

// Fail implements Resource: the folders stream fails, and the items
// streams are skipped; all keep their deltaLinks.
func (d *Folders) Fail(m *Mailbox, cause error) error {
	b := &mailboxRun{Folders: d, Mailbox: m, prior: priorOf(m.Prior)}
	if err := m.Emit.FailStream(m.StreamID(FoldersStream), cause); err != nil {
		return err
	}
	return b.failItems("the mailbox's folders stream failed: " + cause.Error())
}

// itemsStream is one folder's items delta stream. Every row carries the
// mailbox and the folder, tombstones included: an item moved out of this
// folder is removed here only.
func (b *mailboxRun) itemsStream(folder string) sdk.DeltaStream {
	userJSON, _ := json.Marshal(b.User)
	folderJSON, _ := json.Marshal(folder)
	tbl := b.ItemsTable
	return sdk.DeltaStream{ID: b.StreamID(folder), Table: tbl, Prefer: b.Prefer, RoundCap: b.ItemsRoundCap, RoundCapFix: b.ItemsRoundCapFix,
		URL: b.collection() + "/" + url.PathEscape(folder) + "/" + b.Items + "/delta?" + b.ItemsQuery,
		Item: func(_ context.Context, emit *sdk.Emitter, stream string, obj table.Object) error {
			obj["userId"], obj["folderId"] = userJSON, folderJSON
			if err := emit.Object(tbl, stream, obj); err != nil {
				return fmt.Errorf("stream %s: %w", stream, err)
			}
			return nil
		}}
}

// collection is the URL of the mailbox's folder collection.
func (b *mailboxRun) collection() string {
	return b.Req.Endpoint + "/users/" + url.PathEscape(b.User) + "/" + b.Collection
}

// readPrefer is the Prefer header of a single read: Prefer without the
// page size.
func (b *mailboxRun) readPrefer() []string {
	var out []string
	for _, p := range b.Prefer {
		if !strings.HasPrefix(p, "odata.maxpagesize") {
			out = append(out, p)
		}
	}
	return out
}
