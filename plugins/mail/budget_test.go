package mail_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/plugins/mail"
	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// TestMailboxOverItsBudgetIsPaced syncs a mailbox whose first round needs
// about two and a half windows of Outlook's per-mailbox budget (scaled
// down: 40 requests per 2 seconds) against an emulator that enforces it,
// with a max_retry_wait shorter than the wait Graph then asks for. Paced,
// every stream completes and Graph never refuses a request. Unpaced, as
// before pacing existed, the mailbox runs into the budget, its throttled
// streams cannot wait long enough and fail. The window is 2 seconds, not
// 1, so that the unpaced client, 4 requests at a time, still runs into
// the budget on a loaded machine under -race (with 40 a second it
// sometimes got only 1 refusal in).
func TestMailboxOverItsBudgetIsPaced(t *testing.T) {
	for _, tc := range []struct {
		name   string
		budget int
		paced  bool
	}{
		{"paced", 40, true},
		{"unpaced", -1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := graphtest.Start(t, graphtest.Options{Seed: 43, Users: 1, Mailboxes: 1, FoldersPerMailbox: 2, MessagesPerFolder: 100,
				MailboxBudget: 40, MailboxBudgetWindow: 2 * time.Second, Variants: []graphtest.Variant{graphtest.MailboxBudget}})
			r := sdktest.New(t, srv, mail.New())
			r.MaxRetryWait = 500 * time.Millisecond
			var opts []sdktest.RoundOption
			if !tc.paced {
				opts = append(opts, sdktest.AllowFailed("*/*")) // any of the mailbox's streams may be throttled to failure
			}
			out := r.Sync(`{"page_size": 2, "mailbox_budget": `+itoa(tc.budget)+`, "mailbox_budget_window": "2s"}`, opts...)
			failed := 0
			for _, cp := range out.Checkpoints {
				if cp.Status != sdk.StatusOK {
					failed++
					if tc.paced {
						t.Errorf("stream %s ended %s: %s", cp.Stream, cp.Status, cp.Error)
					}
				}
			}
			load := srv.MailboxLoad()
			if !tc.paced {
				if failed == 0 || load.OverBudget == 0 {
					t.Errorf("unpaced: %d streams failed after %d refusals; want failures, or the test no longer shows what pacing fixes", failed, load.OverBudget)
				}
				return
			}
			if load.OverBudget != 0 {
				t.Errorf("Graph refused %d requests for going over the mailbox's budget", load.OverBudget)
			}
			live := map[string]bool{}
			for _, u := range sdktest.Truth(t, srv, "users") {
				live[u["id"].(string)] = true
			}
			if got := len(mailKeys(r)); got != 2*(1+100) {
				t.Errorf("the lake holds %d folders and messages, want 202", got)
			}
			if diff := cmp.Diff(truthKeys(t, srv, live), mailKeys(r)); diff != "" {
				t.Fatalf("the lake's mail differs from the emulator's (-emulator +lake):\n%s", diff)
			}
		})
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
