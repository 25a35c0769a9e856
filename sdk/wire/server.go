package wire

import (
	"context"
	"time"

	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/graphlake/graphlake/sdk/wire/sourcev1"
)

// grpcServer serves a Source inside the plugin process.
type grpcServer struct {
	pb.UnimplementedSourceServer
	impl   Source
	broker *plugin.GRPCBroker
}

func (s *grpcServer) Describe(ctx context.Context, _ *pb.DescribeRequest) (*pb.DescribeResponse, error) {
	tables, err := s.impl.Describe(ctx)
	if err != nil {
		return nil, status.Errorf(codes.Internal, "describe: %v", err)
	}
	resp := &pb.DescribeResponse{ReadsStates: true}
	for _, t := range tables {
		pt, err := tableToProto(t)
		if err != nil {
			return nil, status.Errorf(codes.Internal, "describe: %v", err)
		}
		resp.Tables = append(resp.Tables, pt)
	}
	return resp, nil
}

func (s *grpcServer) Validate(ctx context.Context, req *pb.ValidateRequest) (*pb.ValidateResponse, error) {
	diags, err := s.impl.Validate(ctx, req.GetConfigJson())
	if err != nil {
		return nil, status.Errorf(codes.Internal, "validate: %v", err)
	}
	resp := &pb.ValidateResponse{}
	for _, d := range diags {
		resp.Diagnostics = append(resp.Diagnostics, diagnosticToProto(d))
	}
	return resp, nil
}

func (s *grpcServer) Sync(req *pb.SyncRequest, stream pb.Source_SyncServer) error {
	limit := BatchLimit(req.GetMaxBatchBytes())
	host := &hostBroker{broker: s.broker, id: req.GetTokenBrokerId()}
	defer host.close()
	sr := SyncRequest{
		Round: req.GetRound(), StartedAt: unixMillis(req.GetStartedAtUnixMs()), Config: req.GetConfigJson(),
		Graph: GraphSettings{Endpoint: req.GetGraph().GetEndpoint(), CAPEM: req.GetGraph().GetCaPem(),
			UserAgent: req.GetGraph().GetUserAgent(), MaxRetryWait: time.Duration(req.GetGraph().GetMaxRetryWaitMs()) * time.Millisecond,
			MaxPages: req.GetGraph().GetMaxPages()},
		Streams: streamsFromProto(req.GetStreams()), Tokens: host, MaxBatchBytes: limit,
		Shard: Shard{Index: int(req.GetShardIndex()), Count: int(req.GetShardCount())}, GraphStats: req.GetGraphStats(),
		SendCopiesBatches: true, // send encodes and releases each batch before it returns
	}
	if req.GetStatesFromBroker() {
		sr.States = brokerStates{host: host}
		sr.StatesInOrder = req.GetStatesInOrder()
	}
	sender := newEventSender(stream, req.GetCheckpointLists())
	compact := req.GetCompactBatches()
	bufs := new(ipcBuffers)
	send := func(ev Event) error {
		switch e := ev.(type) {
		case *Checkpoint:
			return sender.checkpoint(e)
		case *Batch:
			// The batch is encoded into a buffer of bufs, which gRPC
			// writes from (sendCodec) and gives back once written.
			buf := bufs.get()
			msg, err := eventToProto(ev, limit, compact, buf)
			e.Record.Release()
			if err != nil {
				bufs.put(buf)
				return err
			}
			lb := &lentBatch{SyncEvent: msg, buf: buf, pool: bufs}
			defer func() {
				if !lb.lent { // copied, or never marshalled: the buffer is free
					bufs.put(buf)
				}
			}()
			return sender.send(lb)
		}
		msg, err := eventToProto(ev, limit, false, nil)
		if err != nil {
			return err
		}
		return sender.send(msg)
	}
	err := s.impl.Sync(stream.Context(), sr, send)
	// The checkpoints still held are streams that ended: they go to the
	// host whether or not the round as a whole failed.
	closeErr := sender.close()
	if err != nil {
		return status.Errorf(codes.Unknown, "%v", err)
	}
	if closeErr != nil {
		return status.Errorf(codes.Unknown, "%v", closeErr)
	}
	return nil
}
