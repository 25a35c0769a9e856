package main

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// assertPersonalContactsMatch compares the lake's current contact_folders
// and personal_contacts with the emulator's, field for field.
func (h *harness) assertPersonalContactsMatch(round int) {
	h.t.Helper()
	wantFolders := sortMail(h.emulatorState("contact_folders"), "userId", "id")
	gotFolders := sortMail(h.lakeState("contact_folders", "userId", "id"), "userId", "id")
	if diff := cmp.Diff(deepNormalise(wantFolders), deepNormalise(gotFolders)); diff != "" {
		h.t.Fatalf("after round %d the lake's contact_folders differ from the emulator's (-emulator +lake):\n%s", round, diff)
	}
	want := h.emulatorState("personal_contacts")
	for _, c := range want {
		c["folderId"] = c["parentFolderId"]
	}
	want = sortMail(want, "userId", "folderId", "id")
	got := sortMail(h.childState("personal_contacts", []string{"userId", "folderId", "id"}, "contact_folders", []string{"userId", "id"}, "userId", "folderId"),
		"userId", "folderId", "id")
	if len(want) == 0 {
		h.t.Fatal("the emulator has no personal contacts")
	}
	if diff := cmp.Diff(deepNormalise(want), deepNormalise(got)); diff != "" {
		h.t.Fatalf("after round %d the lake's personal_contacts differ from the emulator's (-emulator +lake):\n%s", round, diff)
	}
}

// TestPersonalContactsRoundsOfChurnMatchTheEmulator runs the
// personal_contacts source through the real binary and plugin process over
// rounds of churn (folders created, renamed, moved and deleted with their
// children and contacts; contacts created, updated, deleted and moved
// between folders): after every round the lake's current state equals the
// emulator's, with the default emulator and with every variant on.
func TestPersonalContactsRoundsOfChurnMatchTheEmulator(t *testing.T) {
	withEachVariantSet(t, graphtest.Options{Seed: 71, Users: 3, Mailboxes: 2, FoldersPerMailbox: 1,
		ContactFoldersPerMailbox: 6, ContactsPerFolder: 3, FolderDepth: 3}, func(t *testing.T, opts graphtest.Options) {
		h := newHarness(t, opts, "source \"personal_contacts\" {\n    page_size = 5\n  }")
		churns := [][]graphtest.ChurnSpec{
			{{Resource: "contact_folders", Creates: 2, Updates: 1, Deletes: 1, Moves: 3, Seed: 1},
				{Resource: "personal_contacts", Creates: 4, Updates: 4, Deletes: 2, Moves: 3, Seed: 2}},
			{{Resource: "contact_folders", Updates: 1, Deletes: 1, Moves: 3, Seed: 3},
				{Resource: "personal_contacts", Creates: 2, Updates: 4, Moves: 3, Seed: 4}},
		}
		for round := 1; round <= len(churns)+1; round++ {
			h.mustRun()
			h.assertPersonalContactsMatch(round)
			if round > len(churns) {
				break
			}
			for _, spec := range churns[round-1] {
				if _, err := h.srv.Tenant().Churn(spec); err != nil {
					t.Fatal(fmt.Errorf("churn %s: %w", spec.Resource, err))
				}
			}
		}
	})
}
