package mail

import (
	"path"
	"sort"
	"strings"
)

// wellKnownNames are Outlook's well-known folder names that a filter entry
// may use; each is resolved per mailbox with GET mailFolders/{name}.
var wellKnownNames = map[string]bool{
	"archive": true, "clutter": true, "conflicts": true, "conversationhistory": true, "deleteditems": true,
	"drafts": true, "inbox": true, "junkemail": true, "localfailures": true, "msgfolderroot": true,
	"outbox": true, "recoverableitemsdeletions": true, "scheduled": true, "searchfolders": true,
	"sentitems": true, "serverfailures": true, "syncissues": true,
}

// folderFilter decides which folders of a mailbox are synced.
type folderFilter struct {
	include, exclude []string // lower-cased entries
}

func newFolderFilter(cfg Config) folderFilter {
	lower := func(xs []string) []string {
		out := make([]string, len(xs))
		for i, x := range xs {
			out[i] = strings.ToLower(x)
		}
		return out
	}
	return folderFilter{include: lower(cfg.IncludeFolders), exclude: lower(cfg.ExcludeFolders)}
}

// wellKnown lists the well-known names the filter uses, sorted.
func (f folderFilter) wellKnown() []string {
	var names []string
	for _, e := range append(append([]string(nil), f.include...), f.exclude...) {
		if wellKnownNames[e] {
			names = append(names, e)
		}
	}
	sort.Strings(names)
	return names
}

// byName reports whether an entry is a glob on display names (not a
// well-known name): only then does a folder's name decide its fate.
func (f folderFilter) byName() bool {
	for _, e := range append(append([]string(nil), f.include...), f.exclude...) {
		if !wellKnownNames[e] {
			return true
		}
	}
	return false
}

// salt is the filter as the folders stream's fingerprint records it: a
// changed filter re-reads every folder, so each is judged again.
func (f folderFilter) salt() string {
	if len(f.include) == 0 && len(f.exclude) == 0 {
		return ""
	}
	return "include=" + strings.Join(f.include, "\x1f") + "\x1eexclude=" + strings.Join(f.exclude, "\x1f")
}

// syncs reports whether the folder with this id and display name is
// synced; known maps the mailbox's well-known names to folder ids.
func (f folderFilter) syncs(id, displayName string, known map[string]string) bool {
	if len(f.include) > 0 && !matchAny(f.include, id, displayName, known) {
		return false
	}
	return !matchAny(f.exclude, id, displayName, known)
}

func matchAny(entries []string, id, displayName string, known map[string]string) bool {
	name := strings.ToLower(displayName)
	for _, e := range entries {
		if wellKnownNames[e] {
			if known[e] != "" && known[e] == id {
				return true
			}
			continue
		}
		if ok, _ := path.Match(e, name); ok {
			return true
		}
	}
	return false
}
