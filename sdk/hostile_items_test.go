package sdk_test

import (
	"context"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// twoStreams is a source with two delta streams, "bad" and "good", run one
// after the other into tables of the same columns; with links, the bad
// stream's items go through a relationship table's Item hook.
type twoStreams struct{ links bool }

// members is the bad stream's relationship table.
var members = sdk.LinkTable{Table: "members", Parent: "groupId", Target: "memberId"}

func (twoStreams) Tables() []table.Table {
	cols := []table.Column{{Name: "id", Type: table.String()}, {Name: "displayName", Type: table.String()},
		{Name: "count", Type: table.Int64()}, {Name: "when", Type: table.Timestamp()}}
	return []table.Table{{Name: "bad", Key: []string{"id"}, Columns: cols}, {Name: "good", Key: []string{"id"}, Columns: cols},
		{Name: "members", Key: []string{"groupId", "memberId"}, Parent: &table.Parent{Table: "bad", Columns: []string{"groupId"}},
			Columns: []table.Column{{Name: "groupId", Type: table.String()}, {Name: "memberId", Type: table.String()}}}}
}

func (t twoStreams) Sync(ctx context.Context, req *sdk.SyncRequest, emit *sdk.Emitter) error {
	for _, name := range []string{"bad", "good"} {
		s := sdk.DeltaStream{ID: name, Table: name, URL: req.Endpoint + "/" + name + "/delta"}
		if t.links && name == "bad" {
			s.Item = members.Item("bad", map[string]string{"members": "member"})
		}
		if err := sdk.RunDelta(ctx, req, emit, s); err != nil {
			return err
		}
	}
	return nil
}

// An item whose value does not fit its column is Graph's answer being
// wrong, not the host failing: its stream fails, naming itself and the
// item, keeps its deltaLink, and the other streams of the round go on.
func TestAnItemThatDoesNotFitFailsItsStreamOnly(t *testing.T) {
	tests := []struct {
		name, item string
		links      bool
	}{
		{"a number too large for an integer column", `{"id":"b1","count":1e400}`, false},
		{"a fraction in an integer column", `{"id":"b1","count":1.5}`, false},
		{"a number in a string column", `{"id":"b1","displayName":12}`, false},
		{"a timestamp that is not one", `{"id":"b1","when":"yesterday"}`, false},
		{"an id that is not a string", `{"id":12}`, false},
		{"an upsert without an id", `{"displayName":"x"}`, false},
		{"an upsert with a null id", `{"id":null,"displayName":"x"}`, false},
		{"a removal without an id", `{"@removed":{"reason":"deleted"}}`, false},
		{"a removal that is not an object", `{"id":"b1","@removed":7}`, false},
		{"an item that is not an object", `5`, false},
		{"an item that is not an object, to an Item hook", `"b1"`, true},
		{"an item without an id, to an Item hook", `{"displayName":"x"}`, true},
		{"members@delta that is not an array", `{"id":"b1","members@delta":{}}`, true},
		{"a member without an id", `{"id":"b1","members@delta":[{"@odata.type":"#microsoft.graph.user"}]}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var srv *httptest.Server
			srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				item := `{"id":"g1","displayName":"G","count":3}`
				if strings.HasPrefix(r.URL.Path, "/v1.0/bad/") {
					item = tt.item
				}
				_, _ = w.Write([]byte(`{"value":[` + item + `],"@odata.deltaLink":"` + srv.URL + r.URL.Path + `?$deltatoken=new"}`))
			}))
			t.Cleanup(srv.Close)
			endpoint := srv.URL + "/v1.0"
			ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
			cps := map[string]wire.Checkpoint{}
			err := sdk.InProcess(twoStreams{links: tt.links}).Sync(t.Context(), wire.SyncRequest{Round: 1, StartedAt: time.Now(), Config: []byte(`{}`),
				Graph: wire.GraphSettings{Endpoint: endpoint, CAPEM: ca}, Tokens: staticToken{}, MaxBatchBytes: 4 << 20,
			}, collectCheckpoints(cps))
			if err != nil {
				t.Fatalf("Sync: %v; want the bad stream failed and the round going on", err)
			}
			bad, good := cps["bad"], cps["good"]
			if bad.Status != wire.StatusFailed || bad.DeltaLink != "" || !strings.Contains(bad.Error, "stream bad") {
				t.Errorf("the bad stream: %v %q (deltaLink %t), want failed, naming it, without a deltaLink", bad.Status, bad.Error, bad.DeltaLink != "")
			}
			if good.Status != wire.StatusOK || good.DeltaLink == "" {
				t.Errorf("the good stream: %v %q, want ok with its deltaLink", good.Status, good.Error)
			}
		})
	}
}

// oneStream runs the "good" stream with RunStreams: any other stream of
// the request's state is ended first, from its deltaLink.
type oneStream struct{ twoStreams }

func (oneStream) Sync(ctx context.Context, req *sdk.SyncRequest, emit *sdk.Emitter) error {
	return sdk.RunStreams(ctx, req, emit, []sdk.DeltaStream{{ID: "good", Table: "good", URL: req.Endpoint + "/good/delta"}})
}

// A stream no longer configured whose last round carries an item that
// cannot become a row ends with a warning, as when that round fails; the
// configured streams go on.
func TestAnEndedStreamsBadItemDoesNotEndTheRound(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		item := `{"id":"g1","displayName":"G"}`
		if strings.HasPrefix(r.URL.Path, "/v1.0/bad/") {
			item = `{"id":"b1","count":1e400}`
		}
		_, _ = w.Write([]byte(`{"value":[` + item + `],"@odata.deltaLink":"` + srv.URL + r.URL.Path + `?$deltatoken=new"}`))
	}))
	t.Cleanup(srv.Close)
	endpoint := srv.URL + "/v1.0"
	ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	cps := map[string]wire.Checkpoint{}
	err := sdk.InProcess(oneStream{}).Sync(t.Context(), wire.SyncRequest{Round: 2, StartedAt: time.Now(), Config: []byte(`{}`),
		Graph: wire.GraphSettings{Endpoint: endpoint, CAPEM: ca}, Tokens: staticToken{}, MaxBatchBytes: 4 << 20,
		Streams: []wire.StreamState{{Stream: "bad", DeltaLink: endpoint + "/bad/delta?$deltatoken=old", Fingerprint: "f"}},
	}, collectCheckpoints(cps))
	if err != nil {
		t.Fatalf("Sync: %v; want the stale stream ended and the round going on", err)
	}
	if bad := cps["bad"]; bad.Status != wire.StatusEnded || !strings.Contains(bad.Error, "column count") {
		t.Errorf("the stale stream: %v %q, want ended, saying what was wrong", bad.Status, bad.Error)
	}
	if good := cps["good"]; good.Status != wire.StatusOK {
		t.Errorf("the good stream: %v %q, want ok", good.Status, good.Error)
	}
}

// An event Graph dates in the future (a skewed or hostile answer) is
// written, but must not carry the log's cursor past the present: the
// cursor never moves back, so every later round would ask for events
// after that date and find none, each round ok, the log lost.
func TestAnEventFromTheFutureDoesNotCarryTheCursorAway(t *testing.T) {
	var filters []string
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		filters = append(filters, r.URL.Query().Get("$filter"))
		_, _ = w.Write([]byte(`{"value":[{"id":"e2","createdDateTime":"9999-12-31T23:59:59Z"},{"id":"e1","createdDateTime":"` +
			time.Now().UTC().Add(-time.Minute).Format(time.RFC3339) + `"}]}`))
	}))
	t.Cleanup(srv.Close)
	endpoint := srv.URL + "/v1.0"
	ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	src := logSource{ID: "log", Table: "events", Path: "auditLogs/signIns", TimeProperty: "createdDateTime", LookBack: time.Hour, Overlap: 5 * time.Minute}
	var state []wire.StreamState
	for round := int64(1); round <= 2; round++ {
		err := sdk.InProcess(src).Sync(t.Context(), wire.SyncRequest{Round: round, StartedAt: time.Now(), Config: []byte(`{}`),
			Graph: wire.GraphSettings{Endpoint: endpoint, CAPEM: ca}, Tokens: staticToken{}, MaxBatchBytes: 4 << 20, Streams: state,
		}, func(ev wire.Event) error {
			if cp, ok := ev.(*wire.Checkpoint); ok {
				state = []wire.StreamState{{Stream: cp.Stream, DeltaLink: cp.DeltaLink, Fingerprint: cp.Fingerprint}}
			}
			if b, ok := ev.(*wire.Batch); ok {
				b.Record.Release()
			}
			return nil
		})
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
	}
	if len(filters) != 2 {
		t.Fatalf("%d requests, want 2", len(filters))
	}
	_, from, _ := strings.Cut(filters[1], " ge ")
	at, err := time.Parse(time.RFC3339, from)
	if err != nil || at.After(time.Now()) {
		t.Errorf("the second round asked for %q: want events from before now", filters[1])
	}
}

// collectCheckpoints is a Sync's event handler that keeps each stream's
// checkpoint in cps and releases the batches.
func collectCheckpoints(cps map[string]wire.Checkpoint) func(wire.Event) error {
	return func(ev wire.Event) error {
		switch e := ev.(type) {
		case *wire.Checkpoint:
			cps[e.Stream] = *e
		case *wire.Batch:
			e.Record.Release()
		}
		return nil
	}
}
