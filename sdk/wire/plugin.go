package wire

import (
	"context"

	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	pb "github.com/graphlake/graphlake/sdk/wire/sourcev1"
)

// GRPCPlugin is the go-plugin definition of a source: gRPC only.
type GRPCPlugin struct {
	plugin.NetRPCUnsupportedPlugin
	// Impl is the source a plugin process serves; nil on the host.
	Impl Source
}

// GRPCServer registers the source service in the plugin process.
func (p *GRPCPlugin) GRPCServer(broker *plugin.GRPCBroker, s *grpc.Server) error {
	pb.RegisterSourceServer(s, &grpcServer{impl: p.Impl, broker: broker})
	return nil
}

// GRPCClient returns the host's view of the plugin.
func (p *GRPCPlugin) GRPCClient(_ context.Context, broker *plugin.GRPCBroker, c *grpc.ClientConn) (any, error) {
	return &grpcClient{client: pb.NewSourceClient(c), broker: broker}, nil
}

// grpcCallOptions sets the message limits on the host's calls.
func grpcCallOptions() []grpc.CallOption {
	return []grpc.CallOption{grpc.MaxCallRecvMsgSize(MaxMessageBytes), grpc.MaxCallSendMsgSize(MaxMessageBytes)}
}

// DialOptions are the gRPC options the host dials a plugin with.
func DialOptions() []grpc.DialOption {
	return []grpc.DialOption{grpc.WithDefaultCallOptions(grpcCallOptions()...)}
}

// ServerOptions are the gRPC server options of a plugin and of the token
// broker.
func ServerOptions() []grpc.ServerOption {
	return []grpc.ServerOption{grpc.MaxRecvMsgSize(MaxMessageBytes), grpc.MaxSendMsgSize(MaxMessageBytes)}
}
