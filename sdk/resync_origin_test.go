package sdk_test

import (
	"context"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// usersStream is a source with one users delta stream.
type usersStream struct{}

func (usersStream) stream(endpoint string) sdk.DeltaStream {
	return sdk.DeltaStream{ID: "users", Table: "users", URL: endpoint + "/users/delta?$select=displayName,accountEnabled"}
}

func (usersStream) Tables() []table.Table {
	return []table.Table{{Name: "users", Key: []string{"id"}, Columns: []table.Column{
		{Name: "id", Type: table.String()}, {Name: "displayName", Type: table.String()}}}}
}

func (u usersStream) Sync(ctx context.Context, req *sdk.SyncRequest, emit *sdk.Emitter) error {
	return sdk.RunDelta(ctx, req, emit, u.stream(req.Endpoint))
}

// staticToken is the bearer token the hostile servers look for.
type staticToken struct{}

func (staticToken) Token(context.Context) (string, time.Time, error) {
	return "s3cr3t-bearer", time.Now().Add(time.Hour), nil
}

// seen records the requests a loopback server received.
type seen struct {
	mu   sync.Mutex
	reqs []string // "Authorization header | path?query"
}

func (s *seen) add(r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqs = append(s.reqs, r.Header.Get("Authorization")+" | "+r.URL.RequestURI())
}

func (s *seen) all() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.reqs...)
}

// A stream whose deltaLink gets a 410 sync reset restarts from its own
// first-round URL on Graph's origin, whatever the Location says; a Location
// on another origin fails the stream, naming it, and no request (so no
// token) goes there.
func TestASyncResetNeverSendsTheTokenElsewhere(t *testing.T) {
	elsewhere := &seen{}
	other := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.add(r)
		_, _ = w.Write([]byte(`{"value":[]}`))
	}))
	t.Cleanup(other.Close)
	tests := []struct {
		name     string
		location func(graph string) string
		status   wire.Status
		want     []string // requests Graph must see after the 410
	}{
		{"a Location without the query restarts from the stream's own URL", func(g string) string { return g + "/v1.0/users/delta?$deltatoken=" },
			wire.StatusOK, []string{"Bearer s3cr3t-bearer | /v1.0/users/delta?$select=displayName,accountEnabled"}},
		{"a Location on another port fails the stream", func(string) string { return other.URL + "/v1.0/users/delta?$deltatoken=" },
			wire.StatusFailed, nil},
		{"a Location over http fails the stream", func(g string) string { return "http://" + strings.TrimPrefix(g, "https://") + "/v1.0/users/delta" },
			wire.StatusFailed, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			graph := &seen{}
			var srv *httptest.Server
			srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				graph.add(r)
				if r.URL.Query().Get("$deltatoken") == "old" {
					w.Header().Set("Location", tt.location(srv.URL))
					w.WriteHeader(http.StatusGone)
					_, _ = w.Write([]byte(`{"error":{"code":"syncReset","message":"Restart from the Location URL."}}`))
					return
				}
				_, _ = w.Write([]byte(`{"value":[{"id":"u1","displayName":"A"}],"@odata.deltaLink":"` + srv.URL + `/v1.0/users/delta?$deltatoken=new"}`))
			}))
			t.Cleanup(srv.Close)
			endpoint := srv.URL + "/v1.0"
			ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
			before := len(elsewhere.all())
			var cps []wire.Checkpoint
			err := sdk.InProcess(usersStream{}).Sync(t.Context(), wire.SyncRequest{Round: 2, StartedAt: time.Now(), Config: []byte(`{}`),
				Graph:  wire.GraphSettings{Endpoint: endpoint, CAPEM: ca},
				Tokens: staticToken{}, MaxBatchBytes: 4 << 20,
				Streams: []wire.StreamState{{Stream: "users", DeltaLink: endpoint + "/users/delta?$deltatoken=old",
					Fingerprint: usersStream{}.stream(endpoint).Fingerprint()}},
			}, func(ev wire.Event) error {
				if cp, ok := ev.(*wire.Checkpoint); ok {
					cps = append(cps, *cp)
				}
				if b, ok := ev.(*wire.Batch); ok {
					b.Record.Release()
				}
				return nil
			})
			if err != nil {
				t.Fatalf("Sync: %v", err)
			}
			if len(cps) != 1 {
				t.Fatalf("%d checkpoints, want one", len(cps))
			}
			if cps[0].Status != tt.status {
				t.Errorf("checkpoint %v (%s), want %v", cps[0].Status, cps[0].Error, tt.status)
			}
			if tt.status == wire.StatusFailed && !strings.Contains(cps[0].Error, "refused") {
				t.Errorf("the stream's error %q does not say what was refused", cps[0].Error)
			}
			if got := elsewhere.all()[before:]; len(got) != 0 {
				t.Errorf("another origin received %q", got)
			}
			if got := graph.all()[1:]; strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("after the 410 Graph received %q, want %q", got, tt.want)
			}
		})
	}
}
