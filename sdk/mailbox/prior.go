package mailbox

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
