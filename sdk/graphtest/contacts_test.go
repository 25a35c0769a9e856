package graphtest_test

import (
	"encoding/json"
	"testing"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// TestContactsSeedExamples replays the orgContact seed: $select of three
// properties, then the default and the minimal response to one change.
func TestContactsSeedExamples(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 9, Contacts: 12})
	c := newClient(t, srv)
	items, link, _ := c.round(srv.GraphURL() + "/contacts/delta?$select=displayName,jobTitle,mail")
	if len(items) != 12 {
		t.Fatalf("initial round: %d contacts, want 12", len(items))
	}
	id := items[0]["id"].(string)
	must(t, srv.Tenant().Update("contacts", id, graphtest.Props{
		"displayName": json.RawMessage(`"displayName-value"`), "jobTitle": json.RawMessage(`null`)}))

	def := c.ok(link)
	if len(def.Value) != 1 || def.Value[0]["mail"] == nil || def.Value[0]["displayName"] != "displayName-value" {
		t.Errorf("default response = %v, want all three selected properties", def.Value)
	}
	if want := srv.GraphURL() + "/$metadata#contacts"; def.Context != want {
		t.Errorf("context = %q, want %q", def.Context, want)
	}
	min := c.ok(link, "return=minimal")
	item := min.Value[0]
	if _, hasMail := item["mail"]; hasMail || item["displayName"] != "displayName-value" || len(item) != 3 {
		t.Errorf("minimal response = %v, want id, displayName and jobTitle:null only", item)
	}
	if v, ok := item["jobTitle"]; !ok || v != nil {
		t.Errorf("jobTitle cleared to null must come back as null, got %v (present %v)", v, ok)
	}

	state := c.state("org_contacts")
	row := state[0]
	for _, k := range []string{"addresses", "phones", "companyName", "proxyAddresses"} {
		if row[k] == nil {
			t.Errorf("ground truth contact lacks %s: %v", k, row)
		}
	}
}
