package mail

import (
	"sort"
	"strings"

	"github.com/graphlake/graphlake/sdk"
)

// foldersSuffix ends the id of a mailbox's folders stream; a messages
// stream is "<userId>/<folderId>".
const foldersSuffix = "folders"

// foldersStreamID and messagesStreamID name a mailbox's streams.
func foldersStreamID(user string) string          { return user + "/" + foldersSuffix }
func messagesStreamID(user, folder string) string { return user + "/" + folder }

// priorMailbox is what the last committed round knew of one mailbox.
type priorMailbox struct {
	// folders is whether the folders stream has a state.
	folders bool
	// tree is whether the folder tree walk stream has a state (tree.go).
	tree bool
	// messageFolders are the folders with a messages stream state, sorted.
	messageFolders []string
}

// indexPrior groups the stored stream states by mailbox.
func indexPrior(streams map[string]sdk.StreamState) map[string]*priorMailbox {
	out := map[string]*priorMailbox{}
	for id := range streams {
		user, rest, ok := strings.Cut(id, "/")
		if !ok || rest == "" {
			continue
		}
		p := out[user]
		if p == nil {
			p = &priorMailbox{}
			out[user] = p
		}
		switch rest {
		case foldersSuffix:
			p.folders = true
		case treeSuffix:
			p.tree = true
		default:
			p.messageFolders = append(p.messageFolders, rest)
		}
	}
	for _, p := range out {
		sort.Strings(p.messageFolders)
	}
	return out
}
