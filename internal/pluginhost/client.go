package pluginhost

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"
	"google.golang.org/grpc/status"

	"github.com/graphlake/graphlake/sdk/wire"
	pb "github.com/graphlake/graphlake/sdk/wire/sourcev1"
)

// grpcClient is the host's view of a plugin process.
type grpcClient struct {
	client pb.SourceClient
	broker *plugin.GRPCBroker

	brokerOnce sync.Once
	brokerID   uint32
	tokens     swappableTokens
	states     swappableStates
	// recvBufs are the buffers Sync receives batches into (syncCodec).
	recvBufs recvBuffers

	mu sync.Mutex
	// declared are the schemas of the tables the plugin last described,
	// by name: a batch of another table or schema is refused before its
	// body is decoded (see receiver). nil until the plugin described them.
	declared map[string]*arrow.Schema
	// readsStates is whether the plugin said it reads its prior stream
	// states from the StateBroker (DescribeResponse.reads_states).
	readsStates bool
}

func (c *grpcClient) Describe(ctx context.Context) ([]wire.Table, error) {
	codec := newBoundedCodec()
	resp, err := c.client.Describe(ctx, &pb.DescribeRequest{}, append(callOptions(), grpc.ForceCodecV2(codec))...)
	if err != nil {
		return nil, fmt.Errorf("describe tables: %w", codec.callError(err))
	}
	tables := make([]wire.Table, 0, len(resp.GetTables()))
	for _, p := range resp.GetTables() {
		t, err := tableFromProto(p)
		if err != nil {
			return nil, fmt.Errorf("describe tables: %w", err)
		}
		tables = append(tables, t)
	}
	declared := make(map[string]*arrow.Schema, len(tables))
	for _, t := range tables {
		declared[t.Name] = t.Schema
	}
	c.mu.Lock()
	c.declared, c.readsStates = declared, resp.GetReadsStates()
	c.mu.Unlock()
	return tables, nil
}

// schemas are the declared tables' schemas, asked of the plugin when it
// has not described them yet.
func (c *grpcClient) schemas(ctx context.Context) (map[string]*arrow.Schema, error) {
	c.mu.Lock()
	declared := c.declared
	c.mu.Unlock()
	if declared != nil {
		return declared, nil
	}
	if _, err := c.Describe(ctx); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.declared, nil
}

func (c *grpcClient) Validate(ctx context.Context, config []byte) ([]wire.Diagnostic, error) {
	codec := newBoundedCodec()
	resp, err := c.client.Validate(ctx, &pb.ValidateRequest{ConfigJson: config}, append(callOptions(), grpc.ForceCodecV2(codec))...)
	if err != nil {
		return nil, fmt.Errorf("validate config: %w", codec.callError(err))
	}
	diags := make([]wire.Diagnostic, 0, len(resp.GetDiagnostics()))
	for _, p := range resp.GetDiagnostics() {
		diags = append(diags, escapeDiagnostic(diagnosticFromProto(p)))
	}
	return diags, nil
}

func (c *grpcClient) Sync(ctx context.Context, req wire.SyncRequest, send func(wire.Event) error) error {
	// A refused event ends the call: cancelling the stream tells the
	// plugin to stop sending.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	schemas, err := c.schemas(ctx)
	if err != nil {
		return err
	}
	c.tokens.set(req.Tokens)
	c.brokerOnce.Do(c.serveTokens)
	streams, paged, err := c.statesFor(ctx, req)
	if err != nil {
		return err
	}
	if paged {
		c.states.set(req.States)
		defer c.states.set(nil)
	}
	codec := newSyncCodec(&c.recvBufs)
	compact := schemas != nil // the host puts compact columns back in the declared schemas
	stream, err := c.client.Sync(ctx, &pb.SyncRequest{
		Round: req.Round, StartedAtUnixMs: req.StartedAt.UnixMilli(), ConfigJson: req.Config,
		Graph: &pb.GraphSettings{Endpoint: req.Graph.Endpoint, CaPem: req.Graph.CAPEM, UserAgent: req.Graph.UserAgent,
			MaxRetryWaitMs: req.Graph.MaxRetryWait.Milliseconds(), MaxPages: req.Graph.MaxPages},
		Streams: streams, StatesFromBroker: paged, StatesInOrder: paged && req.StatesInOrder, TokenBrokerId: c.brokerID, MaxBatchBytes: req.MaxBatchBytes,
		ShardIndex: uint32(req.Shard.Index), ShardCount: uint32(req.Shard.Count), GraphStats: req.GraphStats,
		CheckpointLists: true, CompactBatches: compact,
	}, append(callOptions(), grpc.ForceCodecV2(codec))...)
	if err != nil {
		return fmt.Errorf("start sync: %w", rpcError(err))
	}
	recv := receiver{schemas: schemas, maxBatchBytes: wire.BatchLimit(req.MaxBatchBytes), mem: memory.DefaultAllocator, compact: compact}
	for {
		msg, err := stream.Recv()
		recv.buf = codec.take()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			recv.buf.release()
			if codec.refused != nil {
				return fmt.Errorf("read sync event: %w", codec.refused)
			}
			return rpcError(err)
		}
		if list, ok := msg.GetEvent().(*pb.SyncEvent_Checkpoints); ok {
			recv.buf.release()
			if err := sendCheckpoints(list.Checkpoints, send); err != nil {
				return err
			}
			continue
		}
		ev, err := eventFromProto(msg, recv)
		recv.buf.release() // a batch's arrays hold what they alias
		if err != nil {
			return fmt.Errorf("read sync event: %w", err)
		}
		if err := send(ev); err != nil {
			return err
		}
	}
}

// statesFor is how the round's prior states reach the plugin: paged over
// the StateBroker when the plugin reads them there (paged), or all in the
// SyncRequest for a plugin that predates it.
func (c *grpcClient) statesFor(ctx context.Context, req wire.SyncRequest) (streams []*pb.StreamState, paged bool, err error) {
	c.mu.Lock()
	reads := c.readsStates
	c.mu.Unlock()
	if req.States != nil && reads && len(req.Streams) == 0 {
		return nil, true, nil
	}
	err = wire.EachState(ctx, req, func(s wire.StreamState) { streams = append(streams, stateToProto(s)) })
	return streams, false, err
}

// serveTokens starts the host's broker for the plugin's calls: tokens, and
// the prior stream states of the Sync in progress.
func (c *grpcClient) serveTokens() {
	c.brokerID = c.broker.NextId()
	go c.broker.AcceptAndServe(c.brokerID, func(opts []grpc.ServerOption) *grpc.Server {
		s := grpc.NewServer(append(opts, wire.ServerOptions()...)...)
		pb.RegisterTokenBrokerServer(s, &tokenServer{tokens: &c.tokens})
		pb.RegisterStateBrokerServer(s, newStateServer(&c.states))
		return s
	})
}

// rpcError turns a gRPC status into a plain error carrying its message,
// control characters escaped (the plugin wrote it).
func rpcError(err error) error {
	if st, ok := status.FromError(err); ok {
		return &RPCError{Code: st.Code().String(), Message: wire.EscapeControl(st.Message())}
	}
	return err
}

// RPCError is a failed call to a plugin.
type RPCError struct {
	// Code is the gRPC status code's name, e.g. Unavailable when the plugin
	// process went away.
	Code, Message string
}

// Error returns the plugin's message.
func (e *RPCError) Error() string {
	if e.Code == "Unknown" {
		return e.Message
	}
	return e.Code + ": " + e.Message
}
