package graph_test

import (
	"errors"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk/graph"
	"github.com/graphlake/graphlake/sdk/graphtest"
)

// TestMailboxBudgetIsPacedNotThrottled reads a folder whose round needs
// more requests than one window of the mailbox's budget allows, against
// an emulator that enforces the budget, with a retry budget shorter than
// the waits Graph asks for. Paced, the round takes longer but Graph never
// throttles it; unpaced (as before pacing existed), it runs into 429s
// whose waits exhaust MaxRetryWait, and it fails.
func TestMailboxBudgetIsPacedNotThrottled(t *testing.T) {
	const budget, window = 20, 500 * time.Millisecond
	for _, tc := range []struct {
		name    string
		budget  int
		wantErr error
	}{
		{"paced", budget, nil},
		{"unpaced", -1, graph.ErrRetryBudget},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := graphtest.Start(t, graphtest.Options{Seed: 25, Users: 1, Mailboxes: 1, FoldersPerMailbox: 1, MessagesPerFolder: 120,
				MailboxBudget: budget, MailboxBudgetWindow: window, Variants: []graphtest.Variant{graphtest.MailboxBudget}})
			var folder string
			for id := range truth(t, srv, "mail_folders") {
				folder = id
			}
			users := truth(t, srv, "users")
			var user string
			for id := range users {
				user = id
			}
			client := graph.New(graph.Options{HTTPClient: srv.Client(), Tokens: &emulatorTokens{srv: srv}, MaxRetryWait: window / 2,
				Limits: graph.Limits{MailboxBudget: tc.budget, MailboxBudgetWindow: window}})
			c := &collector{}
			began := time.Now()
			_, err := client.Round(t.Context(), graph.Query{
				URL:    srv.GraphURL() + "/users/" + user + "/mailFolders/" + folder + "/messages/delta?$select=subject",
				Prefer: []string{"odata.maxpagesize=2"}}, c.add)
			took := time.Since(began)
			load := srv.MailboxLoad()
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) || load.OverBudget == 0 {
					t.Fatalf("err = %v after %d refusals, want %v", err, load.OverBudget, tc.wantErr)
				}
				return
			}
			if err != nil || load.OverBudget != 0 || len(c.set()) != 120 {
				t.Fatalf("err = %v, %d refusals, %d messages; want the whole folder without a refusal", err, load.OverBudget, len(c.set()))
			}
			if pages := len(c.pages); pages <= budget || took < window {
				t.Errorf("%d pages in %v: the round should need more than one window", pages, took)
			}
		})
	}
}
