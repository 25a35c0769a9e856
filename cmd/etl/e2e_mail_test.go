package main

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// allMessageProperties selects every property the emulator keeps for
// messages, so that the lake can be compared with its state field by field.
const allMessageProperties = `["createdDateTime", "lastModifiedDateTime", "changeKey", "categories",
      "receivedDateTime", "sentDateTime", "hasAttachments", "internetMessageId", "subject", "bodyPreview",
      "importance", "parentFolderId", "conversationId", "isRead", "isDraft", "inferenceClassification",
      "body", "sender", "from", "toRecipients", "ccRecipients", "bccRecipients", "replyTo", "flag"]`

func TestMailRoundsWithChurnMatchTheEmulator(t *testing.T) {
	// Six users, three with a mailbox: the tenant-wide listing skips the
	// others without failing.
	withEachVariantSet(t, graphtest.Options{Seed: 21, Users: 6, Mailboxes: 3, FoldersPerMailbox: 12, MessagesPerFolder: 12}, mailRoundsWithChurn)
}

func mailRoundsWithChurn(t *testing.T, opts graphtest.Options) {
	h := newHarness(t, opts, `source "mail" {
    select    = `+allMessageProperties+`
    page_size = 7
  }`)
	churns := [][]graphtest.ChurnSpec{
		{{Resource: "messages", Creates: 12, Updates: 20, Deletes: 6, Moves: 10, Seed: 1},
			{Resource: "folders", Creates: 2, Updates: 2, Deletes: 1, Seed: 2}},
		{{Resource: "folders", Creates: 1, Updates: 2, Deletes: 2, Seed: 3},
			{Resource: "messages", Creates: 8, Updates: 15, Deletes: 5, Moves: 12, Seed: 4}},
		{{Resource: "messages", Creates: 3, Updates: 5, Deletes: 2, Moves: 5, Seed: 5}},
	}
	for round := 1; round <= len(churns)+1; round++ {
		h.mustRun()
		h.assertMailMatches(round)
		if round <= len(churns) {
			for _, c := range churns[round-1] {
				if _, err := h.srv.Tenant().Churn(c); err != nil {
					t.Fatal(err)
				}
			}
			h.flagAndMoveBack(round)
		}
	}
	entries := h.history()
	last := entries[len(entries)-1]
	var ended, moved int
	for _, e := range entries {
		for _, s := range e.Streams {
			if s.Status == "ended" {
				ended++
			}
			if s.Status == "failed" {
				t.Errorf("round %d: stream %s failed: %s", e.Round, s.Stream, s.Error)
			}
		}
		moved += int(e.Deletes())
	}
	if ended == 0 {
		t.Error("no messages stream ended although folders were deleted")
	}
	for _, s := range last.Streams {
		// A folder tree listed because the delta lacked child folders
		// (top-level-folders) is read whole every round by design.
		listed := strings.HasSuffix(s.Stream, "/folders/tree")
		if s.Status == "ok" && s.Mode != "incremental" && !strings.Contains(s.Stream, "AAMkAGI2") && !listed {
			t.Errorf("round %d: stream %s ran %s; only streams of new folders start over", last.Round, s.Stream, s.Mode)
		}
	}
	h.assertFilesExist()
}

// flagAndMoveBack flags a message and moves another one to a folder and
// back, so that a round sees the same id leave and return.
func (h *harness) flagAndMoveBack(round int) {
	h.t.Helper()
	msgs := h.emulatorState("messages")
	if len(msgs) < 2 {
		return
	}
	flagged, mover := msgs[round], msgs[len(msgs)-round]
	user := flagged["userId"].(string)
	must := func(err error) {
		if err != nil {
			h.t.Fatal(err)
		}
	}
	must(h.srv.Tenant().UpdateMessage(user, flagged["id"].(string), graphtest.Props{"flag": []byte(`{"flagStatus":"flagged"}`)}))
	user = mover["userId"].(string)
	from := mover["parentFolderId"].(string)
	_, err := h.srv.Tenant().MoveMessage(user, mover["id"].(string), "drafts")
	if err == nil {
		_, err = h.srv.Tenant().MoveMessage(user, mover["id"].(string), from)
	}
	if err != nil && !strings.Contains(err.Error(), "already in folder") {
		must(err)
	}
}

// assertMailMatches compares the lake's current mail_folders and messages
// with the emulator's, field for field; users, when given, limits the
// emulator's side to those mailboxes.
func (h *harness) assertMailMatches(round int, users ...string) {
	h.t.Helper()
	h.assertFolderTreeMatches(round, "mail_folders", "messages", users...)
}

// assertFolderTreeMatches compares the lake's current folders and items
// of an Outlook folder tree (mail_folders and messages, contact_folders
// and personal_contacts) with the emulator's, field for field; users,
// when given, limits the emulator's side to those mailboxes.
func (h *harness) assertFolderTreeMatches(round int, folders, items string, users ...string) {
	h.t.Helper()
	wantFolders := sortMail(onlyUsers(h.emulatorState(folders), users), "userId", "id")
	gotFolders := sortMail(h.lakeState(folders, "userId", "id"), "userId", "id")
	if diff := cmp.Diff(deepNormalise(wantFolders), deepNormalise(gotFolders)); diff != "" {
		h.t.Fatalf("after round %d the lake's %s differ from the emulator's (-emulator +lake):\n%s", round, folders, diff)
	}
	wantItems := onlyUsers(h.emulatorState(items), users)
	for _, m := range wantItems {
		m["folderId"] = m["parentFolderId"]
	}
	wantItems = sortMail(wantItems, "userId", "folderId", "id")
	gotItems := sortMail(h.childState(items, []string{"userId", "folderId", "id"}, folders, []string{"userId", "id"}, "userId", "folderId"),
		"userId", "folderId", "id")
	if len(wantItems) == 0 {
		h.t.Fatalf("the emulator has no %s", items)
	}
	if diff := cmp.Diff(deepNormalise(wantItems), deepNormalise(gotItems)); diff != "" {
		h.t.Fatalf("after round %d the lake's %s differ from the emulator's (-emulator +lake):\n%s", round, items, diff)
	}
}

func onlyUsers(rows []map[string]any, users []string) []map[string]any {
	if len(users) == 0 {
		return rows
	}
	var out []map[string]any
	for _, r := range rows {
		for _, u := range users {
			if r["userId"] == u {
				out = append(out, r)
			}
		}
	}
	return out
}

func sortMail(rows []map[string]any, key ...string) []map[string]any {
	k := func(r map[string]any) string {
		parts := make([]string, len(key))
		for i, c := range key {
			parts[i] = fmt.Sprint(r[c])
		}
		return strings.Join(parts, "\x00")
	}
	sort.Slice(rows, func(i, j int) bool { return k(rows[i]) < k(rows[j]) })
	return rows
}

// deepNormalise makes nested lake and emulator values comparable (see
// sdktest.NormaliseDeep).
func deepNormalise(rows []map[string]any) []map[string]any {
	out := make([]map[string]any, len(rows))
	for i, r := range rows {
		out[i] = sdktest.NormaliseDeep(r).(map[string]any)
	}
	return out
}
