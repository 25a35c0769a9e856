package sdk_test

import (
	"context"
	"encoding/pem"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/wire"
)

// TestGraphStatsEndTheSyncWhenAsked: a host that asks for them
// (SyncRequest.GraphStats) gets the Graph client's counts as the Sync's
// last event, whether the round succeeded or failed; a host that does not
// ask (one that predates them would refuse the unknown event) gets none.
func TestGraphStatsEndTheSyncWhenAsked(t *testing.T) {
	ok := `{"value":[],"@odata.deltaLink":"%s/users/delta?$deltatoken=d"}`
	tests := []struct {
		name    string
		ask     bool
		final   int    // the status Graph answers after one 429
		body    string // its body
		wantErr bool
		want    []wire.GraphStatusStats // nil: no GraphStats event
	}{
		{"asked, the round succeeds", true, http.StatusOK, ok, false,
			[]wire.GraphStatusStats{{Status: 200, Requests: 1}, {Status: 429, Requests: 1, Waits: 1}}},
		{"asked, the stream fails", true, http.StatusForbidden, `{"error":{"code":"Authorization_RequestDenied","message":"no"}}`, false,
			[]wire.GraphStatusStats{{Status: 403, Requests: 1}, {Status: 429, Requests: 1, Waits: 1}}},
		{"asked, the Sync fails", true, http.StatusOK, ok, true,
			[]wire.GraphStatusStats{{Status: 200, Requests: 1}, {Status: 429, Requests: 1, Waits: 1}}},
		{"not asked", false, http.StatusOK, ok, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n atomic.Int32
			var srv *httptest.Server
			srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if n.Add(1) == 1 {
					w.Header().Set("Retry-After", "0")
					w.WriteHeader(http.StatusTooManyRequests)
					_, _ = w.Write([]byte(`{"error":{"code":"TooManyRequests","message":"slow down"}}`))
					return
				}
				w.WriteHeader(tt.final)
				_, _ = w.Write([]byte(strings.ReplaceAll(tt.body, "%s", srv.URL+"/v1.0")))
			}))
			t.Cleanup(srv.Close)
			ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
			var events []wire.Event
			var src sdk.Source = usersStream{}
			if tt.wantErr {
				src = failingSync{}
			}
			err := sdk.InProcess(src).Sync(t.Context(), wire.SyncRequest{Round: 1, StartedAt: time.Now(), Config: []byte(`{}`),
				Graph: wire.GraphSettings{Endpoint: srv.URL + "/v1.0", CAPEM: ca}, Tokens: staticToken{}, MaxBatchBytes: 4 << 20,
				GraphStats: tt.ask,
			}, func(ev wire.Event) error {
				if b, ok := ev.(*wire.Batch); ok {
					b.Record.Release()
				}
				events = append(events, ev)
				return nil
			})
			if (err != nil) != tt.wantErr {
				t.Fatalf("Sync: %v, want an error: %v", err, tt.wantErr)
			}
			var stats []*wire.GraphStats
			for _, ev := range events {
				if s, ok := ev.(*wire.GraphStats); ok {
					stats = append(stats, s)
				}
			}
			switch {
			case tt.want == nil && len(stats) > 0:
				t.Fatalf("unasked, the plugin sent %d GraphStats event(s)", len(stats))
			case tt.want == nil:
			case len(stats) != 1 || events[len(events)-1] != stats[0]:
				t.Fatalf("%d GraphStats event(s) among %d events, want one, the last", len(stats), len(events))
			case !equalStatuses(stats[0].Statuses, tt.want):
				t.Errorf("GraphStats = %+v, want %+v", stats[0].Statuses, tt.want)
			}
		})
	}
}

func equalStatuses(a, b []wire.GraphStatusStats) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// failingSync syncs its stream, then fails the Sync as a whole.
type failingSync struct{ usersStream }

func (f failingSync) Sync(ctx context.Context, req *sdk.SyncRequest, emit *sdk.Emitter) error {
	if err := f.usersStream.Sync(ctx, req, emit); err != nil {
		return err
	}
	return errors.New("the source failed after its stream")
}
