package personalcontacts_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/plugins/personalcontacts"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// assertContacts compares the lake's contact_folders and
// personal_contacts with the emulator's truth.
func assertContacts(t *testing.T, r *sdktest.Runner, srv *graphtest.Server, when string) {
	t.Helper()
	wantFolders := sdktest.Truth(t, srv, personalcontacts.FoldersTable, "userId", "id")
	var wantContacts []map[string]any
	for _, c := range sdktest.Truth(t, srv, personalcontacts.ContactsTable) {
		c["folderId"] = c["parentFolderId"]
		wantContacts = append(wantContacts, c)
	}
	sdktest.SortRows(wantContacts, "userId", "folderId", "id")
	if len(wantFolders) == 0 || len(wantContacts) == 0 {
		t.Fatalf("%s: the emulator has no contact folders or no contacts", when)
	}
	for _, c := range []struct {
		table string
		want  []map[string]any
	}{{personalcontacts.FoldersTable, wantFolders}, {personalcontacts.ContactsTable, wantContacts}} {
		if diff := cmp.Diff(sdktest.NormaliseDeep(asAny(c.want)), sdktest.NormaliseDeep(asAny(r.State(c.table)))); diff != "" {
			t.Fatalf("%s: the lake's %s differ from the emulator's (-emulator +lake):\n%s", when, c.table, diff)
		}
	}
}

// asAny lets NormaliseDeep walk a table's rows.
func asAny(rows []map[string]any) any {
	out := make([]any, len(rows))
	for i, r := range rows {
		out[i] = r
	}
	return out
}

// deleteANestingFolder deletes a contact folder that has a child folder,
// and so contacts in both.
func deleteANestingFolder(t *testing.T, srv *graphtest.Server) {
	t.Helper()
	folders := sdktest.Truth(t, srv, personalcontacts.FoldersTable, "userId", "id")
	parents := map[string]bool{}
	roots := map[string]bool{}
	for _, f := range folders {
		if f["displayName"] == "Contacts" {
			roots[f["id"].(string)] = true
		}
	}
	for _, f := range folders {
		if p := f["parentFolderId"].(string); !roots[p] {
			parents[p] = true
		}
	}
	for _, f := range folders {
		if id := f["id"].(string); parents[id] && !roots[id] {
			if err := srv.Tenant().DeleteTreeFolder(graphtest.ContactTree, f["userId"].(string), id); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatal("no contact folder has a child folder")
}

// TestContactsMatchTheEmulatorOverChurn syncs three mailboxes' contact
// trees (nested folders, contacts in every folder, the default one
// included) over rounds of churn: folders created, renamed, moved between
// nested and top-level parents and deleted with their child folders and
// contacts; contacts created, updated, deleted and moved between folders.
// After every round the lake equals the emulator, whichever way Graph
// shows the tree: the whole tree in the delta or its top level only, the
// default folder listed or not, whole or partial updates. With the whole
// tree in the delta no folder is listed besides the default one.
func TestContactsMatchTheEmulatorOverChurn(t *testing.T) {
	for _, variants := range [][]graphtest.Variant{nil, {graphtest.PartialUpdates}, {graphtest.TopLevelFolders},
		{graphtest.DefaultContactFolderListed}, {graphtest.DefaultContactFolderListed, graphtest.PartialUpdates, graphtest.TopLevelFolders}} {
		t.Run(fmt.Sprintf("variants=%v", variants), func(t *testing.T) {
			srv := graphtest.Start(t, graphtest.Options{Seed: 61, Users: 4, Mailboxes: 3, FoldersPerMailbox: 1,
				ContactFoldersPerMailbox: 7, ContactsPerFolder: 3, FolderDepth: 3, Variants: variants})
			r := sdktest.New(t, srv, personalcontacts.New())
			cfg := `{"page_size":4}`
			r.Sync(cfg)
			assertContacts(t, r, srv, "after the first round")
			for i, specs := range [][]graphtest.ChurnSpec{
				{{Resource: "contact_folders", Creates: 2, Updates: 2, Moves: 4, Seed: 1}, {Resource: "personal_contacts", Creates: 6, Updates: 6, Moves: 4, Seed: 2}},
				{{Resource: "contact_folders", Updates: 1, Deletes: 1, Moves: 3, Seed: 3}, {Resource: "personal_contacts", Creates: 3, Updates: 6, Deletes: 3, Moves: 3, Seed: 4}},
				{{Resource: "contact_folders", Creates: 2, Moves: 5, Seed: 5}},
			} {
				for _, spec := range specs {
					if _, err := srv.Tenant().Churn(spec); err != nil {
						t.Fatal(err)
					}
				}
				if i == 1 {
					deleteANestingFolder(t, srv)
				}
				r.Sync(cfg)
				assertContacts(t, r, srv, fmt.Sprintf("after churn %d", i+1))
			}
			listed := srv.RequestCounts()["contactFolders.childFolders"]
			switch topLevel := slices.Contains(variants, graphtest.TopLevelFolders); {
			case topLevel && listed == 0:
				t.Error("with top-level folders only the source never listed child folders")
			case !topLevel && listed != 0:
				t.Errorf("with the whole tree in contactFolders/delta the source listed child folders %d times, want 0", listed)
			}
		})
	}
}

// TestEveryWayGraphDiscardsTheSyncStateKeepsTheDefaultFolder: after
// Graph discards the folders stream's sync state (each way it does), the
// resync reads every folder again and the host deletes the folder rows it
// did not return; the default Contacts folder, which the delta may leave
// out, is written again, so it stays, with and without the variant that
// lists it in the delta.
func TestEveryWayGraphDiscardsTheSyncStateKeepsTheDefaultFolder(t *testing.T) {
	for _, variants := range [][]graphtest.Variant{nil, {graphtest.DefaultContactFolderListed}} {
		for _, mode := range []string{"syncStateNotFound", "syncStateInvalid", "resyncRequired", "location"} {
			t.Run(fmt.Sprintf("%s/variants=%v", mode, variants), func(t *testing.T) {
				srv := graphtest.Start(t, graphtest.Options{Seed: 62, Users: 3, Mailboxes: 2, FoldersPerMailbox: 1,
					ContactFoldersPerMailbox: 3, ContactsPerFolder: 2, Variants: variants})
				r := sdktest.New(t, srv, personalcontacts.New())
				r.Sync(`{}`)
				assertContacts(t, r, srv, "after the first round")
				if _, err := srv.Tenant().Churn(graphtest.ChurnSpec{Resource: "contact_folders", Deletes: 1, Seed: 1}); err != nil {
					t.Fatal(err)
				}
				if err := srv.ExpireDeltaTokens(mode); err != nil {
					t.Fatal(err)
				}
				r.Sync(`{}`)
				assertContacts(t, r, srv, "after the resync")
			})
		}
	}
}
