package graphtest_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"testing"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// driveRound follows a drive delta round; pages carrying both links count
// in both.
func (c *client) driveRound(start string) (items []map[string]any, deltaLink string, pages, both int) {
	c.t.Helper()
	for link := start; ; {
		r := c.get(link)
		if r.status != 200 {
			c.t.Fatalf("GET %s: status %d: %s", link, r.status, r.body)
		}
		pages++
		items = append(items, r.page.Value...)
		if r.page.NextLink != "" && r.page.DeltaLink != "" {
			both++
		}
		if r.page.NextLink == "" {
			return items, r.page.DeltaLink, pages, both
		}
		link = r.page.NextLink
	}
}

// driveMirror is a client's copy of drives: items by id, a deleted folder
// taking what is under it.
type driveMirror map[string]map[string]any

func (m driveMirror) apply(items []map[string]any) {
	for _, it := range items {
		id := it["id"].(string)
		if it["deleted"] != nil || it["@removed"] != nil {
			delete(m, id)
			continue
		}
		m[id] = it
	}
	for changed := true; changed; { // drop items whose parent is gone
		changed = false
		for id, it := range m {
			ref, _ := it["parentReference"].(map[string]any)
			if p, ok := ref["id"].(string); ok && m[p] == nil {
				delete(m, id)
				changed = true
			}
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestDriveDeltaRoundsMatchTheTruthUnderEachVariant(t *testing.T) {
	variants := [][]graphtest.Variant{nil, {graphtest.DriveRemovedAnnotation}, {graphtest.DriveNextAndDelta},
		{graphtest.DriveDeletedChildrenOmitted}, {graphtest.DriveParentPath}, {graphtest.DriveRepeats}, {graphtest.DriveInitialDeletions}}
	for _, vs := range variants {
		t.Run(variantNames(vs), func(t *testing.T) {
			srv := graphtest.Start(t, graphtest.Options{Seed: 5, Users: 4, Variants: vs,
				Drives: graphtest.DriveOptions{OneDrives: 2, Sites: 1, LibrariesPerSite: 2, ItemsPerDrive: 60, PageSize: 7}})
			c := newClient(t, srv)
			links := map[string]string{}
			mirror := driveMirror{}
			for round := range 4 {
				if round > 0 {
					if _, err := srv.ChurnDrives(graphtest.DriveChurn{Creates: 3, Edits: 2, RapidEdits: 3, Renames: 2, Moves: 2, DeleteFiles: 1, DeleteFolders: 1, Restores: 1}); err != nil {
						t.Fatal(err)
					}
				}
				for _, d := range srv.DriveIDs() {
					start := links[d]
					if start == "" {
						start = srv.GraphURL() + "/drives/" + url.PathEscape(d) + "/root/delta"
					}
					items, link, pages, both := c.driveRound(start)
					if link == "" {
						t.Fatalf("round %d of drive %s ended without a deltaLink", round, d)
					}
					wantBoth := slices.Contains(vs, graphtest.DriveNextAndDelta) && pages > 1
					if (both > 0) != wantBoth {
						t.Errorf("round %d: %d of %d pages carry both links, want them on every page but the last: %v", round, both, pages, wantBoth)
					}
					checkDriveItems(t, items, vs)
					links[d] = link
					mirror.apply(items)
				}
				truth := ids(c.state(graphtest.DriveItemsTable))
				if got, want := sortedKeys(mirror), sortedKeys(truth); !slices.Equal(got, want) {
					for _, id := range got {
						if truth[id] == nil {
							ref := mirror[id]["parentReference"].(map[string]any)
							p := ref["id"].(string)
							t.Logf("extra %s: parent %s in mirror %v in truth %v; parent's parent %v", id, p, mirror[p] != nil, truth[p] != nil, mirror[p]["parentReference"])
						}
					}
					t.Fatalf("round %d: the mirror holds %d items, the truth %d", round, len(got), len(want))
				}
				for id, it := range truth {
					if mirror[id]["name"] != it["name"] || mirror[id]["eTag"] != it["eTag"] {
						t.Fatalf("round %d: item %s is %v/%v, want %v/%v", round, id, mirror[id]["name"], mirror[id]["eTag"], it["name"], it["eTag"])
					}
				}
			}
		})
	}
}

// checkDriveItems checks the shape of a round's items under the variants.
func checkDriveItems(t *testing.T, items []map[string]any, vs []graphtest.Variant) {
	t.Helper()
	for _, it := range items {
		ref, _ := it["parentReference"].(map[string]any)
		_, hasPath := ref["path"]
		if hasPath != (slices.Contains(vs, graphtest.DriveParentPath) && it["root"] == nil && it["deleted"] == nil && it["@removed"] == nil) {
			t.Errorf("item %v: parentReference.path present %v under %v", it["id"], hasPath, vs)
		}
		if it["deleted"] == nil && it["@removed"] == nil {
			continue
		}
		if it["name"] != nil || it["cTag"] != nil {
			t.Errorf("deleted item %v carries its name or cTag: OneDrive for Business omits them", it["id"])
		}
		if (it["@removed"] != nil) != slices.Contains(vs, graphtest.DriveRemovedAnnotation) {
			t.Errorf("deleted item %v: @removed %v, deleted %v under %v", it["id"], it["@removed"], it["deleted"], vs)
		}
	}
}

func TestDriveResyncLatestAndLookups(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 6, Users: 3,
		Drives: graphtest.DriveOptions{OneDrives: 1, Sites: 1, LibrariesPerSite: 2, ItemsPerDrive: 10}})
	c := newClient(t, srv)
	g := srv.GraphURL()
	users := c.get(g + "/users?$select=id,userPrincipalName").page.Value
	first := c.get(g + "/users/" + users[0]["userPrincipalName"].(string) + "/drive")
	if first.status != 200 {
		t.Fatalf("the first user's OneDrive: status %d %s", first.status, first.body)
	}
	if r := c.get(g + "/users/" + users[1]["id"].(string) + "/drive"); r.status != 404 || r.err.Error.Code != "ResourceNotFound" {
		t.Errorf("a user without OneDrive: %d %s, want 404 ResourceNotFound", r.status, r.body)
	}
	site := srv.Sites()[0]
	u, _ := url.Parse(site[1])
	bySite := c.get(g + "/sites/" + u.Host + ":" + u.Path)
	if bySite.status != 200 {
		t.Fatalf("site by URL: %d %s", bySite.status, bySite.body)
	}
	libs := c.get(g + "/sites/" + url.PathEscape(site[0]) + "/drives")
	if libs.status != 200 || len(libs.page.Value) != 2 {
		t.Fatalf("site drives: %d, %d libraries, want 2: %s", libs.status, len(libs.page.Value), libs.body)
	}
	delta := g + "/users/" + users[0]["id"].(string) + "/drive/root/delta"
	_, link, _, _ := c.driveRound(delta)
	latest := c.get(delta + "?token=latest")
	if latest.status != 200 || len(latest.page.Value) != 0 || latest.page.DeltaLink == "" {
		t.Errorf("token=latest: %d, %d items, deltaLink %v", latest.status, len(latest.page.Value), latest.page.DeltaLink != "")
	}
	for _, code := range []string{"resyncChangesApplyDifferences", "resyncChangesUploadDifferences"} {
		if err := srv.ResyncDrives(code); err != nil {
			t.Fatal(err)
		}
		r := c.get(link)
		if r.status != 410 || r.err.Error.Code != "resyncRequired" || r.err.Error.InnerError["code"] != code || r.header.Get("Location") == "" {
			t.Errorf("after a %s resync: %d %s, Location %q", code, r.status, r.body, r.header.Get("Location"))
		}
		_, link, _, _ = c.driveRound(r.header.Get("Location"))
	}
}

func variantNames(vs []graphtest.Variant) string {
	if len(vs) == 0 {
		return "default"
	}
	return string(vs[0])
}

// TestDriveChurnKeepsTheTreeWhole: however folders are deleted, restored
// and moved, every live item's parent is live.
func TestDriveChurnKeepsTheTreeWhole(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 7, Users: 2, Drives: graphtest.DriveOptions{OneDrives: 2, ItemsPerDrive: 300}})
	c := newClient(t, srv)
	for round := range 40 {
		if _, err := srv.ChurnDrives(graphtest.DriveChurn{Creates: 2, Moves: 3, DeleteFiles: 1, DeleteFolders: 4, Restores: 2}); err != nil {
			t.Fatal(err)
		}
		items := ids(c.state(graphtest.DriveItemsTable))
		for id, it := range items {
			if p, ok := it["parentId"].(string); ok && items[p] == nil {
				t.Fatalf("round %d: item %s (%v) is live under %s, which is not", round, id, it["path"], p)
			}
		}
	}
}

// TestDriveFeedOptions: deleted items in a first round only with
// drive-initial-deletions; the folders above a renamed item come with it
// unless deltaExcludeParent is sent; $select keeps id and the deletion
// markers.
func TestDriveFeedOptions(t *testing.T) {
	for _, initial := range []bool{false, true} {
		var vs []graphtest.Variant
		if initial {
			vs = []graphtest.Variant{graphtest.DriveInitialDeletions}
		}
		srv := graphtest.Start(t, graphtest.Options{Seed: 4, Users: 2, Variants: vs, Drives: graphtest.DriveOptions{OneDrives: 1, ItemsPerDrive: 60}})
		c := newClient(t, srv)
		if _, err := srv.ChurnDrives(graphtest.DriveChurn{DeleteFiles: 3}); err != nil {
			t.Fatal(err)
		}
		first := srv.GraphURL() + "/drives/" + url.PathEscape(srv.DriveIDs()[0]) + "/root/delta"
		items, link, _, _ := c.driveRound(first + "?$select=name,size")
		deleted := 0
		for _, it := range items {
			if it["deleted"] != nil {
				deleted++
			}
			if it["parentReference"] != nil || it["id"] == nil {
				t.Fatalf("$select=name,size returned %v", keys(it))
			}
		}
		if want := map[bool]int{false: 0, true: 3}[initial]; deleted != want {
			t.Errorf("drive-initial-deletions %v: %d deleted items in the first round, want %d", initial, deleted, want)
		}
		// A rename changes no folder's size or child count: the folders
		// above come as the item's hierarchy only.
		if _, err := srv.ChurnDrives(graphtest.DriveChurn{Renames: 1}); err != nil {
			t.Fatal(err)
		}
		withParents, _, _, _ := c.driveRound(link)
		req, _ := http.NewRequest(http.MethodGet, link, nil)
		req.Header.Set("Authorization", "Bearer "+c.token)
		req.Header.Set("deltaExcludeParent", "true")
		resp, err := c.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var p page
		_ = json.NewDecoder(resp.Body).Decode(&p)
		resp.Body.Close()
		if len(withParents) < 2 || len(p.Value) != 1 {
			t.Errorf("a renamed item comes with %d items (want it and its folders), and %d with deltaExcludeParent (want 1)", len(withParents), len(p.Value))
		}
	}
}
