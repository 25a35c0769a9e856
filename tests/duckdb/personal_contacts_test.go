package duckdb

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// TestPersonalContactsCurrentViewsMatchTheEmulator: DuckDB's
// contact_folders_current and personal_contacts_current (a child view:
// contacts of deleted folders leave it; lists of structs, address
// structs, timestamps) equal the emulator's truth after rounds of churn
// that move contacts and folders and delete folders with children.
func TestPersonalContactsCurrentViewsMatchTheEmulator(t *testing.T) {
	l := newLake(t, graphtest.Options{Seed: 93, Users: 3, Mailboxes: 2, FoldersPerMailbox: 1,
		ContactFoldersPerMailbox: 6, ContactsPerFolder: 3, FolderDepth: 3}, `  source "personal_contacts" {}`)
	keys := map[string][]string{"contact_folders": {"userId", "id"}, "personal_contacts": {"userId", "folderId", "id"}}
	for round := 1; round <= 3; round++ {
		l.run()
		db := l.openDuckDB(l.sql("--snapshot", "none"))
		for table, key := range keys {
			var want []map[string]any
			for _, row := range sdktest.Truth(t, l.srv, table) {
				if table == "personal_contacts" {
					row["folderId"] = row["parentFolderId"]
				}
				want = append(want, normal(row).(map[string]any))
			}
			got := withoutMeta(sortBy(query(t, db, "SELECT * FROM "+table+"_current"), key...))
			if diff := cmp.Diff(sortBy(want, key...), got); diff != "" {
				t.Fatalf("after round %d %s_current differs from the emulator (-emulator +view):\n%s", round, table, diff)
			}
		}
		for _, spec := range []graphtest.ChurnSpec{
			{Resource: "contact_folders", Creates: 1, Updates: 1, Deletes: 1, Moves: 2, Seed: int64(round)},
			{Resource: "personal_contacts", Creates: 3, Updates: 3, Deletes: 2, Moves: 3, Seed: int64(round + 10)},
		} {
			if _, err := l.srv.Tenant().Churn(spec); err != nil {
				t.Fatalf("churn %s: %v", spec.Resource, err)
			}
		}
	}
}
