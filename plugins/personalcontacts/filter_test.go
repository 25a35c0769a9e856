package personalcontacts_test

import (
	"encoding/json"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/plugins/personalcontacts"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// TestFolderFiltersSelectContactFolders: include and exclude entries
// select contact folders by the well-known name "contacts" (the default
// folder) or a glob on the display name, and a filter changed between
// rounds removes the folders it now excludes, with their contacts.
func TestFolderFiltersSelectContactFolders(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 62, Users: 2, Mailboxes: 1, FoldersPerMailbox: 1,
		ContactFoldersPerMailbox: 4, ContactsPerFolder: 2})
	r := sdktest.New(t, srv, personalcontacts.New())
	for _, tt := range []struct {
		name             string
		include, exclude []string
		want             []string
	}{
		{"everything", nil, nil, []string{"Clients", "Contacts", "Family", "Suppliers"}},
		{"the default folder excluded by its well-known name", nil, []string{"contacts"}, []string{"Clients", "Family", "Suppliers"}},
		{"only the default folder and a glob", []string{"Contacts", "fam*"}, nil, []string{"Contacts", "Family"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := json.Marshal(personalcontacts.Config{IncludeFolders: tt.include, ExcludeFolders: tt.exclude})
			if err != nil {
				t.Fatal(err)
			}
			r.Sync(string(raw))
			names, kept := []string{}, map[string]bool{}
			for _, f := range r.State(personalcontacts.FoldersTable) {
				names = append(names, f["displayName"].(string))
				kept[f["id"].(string)] = true
			}
			sort.Strings(names)
			if diff := cmp.Diff(tt.want, names); diff != "" {
				t.Errorf("contact_folders (-want +lake):\n%s", diff)
			}
			want := 0
			for _, c := range sdktest.Truth(t, srv, personalcontacts.ContactsTable) {
				if kept[c["parentFolderId"].(string)] {
					want++
				}
			}
			if got := len(r.State(personalcontacts.ContactsTable)); got != want || want == 0 {
				t.Errorf("personal_contacts: %d rows, want the %d contacts of the kept folders", got, want)
			}
		})
	}
}
