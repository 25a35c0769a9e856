package wire

import (
	"context"
	"errors"

	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	pb "github.com/graphlake/graphlake/sdk/wire/sourcev1"
)

// GRPCPlugin is the go-plugin definition of a source as a plugin process
// serves it: gRPC only, and the serving side only. The host dispenses
// plugins with its own definition (internal/pluginhost), which speaks the
// same service.
type GRPCPlugin struct {
	plugin.NetRPCUnsupportedPlugin
	// Impl is the source the plugin process serves.
	Impl Source
}

// GRPCServer registers the source service in the plugin process.
func (p *GRPCPlugin) GRPCServer(broker *plugin.GRPCBroker, s *grpc.Server) error {
	pb.RegisterSourceServer(s, &grpcServer{impl: p.Impl, broker: broker})
	return nil
}

// GRPCClient refuses: a plugin process never dispenses a source.
func (p *GRPCPlugin) GRPCClient(context.Context, *plugin.GRPCBroker, *grpc.ClientConn) (any, error) {
	return nil, errors.New("package wire serves sources; the host dispenses them with internal/pluginhost")
}

// ServerOptions are the gRPC server options of a plugin and of the host's
// token broker: the message limits both sides set explicitly.
func ServerOptions() []grpc.ServerOption {
	return []grpc.ServerOption{grpc.MaxRecvMsgSize(MaxMessageBytes), grpc.MaxSendMsgSize(MaxMessageBytes)}
}

// pluginServerOptions are a plugin process's: ServerOptions, but a
// request from the host may be up to MaxSyncRequestBytes; and batches are
// sent without copying their IPC bytes into the message (sendCodec).
func pluginServerOptions() []grpc.ServerOption {
	return []grpc.ServerOption{grpc.MaxRecvMsgSize(MaxSyncRequestBytes), grpc.MaxSendMsgSize(MaxMessageBytes),
		grpc.ForceServerCodecV2(newSendCodec())}
}
