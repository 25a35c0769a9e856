package pluginhost

import (
	"context"
	"errors"

	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	"github.com/graphlake/graphlake/sdk/wire"
	pb "github.com/graphlake/graphlake/sdk/wire/sourcev1"
)

// grpcPlugin is the go-plugin definition of a source as the host dispenses
// it: gRPC only, and the client side only (a plugin process serves its
// source with wire.GRPCPlugin).
type grpcPlugin struct {
	plugin.NetRPCUnsupportedPlugin
}

// GRPCServer refuses: the host never serves a source.
func (grpcPlugin) GRPCServer(*plugin.GRPCBroker, *grpc.Server) error {
	return errors.New("the host dispenses sources; a plugin process serves one with wire.Serve")
}

// GRPCClient returns the host's view of the plugin: a wire.Source.
func (grpcPlugin) GRPCClient(_ context.Context, broker *plugin.GRPCBroker, c *grpc.ClientConn) (any, error) {
	return &grpcClient{client: pb.NewSourceClient(c), broker: broker}, nil
}

// PluginSets maps each protocol version the host speaks to its plugin
// definitions, for plugin.ClientConfig.VersionedPlugins; dispense
// wire.PluginName from the client to get the plugin's wire.Source.
func PluginSets() map[int]plugin.PluginSet {
	return map[int]plugin.PluginSet{
		wire.ProtocolVersion: {wire.PluginName: grpcPlugin{}},
	}
}

// callOptions sets the message limits on the host's calls: what it
// receives, MaxMessageBytes; what it sends, up to MaxSyncRequestBytes (a
// SyncRequest with every stream's state).
func callOptions() []grpc.CallOption {
	return []grpc.CallOption{grpc.MaxCallRecvMsgSize(wire.MaxMessageBytes), grpc.MaxCallSendMsgSize(wire.MaxSyncRequestBytes)}
}

// receiveWindow is the flow-control window the host gives a plugin's
// connection and its stream: fixed, which turns off gRPC's estimate of
// the bandwidth-delay product. That estimate starts at 64 KiB and pings
// the plugin to grow it; over the local socket it kept the window small
// enough that the host sent a window update every few hundred KiB of
// batches, and a users round took a sixth more system calls
// (TestTheHostTakesBatchesInLargeWindows). 4 MiB is two batches as the
// sdk cuts them (a quarter of wire.DefaultMaxBatchBytes). The host may
// hold that much unread: in a mail round its peak rose by about the
// window (4 MiB: 4 MB; 8 MiB: 8 MB, for no fewer system calls).
const receiveWindow = 4 << 20

// DialOptions are the gRPC options the host dials a plugin with, for
// plugin.ClientConfig.GRPCDialOptions: the message limits and the
// receive window.
func DialOptions() []grpc.DialOption {
	return []grpc.DialOption{grpc.WithDefaultCallOptions(callOptions()...),
		grpc.WithInitialWindowSize(receiveWindow), grpc.WithInitialConnWindowSize(receiveWindow)}
}
