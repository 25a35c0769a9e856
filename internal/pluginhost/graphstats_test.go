package pluginhost

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk/wire"
)

// statsSource sends its GraphStats, when the host asks for them.
type statsSource struct{ stats wire.GraphStats }

func (statsSource) Describe(context.Context) ([]wire.Table, error)              { return nil, nil }
func (statsSource) Validate(context.Context, []byte) ([]wire.Diagnostic, error) { return nil, nil }

func (s statsSource) Sync(_ context.Context, req wire.SyncRequest, send func(wire.Event) error) error {
	if !req.GraphStats {
		return nil
	}
	return send(&s.stats)
}

// TestGraphStatsCrossTheWire: a plugin's Graph counts reach the host over
// gRPC when it asks for them; counts a host cannot turn into metrics (not
// an HTTP status, a status twice, a negative count) fail the source with
// a protocol error.
func TestGraphStatsCrossTheWire(t *testing.T) {
	valid := []wire.GraphStatusStats{{Status: 0, Requests: 2, Waits: 2, Waited: 1500 * time.Millisecond},
		{Status: 200, Requests: 30}, {Status: 429, Requests: 3, Waits: 5, Waited: 12 * time.Second}}
	tests := []struct {
		name     string
		statuses []wire.GraphStatusStats
		// batches and batched are the JSON batches and the requests they
		// carried.
		batches, batched int64
		refused          bool
	}{
		{name: "valid counts arrive as sent", statuses: valid},
		{name: "batches arrive as sent", statuses: valid, batches: 2, batched: 25},
		{name: "no requests at all"},
		{name: "a status that is not HTTP's", statuses: []wire.GraphStatusStats{{Status: 42, Requests: 1}}, refused: true},
		{name: "a status counted twice", statuses: []wire.GraphStatusStats{{Status: 200, Requests: 1}, {Status: 200, Requests: 1}}, refused: true},
		{name: "a negative count", statuses: []wire.GraphStatusStats{{Status: 429, Requests: 1, Waits: -1}}, refused: true},
		{name: "a negative wait", statuses: []wire.GraphStatusStats{{Status: 429, Requests: 1, Waits: 1, Waited: -time.Second}}, refused: true},
		{name: "a negative count of batches", statuses: valid, batches: -1, batched: 3, refused: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []*wire.GraphStats
			err := dispense(t, statsSource{wire.GraphStats{Statuses: tt.statuses, Batches: tt.batches, BatchedRequests: tt.batched}}).Sync(t.Context(),
				wire.SyncRequest{Round: 1, Tokens: hostTokens{}, GraphStats: true}, func(ev wire.Event) error {
					if s, ok := ev.(*wire.GraphStats); ok {
						got = append(got, s)
					}
					return nil
				})
			if tt.refused {
				if !errors.Is(err, ErrProtocol) {
					t.Fatalf("sync: %v, want a protocol error", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("sync: %v", err)
			}
			if len(got) != 1 || len(got[0].Statuses) != len(tt.statuses) || (len(tt.statuses) > 0 && !reflect.DeepEqual(got[0].Statuses, tt.statuses)) {
				t.Fatalf("arrived %+v, want one event of %+v", got, tt.statuses)
			}
			if got[0].Batches != tt.batches || got[0].BatchedRequests != tt.batched {
				t.Errorf("arrived %d batches of %d requests, want %d of %d", got[0].Batches, got[0].BatchedRequests, tt.batches, tt.batched)
			}
		})
	}
}
