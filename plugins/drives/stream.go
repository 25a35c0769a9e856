package drives

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
)

// reasonFolderDeleted is the checkpoint reason of a drive read again in
// full because its incremental round reported a deleted folder.
const reasonFolderDeleted = "a folder was deleted: the drive was read again in full, so that the items under it leave the lake whether or not Graph reported them"

// syncDrive runs one drive's round. The checkpoint is held until the
// items whose folders came later in the round have been written; an
// incremental round that reported a deleted folder is followed at once by
// a full round of the drive (the host then sweeps what it did not
// return).
func (r *round) syncDrive(ctx context.Context, driveID string) error {
	first := r.req.Endpoint + "/drives/" + url.PathEscape(driveID) + "/root/delta"
	if r.cfg.PageSize > 0 {
		first += "?$top=" + strconv.Itoa(r.cfg.PageSize)
	}
	out, tree, err := r.runDrive(ctx, r.req, driveID, first)
	if err != nil || !out.Held {
		return err
	}
	if out.OK() && out.Checkpoint.Mode == sdk.ModeIncremental && tree.deletedFolder {
		full := *r.req
		full.Streams = sdk.StreamStates{}
		again, _, err := r.runDrive(ctx, &full, driveID, first)
		if err != nil {
			return err
		}
		if again.OK() {
			again.Checkpoint.Mode, again.Checkpoint.Reason = sdk.ModeResync, reasonFolderDeleted
			again.Checkpoint.Pages += out.Checkpoint.Pages
			again.Checkpoint.Upserts += out.Checkpoint.Upserts
			again.Checkpoint.Deletes += out.Checkpoint.Deletes
			return r.emit.Release(again.Checkpoint)
		}
		// The full round failed: keep the incremental round's deltaLink;
		// the next deleted folder (or a resync) tries again.
	}
	return r.emit.Release(out.Checkpoint)
}

// runDrive runs one round of a drive's stream from req's state, holding
// its checkpoint, and writes the items left waiting for their folders.
func (r *round) runDrive(ctx context.Context, req *sdk.SyncRequest, driveID, first string) (sdk.DeltaOutcome, *tree, error) {
	t := newTree(driveID)
	out, err := sdk.RunDeltaOutcome(ctx, req, r.emit, sdk.DeltaStream{ID: driveID, Table: ItemsTable, URL: first,
		HoldCheckpoint: true, Item: t.item})
	if err != nil {
		return out, t, err
	}
	if err := t.flush(r.emit); err != nil {
		return out, t, fmt.Errorf("drive %s: %w", driveID, err)
	}
	// The SDK counts "@removed" items as deletions; the deleted facet's
	// were counted as upserts.
	out.Checkpoint.Upserts -= t.facetDeletes
	out.Checkpoint.Deletes += t.facetDeletes
	return out, t, nil
}

// tree is what one round of a drive saw of its folders, and the items
// still waiting for theirs.
type tree struct {
	drive   string
	driveID json.RawMessage
	folders map[string]node // by id
	// waiting holds the items whose folders the round has not shown yet,
	// by id: a later occurrence of the same item replaces or cancels its
	// entry, so that the last occurrence wins, as Graph's feed means it.
	waiting map[string]table.Object
	order   []string
	// deletedFolder is set when the round reported a deleted folder.
	deletedFolder bool
	// facetDeletes counts the deletions marked by the deleted facet alone.
	facetDeletes int64
}

// node is a folder's place: its name and parent ("" for the root).
type node struct {
	name, parent string
	root         bool
}

func newTree(drive string) *tree {
	raw, _ := json.Marshal(drive)
	return &tree{drive: drive, driveID: raw, folders: map[string]node{}, waiting: map[string]table.Object{}}
}

// item handles one item of the feed: a deletion becomes a tombstone; a
// live item is written with driveId and path when its folders are known,
// else kept for flush.
func (t *tree) item(_ context.Context, emit *sdk.Emitter, stream string, obj table.Object) error {
	var id string
	if err := json.Unmarshal(obj["id"], &id); err != nil || id == "" {
		return fmt.Errorf("drive %s: an item has no id: %w", t.drive, sdk.ErrBadItem)
	}
	_, folder := obj["folder"]
	delete(t.waiting, id)
	if isDeleted(obj) {
		if folder {
			t.deletedFolder = true
		}
		if _, removed := obj["@removed"]; !removed {
			t.facetDeletes++
		}
		delete(t.folders, id)
		return emit.Tombstone(ItemsTable, stream, map[string]string{"driveId": t.drive, "id": id}, "deleted")
	}
	_, root := obj["root"]
	parent, _ := sub(obj, "parentReference", "id")
	var parentID, name string
	_ = json.Unmarshal(parent, &parentID)
	_ = json.Unmarshal(obj["name"], &name)
	if folder || root {
		t.folders[id] = node{name: name, parent: parentID, root: root}
	}
	if p, ok := t.path(id, name, parentID, root); ok {
		return t.write(emit, stream, obj, p)
	}
	t.waiting[id] = cloneObject(obj)
	t.order = append(t.order, id)
	return nil
}

// isDeleted reports whether an item is a deletion: the deleted facet, or
// "@removed" as other delta resources mark one.
func isDeleted(obj table.Object) bool {
	if raw, ok := obj["deleted"]; ok && string(raw) != "null" {
		return true
	}
	_, removed := obj["@removed"]
	return removed
}

// maxPathBytes bounds the path built for an item. OneDrive and SharePoint
// keep a path under 400 characters; a longer chain of names is a tree
// Graph's answer got wrong (a cycle of folders with long names, which
// would otherwise grow the path hop after hop), and the path is unknown.
const maxPathBytes = 32 << 10

// path builds an item's path from the folders seen; ok is false when a
// folder above it is unknown, or the folders above it make a cycle or a
// path longer than maxPathBytes.
func (t *tree) path(id, name, parent string, root bool) (string, bool) {
	if root || parent == "" {
		return "/", true
	}
	names, size := []string{name}, len(name)
	for seen := 0; seen < 1000 && size <= maxPathBytes; seen++ {
		f, ok := t.folders[parent]
		if !ok {
			return "", false
		}
		if f.root || f.parent == "" {
			slices.Reverse(names)
			return "/" + strings.Join(names, "/"), true
		}
		names, size, parent = append(names, f.name), size+1+len(f.name), f.parent
	}
	return "", false // a cycle (moves seen half-way), or too long
}

// write emits a live item with its driveId and path (JSON null: unknown).
func (t *tree) write(emit *sdk.Emitter, stream string, obj table.Object, path string) error {
	obj["driveId"] = t.driveID
	obj["path"] = json.RawMessage("null")
	if path != "" {
		raw, _ := json.Marshal(path)
		obj["path"] = raw
	}
	return emit.Object(ItemsTable, stream, obj)
}

// flush writes the items that waited for their folders: with a path when
// the round showed them after all, else with a null path.
func (t *tree) flush(emit *sdk.Emitter) error {
	for _, id := range t.order {
		obj, ok := t.waiting[id]
		if !ok {
			continue
		}
		delete(t.waiting, id)
		var name, parent string
		_ = json.Unmarshal(obj["name"], &name)
		raw, _ := sub(obj, "parentReference", "id")
		_ = json.Unmarshal(raw, &parent)
		p, _ := t.path(id, name, parent, false)
		if err := t.write(emit, t.drive, obj, p); err != nil {
			return err
		}
	}
	t.order = nil
	return nil
}

// cloneObject copies an item the SDK reuses after the call.
func cloneObject(obj table.Object) table.Object {
	out := make(table.Object, len(obj))
	for k, v := range obj {
		out[k] = append(json.RawMessage(nil), v...)
	}
	return out
}
