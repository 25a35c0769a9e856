package sdk_test

import (
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/wire"
)

// TestProgressOnlyForPagesWithItems: a stream reports progress for each
// page that brought items, and none for an empty page, which is what most
// streams of an incremental round are; the checkpoint counts every page.
func TestProgressOnlyForPagesWithItems(t *testing.T) {
	tests := []struct {
		name      string
		pages     []string // page bodies; %s is the next link's base
		wantProg  []int64  // the rows of each progress event
		wantPages int64
	}{
		{"one empty page: no progress", []string{`{"value":[],"@odata.deltaLink":"%s/users/delta?$deltatoken=d"}`}, nil, 1},
		{"a page of items, then an empty one: progress for the first", []string{
			`{"value":[{"id":"u1","displayName":"A"},{"id":"u2","displayName":"B"}],"@odata.nextLink":"%s/users/delta?$skiptoken=2"}`,
			`{"value":[],"@odata.deltaLink":"%s/users/delta?$deltatoken=d"}`}, []int64{2}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var srv *httptest.Server
			srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				page := tt.pages[0]
				if r.URL.Query().Get("$skiptoken") == "2" {
					page = tt.pages[1]
				}
				_, _ = w.Write([]byte(strings.ReplaceAll(page, "%s", srv.URL+"/v1.0")))
			}))
			t.Cleanup(srv.Close)
			endpoint := srv.URL + "/v1.0"
			ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
			var progress []int64
			var cps []wire.Checkpoint
			err := sdk.InProcess(usersStream{}).Sync(t.Context(), wire.SyncRequest{Round: 1, StartedAt: time.Now(), Config: []byte(`{}`),
				Graph: wire.GraphSettings{Endpoint: endpoint, CAPEM: ca}, Tokens: staticToken{}, MaxBatchBytes: 4 << 20,
			}, func(ev wire.Event) error {
				switch e := ev.(type) {
				case *wire.Progress:
					progress = append(progress, e.Rows)
				case *wire.Checkpoint:
					cps = append(cps, *e)
				case *wire.Batch:
					e.Record.Release()
				}
				return nil
			})
			if err != nil {
				t.Fatalf("Sync: %v", err)
			}
			if len(cps) != 1 || cps[0].Pages != tt.wantPages {
				t.Fatalf("checkpoints %+v: want one, counting %d pages", cps, tt.wantPages)
			}
			if len(progress) != len(tt.wantProg) || (len(progress) > 0 && progress[0] != tt.wantProg[0]) {
				t.Errorf("progress events with rows %v, want %v", progress, tt.wantProg)
			}
		})
	}
}
