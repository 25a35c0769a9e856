package contacts_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/plugins/contacts"
	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

func config(t *testing.T, minimal bool, ids []string) string {
	t.Helper()
	raw, err := json.Marshal(contacts.Config{Minimal: minimal, IDs: ids})
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

func assertMatches(t *testing.T, r *sdktest.Runner, srv *graphtest.Server, ids map[string]bool, when string) {
	t.Helper()
	var want []map[string]any
	for _, row := range sdktest.Truth(t, srv, "org_contacts", "id") {
		if ids == nil || ids[row["id"].(string)] {
			want = append(want, row)
		}
	}
	if diff := cmp.Diff(want, r.State(contacts.TableName)); diff != "" {
		t.Fatalf("%s, org_contacts differ from the emulator's (-emulator +lake):\n%s", when, diff)
	}
}

func TestRoundsOfChurnMatchTheEmulator(t *testing.T) {
	for _, minimal := range []bool{false, true} {
		t.Run(fmt.Sprintf("minimal=%v", minimal), func(t *testing.T) {
			srv := graphtest.Start(t, graphtest.Options{Seed: 31, Contacts: 60, DirectoryPageSize: 7})
			r := sdktest.New(t, srv, contacts.New())
			cfg := config(t, minimal, nil)
			r.Sync(cfg)
			assertMatches(t, r, srv, nil, "after the initial round")
			for i, spec := range []graphtest.ChurnSpec{
				{Resource: "contacts", Creates: 5, Updates: 15, Deletes: 4, Seed: 1},
				{Resource: "contacts", Creates: 2, Updates: 20, Deletes: 6, Seed: 2},
			} {
				if _, err := srv.Tenant().Churn(spec); err != nil {
					t.Fatal(err)
				}
				round := r.Sync(cfg)
				for _, row := range round.Rows[contacts.TableName] {
					if row["_op"] == "delete" && row["_removed_reason"] != "deleted" {
						t.Errorf("contact %v deleted with reason %v, want deleted", row["id"], row["_removed_reason"])
					}
				}
				assertMatches(t, r, srv, nil, fmt.Sprintf("after churn round %d", i+2))
			}
		})
	}
}

func TestMinimalUpdatesCarryOnlyChangedFields(t *testing.T) {
	for _, tc := range []struct {
		name       string
		minimal    bool
		wantFields []any
	}{
		{"by default an update carries every set property", false, nil},
		{"with minimal an update carries what changed, nulls included", true, []any{"department", "id", "jobTitle"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := graphtest.Start(t, graphtest.Options{Seed: 32, Contacts: 5})
			r := sdktest.New(t, srv, contacts.New())
			cfg := config(t, tc.minimal, nil)
			r.Sync(cfg)
			id := sdktest.Truth(t, srv, "org_contacts", "id")[0]["id"].(string)
			if err := srv.Tenant().Update("contacts", id, graphtest.Props{
				"jobTitle": json.RawMessage(`"Buyer"`), "department": json.RawMessage(`null`)}); err != nil {
				t.Fatal(err)
			}
			round := r.Sync(cfg)
			rows := round.Rows[contacts.TableName]
			if len(rows) != 1 {
				t.Fatalf("round wrote %d rows, want 1", len(rows))
			}
			fields := rows[0]["_fields"].([]any)
			if tc.wantFields != nil {
				if diff := cmp.Diff(tc.wantFields, fields); diff != "" {
					t.Errorf("_fields (-want +got):\n%s", diff)
				}
			} else if len(fields) < 8 {
				t.Errorf("_fields = %v, want every set property", fields)
			}
			assertMatches(t, r, srv, nil, "after the update")
		})
	}
}

func TestIDFilters(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 33, Contacts: 140})
	var ids []string
	set := map[string]bool{}
	for _, c := range sdktest.Truth(t, srv, "org_contacts", "id")[:110] {
		ids = append(ids, c["id"].(string))
		set[c["id"].(string)] = true
	}
	r := sdktest.New(t, srv, contacts.New())
	first := r.Sync(config(t, true, ids))
	if len(first.Checkpoints) < 3 {
		t.Errorf("110 ids made %d streams, want at least 3", len(first.Checkpoints))
	}
	assertMatches(t, r, srv, set, "after the initial round")
	if _, err := srv.Tenant().Churn(graphtest.ChurnSpec{Resource: "contacts", Updates: 60, Deletes: 20, Seed: 4}); err != nil {
		t.Fatal(err)
	}
	for _, cp := range r.Sync(config(t, true, ids)).Checkpoints {
		if cp.Status != sdk.StatusOK || cp.Mode != "incremental" {
			t.Errorf("stream %s: %v %s, want ok incremental", cp.Stream, cp.Status, cp.Mode)
		}
	}
	assertMatches(t, r, srv, set, "after churn")
}

func TestConfigDiagnostics(t *testing.T) {
	for _, tc := range []struct{ name, config, attribute string }{
		{"an unknown attribute is refused", `{"folder": "x"}`, "folder"},
		{"ids must be a list", `{"ids": "2e5807ce-58f3-4a94-9b37-ffff2e085957"}`, "ids"},
		{"an empty id is refused", `{"ids": [""]}`, "ids"},
		{"a good block passes", `{"select": ["displayName", "phones"], "minimal": true}`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			diags := contacts.New().ValidateConfig(t.Context(), []byte(tc.config))
			if (tc.attribute == "") != (len(diags) == 0) || len(diags) > 0 && diags[0].Attribute != tc.attribute {
				t.Fatalf("diagnostics %+v, want an error on %q (none when empty)", diags, tc.attribute)
			}
		})
	}
}
