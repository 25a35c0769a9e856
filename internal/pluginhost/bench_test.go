package pluginhost

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"google.golang.org/grpc/encoding"
	"google.golang.org/grpc/encoding/proto"
	"google.golang.org/grpc/mem"

	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
	pb "github.com/graphlake/graphlake/sdk/wire/sourcev1"

	"github.com/graphlake/graphlake/internal/cputime"
)

// benchUsers is a users table with the 10 properties of the users
// benchmark (BENCHMARKS.md item 7).
var benchUsers = table.Table{Name: "users", Key: []string{"id"}, Columns: []table.Column{
	{Name: "id", Type: table.String()}, {Name: "displayName", Type: table.String()}, {Name: "givenName", Type: table.String()},
	{Name: "surname", Type: table.String()}, {Name: "userPrincipalName", Type: table.String()}, {Name: "mail", Type: table.String()},
	{Name: "jobTitle", Type: table.String()}, {Name: "department", Type: table.String()}, {Name: "officeLocation", Type: table.String()},
	{Name: "mobilePhone", Type: table.String()}, {Name: "accountEnabled", Type: table.Bool()},
}}

// usersMessage is a batch event of n users as a plugin sends it.
func usersMessage(b *testing.B, n int) []byte {
	b.Helper()
	bl := table.NewBuilder(memory.NewGoAllocator(), benchUsers)
	defer bl.Release()
	for i := range n {
		item := fmt.Sprintf(`{"id":"%08x-0000-4000-a000-%012x","displayName":"Given%d Surname%d","givenName":"Given%d","surname":"Surname%d",`+
			`"userPrincipalName":"user%d@contoso.com","mail":"user%d@contoso.com","jobTitle":"Title %d","department":"Dept%d",`+
			`"officeLocation":"%d/%d","mobilePhone":"+1 555 %07d","accountEnabled":true}`, i, i*7, i%5000, i%20000, i%5000, i%20000, i, i, i%40, i%8, i%50, i%3000, i)
		if _, err := bl.AppendItem([]byte(item), table.Meta{Round: 1, Seq: int64(i), SyncedAt: time.Now(), Stream: "users"}); err != nil {
			b.Fatal(err)
		}
	}
	rec := bl.NewRecord()
	defer rec.Release()
	ipcBytes, err := wire.EncodeRecord(rec)
	if err != nil {
		b.Fatal(err)
	}
	return batchEventBytes(b, ipcBytes, rec.NumRows())
}

func batchEventBytes(b *testing.B, ipcBytes []byte, rows int64) []byte {
	b.Helper()
	msg, err := encoding.GetCodecV2(proto.Name).Marshal(&pb.SyncEvent{Event: &pb.SyncEvent_Batch{Batch: &pb.RecordBatch{Table: "users", ArrowIpc: ipcBytes, Rows: rows}}})
	if err != nil {
		b.Fatal(err)
	}
	return msg.Materialize()
}

// decodeCopying is the host's decoding before bytesMessages: Arrow's
// stream reader, which copies each body into a fresh buffer.
func decodeCopying(b []byte, mem memory.Allocator) (arrow.RecordBatch, error) {
	r, err := ipc.NewReader(bytes.NewReader(b), ipc.WithAllocator(mem))
	if err != nil {
		return nil, err
	}
	defer r.Release()
	if !r.Next() {
		return nil, r.Err()
	}
	rec := r.RecordBatch()
	rec.Retain()
	return rec, nil
}

// BenchmarkReceiveBatch measures the host's CPU per row to take a batch
// event of 6,000 users off gRPC (a message in gRPC's buffers), decode and
// fully validate it: with Arrow's stream reader, which copies the body
// (copying), and with bytesMessages (in place).
func BenchmarkReceiveBatch(b *testing.B) {
	const rows = 6000
	msg := usersMessage(b, rows)
	schema := table.Table(benchUsers).Schema()
	codec := encoding.GetCodecV2(proto.Name)
	tests := []struct {
		name    string
		copying bool
	}{
		{"copying", true},
		{"in-place", false},
	}
	for _, tt := range tests {
		b.Run(tt.name, func(b *testing.B) {
			recv := receiver{schemas: map[string]*arrow.Schema{"users": schema}, maxBatchBytes: 1 << 30, mem: memory.DefaultAllocator}
			cpu := cputime.Self(b)
			for b.Loop() {
				// gRPC hands the codec the message in its pooled buffers.
				data := mem.Copy(msg, mem.DefaultBufferPool())
				ev := &pb.SyncEvent{}
				if err := codec.Unmarshal(mem.BufferSlice{data}, ev); err != nil {
					b.Fatal(err)
				}
				data.Free()
				var rec arrow.RecordBatch
				var err error
				if tt.copying {
					if rec, err = decodeCopying(ev.GetBatch().GetArrowIpc(), memory.DefaultAllocator); err == nil {
						err = array.ValidateRecordFull(rec)
					}
				} else {
					rec, err = recv.decodeBatch("users", ev.GetBatch().GetArrowIpc(), rows)
				}
				if err != nil {
					b.Fatal(err)
				}
				rec.Release()
			}
			b.ReportMetric(float64((cputime.Self(b)-cpu).Nanoseconds())/float64(b.N*rows), "cpu-ns/row")
		})
	}
}

// BenchmarkValidateBatch measures the host's full check of a batch of
// 6,000 users from a plugin: Arrow's (array.ValidateRecordFull) beside
// validateFull, which gives its verdicts.
func BenchmarkValidateBatch(b *testing.B) {
	const rows = 6000
	msg := usersMessage(b, rows)
	ev := &pb.SyncEvent{}
	if err := encoding.GetCodecV2(proto.Name).Unmarshal(mem.BufferSlice{mem.SliceBuffer(msg)}, ev); err != nil {
		b.Fatal(err)
	}
	rec, err := decodeCopying(ev.GetBatch().GetArrowIpc(), memory.DefaultAllocator)
	if err != nil {
		b.Fatal(err)
	}
	defer rec.Release()
	for _, v := range []struct {
		name     string
		validate func(arrow.RecordBatch) error
	}{{"arrow", array.ValidateRecordFull}, {"host", validateFull}} {
		b.Run(v.name, func(b *testing.B) {
			cpu := cputime.Self(b)
			for b.Loop() {
				if err := v.validate(rec); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64((cputime.Self(b)-cpu).Nanoseconds())/float64(b.N*rows), "cpu-ns/row")
		})
	}
}
