package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// allUserProperties selects every property the emulator keeps for users.
const allUserProperties = `source "users" {
    select = ["displayName", "givenName", "surname", "userPrincipalName", "mail", "mailNickname",
      "jobTitle", "department", "companyName", "officeLocation", "mobilePhone", "businessPhones",
      "accountEnabled", "city", "country", "usageLocation", "employeeId", "preferredLanguage",
      "createdDateTime", "userType", "employeeType", "state", "streetAddress", "postalCode", "otherMails",
      "proxyAddresses", "employeeHireDate", "lastPasswordChangeDateTime", "onPremisesSyncEnabled",
      "onPremisesImmutableId", "onPremisesSamAccountName", "onPremisesLastSyncDateTime", "manager"]
  }`

func TestThreeRoundsWithChurnMatchTheEmulator(t *testing.T) {
	withEachVariantSet(t, graphtest.Options{Seed: 11, Users: 450}, threeRoundsWithChurn)
}

func threeRoundsWithChurn(t *testing.T, opts graphtest.Options) {
	h := newHarness(t, opts, allUserProperties)
	churns := []graphtest.ChurnSpec{
		{Resource: "users", Creates: 20, Updates: 40, Deletes: 15, Seed: 1},
		{Resource: "users", Creates: 5, Updates: 60, Deletes: 30, Restores: 3, Seed: 2},
	}
	for round := 1; round <= 3; round++ {
		h.mustRun()
		if diff := cmp.Diff(h.emulatorState("users"), h.lakeState("users", "id")); diff != "" {
			t.Fatalf("after round %d the lake's users differ from the emulator's (-emulator +lake):\n%s", round, diff)
		}
		if round <= len(churns) {
			if _, err := h.srv.Tenant().Churn(churns[round-1]); err != nil {
				t.Fatal(err)
			}
			users := h.emulatorState("users")
			if err := h.srv.Tenant().SetManager(users[3]["id"].(string), users[7]["id"].(string)); err != nil {
				t.Fatal(err)
			}
		}
	}
	entries := h.history()
	if len(entries) != 3 {
		t.Fatalf("%d manifest entries, want 3", len(entries))
	}
	for i, e := range entries {
		if i > 0 && e.Previous != entries[i-1].SHA256 {
			t.Errorf("round %d's previous_sha256 %s does not match round %d's %s", e.Round, e.Previous, entries[i-1].Round, entries[i-1].SHA256)
		}
		s := e.Streams[0]
		wantMode := map[bool]string{true: "initial", false: "incremental"}[i == 0]
		if s.Status != "ok" || string(s.Mode) != wantMode || s.DeltaLink == "" || strings.Contains(s.DeltaLink.Text(), "deltatoken") {
			t.Errorf("round %d stream = %+v, want ok, %s, with a sealed deltaLink", e.Round, s, wantMode)
		}
		if i > 0 && s.StartLinkSHA256 != entries[i-1].Streams[0].EndLinkSHA256 {
			t.Errorf("round %d started from link %s, but round %d ended with %s", e.Round, s.StartLinkSHA256, entries[i-1].Round, entries[i-1].Streams[0].EndLinkSHA256)
		}
	}
	if entries[1].Deletes() == 0 || entries[2].Deletes() == 0 {
		t.Errorf("incremental rounds recorded no deletes: %d, %d", entries[1].Deletes(), entries[2].Deletes())
	}
	h.assertFilesExist()
}
