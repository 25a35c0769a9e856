package main

import (
	"fmt"
	"path"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// folderFilters are the include_folders and exclude_folders of
// TestMailFolderTreeWithFiltersMatchesTheEmulator; "inbox" is the
// well-known name, the rest are globs on display names.
var folderFilters = struct{ include, exclude []string }{
	include: []string{"inbox", "proj*", "clients*", "team*", "follow*", "newsletters*", "churned*", "renamed*"},
	exclude: []string{"projects 2*", "renamed 1*"},
}

// TestMailFolderTreeWithFiltersMatchesTheEmulator runs the mail source
// with folder filters over folders nested four levels deep, through rounds
// of read toggles (folder counts change, nothing else), renames, moves
// between nested and top-level parents, new and deleted folders and
// messages, against the default emulator and against one with every
// variant of real Graph (partial updates, top-level folders only, …).
// After every round the lake's mail_folders and messages equal the
// emulator's folders that the filters keep and their messages, folded
// from every round (lake.State) and read as the current state (the newest
// snapshot, written every other round, and the rounds after it).
func TestMailFolderTreeWithFiltersMatchesTheEmulator(t *testing.T) {
	opts := graphtest.Options{Seed: 23, Users: 3, Mailboxes: 2, FoldersPerMailbox: 8 + 10, MessagesPerFolder: 4, FolderDepth: 4}
	withEachVariantSet(t, opts, func(t *testing.T, opts graphtest.Options) {
		h := newHarness(t, opts, fmt.Sprintf(`source "mail" {
    select          = %s
    page_size       = 20
    include_folders = %s
    exclude_folders = %s
  }
  lake { compact_every = 2 }`, allMessageProperties, hclList(folderFilters.include), hclList(folderFilters.exclude)))
		churns := [][]graphtest.ChurnSpec{
			nil, // read toggles only
			{{Resource: "folders", Creates: 2, Updates: 3, Moves: 4, Seed: 11}, {Resource: "messages", Creates: 10, Updates: 10, Moves: 4, Seed: 12}},
			{{Resource: "folders", Updates: 3, Deletes: 2, Moves: 5, Seed: 13}, {Resource: "messages", Creates: 6, Updates: 10, Deletes: 3, Seed: 14}},
		}
		for round := 1; round <= len(churns)+1; round++ {
			h.mustRun()
			h.assertFilteredMailMatches(round)
			if round > len(churns) {
				break
			}
			h.toggleReadInEveryFolder()
			for _, c := range churns[round-1] {
				if _, err := h.srv.Tenant().Churn(c); err != nil {
					t.Fatal(err)
				}
			}
		}
	})
}

func hclList(xs []string) string {
	quoted := make([]string, len(xs))
	for i, x := range xs {
		quoted[i] = fmt.Sprintf("%q", x)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// toggleReadInEveryFolder flips isRead of one message per folder: every
// folder's unread count changes, and nothing else of it.
func (h *harness) toggleReadInEveryFolder() {
	h.t.Helper()
	done := map[string]bool{}
	for _, m := range h.emulatorState("messages") {
		folder := m["parentFolderId"].(string)
		if done[folder] {
			continue
		}
		done[folder] = true
		read := fmt.Sprint(m["isRead"] != true)
		if err := h.srv.Tenant().UpdateMessage(m["userId"].(string), m["id"].(string), graphtest.Props{"isRead": []byte(read)}); err != nil {
			h.t.Fatal(err)
		}
	}
}

// keptByFilters applies folderFilters to a folder's display name ("inbox"
// is the folder named Inbox: the emulator does not rename well-known
// folders).
func keptByFilters(name string) bool {
	match := func(entries []string) bool {
		for _, e := range entries {
			if e == "inbox" {
				if name == "Inbox" {
					return true
				}
				continue
			}
			if ok, _ := path.Match(e, strings.ToLower(name)); ok {
				return true
			}
		}
		return false
	}
	return match(folderFilters.include) && !match(folderFilters.exclude)
}

// assertFilteredMailMatches compares the lake's current mail_folders and
// messages with the emulator's folders that folderFilters keep and their
// messages, field for field.
func (h *harness) assertFilteredMailMatches(round int) {
	h.t.Helper()
	kept := map[string]bool{}
	var wantFolders []map[string]any
	for _, f := range h.emulatorState("mail_folders") {
		if name, _ := f["displayName"].(string); keptByFilters(name) {
			kept[f["id"].(string)] = true
			wantFolders = append(wantFolders, f)
		}
	}
	var wantMsgs []map[string]any
	for _, m := range h.emulatorState("messages") {
		if kept[m["parentFolderId"].(string)] {
			m["folderId"] = m["parentFolderId"]
			wantMsgs = append(wantMsgs, m)
		}
	}
	if len(wantFolders) < 4 || len(wantMsgs) == 0 {
		h.t.Fatalf("round %d: the filters keep %d folders and %d messages of the emulator's; the test needs more", round, len(wantFolders), len(wantMsgs))
	}
	wantFolders, wantMsgs = sortMail(wantFolders, "userId", "id"), sortMail(wantMsgs, "userId", "folderId", "id")
	for _, read := range []struct {
		how               string
		folders, messages []map[string]any
	}{
		{"folded", h.lakeState("mail_folders", "userId", "id"),
			h.childState("messages", []string{"userId", "folderId", "id"}, "mail_folders", []string{"userId", "id"}, "userId", "folderId")},
		{"current", h.currentState("mail_folders"), h.currentState("messages")},
	} {
		if diff := cmp.Diff(deepNormalise(wantFolders), deepNormalise(sortMail(read.folders, "userId", "id"))); diff != "" {
			h.t.Fatalf("after round %d the lake's %s mail_folders differ from the emulator's kept folders (-emulator +lake):\n%s", round, read.how, diff)
		}
		if diff := cmp.Diff(deepNormalise(wantMsgs), deepNormalise(sortMail(read.messages, "userId", "folderId", "id"))); diff != "" {
			h.t.Fatalf("after round %d the lake's %s messages differ from the emulator's in kept folders (-emulator +lake):\n%s", round, read.how, diff)
		}
	}
}
