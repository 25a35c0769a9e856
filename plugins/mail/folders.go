package mail

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"sync"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// folderSelect is the $select of the folders stream.
const folderSelect = "displayName,parentFolderId,childFolderCount,unreadItemCount,totalItemCount,isHidden"

// folderRound collects what one mailbox's folders stream reported.
type folderRound struct {
	user     string
	userJSON json.RawMessage
	filter   folderFilter
	known    map[string]string // well-known name → folder id
	// full is true when the stream reads every folder (no usable
	// deltaLink): excluded folders are then removed, and folders with a
	// messages stream that the round does not return are swept.
	full bool

	mu       sync.Mutex
	live     map[string]bool // synced folders the stream returned
	removed  map[string]bool // folders Graph reported @removed
	excluded map[string]bool // folders the filter excludes
}

func newFolderRound(user string, filter folderFilter, known map[string]string) *folderRound {
	userJSON, _ := json.Marshal(user)
	return &folderRound{user: user, userJSON: userJSON, filter: filter, known: known,
		live: map[string]bool{}, removed: map[string]bool{}, excluded: map[string]bool{}}
}

// stream is the mailbox's folders delta stream.
func (r *round) foldersStream(f *folderRound) sdk.DeltaStream {
	return sdk.DeltaStream{ID: foldersStreamID(f.user), Table: FoldersTable, Prefer: r.prefer, Salt: r.filter.salt(), HoldCheckpoint: true,
		URL:  r.req.Endpoint + "/users/" + url.PathEscape(f.user) + "/mailFolders/delta?$select=" + folderSelect,
		Item: f.item}
}

// item emits one folder: an upsert when synced, a removal when Graph
// removed it or the filter excludes it.
func (f *folderRound) item(_ context.Context, emit *sdk.Emitter, stream string, obj table.Object) error {
	var id, name string
	if err := json.Unmarshal(obj["id"], &id); err != nil || id == "" {
		return fmt.Errorf("stream %s: a folder has no id", stream)
	}
	obj["userId"] = f.userJSON
	_, removed := obj["@removed"]
	synced := false
	if !removed {
		_ = json.Unmarshal(obj["displayName"], &name)
		synced = f.filter.syncs(id, name, f.known)
	}
	f.mu.Lock()
	f.live[id], f.removed[id], f.excluded[id] = synced, removed, !removed && !synced
	f.mu.Unlock()
	var err error
	switch {
	case removed || synced:
		err = emit.Object(FoldersTable, stream, obj)
	case !f.full:
		err = emit.Tombstone(FoldersTable, stream, map[string]string{"userId": f.user, "id": id}, "excluded")
	}
	if err != nil {
		return fmt.Errorf("stream %s: folder %s: %w", stream, id, err)
	}
	return nil
}

// plan sorts the mailbox's folders after its folders stream ended with
// cp: the messages streams to run; those to end, whose folder rows the
// stream already removed; and those to drop, whose folder rows must be
// removed too (excluded on a full round, which emits no rows for excluded
// folders, or no longer returned by a full round), by reason.
func (f *folderRound) plan(prior []string, cp wire.Checkpoint) (run, end []string, drop map[string]string) {
	full := cp.Status == wire.StatusOK && cp.Mode != sdk.ModeIncremental
	had, drop := map[string]bool{}, map[string]string{}
	for _, id := range prior {
		had[id] = true
		switch {
		case f.removed[id] || (f.excluded[id] && !f.full):
			end = append(end, id)
		case f.excluded[id]:
			drop[id] = "excluded"
		case full && !f.live[id]:
			drop[id] = "resync"
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
