package mailbox

import (
	"path"
	"sort"
	"strings"

	"github.com/graphlake/graphlake/sdk"
)

// Filter decides which folders of a mailbox are synced: include and
// exclude entries, each a well-known folder name (matching that folder,
// resolved per mailbox with GET {Collection}/{name}) or a
// case-insensitive glob on the display name ("Projects*"). An entry
// applies to the folder itself, not to its child folders. The zero Filter
// syncs every folder.
type Filter struct {
	include, exclude []string // lower-cased entries
	wellKnown        map[string]bool
}

// NewFilter returns the filter of include and exclude entries; wellKnown
// lists the collection's well-known folder names, lower-case (none for a
// collection without them).
func NewFilter(include, exclude []string, wellKnown map[string]bool) Filter {
	lower := func(xs []string) []string {
		out := make([]string, len(xs))
		for i, x := range xs {
			out[i] = strings.ToLower(x)
		}
		return out
	}
	return Filter{include: lower(include), exclude: lower(exclude), wellKnown: wellKnown}
}

// CheckPatterns checks the entries of a folder filter attribute.
func CheckPatterns(attr string, entries []string) []sdk.Diagnostic {
	var diags []sdk.Diagnostic
	for _, p := range entries {
		if _, err := path.Match(strings.ToLower(p), ""); err != nil || p == "" {
			diags = append(diags, sdk.Errorf(attr, "Invalid folder pattern",
				"%q is neither a well-known folder name nor a valid glob (use * and ?, and [] for sets).", p))
		}
	}
	return diags
}

// entries lists the include and then the exclude entries.
func (f Filter) entries() []string {
	return append(append([]string(nil), f.include...), f.exclude...)
}

// wellKnownUsed lists the well-known names the filter uses, sorted.
func (f Filter) wellKnownUsed() []string {
	var names []string
	for _, e := range f.entries() {
		if f.wellKnown[e] {
			names = append(names, e)
		}
	}
	sort.Strings(names)
	return names
}

// byName reports whether an entry is a glob on display names (not a
// well-known name): only then does a folder's name decide its fate.
func (f Filter) byName() bool {
	for _, e := range f.entries() {
		if !f.wellKnown[e] {
			return true
		}
	}
	return false
}

// salt is the filter as the folders stream's fingerprint records it: a
// changed filter re-reads every folder, so each is judged again.
func (f Filter) salt() string {
	if len(f.include) == 0 && len(f.exclude) == 0 {
		return ""
	}
	return "include=" + strings.Join(f.include, "\x1f") + "\x1eexclude=" + strings.Join(f.exclude, "\x1f")
}

// syncs reports whether the folder with this id and display name is
// synced; known maps the mailbox's well-known names to folder ids.
func (f Filter) syncs(id, displayName string, known map[string]string) bool {
	if len(f.include) > 0 && !f.matchAny(f.include, id, displayName, known) {
		return false
	}
	return !f.matchAny(f.exclude, id, displayName, known)
}

func (f Filter) matchAny(entries []string, id, displayName string, known map[string]string) bool {
	name := strings.ToLower(displayName)
	for _, e := range entries {
		if f.wellKnown[e] {
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
