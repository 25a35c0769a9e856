package mailbox

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/sdk"
)

func TestFolderFilter(t *testing.T) {
	known := map[string]string{"inbox": "F-INBOX", "junkemail": "F-JUNK"}
	tests := []struct {
		name             string
		include, exclude []string
		id, displayName  string
		want             bool
	}{
		{"no filter syncs everything", nil, nil, "F1", "Projects", true},
		{"a well-known name matches its folder by id", []string{"Inbox"}, nil, "F-INBOX", "Posteingang", true},
		{"a well-known name does not match a folder of that display name", []string{"inbox"}, nil, "F2", "Inbox", false},
		{"a glob matches display names case-insensitively", []string{"proj*"}, nil, "F1", "Projects 2025", true},
		{"exclude wins over include", []string{"*"}, []string{"junkemail"}, "F-JUNK", "Junk Email", false},
		{"a well-known name the mailbox lacks matches nothing", nil, []string{"archive"}, "F3", "Archive", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := NewFilter(tt.include, tt.exclude, map[string]bool{"inbox": true, "junkemail": true, "archive": true})
			if got := f.syncs(tt.id, tt.displayName, known); got != tt.want {
				t.Errorf("syncs(%s, %q) = %v, want %v", tt.id, tt.displayName, got, tt.want)
			}
		})
	}
}

func TestPlan(t *testing.T) {
	ok := func(mode sdk.Mode) sdk.Checkpoint { return sdk.Checkpoint{Status: sdk.StatusOK, Mode: mode} }
	tests := []struct {
		name     string
		full     bool
		seen     map[string]string // folder → "live", "removed" or "excluded"
		prior    []string
		cp       sdk.Checkpoint
		wantRun  []string
		wantEnd  []string
		wantDrop map[string]string
	}{
		{"an incremental round keeps the known folders and adds new ones",
			false, map[string]string{"b": "live", "z": "live"}, []string{"a", "b"}, ok(sdk.ModeIncremental),
			[]string{"a", "b", "z"}, nil, map[string]string{}},
		{"a deleted folder ends its stream",
			false, map[string]string{"a": "removed"}, []string{"a", "b"}, ok(sdk.ModeIncremental),
			[]string{"b"}, []string{"a"}, map[string]string{}},
		{"a folder newly excluded ends its stream; its row was removed by the folders stream",
			false, map[string]string{"a": "excluded"}, []string{"a"}, ok(sdk.ModeIncremental),
			nil, []string{"a"}, map[string]string{}},
		{"a full round drops the excluded and the missing folders",
			true, map[string]string{"a": "excluded", "c": "live"}, []string{"a", "b", "c"}, ok(sdk.ModeResync),
			[]string{"c"}, nil, map[string]string{"a": "excluded", "b": "resync"}},
		{"a folders stream that must resync runs the known folders only",
			false, nil, []string{"a"}, sdk.Checkpoint{Status: sdk.StatusResyncRequired, Mode: sdk.ModeIncremental},
			[]string{"a"}, nil, map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFolderRound("u", Filter{}, nil, &priorMailbox{})
			f.full = tt.full
			for id, what := range tt.seen {
				f.live[id], f.removed[id], f.excluded[id] = what == "live", what == "removed", what == "excluded"
			}
			run, end, drop := f.plan(tt.prior, tt.cp)
			if diff := cmp.Diff([][]string{tt.wantRun, tt.wantEnd}, [][]string{run, end}); diff != "" {
				t.Errorf("run, end (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantDrop, drop); diff != "" {
				t.Errorf("drop (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPriorMailboxes: a mailbox's prior streams are read from the round's
// states by its user's id, whatever order the host sent them in, and
// users whose ids are prefixes of others' (u1, u10, u1-b) keep apart.
func TestPriorMailboxes(t *testing.T) {
	var states []sdk.StreamState
	for _, id := range []string{"u1/folders", "u10/F1", "u1/folders/tree", "u1-b/folders", "u1/F2", "u1/F1",
		"u2/F/with/slashes", "mailboxes", "u3/"} {
		states = append(states, sdk.StreamState{Stream: id, DeltaLink: "link", Fingerprint: "fp"})
	}
	streams := sdk.NewStreamStates(states...)
	users := priorUsers(streams)
	got := map[string]priorMailbox{}
	for _, user := range users {
		got[user] = priorOf(priorNames(streams, user))
	}
	want := map[string]priorMailbox{
		"u1":   {folders: true, tree: true, itemFolders: []string{"F1", "F2"}},
		"u10":  {itemFolders: []string{"F1"}},
		"u1-b": {folders: true},
		"u2":   {itemFolders: []string{"F/with/slashes"}},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(priorMailbox{})); diff != "" {
		t.Errorf("prior mailboxes (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"u1", "u1-b", "u10", "u2"}, users); diff != "" {
		t.Errorf("priorUsers: want them sorted (-want +got):\n%s", diff)
	}
}

func TestTreeMode(t *testing.T) {
	node := func(parent string, children int) treeNode {
		return treeNode{parent: parent, children: children, counted: true}
	}
	tests := []struct {
		name string
		mode string
		full bool
		tree map[string]treeNode
		want string
	}{
		{"a full round without nested folders leaves it open", treeWhole, true,
			map[string]treeNode{"inbox": node("root", 0), "sent": node("root", 0)}, treeUnknown},
		{"a full round with every child decides whole", treeUnknown, true,
			map[string]treeNode{"inbox": node("root", 2), "a": node("inbox", 1), "b": node("inbox", 0), "c": node("a", 0)}, treeWhole},
		{"a full round missing a grandchild decides walk", treeWhole, true,
			map[string]treeNode{"inbox": node("root", 2), "a": node("inbox", 1), "b": node("inbox", 0)}, treeWalk},
		{"a full round missing some children decides walk", treeUnknown, true,
			map[string]treeNode{"inbox": node("root", 3), "a": node("inbox", 0)}, treeWalk},
		{"an incremental round keeps whole although a count changed alone", treeWhole, false,
			map[string]treeNode{"inbox": node("root", 3)}, treeWhole},
		{"an incremental round keeps walk", treeWalk, false, map[string]treeNode{}, treeWalk},
		{"the first child that came with its parent decides whole", treeUnknown, false,
			map[string]treeNode{"inbox": node("root", 1), "a": node("inbox", 0)}, treeWhole},
		{"the first child that did not come decides walk", treeUnknown, false,
			map[string]treeNode{"inbox": node("root", 1)}, treeWalk},
		{"a partial update without childFolderCount decides nothing", treeUnknown, false,
			map[string]treeNode{"inbox": {parent: "root"}}, treeUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFolderRound("u", Filter{}, nil, &priorMailbox{})
			f.tree = tt.tree
			if got := f.treeMode(tt.mode, tt.full); got != tt.want {
				t.Errorf("treeMode(%q, full=%v) = %q, want %q", tt.mode, tt.full, got, tt.want)
			}
		})
	}
}

func TestUncountedMode(t *testing.T) {
	at := func(parent string) treeNode { return treeNode{parent: parent} }
	tests := []struct {
		name string
		mode string
		full bool
		tree map[string]treeNode
		want string
	}{
		{"a full round with a nested folder decides whole", treeUnknown, true,
			map[string]treeNode{"root": at("msgroot"), "a": at("root"), "b": at("a")}, treeWhole},
		{"a full round of top-level folders only decides walk", treeWhole, true,
			map[string]treeNode{"root": at("msgroot"), "a": at("root"), "b": at("root")}, treeWalk},
		{"a full round without the root decides walk for top-level folders", treeUnknown, true,
			map[string]treeNode{"a": at("root"), "b": at("root")}, treeWalk},
		{"an incremental round keeps whole", treeWhole, false, map[string]treeNode{}, treeWhole},
		{"an incremental round keeps walk although a nested folder arrived", treeWalk, false,
			map[string]treeNode{"a": at("root"), "b": at("a")}, treeWalk},
		{"an undecided incremental round walks", treeUnknown, false, map[string]treeNode{}, treeWalk},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFolderRound("u", Filter{}, nil, &priorMailbox{})
			f.tree, f.rootID = tt.tree, "root"
			if got := f.decideMode(tt.mode, tt.full); got != tt.want {
				t.Errorf("decideMode(%q, full=%v) = %q, want %q", tt.mode, tt.full, got, tt.want)
			}
		})
	}
}
