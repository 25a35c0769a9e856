package mail_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/plugins/mail"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// TestARoundAtGraphsSinceCapWarns: Graph returns at most 5,000 messages
// for a messages delta filtered by receivedDateTime (`since`), and does
// not say when it left some out (GRAPH-DELTA.md §6.18). A folder's round
// that returns that many warns, naming the fix; a round under the cap,
// or without `since`, does not.
func TestARoundAtGraphsSinceCapWarns(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 66, Users: 1, Mailboxes: 1, FoldersPerMailbox: 1, MessagesPerFolder: 5003})
	for _, tt := range []struct {
		name, since string
		wantWarned  bool
	}{
		{"a round filtered by since that reaches the cap warns", "2000-01-01", true},
		{"without since no round is capped", "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := json.Marshal(mail.Config{Select: everyMessageProperty, PageSize: 1000, Since: tt.since})
			if err != nil {
				t.Fatal(err)
			}
			rd := sdktest.New(t, srv, mail.New()).Sync(string(raw))
			messages := map[string]int64{}
			for _, cp := range rd.Checkpoints {
				messages[cp.Stream] = cp.Upserts
			}
			warned := map[string]bool{}
			for _, w := range rd.Warnings {
				if strings.Contains(w.Summary, "cut short") {
					warned[w.Stream] = true
					if !strings.Contains(w.Detail, "5000") || !strings.Contains(w.Detail, "`since`") {
						t.Errorf("stream %s: warning %q, want Graph's cap and the fix named", w.Stream, w.Detail)
					}
				}
			}
			capped := 0
			for stream, n := range messages {
				switch {
				case warned[stream] && n != 5000:
					t.Errorf("stream %s returned %d messages and warned; only a round at the cap may", stream, n)
				case n == 5000:
					capped++
					if !warned[stream] {
						t.Errorf("stream %s returned Graph's 5,000 and did not warn", stream)
					}
				}
			}
			if tt.wantWarned != (capped > 0) {
				t.Errorf("%d streams reached the cap; want some: %v (streams: %v)", capped, tt.wantWarned, messages)
			}
		})
	}
}
