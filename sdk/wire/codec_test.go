package wire

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/proto"

	pb "github.com/graphlake/graphlake/sdk/wire/sourcev1"
)

// A plugin's codec writes a batch event byte for byte as protobuf does;
// a batch's IPC buffer, when gRPC would free it, goes to gRPC itself
// (lent) and back to its pool only once gRPC frees it; a small one is
// copied and left to the sender; any other message is protobuf's.
func TestSendCodecWritesWhatProtobufWrites(t *testing.T) {
	large := bytes.Repeat([]byte("ipc "), 10_000)
	tests := []struct {
		name string
		ev   *pb.SyncEvent
		lent bool
	}{
		{"batch", &pb.SyncEvent{Event: &pb.SyncEvent_Batch{Batch: &pb.RecordBatch{Table: "users", ArrowIpc: large, Rows: 6000}}}, true},
		{"no rows", &pb.SyncEvent{Event: &pb.SyncEvent_Batch{Batch: &pb.RecordBatch{Table: "users", ArrowIpc: large}}}, true},
		{"negative rows", &pb.SyncEvent{Event: &pb.SyncEvent_Batch{Batch: &pb.RecordBatch{Table: "users", ArrowIpc: large, Rows: -1}}}, true},
		{"no table", &pb.SyncEvent{Event: &pb.SyncEvent_Batch{Batch: &pb.RecordBatch{ArrowIpc: large, Rows: 1}}}, true},
		{"a long table name", &pb.SyncEvent{Event: &pb.SyncEvent_Batch{Batch: &pb.RecordBatch{Table: strings.Repeat("t", 300), ArrowIpc: large, Rows: 1}}}, true},
		{"small", &pb.SyncEvent{Event: &pb.SyncEvent_Batch{Batch: &pb.RecordBatch{Table: "users", ArrowIpc: []byte("ipc"), Rows: 1}}}, false},
	}
	codec := newSendCodec()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, err := proto.Marshal(tt.ev)
			if err != nil {
				t.Fatal(err)
			}
			pool := new(ipcBuffers)
			buf := bytes.NewBuffer(tt.ev.GetBatch().GetArrowIpc())
			tt.ev.GetBatch().ArrowIpc = buf.Bytes()
			lb := &lentBatch{SyncEvent: tt.ev, buf: buf, pool: pool}
			data, err := codec.Marshal(lb)
			if err != nil {
				t.Fatal(err)
			}
			if got := data.Materialize(); !bytes.Equal(got, want) {
				t.Fatalf("the codec wrote %d bytes unlike protobuf's %d", len(got), len(want))
			}
			if lb.lent != tt.lent {
				t.Fatalf("lent: %v, want %v", lb.lent, tt.lent)
			}
			aliased := slices.ContainsFunc([]mem.Buffer(data), func(b mem.Buffer) bool {
				d := b.ReadOnlyData()
				return len(d) > 0 && unsafe.SliceData(d) == unsafe.SliceData(buf.Bytes())
			})
			if aliased != tt.lent {
				t.Errorf("the message holds the IPC buffer itself: %v, want %v", aliased, tt.lent)
			}
			if len(pool.free) != 0 {
				t.Fatal("the buffer went back to its pool before gRPC freed the message")
			}
			data.Free()
			if back := len(pool.free) == 1 && pool.free[0] == buf; back != tt.lent {
				t.Errorf("the buffer went back to its pool once gRPC freed the message: %v, want %v", back, tt.lent)
			}
		})
	}
	t.Run("checkpoint", func(t *testing.T) {
		ev := &pb.SyncEvent{Event: &pb.SyncEvent_Checkpoint{Checkpoint: &pb.Checkpoint{Stream: "s", DeltaLink: "d", Upserts: 3}}}
		want, err := proto.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		data, err := codec.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		if got := data.Materialize(); !bytes.Equal(got, want) {
			t.Errorf("the codec wrote %x, protobuf %x", got, want)
		}
	})
}

// sizedBatches is a source whose round sends n batches of varying sizes
// from three goroutines at once.
type sizedBatches struct{ n int }

func (sizedBatches) Describe(context.Context) ([]Table, error)              { return nil, nil }
func (sizedBatches) Validate(context.Context, []byte) ([]Diagnostic, error) { return nil, nil }

// batch i: its first value names it; the rest vary in length.
func (sizedBatches) batch(i int) arrow.RecordBatch {
	values := []string{fmt.Sprint(i)}
	for j := range 1 + (i*37)%40 {
		values = append(values, strings.Repeat(string(rune('a'+i%26)), 1+(i*j*131)%9000))
	}
	return stringsRecord(values...)
}

func (s sizedBatches) Sync(_ context.Context, _ SyncRequest, send func(Event) error) error {
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	for g := range 3 {
		wg.Go(func() {
			for i := g; i < s.n; i += 3 {
				if err := send(&Batch{Table: "t", Record: s.batch(i)}); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// Batches of very different sizes sent from several goroutines through a
// plugin's server, their IPC buffers lent to gRPC, reach a host that
// reads slowly (gRPC's flow control holds written batches back) each as
// it was encoded: no buffer takes the next batch before gRPC has written
// the last.
func TestLentBatchesCrossTheWireIntact(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer(pluginServerOptions()...)
	src := sizedBatches{n: 60}
	pb.RegisterSourceServer(srv, &grpcServer{impl: src})
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(srv.Stop)
	conn, err := grpc.NewClient(ln.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(MaxMessageBytes)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	stream, err := pb.NewSourceClient(conn).Sync(t.Context(), &pb.SyncRequest{Round: 1})
	if err != nil {
		t.Fatal(err)
	}
	got := 0
	for {
		ev, err := stream.Recv()
		if err != nil {
			if got != src.n {
				t.Fatalf("after %d batches of %d: %v", got, src.n, err)
			}
			break
		}
		time.Sleep(2 * time.Millisecond)
		b := ev.GetBatch()
		rec, err := decodeForTest(b.GetArrowIpc())
		if err != nil {
			t.Fatalf("batch %d: %v", got, err)
		}
		var i int
		if _, err := fmt.Sscan(rec.Column(0).ValueStr(0), &i); err != nil {
			t.Fatalf("batch %d names itself %q", got, rec.Column(0).ValueStr(0))
		}
		want := src.batch(i)
		wantIPC, err := EncodeRecord(want)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b.GetArrowIpc(), wantIPC) || b.GetRows() != want.NumRows() {
			t.Errorf("batch %d arrived as %d bytes, %d rows, unlike the %d bytes, %d rows encoded", i, len(b.GetArrowIpc()), b.GetRows(), len(wantIPC), want.NumRows())
		}
		want.Release()
		rec.Release()
		got++
	}
}

// decodeForTest reads the one batch of an IPC stream.
func decodeForTest(b []byte) (arrow.RecordBatch, error) {
	r, err := ipc.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	defer r.Release()
	if !r.Next() {
		return nil, fmt.Errorf("no batch: %v", r.Err())
	}
	rec := r.RecordBatch()
	rec.Retain()
	return rec, nil
}

// BenchmarkSendCodec measures a plugin's marshalling of a batch event of
// 2 MB of IPC for gRPC: protobuf's codec (which copies the bytes into a
// pooled buffer) and sendCodec (which lends them).
func BenchmarkSendCodec(b *testing.B) {
	ipcBytes := bytes.Repeat([]byte("ipc bytes "), 200_000)
	codec := newSendCodec()
	for _, lend := range []bool{false, true} {
		b.Run(map[bool]string{false: "protobuf", true: "sendCodec"}[lend], func(b *testing.B) {
			pool := new(ipcBuffers)
			pool.put(bytes.NewBuffer(ipcBytes))
			b.SetBytes(int64(len(ipcBytes)))
			for b.Loop() {
				buf := pool.get()
				ev := &pb.SyncEvent{Event: &pb.SyncEvent_Batch{Batch: &pb.RecordBatch{Table: "users", ArrowIpc: buf.Bytes(), Rows: 6000}}}
				var data mem.BufferSlice
				var err error
				if lend {
					data, err = codec.Marshal(&lentBatch{SyncEvent: ev, buf: buf, pool: pool})
				} else {
					data, err = codec.Marshal(ev)
					pool.put(buf)
				}
				if err != nil {
					b.Fatal(err)
				}
				data.Free() // gRPC has written the message
			}
		})
	}
}
