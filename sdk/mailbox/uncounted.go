package mailbox

import (
	"context"
	"encoding/json"
	"fmt"
)

// A folder kind without a child count (contact folders have no
// childFolderCount) gives no sign that the folders delta left children
// out: a top-level-only delta simply never mentions them. Its tree mode is
// decided by full rounds of the folders stream only, which return every
// folder the delta returns at all:
//
//   - a full round in which a folder nested under another (not the root)
//     arrived decides treeWhole: the delta holds the whole tree, and no
//     other folder request is made;
//   - any other full round decides treeWalk: the tree is listed every
//     round, each folder's childFolders included (one request per folder,
//     as nothing says which folders have children).
//
// Incremental rounds keep the mode; a mode left undecided (older state)
// walks, as treeWalk does.
func (f *folderRound) uncountedMode(mode string, full bool) string {
	if !full {
		if mode == treeUnknown {
			return treeWalk
		}
		return mode
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for id, n := range f.tree {
		if _, ok := f.tree[n.parent]; ok && n.parent != f.rootID && n.parent != id {
			return treeWhole
		}
	}
	return treeWalk
}

// decideMode is the tree mode after the folders stream (treeMode, or
// uncountedMode for a kind without a child count).
func (f *folderRound) decideMode(mode string, full bool) string {
	if f.childCount == "" {
		return f.uncountedMode(mode, full)
	}
	return f.treeMode(mode, full)
}

// readRoot reads the folder Folders.Root names (the default Contacts
// folder), which the folders delta may leave out, and syncs it as any
// folder of the folders stream: judged by the filter and written on a
// full round (full: the stream started without a deltaLink or Graph made
// it resync, and the host deletes the rows it did not write) or when the
// last round did not sync it; a folder the last round synced is kept as
// it is on an incremental round (the delta reports its changes, if it
// lists it at all). When it cannot be read, the folders stream keeps its
// deltaLink (see unjudged).
func (b *mailboxRun) readRoot(ctx context.Context, f *folderRound, full bool) error {
	obj, err := f.fetch(ctx, b.Root)
	if err != nil {
		if ctx.Err() != nil {
			return context.Cause(ctx)
		}
		f.mu.Lock()
		f.unsure = append(f.unsure, fmt.Sprintf("folder %s: %v", b.Root, err))
		f.mu.Unlock()
		return nil
	}
	var id string
	if err := json.Unmarshal(obj["id"], &id); err != nil || id == "" {
		return fmt.Errorf("stream %s: folder %s has no id", b.StreamID(FoldersStream), b.Root)
	}
	f.rootID = id
	f.mu.Lock()
	_, decided := f.live[id]
	keep := !full && f.synced[id]
	if keep && !decided {
		f.live[id] = true
	}
	f.mu.Unlock()
	if decided || keep {
		f.note(id, obj)
		return nil
	}
	return f.judge(ctx, b.Emit, b.StreamID(FoldersStream), obj, true)
}
