package runner

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// fakeTable is the one table the fake source writes.
const fakeTable = "items"

// streamRound is what one stream of the fake source does in a round.
type streamRound struct {
	// ids are the items the stream returns, as upserts (a failed stream
	// sends them before it fails).
	ids []string
	// mode is how the stream's round began (default incremental).
	mode wire.Mode
	// status is how it ends (default ok).
	status wire.Status
	// link is the deltaLink it ends with when ok.
	link string
	// warnings is how many warnings the stream sends before its rows.
	warnings int
}

// fakeSource is an in-process source plugin that emits what the test
// scripts for the next round, and records the stream states the host
// handed it.
type fakeSource struct {
	mu sync.Mutex
	// script is the next round's streams, by stream id.
	script map[string]streamRound
	// during, when set, runs after every stream's rows and checkpoint
	// were emitted; its error ends Sync.
	during func(ctx context.Context) error
	// got is the stream states of the last round's request.
	got map[string]sdk.StreamState
	// appendOnly declares the table append-only.
	appendOnly bool
	// sharded declares id the table's shard key: the source then runs in
	// every shard, on the streams each owns.
	sharded bool
	// table names the source's table (default fakeTable), for a second
	// fake source in one pipeline.
	table string
}

// tableName is the source's table.
func (f *fakeSource) tableName() string {
	if f.table != "" {
		return f.table
	}
	return fakeTable
}

func (f *fakeSource) Tables() []table.Table {
	t := table.Table{Name: f.tableName(), Key: []string{"id"}, AppendOnly: f.appendOnly, Columns: []table.Column{
		{Name: "id", Type: table.String()}, {Name: "name", Type: table.String()},
	}}
	if f.sharded {
		t.ShardKey = "id"
	}
	return []table.Table{t}
}

func (f *fakeSource) Sync(ctx context.Context, req *sdk.SyncRequest, emit *sdk.Emitter) error {
	f.mu.Lock()
	script, during := f.script, f.during
	f.got = map[string]sdk.StreamState{} // a copy: the SDK wipes req.Streams when Sync returns
	for id := range req.Streams.IDs() {
		f.got[id], _ = req.Streams.Get(id)
	}
	f.mu.Unlock()
	streams := make([]string, 0, len(script))
	for s := range script {
		streams = append(streams, s)
	}
	sort.Strings(streams)
	for _, s := range streams {
		sr := script[s]
		for i := range sr.warnings {
			if err := emit.Warn(s, fmt.Sprintf("warning %d of %s", i, s), "detail"); err != nil {
				return err
			}
		}
		cp := wire.Checkpoint{Stream: s, Status: sr.status, Mode: sr.mode, Fingerprint: "fp", Pages: 1}
		if cp.Status == "" {
			cp.Status = wire.StatusOK
		}
		if cp.Mode == "" {
			cp.Mode = wire.ModeIncremental
		}
		for _, id := range sr.ids {
			raw := fmt.Appendf(nil, `{"id":%q,"name":"name of %s"}`, id, id)
			if err := emit.Item(f.tableName(), s, raw); err != nil {
				return err
			}
		}
		cp.Upserts = int64(len(sr.ids))
		if cp.Status == wire.StatusFailed {
			// A failed stream may have sent rows before it failed.
			cp.Error = "Graph answered 503 for " + s
		} else {
			cp.DeltaLink = sr.link
		}
		if err := emit.Checkpoint(cp); err != nil {
			return err
		}
	}
	if during != nil {
		return during(ctx)
	}
	return nil
}

// fakeConnector opens the fake source in process, or the source others
// holds under the ref.
type fakeConnector struct {
	src    sdk.Source
	others map[string]wire.Source
}

func (c fakeConnector) Open(_ context.Context, ref string) (Conn, error) {
	if o, ok := c.others[ref]; ok {
		return fakeConn{o}, nil
	}
	return fakeConn{sdk.InProcess(c.src)}, nil
}

// protocolBreaker is a plugin that breaks the protocol in its round: it
// sends a checkpoint without a stream id.
type protocolBreaker struct{}

func (protocolBreaker) Describe(context.Context) ([]wire.Table, error) {
	t := table.Table{Name: "broken", Key: []string{"id"}, Columns: []table.Column{{Name: "id", Type: table.String()}}}
	return []wire.Table{{Name: t.Name, Key: t.Key, Schema: t.Schema()}}, nil
}

func (protocolBreaker) Validate(context.Context, []byte) ([]wire.Diagnostic, error) { return nil, nil }

func (protocolBreaker) Sync(_ context.Context, _ wire.SyncRequest, send func(wire.Event) error) error {
	return send(&wire.Checkpoint{Status: wire.StatusOK})
}

type fakeConn struct{ src wire.Source }

func (c fakeConn) Source() wire.Source     { return c.src }
func (c fakeConn) Explain(err error) error { return err }
func (c fakeConn) Close()                  {}
