package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

func contactsSource(minimal bool, ids []string) string {
	block := fmt.Sprintf("source \"contacts\" {\n    minimal = %v\n", minimal)
	if ids != nil {
		block += `    ids = ["` + strings.Join(ids, `", "`) + "\"]\n"
	}
	return block + "  }"
}

// assertContactsMatch compares the lake's org_contacts with the
// emulator's, field for field, limited to the ids in only when it is not
// nil.
func (h *harness) assertContactsMatch(only map[string]bool, when string) {
	h.t.Helper()
	var want []map[string]any
	for _, c := range h.emulatorState("org_contacts") {
		if only == nil || only[c["id"].(string)] {
			want = append(want, c)
		}
	}
	if diff := cmp.Diff(want, h.lakeState("org_contacts", "id")); diff != "" {
		h.t.Fatalf("%s the lake's org_contacts differ from the emulator's (-emulator +lake):\n%s", when, diff)
	}
}

func TestContactsRoundsOfChurnMatchTheEmulator(t *testing.T) {
	withEachVariantSet(t, graphtest.Options{Seed: 51, Contacts: 120, DirectoryPageSize: 25}, contactsRoundsOfChurn)
}

func contactsRoundsOfChurn(t *testing.T, opts graphtest.Options) {
	for _, minimal := range []bool{false, true} {
		t.Run(fmt.Sprintf("minimal=%v", minimal), func(t *testing.T) {
			h := newHarness(t, opts, contactsSource(minimal, nil))
			churns := []graphtest.ChurnSpec{
				{Resource: "contacts", Creates: 10, Updates: 40, Deletes: 8, Seed: 1},
				{Resource: "contacts", Creates: 3, Updates: 50, Deletes: 12, Seed: 2},
			}
			for round := 1; round <= len(churns)+1; round++ {
				h.mustRun()
				h.assertContactsMatch(nil, fmt.Sprintf("after round %d", round))
				if round <= len(churns) {
					if _, err := h.srv.Tenant().Churn(churns[round-1]); err != nil {
						t.Fatal(err)
					}
				}
			}
			for i, e := range h.history() {
				s := e.Streams[0]
				if len(e.Streams) != 1 || s.Stream != "contacts" || s.Status != "ok" || (i > 0) != (s.Mode == "incremental") || (i > 0 && s.Deletes == 0) {
					t.Errorf("round %d streams = %+v, want one ok contacts stream, initial then incremental with deletions", e.Round, e.Streams)
				}
			}
		})
	}
}

func TestContactsMinimalAndIDFiltersTogether(t *testing.T) {
	opts := graphtest.Options{Seed: 52, Contacts: 150}
	srv := graphtest.Start(t, opts) // the same seed gives the harness's emulator the same ids
	var ids []string
	only := map[string]bool{}
	for _, c := range sdktest.Truth(t, srv, "org_contacts", "id")[20:140] {
		ids = append(ids, c["id"].(string))
		only[c["id"].(string)] = true
	}
	h := newHarness(t, opts, contactsSource(true, ids))
	h.mustRun()
	h.assertContactsMatch(only, "after the initial round")
	if _, err := h.srv.Tenant().Churn(graphtest.ChurnSpec{Resource: "contacts", Updates: 70, Deletes: 15, Seed: 6}); err != nil {
		t.Fatal(err)
	}
	h.mustRun()
	h.assertContactsMatch(only, "after churn")
	if n := len(h.history()[1].Streams); n < 3 {
		t.Errorf("120 ids ran %d streams, want at least 3", n)
	}
}
