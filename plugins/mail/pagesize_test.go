package mail_test

import (
	"strings"
	"testing"

	"github.com/graphlake/graphlake/plugins/mail"
	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// TestDefaultPageSize checks that a folder's first round reads 500
// messages a page by default, and that raising the default from 200 does
// not re-read the streams whose deltaLinks were made at 200, while an
// explicit page_size still takes effect.
func TestDefaultPageSize(t *testing.T) {
	opts := graphtest.Options{Seed: 44, Users: 1, Mailboxes: 1, FoldersPerMailbox: 2, MessagesPerFolder: 450}
	messages := func(out sdktest.Round) []sdk.Checkpoint {
		var cps []sdk.Checkpoint
		for _, cp := range out.Checkpoints {
			if !strings.HasSuffix(cp.Stream, "/folders") {
				cps = append(cps, cp)
			}
		}
		if len(cps) != 2 {
			t.Fatalf("%d messages streams ran, want 2", len(cps))
		}
		return cps
	}
	t.Run("a new stream reads 500 a page", func(t *testing.T) {
		r := sdktest.New(t, graphtest.Start(t, opts), mail.New())
		for _, cp := range messages(r.Sync(`{}`)) {
			if cp.Status != sdk.StatusOK || cp.Pages != 1 {
				t.Errorf("stream %s: %s in %d pages, want ok in 1", cp.Stream, cp.Status, cp.Pages)
			}
		}
	})
	t.Run("streams made at the former default keep it", func(t *testing.T) {
		r := sdktest.New(t, graphtest.Start(t, opts), mail.New())
		for _, cp := range messages(r.Sync(`{"page_size": 200}`)) {
			if cp.Pages != 3 {
				t.Fatalf("stream %s: %d pages at 200, want 3", cp.Stream, cp.Pages)
			}
		}
		for round, tc := range []struct {
			config   string
			wantMode sdk.Mode
		}{
			{`{}`, sdk.ModeIncremental},
			{`{}`, sdk.ModeIncremental},
			{`{"page_size": 300}`, sdk.ModeResync},
		} {
			out := r.Sync(tc.config)
			for _, cp := range out.Checkpoints {
				if cp.Status != sdk.StatusOK || cp.Mode != tc.wantMode {
					t.Errorf("round %d with %s: stream %s ended %s %s, want ok %s", round+2, tc.config, cp.Stream, cp.Status, cp.Mode, tc.wantMode)
				}
			}
		}
	})
}
