package sdk

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/graphlake/graphlake/sdk/graph"
	"github.com/graphlake/graphlake/sdk/wire"
)

// adapter presents a Source as the protocol's wire.Source.
type adapter struct{ src Source }

// InProcess returns src as the host sees a plugin, without a process or
// gRPC in between: for tests and for measuring the plugin boundary.
func InProcess(src Source) wire.Source { return adapter{src: src} }

func (a adapter) Describe(context.Context) ([]wire.Table, error) {
	var out []wire.Table
	for _, t := range a.src.Tables() {
		if err := t.Validate(); err != nil {
			return nil, fmt.Errorf("table %s: %w", t.Name, err)
		}
		out = append(out, wire.Table{Name: t.Name, Doc: t.Doc, Key: t.Key, Schema: t.Schema()})
	}
	return out, nil
}

func (a adapter) Validate(ctx context.Context, config []byte) ([]wire.Diagnostic, error) {
	if v, ok := a.src.(ConfigValidator); ok {
		return v.ValidateConfig(ctx, config), nil
	}
	return nil, nil
}

func (a adapter) Sync(ctx context.Context, req wire.SyncRequest, send func(wire.Event) error) error {
	httpClient, err := graph.NewHTTPClient(req.Graph.CAPEM)
	if err != nil {
		return err
	}
	client := graph.New(graph.Options{HTTPClient: httpClient, Tokens: req.Tokens, UserAgent: req.Graph.UserAgent,
		MaxRetryWait: req.Graph.MaxRetryWait, MaxPages: int(req.Graph.MaxPages)})
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	streams, statesRead := readStates(ctx, req, cancel)
	defer func() {
		<-statesRead.done
		streams.st.wipe() // the SDK's copy of the deltaLinks lives as long as the Sync
	}()
	sr := &SyncRequest{Round: req.Round, Started: req.StartedAt, Config: req.Config, Graph: client, Streams: streams, Shard: req.Shard,
		Endpoint: strings.TrimRight(req.Graph.Endpoint, "/")}
	emit := newEmitter(a.src.Tables(), req.Round, req.StartedAt, req.MaxBatchBytes, send)
	if req.SendCopiesBatches {
		emit.recycleBatches()
	}
	err = a.src.Sync(ctx, sr, emit)
	if serr := statesRead.end(err, cancel); serr != nil {
		err = serr // the source ran without its prior states
	}
	if cerr := emit.close(); err == nil {
		err = cerr
	}
	if req.GraphStats {
		if serr := send(graphStats(client)); err == nil {
			err = serr
		}
	}
	return err
}

// graphStats is the wire form of a Graph client's counts, by status, and
// of its JSON batches.
func graphStats(client *graph.Client) *wire.GraphStats {
	s := client.Stats()
	out := &wire.GraphStats{Statuses: make([]wire.GraphStatusStats, 0, len(s))}
	out.Batches, out.BatchedRequests = client.Batches()
	for _, status := range slices.Sorted(maps.Keys(s)) {
		st := s[status]
		out.Statuses = append(out.Statuses, wire.GraphStatusStats{Status: status, Requests: st.Requests, Waits: st.Waits, Waited: st.Waited})
	}
	return out
}
