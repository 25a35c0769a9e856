package mailbox

import (
	"iter"
	"slices"
	"sort"
	"strings"

	"github.com/graphlake/graphlake/sdk"
)

// priorMailbox is what the last committed round knew of one mailbox's
// Folders resource.
type priorMailbox struct {
	// folders is whether the folders stream has a state.
	folders bool
	// tree is whether the folder tree walk stream has a state (tree.go).
	tree bool
	// itemFolders are the folders with an items stream state, sorted.
	itemFolders []string
}

// priorOf sorts a mailbox's stored stream names (sorted) into its
// folders, tree and items streams.
func priorOf(names []string) priorMailbox {
	var p priorMailbox
	for _, name := range names {
		switch name {
		case FoldersStream:
			p.folders = true
		case TreeStream:
			p.tree = true
		default:
			p.itemFolders = append(p.itemFolders, name)
		}
	}
	return p
}

// priorNames lists the names of a mailbox's streams that have a stored
// state, sorted: a stream "<userId>/<name>" is the mailbox's stream
// <name>. It reads them from the round's states when the mailbox starts,
// rather than from an index of every mailbox built up front.
func priorNames(streams sdk.StreamStates, user string) []string {
	var names []string
	prefix := StreamID(user, "")
	for id := range streams.IDsWithPrefix(prefix) {
		if name := id[len(prefix):]; name != "" {
			names = append(names, name)
		}
	}
	return names
}

// priorUsers lists, sorted, the users whose mailboxes have a stream with a
// stored state. Streams without a "/" (the mailboxes listing's) belong to
// none.
func priorUsers(streams sdk.StreamStates) []string {
	users := slices.Collect(priorUsersAsRead(streams))
	sort.Strings(users)
	return slices.Compact(users)
}

// priorUsersAsRead yields the users of priorUsers in stream id order (not
// quite theirs: "a-b/x" comes before "a/x"), each once, as the round's
// states are read: while the host sends them in id order, a user comes
// once its first stream's state has.
func priorUsersAsRead(streams sdk.StreamStates) iter.Seq[string] {
	return func(yield func(string) bool) {
		last := ""
		for id := range streams.IDs() {
			user, name, ok := strings.Cut(id, "/")
			// A mailbox's ids are next to one another in id order.
			if ok && name != "" && user != last {
				last = user
				if !yield(user) {
					return
				}
			}
		}
	}
}
