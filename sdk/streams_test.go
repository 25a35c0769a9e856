package sdk_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// idSource tracks the contacts whose ids its config lists.
type idSource struct{}

func (idSource) Tables() []table.Table {
	return []table.Table{{Name: "contacts", Key: []string{"id"}, Columns: []table.Column{
		{Name: "id", Type: table.String()}, {Name: "displayName", Type: table.String()}}}}
}

func (idSource) Sync(ctx context.Context, req *sdk.SyncRequest, emit *sdk.Emitter) error {
	var ids []string
	if err := json.Unmarshal(req.Config, &ids); err != nil {
		return err
	}
	q := sdk.DirectoryQuery{Resource: "contacts", Table: "contacts", Select: []string{"displayName"}, IDs: ids}
	return sdk.RunStreams(ctx, req, emit, q.Streams(req.Endpoint))
}

func TestRunStreamsDrainsAndEndsStreamsNoLongerConfigured(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 5, Contacts: 10})
	contacts := sdktest.Truth(t, srv, "org_contacts", "id")
	id := func(i int) string { return contacts[i]["id"].(string) }
	r := sdktest.New(t, srv, idSource{})
	r.Sync(`["` + id(0) + `","` + id(1) + `"]`)
	old := r.Streams()
	if len(old) != 1 {
		t.Fatalf("streams after round 1: %v, want one", old)
	}
	if err := srv.Tenant().Delete("contacts", id(1), false); err != nil {
		t.Fatal(err)
	}
	round := r.Sync(`["` + id(0) + `","` + id(2) + `"]`)
	var ended, started int
	for _, cp := range round.Checkpoints {
		_, wasThere := old[cp.Stream]
		switch {
		case wasThere && cp.Status == wire.StatusEnded && cp.Deletes == 1:
			ended++
		case !wasThere && cp.Status == wire.StatusOK && cp.Mode == sdk.ModeInitial:
			started++
		default:
			t.Errorf("unexpected checkpoint %+v", cp)
		}
	}
	if ended != 1 || started != 1 {
		t.Errorf("%d streams drained and ended, %d started; want 1 and 1", ended, started)
	}
	got := r.State("contacts")
	if len(got) != 2 || got[0]["id"] == id(1) || got[1]["id"] == id(1) {
		t.Errorf("current state %v: the deleted contact must be gone, the two tracked ones there", got)
	}
	if _, still := r.Streams()[firstKey(old)]; still {
		t.Error("the ended stream kept its deltaLink")
	}
}

func firstKey(m map[string]wire.StreamState) string {
	for k := range m {
		return k
	}
	return ""
}
