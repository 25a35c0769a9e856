package sdktest_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
	"github.com/graphlake/graphlake/sdk/table"
)

// scripted emits, each round, the next list of ids into its table as one
// stream, with the next mode.
type scripted struct {
	appendOnly bool
	rounds     []struct {
		mode sdk.Mode
		ids  []string
	}
	n int
}

func (s *scripted) Tables() []table.Table {
	return []table.Table{{Name: "events", Key: []string{"id"}, AppendOnly: s.appendOnly,
		Columns: []table.Column{{Name: "id", Type: table.String()}}}}
}

func (s *scripted) Sync(_ context.Context, _ *sdk.SyncRequest, emit *sdk.Emitter) error {
	r := s.rounds[s.n]
	s.n++
	for _, id := range r.ids {
		if err := emit.Item("events", "log", fmt.Appendf(nil, `{"id":%q}`, id)); err != nil {
			return err
		}
	}
	return emit.Checkpoint(sdk.Checkpoint{Stream: "log", Status: sdk.StatusOK, Mode: r.mode, DeltaLink: "cursor", Upserts: int64(len(r.ids))})
}

// TestRunnerSweepsNoAppendOnlyTable: as the host, the runner deletes the
// rows a full round of a known stream does not return, unless the table
// is append-only.
func TestRunnerSweepsNoAppendOnlyTable(t *testing.T) {
	tests := []struct {
		appendOnly bool
		wantLive   int
	}{
		{false, 1},
		{true, 2},
	}
	srv := graphtest.Start(t, graphtest.Options{Seed: 1})
	for _, tt := range tests {
		t.Run(fmt.Sprintf("append-only %v", tt.appendOnly), func(t *testing.T) {
			src := &scripted{appendOnly: tt.appendOnly, rounds: []struct {
				mode sdk.Mode
				ids  []string
			}{{sdk.ModeInitial, []string{"e1", "e2"}}, {sdk.ModeResync, []string{"e2"}}}}
			r := sdktest.New(t, srv, src)
			r.Sync(`{}`)
			r.Sync(`{}`)
			if got := len(r.State("events")); got != tt.wantLive {
				t.Fatalf("%d live rows after a full round that returned one of two, want %d", got, tt.wantLive)
			}
		})
	}
}
