package wire

import (
	"context"
	"fmt"
	"net"
	"strings"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	pb "github.com/graphlake/graphlake/sdk/wire/sourcev1"
)

// streamCounter is a source that counts the stream states its round got.
type streamCounter struct{ got chan int }

func (streamCounter) Describe(context.Context) ([]Table, error)              { return nil, nil }
func (streamCounter) Validate(context.Context, []byte) ([]Diagnostic, error) { return nil, nil }

func (s streamCounter) Sync(_ context.Context, req SyncRequest, _ func(Event) error) error {
	s.got <- len(req.Streams)
	return nil
}

// TestPluginTakesASyncRequestOverTheMessageLimit: a plugin process's gRPC
// server takes a SyncRequest larger than MaxMessageBytes, as the host
// sends for 100,000 mail streams (about 750 bytes of state each); with
// MaxMessageBytes it refused it and such a pipeline could not start a
// round.
func TestPluginTakesASyncRequestOverTheMessageLimit(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer(pluginServerOptions()...)
	src := streamCounter{got: make(chan int, 1)}
	pb.RegisterSourceServer(srv, &grpcServer{impl: src})
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(srv.Stop)
	conn, err := grpc.NewClient(ln.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallSendMsgSize(MaxSyncRequestBytes)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	const n = 100_000
	link := "https://graph.microsoft.com/v1.0/users/00000000-1111-2222-3333-444444444444/mailFolders/" + strings.Repeat("A", 150) +
		"/messages/delta?$deltatoken=" + strings.Repeat("t", 400)
	req := &pb.SyncRequest{Round: 2, Streams: make([]*pb.StreamState, n)}
	for i := range req.Streams {
		req.Streams[i] = &pb.StreamState{Stream: fmt.Sprintf("messages/%08d/%s", i, strings.Repeat("F", 120)), DeltaLink: link, Fingerprint: "fp"}
	}
	stream, err := pb.NewSourceClient(conn).Sync(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := stream.Recv(); err == nil {
		t.Fatal("the round sent an event")
	} else if got := len(src.got); got != 1 {
		t.Fatalf("the plugin refused the SyncRequest: %v", err)
	}
	if got := <-src.got; got != n {
		t.Errorf("the round got %d stream states, want %d", got, n)
	}
}
