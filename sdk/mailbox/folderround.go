package mailbox

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"sync"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
)

// folderRound collects what one mailbox's folders streams reported.
type folderRound struct {
	user     string
	userJSON json.RawMessage
	filter   Filter
	known    map[string]string // well-known name → folder id
	// synced are the folders the last round synced (those with an items
	// stream state): an update that lacks displayName keeps its folder's
	// decision.
	synced map[string]bool
	// full is true when the stream reads every folder (no usable
	// deltaLink): excluded folders are then removed, and folders with a
	// messages stream that the round does not return are swept.
	full bool
	// complete is true when the round listed every folder of the mailbox
	// (the tree walk, see tree.go): synced folders it did not return are
	// gone, as after a full round.
	complete bool
	// fetch reads one folder whole from Graph, for a partial update that
	// cannot be judged or written as it is (see decide).
	fetch func(ctx context.Context, id string) (table.Object, error)
	// table is the folders table; selected lists the folders stream's
	// $select, and childCount the property among them that counts child
	// folders (tree.go).
	table      string
	selected   []string
	childCount string
	// rootID is the id of the folder Folders.Root names, once read.
	rootID string

	mu       sync.Mutex
	live     map[string]bool // synced folders the stream returned
	removed  map[string]bool // folders Graph reported @removed
	excluded map[string]bool // folders the filter excludes
	// tree holds what the round learnt of the folder tree: each folder's
	// parent and, when the item had it, its childFolderCount.
	tree map[string]treeNode
	// gone are the folders Graph reported @removed, whose tombstones wait
	// for the tree walk: a folder moved from the top level into another
	// folder leaves the top-level delta but is not gone (flushRemovals).
	gone []removal
	// unsure lists the updates whose folder could not be judged (it could
	// not be read): the folders stream then keeps its deltaLink.
	unsure []string
}

func newFolderRound(user string, filter Filter, known map[string]string, prior *priorMailbox) *folderRound {
	userJSON, _ := json.Marshal(user)
	synced := make(map[string]bool, len(prior.itemFolders))
	for _, id := range prior.itemFolders {
		synced[id] = true
	}
	return &folderRound{user: user, userJSON: userJSON, filter: filter, known: known, synced: synced,
		live: map[string]bool{}, removed: map[string]bool{}, excluded: map[string]bool{}, tree: map[string]treeNode{}}
}

// foldersStream is the mailbox's folders delta stream in a tree mode (see
// tree.go).
func (b *mailboxRun) foldersStream(f *folderRound, mode string) sdk.DeltaStream {
	return sdk.DeltaStream{ID: b.StreamID(FoldersStream), Table: b.FoldersTable, Prefer: b.Prefer, Salt: b.modeSalt(mode), HoldCheckpoint: true,
		URL:  b.collection() + "/delta?$select=" + b.FolderSelect,
		Item: f.item}
}

// item emits one folder of the folders stream: an upsert when synced, a
// removal when Graph removed it or the filter excludes it.
func (f *folderRound) item(ctx context.Context, emit *sdk.Emitter, stream string, obj table.Object) error {
	return f.judge(ctx, emit, stream, obj, f.full)
}

// judge decides one folder and emits it. quiet says that the item comes
// from a listing of many folders: an excluded folder is then tombstoned
// only when the last round synced it (a full round's plan drops those
// itself). Graph may send an updated folder as its id and the properties
// that changed only: nothing is decided from a property it left out.
func (f *folderRound) judge(ctx context.Context, emit *sdk.Emitter, stream string, obj table.Object, quiet bool) error {
	var id string
	if err := json.Unmarshal(obj["id"], &id); err != nil || id == "" {
		return fmt.Errorf("stream %s: a folder has no id: %w", stream, sdk.ErrBadItem)
	}
	obj["userId"] = f.userJSON
	_, removed := obj["@removed"]
	synced := false
	if !removed {
		var ok bool
		if synced, obj, ok = f.decide(ctx, id, obj); !ok {
			return nil
		}
		f.note(id, obj)
	}
	f.mu.Lock()
	f.live[id], f.removed[id], f.excluded[id] = synced, removed, !removed && !synced
	f.mu.Unlock()
	var err error
	switch {
	case removed:
		f.deferRemoval(stream, id, obj["@removed"])
	case synced:
		err = emit.Object(f.table, stream, obj)
	case !quiet || (f.synced[id] && !f.full):
		err = emit.Tombstone(f.table, stream, map[string]string{"userId": f.user, "id": id}, sdk.RemovedExcluded)
	}
	if err != nil {
		return fmt.Errorf("stream %s: folder %s: %w", stream, id, err)
	}
	return nil
}

// decide applies the filter to a folder that is not removed, and returns
// the item to write. Graph may send an updated folder as its id and the
// changed properties only. Without displayName, a folder the last round
// synced stays synced; any other is read whole from Graph and judged by
// its name. A folder that becomes synced from such a partial item (a
// rename into the filters) is read whole too, so that its row has every
// column. ok is false when that read failed: the folder is left as it was
// and the folders stream keeps its deltaLink.
func (f *folderRound) decide(ctx context.Context, id string, obj table.Object) (synced bool, item table.Object, ok bool) {
	raw, hasName := obj["displayName"]
	byName := f.filter.byName()
	switch {
	case !hasName && byName && f.synced[id]:
		return true, obj, true
	case hasName || !byName:
		var name string
		_ = json.Unmarshal(raw, &name)
		synced = f.filter.syncs(id, name, f.known)
		if !synced || f.synced[id] || f.full || f.whole(obj) {
			return synced, obj, true
		}
	}
	item, err := f.fetch(ctx, id)
	if err != nil {
		f.mu.Lock()
		f.unsure = append(f.unsure, fmt.Sprintf("folder %s: %v", id, err))
		f.mu.Unlock()
		return false, nil, false
	}
	item["userId"] = f.userJSON
	var name string
	_ = json.Unmarshal(item["displayName"], &name)
	return f.filter.syncs(id, name, f.known), item, true
}

// whole reports whether a folder item carries every selected property.
func (f *folderRound) whole(obj table.Object) bool {
	for _, p := range f.selected {
		if _, ok := obj[p]; !ok {
			return false
		}
	}
	return true
}

// plan sorts the mailbox's folders after its folders stream ended with
// cp: the items streams to run; those to end, whose folder rows the
// stream already removed; and those to drop, whose folder rows must be
// removed too (excluded on a full round, which emits no rows for excluded
// folders, or no longer returned by a full round), by reason.
func (f *folderRound) plan(prior []string, cp sdk.Checkpoint) (run, end []string, drop map[string]string) {
	full := cp.Status == sdk.StatusOK && cp.Mode != sdk.ModeIncremental
	had, drop := map[string]bool{}, map[string]string{}
	for _, id := range prior {
		had[id] = true
		switch {
		case f.removed[id] || (f.excluded[id] && !f.full):
			end = append(end, id)
		case f.excluded[id]:
			drop[id] = sdk.RemovedExcluded
		case (full || f.complete) && !f.live[id]:
			drop[id] = sdk.RemovedResync
		default:
			run = append(run, id)
		}
	}
	var added []string
	for id, synced := range f.live {
		if synced && !had[id] {
			added = append(added, id)
		}
	}
	sort.Strings(added)
	return append(run, added...), end, drop
}

// removal is a folder Graph reported @removed, by stream and reason.
type removal struct{ stream, id, reason string }

func (f *folderRound) deferRemoval(stream, id string, raw []byte) {
	var r struct {
		Reason string `json:"reason"`
	}
	_ = json.Unmarshal(raw, &r)
	if r.Reason == "" {
		r.Reason = "deleted"
	}
	f.mu.Lock()
	f.gone = append(f.gone, removal{stream: stream, id: id, reason: r.Reason})
	f.mu.Unlock()
}

// flushRemovals writes the tombstones of the folders Graph removed that
// the tree walk did not find alive elsewhere in the tree.
func (f *folderRound) flushRemovals(emit *sdk.Emitter) error {
	for _, g := range f.gone {
		if f.live[g.id] {
			continue
		}
		if err := emit.Tombstone(f.table, g.stream, map[string]string{"userId": f.user, "id": g.id}, g.reason); err != nil {
			return fmt.Errorf("stream %s: folder %s: %w", g.stream, g.id, err)
		}
	}
	f.gone = nil
	return nil
}

// unjudged says why a folder of the round could not be judged, "" when
// every one was.
func (f *folderRound) unjudged() string {
	if len(f.unsure) == 0 {
		return ""
	}
	return "a changed folder could not be judged by the filters: " + f.unsure[0]
}
