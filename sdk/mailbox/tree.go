package mailbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/graph"
	"github.com/graphlake/graphlake/sdk/table"
)

// Whether a folders delta (mailFolders/delta) returns a mailbox's whole
// folder tree or only its top-level folders is not documented. The source
// finds out per mailbox, from what arrives: a folder whose child count
// (Folders.ChildCount, mail's childFolderCount) exceeds the
// child folders that came with it has its children elsewhere. The answer
// is kept as the tree mode, recorded in the folders stream's fingerprint
// (its salt), so that it costs nothing to remember:
//
//   - treeWhole: the delta returned nested folders with their parents; it
//     is trusted to report every change of the tree, and no other request
//     is made.
//   - treeWalk: children were missing; after the delta, every round lists
//     the tree (GET {Collection}, then childFolders of every folder with
//     children) and writes the nested folders under the stream
//     "<userId>/folders/tree", whose full rounds sweep the ones gone.
//   - treeUnknown: no folder had children yet. The first folder that
//     shows children decides: if they came in the same round, whole; if
//     not, walk.
const (
	treeUnknown = ""
	treeWhole   = "whole"
	treeWalk    = "walk"
)

// treeNode is what an item told of a folder's place in the tree.
type treeNode struct {
	parent   string
	children int  // childFolderCount
	counted  bool // the item had childFolderCount
}

// note records a folder's parent and child count, when the item has them.
func (f *folderRound) note(id string, obj table.Object) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := f.tree[id]
	if raw, ok := obj["parentFolderId"]; ok {
		_ = json.Unmarshal(raw, &n.parent)
	}
	if raw, ok := obj[f.childCount]; ok && f.childCount != "" && json.Unmarshal(raw, &n.children) == nil {
		n.counted = true
	}
	f.tree[id] = n
}

// treeMode decides the tree mode after the folders stream. A full round
// decides afresh: children missing mean walk, nested folders that all
// came mean whole. An incremental round keeps a decided mode; while it is
// unknown, the first folder with children decides: walk when none of them
// came with it.
func (f *folderRound) treeMode(mode string, full bool) string {
	if !full && mode != treeUnknown {
		return mode
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	arrived := map[string]int{}
	for _, n := range f.tree {
		if n.parent != "" {
			arrived[n.parent]++
		}
	}
	out := treeUnknown
	for id, n := range f.tree {
		if !n.counted || n.children == 0 {
			continue
		}
		if arrived[id] == 0 || (full && arrived[id] < n.children) {
			return treeWalk
		}
		out = treeWhole
	}
	return out
}

// modeSalt is the folders stream's salt for a tree mode: the filter's,
// plus the mode once decided (treeUnknown keeps the salt older versions
// wrote).
func (b *mailboxRun) modeSalt(mode string) string {
	if mode == treeUnknown {
		return b.Filter.salt()
	}
	return b.Filter.salt() + "\x1etree=" + mode
}

// storedMode finds the tree mode the folders stream's stored fingerprint
// was made with; ok is false when none matches (the query or the filter
// changed: the stream reads every folder again).
func (b *mailboxRun) storedMode(f *folderRound, st sdk.StreamState) (mode string, ok bool) {
	for _, m := range []string{treeUnknown, treeWhole, treeWalk} {
		if b.keepPrefer(b.foldersStream(f, m)).Fingerprint() == st.Fingerprint {
			return m, true
		}
	}
	return treeUnknown, false
}

// runFolders runs the mailbox's folders stream, decides the tree mode and,
// when the delta lacks child folders, walks the tree. The folders
// checkpoint is returned held, with the fingerprint of the mode decided.
func (b *mailboxRun) runFolders(ctx context.Context, f *folderRound) (sdk.DeltaOutcome, error) {
	f.table, f.selected, f.childCount = b.FoldersTable, strings.Split(b.FolderSelect, ","), b.ChildCount
	header := http.Header{}
	if p := b.readPrefer(); len(p) > 0 {
		header["Prefer"] = p
	}
	f.fetch = func(ctx context.Context, id string) (table.Object, error) {
		var raw json.RawMessage
		link := b.collection() + "/" + url.PathEscape(id) + "?$select=" + b.FolderSelect
		if err := b.Req.Graph.GetJSON(ctx, link, header, &raw); err != nil {
			return nil, err
		}
		var items table.ObjectReader
		obj, err := items.Read(raw)
		if err != nil {
			return nil, fmt.Errorf("folder %s: %w", id, err)
		}
		delete(obj, "@odata.context")
		return obj, nil
	}
	st, had := b.Req.Streams.Get(b.StreamID(FoldersStream))
	mode, matched := b.storedMode(f, st)
	f.full = !had || st.DeltaLink == "" || !matched
	fs := b.keepPrefer(b.foldersStream(f, mode))
	if b.Discovered {
		fs.Absent = NoMailbox
	}
	out, err := sdk.RunDeltaOutcome(ctx, b.asideReq(), b.Emit, fs)
	cp := &out.Checkpoint
	if err != nil || out.Absent {
		return out, err
	}
	if out.OK() {
		if b.Root != "" {
			// A resync (Graph discarded the sync state) is a full round
			// too: the host deletes the folder rows it did not write.
			if err := b.readRoot(ctx, f, f.full || cp.Mode != sdk.ModeIncremental); err != nil {
				return out, err
			}
		}
		mode = f.decideMode(mode, cp.Mode != sdk.ModeIncremental)
		decided := b.foldersStream(f, mode)
		decided.Prefer = fs.Prefer // the page size the deltaLink was made with
		cp.Fingerprint = decided.Fingerprint()
		switch {
		case mode == treeWalk:
			err = b.walkTree(ctx, f, b.prior.tree)
		case b.prior.tree:
			err = b.Emit.EndStream(b.StreamID(TreeStream))
		}
		if err != nil {
			return out, err
		}
	}
	return out, f.flushRemovals(b.Emit)
}

// walkTree lists the mailbox's folders: the top level, then the child
// folders of every folder that has some, level by level. Nested folders
// are judged and written under the tree stream, whose checkpoint says it
// read everything (so the host deletes the nested folders it no longer
// returns); the round then knows every folder (f.complete). A Graph
// failure fails the tree stream and leaves the round incomplete.
func (b *mailboxRun) walkTree(ctx context.Context, f *folderRound, had bool) error {
	stream := b.StreamID(TreeStream)
	cp := sdk.Checkpoint{Stream: stream, Status: sdk.StatusOK, Mode: sdk.ModeInitial}
	if had {
		cp.Mode, cp.Reason = sdk.ModeResync, "the folder tree is listed in full every round"
	}
	base := b.collection()
	seen := map[string]bool{}
	var parents []string
	list := func(link string, nested bool) error {
		return b.asideReq().Graph.List(ctx, graph.Query{URL: link, Prefer: b.Prefer}, func(ctx context.Context, p graph.Page) error {
			cp.Pages++
			var items table.ObjectReader
			for _, raw := range p.Items {
				obj, err := items.Read(raw)
				if err != nil {
					return fmt.Errorf("stream %s: %w", stream, err)
				}
				var id string
				if err := json.Unmarshal(obj["id"], &id); err != nil || id == "" {
					return fmt.Errorf("stream %s: a folder has no id", stream)
				}
				if seen[id] {
					continue
				}
				seen[id] = true
				if f.hasChildren(obj) {
					parents = append(parents, id)
				}
				if err := b.walked(ctx, f, stream, obj, id, nested); err != nil {
					return err
				}
				cp.Upserts++
			}
			return nil
		})
	}
	err := list(base+"?$select="+b.FolderSelect, false)
	for len(parents) > 0 && err == nil {
		pid := parents[0]
		parents = parents[1:]
		err = list(base+"/"+url.PathEscape(pid)+"/childFolders?$select="+b.FolderSelect, true)
	}
	var emitErr *emitError
	switch {
	case errors.As(err, &emitErr):
		return emitErr.err
	case err != nil && ctx.Err() != nil:
		return context.Cause(ctx)
	case err != nil:
		cp.Status, cp.Mode, cp.Error = sdk.StatusFailed, sdk.ModeIncremental, "list the folder tree: "+err.Error()
	default:
		f.complete = true
	}
	return b.Emit.Checkpoint(cp)
}

// hasChildren reports whether a listed folder's child count says it has
// child folders; every folder may have some when the kind has no count.
func (f *folderRound) hasChildren(obj table.Object) bool {
	if f.childCount == "" {
		return true
	}
	var n int
	raw, ok := obj[f.childCount]
	return ok && json.Unmarshal(raw, &n) == nil && n > 0
}

// emitError marks a failure to emit to the host inside a Graph listing,
// which ends the round rather than the stream.
type emitError struct{ err error }

func (e *emitError) Error() string { return e.err.Error() }

// walked takes one folder of the tree walk. A nested folder is judged and
// written under the tree stream. A top-level folder is the folders
// stream's: the walk only judges it, by its full name, when the delta did
// not report it this round.
func (b *mailboxRun) walked(ctx context.Context, f *folderRound, stream string, obj table.Object, id string, nested bool) error {
	if nested {
		err := f.judge(ctx, b.Emit, stream, obj, true)
		// A folder that cannot become a row, or is too large for the
		// host, fails the tree stream, as Graph's errors do, not the round.
		if err != nil && !sdk.FailsItsStreamOnly(err) {
			return &emitError{err}
		}
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, decided := f.live[id]; decided {
		return nil
	}
	var name string
	_ = json.Unmarshal(obj["displayName"], &name)
	synced := f.filter.syncs(id, name, f.known)
	f.live[id], f.excluded[id] = synced, !synced
	return nil
}
