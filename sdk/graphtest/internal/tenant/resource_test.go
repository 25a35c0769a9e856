package tenant

import (
	"slices"
	"testing"
)

// TestTheBuiltInRegistryServesTheBuiltInTables: users, groups and contacts
// register in the order the tables were always listed, and every table
// resolves to its resource or relationship.
func TestTheBuiltInRegistryServesTheBuiltInTables(t *testing.T) {
	tn := New("", 1)
	if got := tn.Tables(); !slices.Equal(got, Tables) {
		t.Errorf("Tables() = %v, want %v", got, Tables)
	}
	for _, name := range []string{"users", "groups", "contacts", "org_contacts", "Users"} {
		if _, ok := tn.Directory(name); !ok {
			t.Errorf("Directory(%q) is not found", name)
		}
	}
	for _, name := range []string{"group_members", "messages", "applications"} {
		if _, ok := tn.Directory(name); ok {
			t.Errorf("Directory(%q) is found; it names no directory resource", name)
		}
	}
}
