package mail_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/plugins/mail"
	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// mailKeys lists the keys of the lake's current mail_folders and messages
// ("user/folder" and "user/folder/message").
func mailKeys(r *sdktest.Runner) []string {
	var keys []string
	for _, f := range r.State(mail.FoldersTable) {
		keys = append(keys, fmt.Sprint(f["userId"], "/", f["id"]))
	}
	for _, m := range r.State(mail.MessagesTable) {
		keys = append(keys, fmt.Sprint(m["userId"], "/", m["folderId"], "/", m["id"]))
	}
	sort.Strings(keys)
	return keys
}

// truthKeys lists the same keys from the emulator, for the mailboxes of
// the users in live only.
func truthKeys(t *testing.T, srv *graphtest.Server, live map[string]bool) []string {
	t.Helper()
	var keys []string
	for _, f := range sdktest.Truth(t, srv, mail.FoldersTable) {
		if live[f["userId"].(string)] {
			keys = append(keys, fmt.Sprint(f["userId"], "/", f["id"]))
		}
	}
	for _, m := range sdktest.Truth(t, srv, mail.MessagesTable) {
		if live[m["userId"].(string)] {
			keys = append(keys, fmt.Sprint(m["userId"], "/", m["parentFolderId"], "/", m["id"]))
		}
	}
	sort.Strings(keys)
	return keys
}

// TestUsersWithoutAMailboxAreSkipped syncs a tenant of six users, three
// with a mailbox, over several rounds: the users without one answer 404
// with whichever code Graph picks (MailboxNotEnabledForRESTAPI by default;
// ResourceNotFound and ErrorInvalidUser in turns with the
// mailbox-not-found variant), and every round must skip them without a
// failed or any other checkpoint. Then a user with a mailbox is deleted:
// its folders and messages leave the lake as for any mailbox no longer
// listed.
func TestUsersWithoutAMailboxAreSkipped(t *testing.T) {
	for _, tc := range []struct {
		name     string
		variants []graphtest.Variant
		config   string
	}{
		{"default codes", nil, `{}`},
		{"alternating codes", []graphtest.Variant{graphtest.MailboxNotFound}, `{}`},
		{"alternating codes with a well-known folder filter", []graphtest.Variant{graphtest.MailboxNotFound},
			`{"exclude_folders":["junkemail"]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := graphtest.Start(t, graphtest.Options{Seed: 41, Users: 6, Mailboxes: 3, FoldersPerMailbox: 3,
				MessagesPerFolder: 4, Variants: tc.variants})
			live := map[string]bool{}
			for _, u := range sdktest.Truth(t, srv, "users", "id") {
				live[u["id"].(string)] = true
			}
			mailboxes := map[string]bool{}
			for _, f := range sdktest.Truth(t, srv, mail.FoldersTable) {
				mailboxes[f["userId"].(string)] = true
			}
			if len(live) != 6 || len(mailboxes) != 3 {
				t.Fatalf("tenant has %d users and %d mailboxes, want 6 and 3", len(live), len(mailboxes))
			}
			r := sdktest.New(t, srv, mail.New())
			check := func(round int, out sdktest.Round) {
				t.Helper()
				for _, cp := range out.Checkpoints {
					user, _, _ := strings.Cut(cp.Stream, "/")
					if cp.Status == sdk.StatusFailed || (!mailboxes[user] && cp.Status != sdk.StatusEnded) {
						t.Errorf("round %d: stream %s ended %s: %s", round, cp.Stream, cp.Status, cp.Error)
					}
				}
				if diff := cmp.Diff(truthKeys(t, srv, live), mailKeys(r)); diff != "" {
					t.Fatalf("round %d: the lake's mail differs from the emulator's (-emulator +lake):\n%s", round, diff)
				}
			}
			for round := 1; round <= 3; round++ {
				check(round, r.Sync(tc.config))
			}
			var gone string
			for u := range mailboxes {
				gone = max(gone, u)
			}
			if err := srv.Tenant().Delete("users", gone, true); err != nil {
				t.Fatal(err)
			}
			delete(live, gone)
			out := r.Sync(tc.config)
			check(4, out)
			ended := 0
			for _, cp := range out.Checkpoints {
				if strings.HasPrefix(cp.Stream, gone+"/") && cp.Status == sdk.StatusEnded {
					ended++
				}
			}
			if ended != 4 {
				t.Errorf("the deleted user's streams ended: %d, want its folders stream and 3 messages streams", ended)
			}
		})
	}
}
