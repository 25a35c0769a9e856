package drives_test

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/plugins/drives"
	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// drivesIn lists the driveIds of rows, sorted and unique.
func drivesIn(rows []map[string]any) []string {
	seen := map[string]bool{}
	for _, r := range rows {
		seen[r["driveId"].(string)] = true
	}
	var out []string
	for d := range seen {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}

func TestUsersAndSitesSelectTheDrives(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 8, Users: 5,
		Drives: graphtest.DriveOptions{OneDrives: 2, Sites: 2, LibrariesPerSite: 2, ItemsPerDrive: 12}})
	ids := srv.DriveIDs() // OneDrives of users 1 and 2, then site 1's libraries, then site 2's
	users := sdktest.Truth(t, srv, "users", "id")
	people := map[string]string{} // OneDrive owner's principal name by drive, from the truth
	for _, it := range sdktest.Truth(t, srv, drives.ItemsTable) {
		if it["root"] != nil && it["parentReference"].(map[string]any)["driveType"] == "business" {
			people[it["driveId"].(string)] = it["createdBy"].(map[string]any)["user"].(map[string]any)["email"].(string)
		}
	}
	noDrive := ""
	for _, u := range users {
		found := false
		for _, upn := range people {
			found = found || strings.EqualFold(upn, u["userPrincipalName"].(string))
		}
		if !found {
			noDrive = u["id"].(string)
		}
	}
	r := sdktest.New(t, srv, drives.New())
	site := srv.Sites()[0]
	round := r.Sync(config(t, drives.Config{Users: []string{people[ids[0]], noDrive}, Sites: []string{site[0]}}))
	want := []string{ids[0], ids[2], ids[3]}
	sort.Strings(want)
	if got := drivesIn(r.State(drives.ItemsTable)); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("a principal name, a user without OneDrive and a site id synced drives %v, want %v", got, want)
	}
	if len(round.Checkpoints) != 3 {
		t.Errorf("%d checkpoints, want one per drive (3): a user without OneDrive has no stream", len(round.Checkpoints))
	}
	if len(round.Warnings) != 1 || !strings.Contains(round.Warnings[0].Detail, noDrive) {
		t.Errorf("warnings %+v, want one naming the listed user without OneDrive", round.Warnings)
	}
	round = r.Sync(config(t, drives.Config{Users: []string{people[ids[0]]}, Sites: []string{srv.Sites()[1][1]}}))
	want = []string{ids[0], ids[4], ids[5]}
	sort.Strings(want)
	if got := drivesIn(r.State(drives.ItemsTable)); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("after swapping the site for another by URL: drives %v, want %v", got, want)
	}
	ended := 0
	for _, cp := range round.Checkpoints {
		if cp.Status == sdk.StatusEnded {
			ended++
		}
	}
	if ended != 2 {
		t.Errorf("%d streams ended, want the first site's 2 libraries", ended)
	}
}

func TestUserFilterNarrowsAllUsers(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 8, Users: 5,
		Drives: graphtest.DriveOptions{OneDrives: 2, ItemsPerDrive: 12}})
	ids := srv.DriveIDs()
	var owner string // the principal name of the first OneDrive's owner
	for _, it := range sdktest.Truth(t, srv, drives.ItemsTable) {
		if it["root"] != nil && it["driveId"] == ids[0] {
			owner = it["createdBy"].(map[string]any)["user"].(map[string]any)["email"].(string)
		}
	}
	r := sdktest.New(t, srv, drives.New())
	r.Sync(config(t, drives.Config{Users: []string{"all"}}))
	if got := drivesIn(r.State(drives.ItemsTable)); len(got) != 2 {
		t.Fatalf("users = [\"all\"] synced drives %v, want both OneDrives", got)
	}
	round := r.Sync(config(t, drives.Config{Users: []string{"all"}, UserFilter: "userPrincipalName eq '" + owner + "'"}))
	if got := drivesIn(r.State(drives.ItemsTable)); strings.Join(got, " ") != ids[0] {
		t.Errorf("user_filter naming the first OneDrive's owner left drives %v, want [%s]", got, ids[0])
	}
	if len(round.Warnings) != 0 {
		t.Errorf("warnings %+v, want none: users the filter leaves out are not looked at", round.Warnings)
	}
}

func TestASiteThatCannotBeFoundEndsNoDrive(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 9, Users: 3,
		Drives: graphtest.DriveOptions{OneDrives: 1, Sites: 1, LibrariesPerSite: 1, ItemsPerDrive: 12}})
	r := sdktest.New(t, srv, drives.New())
	r.Sync(config(t, drives.Config{Users: []string{"all"}, Sites: []string{srv.Sites()[0][0]}}))
	before := drivesIn(r.State(drives.ItemsTable))
	round := r.Sync(config(t, drives.Config{Users: []string{"all"}, Sites: []string{"https://contoso.sharepoint.com/sites/gone"}}), sdktest.AllowFailed("drives"))
	if got := drivesIn(r.State(drives.ItemsTable)); strings.Join(got, " ") != strings.Join(before, " ") {
		t.Errorf("a round that could not find a site changed the drives from %v to %v", before, got)
	}
	if f := round.Failed(); len(f) != 1 || f[0].Stream != "drives" || !strings.Contains(f[0].Error, "sites/gone") {
		t.Errorf("failed streams %+v, want the pseudo-stream drives naming the site", f)
	}
}

func TestConfigDiagnostics(t *testing.T) {
	tests := []struct {
		name, config, attribute string
	}{
		{"nothing selected", `{}`, "users"},
		{"all with others", `{"users":["all","a@b.c"]}`, "users"},
		{"a user with a slash", `{"users":["a/b"]}`, "users"},
		{"a site that is neither", `{"sites":["http://x/sites/a"]}`, "sites"},
		{"page size too large", `{"users":["all"],"page_size":1001}`, "page_size"},
		{"user_filter without all", `{"users":["a@b.c"],"user_filter":"accountEnabled eq true"}`, "user_filter"},
		{"user_filter alone", `{"user_filter":"accountEnabled eq true"}`, "users"},
		{"negative concurrency", `{"users":["all"],"concurrency":-1}`, "concurrency"},
		{"valid", `{"users":["all"],"user_filter":"accountEnabled eq true","sites":["https://contoso.sharepoint.com/sites/a","contoso.sharepoint.com,1,2"]}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			diags := drives.New().ValidateConfig(context.Background(), []byte(tt.config))
			if tt.attribute == "" {
				if len(diags) != 0 {
					t.Fatalf("want no diagnostics, got %+v", diags)
				}
				return
			}
			if len(diags) == 0 || diags[0].Attribute != tt.attribute {
				t.Fatalf("want an error on %s, got %+v", tt.attribute, diags)
			}
		})
	}
}
