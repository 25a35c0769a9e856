package main

import (
	"fmt"
	"testing"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

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
			h.assertFolderTreeMatches(round, "contact_folders", "personal_contacts")
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
