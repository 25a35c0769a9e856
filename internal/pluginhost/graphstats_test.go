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
		refused  bool
	}{
		{"valid counts arrive as sent", valid, false},
		{"no requests at all", nil, false},
		{"a status that is not HTTP's", []wire.GraphStatusStats{{Status: 42, Requests: 1}}, true},
		{"a status counted twice", []wire.GraphStatusStats{{Status: 200, Requests: 1}, {Status: 200, Requests: 1}}, true},
		{"a negative count", []wire.GraphStatusStats{{Status: 429, Requests: 1, Waits: -1}}, true},
		{"a negative wait", []wire.GraphStatusStats{{Status: 429, Requests: 1, Waits: 1, Waited: -time.Second}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []*wire.GraphStats
			err := dispense(t, statsSource{wire.GraphStats{Statuses: tt.statuses}}).Sync(t.Context(),
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
				t.Errorf("arrived %+v, want one event of %+v", got, tt.statuses)
			}
		})
	}
}
