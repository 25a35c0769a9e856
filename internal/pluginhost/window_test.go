package pluginhost

import (
	"bytes"
	"context"
	"io"
	"net"
	"sync"
	"testing"

	"golang.org/x/net/http2"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	pb "github.com/graphlake/graphlake/sdk/wire/sourcev1"
)

// bulkSource is a plugin's gRPC service that answers a Sync with batches
// of batchBytes each, batches of them.
type bulkSource struct {
	pb.UnimplementedSourceServer
	batches, batchBytes int
}

func (s bulkSource) Sync(_ *pb.SyncRequest, stream grpc.ServerStreamingServer[pb.SyncEvent]) error {
	ipc := bytes.Repeat([]byte{7}, s.batchBytes)
	for range s.batches {
		ev := &pb.SyncEvent{Event: &pb.SyncEvent_Batch{Batch: &pb.RecordBatch{Table: "users", ArrowIpc: ipc, Rows: 1}}}
		if err := stream.Send(ev); err != nil {
			return err
		}
	}
	return nil
}

// writtenConn keeps what the host writes to the plugin.
type writtenConn struct {
	net.Conn
	mu      sync.Mutex
	written bytes.Buffer
}

func (c *writtenConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	c.written.Write(p)
	c.mu.Unlock()
	return c.Conn.Write(p)
}

// clientFrames counts the window updates and the pings (not the
// acknowledgements of the server's) in a client's cleartext HTTP/2
// output: the connection preface, then frames.
func clientFrames(tb testing.TB, out []byte) (updates, pings int) {
	tb.Helper()
	rest, ok := bytes.CutPrefix(out, []byte(http2.ClientPreface))
	if !ok {
		tb.Fatalf("the client's output does not start with the HTTP/2 preface: %.30q", out)
	}
	fr := http2.NewFramer(io.Discard, bytes.NewReader(rest))
	for {
		f, err := fr.ReadFrame()
		if err == io.EOF {
			return updates, pings
		}
		if err != nil {
			tb.Fatalf("read the client's frames: %v", err)
		}
		switch f := f.(type) {
		case *http2.WindowUpdateFrame:
			updates++
		case *http2.PingFrame:
			if !f.IsAck() {
				pings++
			}
		}
	}
}

// TestTheHostTakesBatchesInLargeWindows: the host receives a plugin's
// batches within a fixed window (receiveWindow), acknowledging them a
// quarter of it at a time, and sends no pings. On gRPC's default (a 64
// KiB window grown by estimating the bandwidth-delay product), the host
// sent a window update every few hundred KiB and pinged the plugin to
// estimate; both processes made a sixth more system calls (strace, a
// 100,000-user round: 38,305 against 32,318).
func TestTheHostTakesBatchesInLargeWindows(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	const batches, batchBytes = 32, 2 << 20
	pb.RegisterSourceServer(srv, bulkSource{batches: batches, batchBytes: batchBytes})
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(srv.Stop)

	var conn *writtenConn
	dial := func(ctx context.Context, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, "tcp", addr)
		if err != nil {
			return nil, err
		}
		conn = &writtenConn{Conn: c}
		return conn, nil
	}
	opts := append(DialOptions(), grpc.WithTransportCredentials(insecure.NewCredentials()), grpc.WithContextDialer(dial))
	client, err := grpc.NewClient("passthrough:///"+ln.Addr().String(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Close() })
	stream, err := pb.NewSourceClient(client).Sync(t.Context(), &pb.SyncRequest{})
	if err != nil {
		t.Fatal(err)
	}
	got := 0
	for {
		ev, err := stream.Recv()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("after %d bytes: %v", got, err)
		}
		got += len(ev.GetBatch().GetArrowIpc())
	}
	if got != batches*batchBytes {
		t.Fatalf("received %d bytes, want %d", got, batches*batchBytes)
	}
	conn.mu.Lock()
	out := bytes.Clone(conn.written.Bytes())
	conn.mu.Unlock()
	updates, pings := clientFrames(t, out)
	// In a fixed window, gRPC updates the stream's and the connection's
	// each quarter of it; a few more are allowed. On the default, 64 MiB
	// took 169 to 225 updates and 42 to 75 pings.
	if most := 2*got/(receiveWindow/4) + 16; updates > most {
		t.Errorf("the host sent %d window updates for %d MiB, want at most %d", updates, got>>20, most)
	}
	if pings > 0 {
		t.Errorf("the host sent %d pings: it estimates the bandwidth-delay product, which a fixed window leaves off", pings)
	}
}
