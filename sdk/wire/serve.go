package wire

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"
)

// Serve runs src as a plugin process until the host ends it. It must be
// called from the process's main and never returns normally.
// The process exits by itself if the host dies without ending it, and it
// ignores SIGTERM as go-plugin ignores SIGINT: a signal sent to the whole
// process group (systemd's control-group kill, a shell's job control) is
// the host's to handle, which stops its plugins when it stops the round.
func Serve(src Source, logger hclog.Logger) {
	signal.Ignore(syscall.SIGTERM)
	go exitWhenOrphaned(context.Background(), os.Getppid(), os.Exit)
	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig:  Handshake(),
		VersionedPlugins: pluginSets(src),
		GRPCServer: func(opts []grpc.ServerOption) *grpc.Server {
			return grpc.NewServer(append(opts, pluginServerOptions()...)...)
		},
		Logger: logger,
	})
}
