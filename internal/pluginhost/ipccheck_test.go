package pluginhost

import (
	"bytes"
	"encoding/binary"
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	flatbuffers "github.com/google/flatbuffers/go"
	"google.golang.org/protobuf/proto"

	pb "github.com/graphlake/graphlake/sdk/wire/sourcev1"

	"github.com/graphlake/graphlake/sdk/wire"
)

// nestedSchema has a struct field (children), a string view (variadic
// buffer counts) and custom metadata on the schema and a field.
var nestedSchema = arrow.NewSchema([]arrow.Field{
	{Name: "id", Type: arrow.BinaryTypes.String, Metadata: arrow.NewMetadata([]string{"k"}, []string{"v"})},
	{Name: "who", Type: arrow.StructOf(arrow.Field{Name: "name", Type: arrow.BinaryTypes.String, Nullable: true})},
	{Name: "note", Type: arrow.BinaryTypes.StringView},
}, func() *arrow.Metadata { m := arrow.NewMetadata([]string{"table"}, []string{"users"}); return &m }())

// nestedRecord is a record of nestedSchema of two rows.
func nestedRecord(t *testing.T) arrow.RecordBatch {
	t.Helper()
	b := array.NewRecordBuilder(memory.DefaultAllocator, nestedSchema)
	defer b.Release()
	b.Field(0).(*array.StringBuilder).AppendValues([]string{"a", "b"}, nil)
	who := b.Field(1).(*array.StructBuilder)
	who.AppendValues([]bool{true, true})
	who.FieldBuilder(0).(*array.StringBuilder).AppendValues([]string{"Ann", "a name longer than twelve bytes"}, nil)
	b.Field(2).(*array.StringViewBuilder).AppendValues([]string{"short", "a note longer than twelve bytes"}, nil)
	return b.NewRecordBatch()
}

// ipcMessage is where one message's metadata lies in an IPC stream.
type ipcMessage struct{ lenAt, start, end int }

// messagesOf splits an IPC stream (with continuation markers) into its
// messages' metadata spans.
func messagesOf(t *testing.T, b []byte) []ipcMessage {
	t.Helper()
	var out []ipcMessage
	for pos := 0; pos+8 <= len(b); {
		n := int(binary.LittleEndian.Uint32(b[pos+4:]))
		if n == 0 {
			break
		}
		m := ipcMessage{lenAt: pos + 4, start: pos + 8, end: pos + 8 + n}
		c := &fbCheck{b: b[m.start:m.end], budget: 1 << 30}
		root, _ := c.ref(0, "")
		tab, err := c.table(root, "")
		if err != nil {
			t.Fatal(err)
		}
		body := uint64(0)
		if p, ok, _ := c.field(tab, 10, 8, ""); ok {
			body = binary.LittleEndian.Uint64(c.b[p:])
		}
		out = append(out, m)
		pos = m.end + int(body)
	}
	return out
}

// vectorAt returns the position in meta of the length of the vector that
// path leads to: slots of tables from the message's root, the last a
// vector's slot; a negative slot -i-1 takes element i of a table vector.
func vectorAt(t *testing.T, meta []byte, path ...int) int {
	t.Helper()
	c := &fbCheck{b: meta, budget: 1 << 30}
	pos, _ := c.ref(0, "")
	for _, step := range path {
		if step < 0 {
			pos, _ = c.ref(pos+4+4*uint64(-step-1), "")
			continue
		}
		tab, err := c.table(pos, "")
		if err != nil {
			t.Fatal(err)
		}
		p, ok, _ := c.field(tab, uint64(step), 4, "")
		if !ok {
			t.Fatalf("path %v: slot %d absent", path, step)
		}
		pos, _ = c.ref(p, "")
	}
	return int(pos)
}

// Vtable slots of format/Message.fbs and format/Schema.fbs.
const (
	slotHeader       = 8  // Message.header
	slotFields       = 6  // Schema.fields
	slotSchemaMeta   = 8  // Schema.custom_metadata
	slotChildren     = 14 // Field.children
	slotFieldMeta    = 16 // Field.custom_metadata
	slotNodes        = 6  // RecordBatch.nodes
	slotBuffers      = 8  // RecordBatch.buffers
	slotVariadic     = 12 // RecordBatch.variadicBufferCounts
	hugeClaimedCount = 1 << 28
)

// corrupt returns a copy of stream with message msg's metadata changed by
// change.
func corrupt(t *testing.T, stream []byte, msg int, change func(meta []byte) []byte) []byte {
	t.Helper()
	b := append([]byte(nil), stream...)
	m := messagesOf(t, b)[msg]
	meta := change(append([]byte(nil), b[m.start:m.end]...))
	out := append(append([]byte(nil), b[:m.start]...), meta...)
	binary.LittleEndian.PutUint32(out[m.lenAt:], uint32(len(meta)))
	return append(out, b[m.end:]...)
}

// setCount claims n entries for the vector path leads to.
func setCount(t *testing.T, n uint32, path ...int) func([]byte) []byte {
	return func(meta []byte) []byte {
		binary.LittleEndian.PutUint32(meta[vectorAt(t, meta, path...):], n)
		return meta
	}
}

// hostileMessages are corruptions of a valid stream (message 0 the
// schema, 1 the batch) with the fault the host must name.
func hostileMessages(t *testing.T) []struct {
	name string
	msg  int
	edit func([]byte) []byte
	want string
} {
	return []struct {
		name string
		msg  int
		edit func([]byte) []byte
		want string
	}{
		{"huge field count", 0, setCount(t, hugeClaimedCount, slotHeader, slotFields), "schema fields: claims 268435456 entries"},
		{"huge children count", 0, setCount(t, hugeClaimedCount, slotHeader, slotFields, -2, slotChildren), "field children: claims 268435456 entries"},
		{"huge schema custom metadata count", 0, setCount(t, hugeClaimedCount, slotHeader, slotSchemaMeta), "schema custom_metadata: claims"},
		{"huge field custom metadata count", 0, setCount(t, hugeClaimedCount, slotHeader, slotFields, -1, slotFieldMeta), "field custom_metadata: claims"},
		{"huge field name length", 0, setCount(t, hugeClaimedCount, slotHeader, slotFields, -1, 4), "field name: claims"},
		{"huge nodes count", 1, setCount(t, hugeClaimedCount, slotHeader, slotNodes), "record batch nodes: claims 268435456 entries of 16 bytes"},
		{"huge buffers count", 1, setCount(t, hugeClaimedCount, slotHeader, slotBuffers), "record batch buffers: claims 268435456 entries of 16 bytes"},
		{"huge variadic buffer count", 1, func(meta []byte) []byte {
			binary.LittleEndian.PutUint64(meta[vectorAt(t, meta, slotHeader, slotVariadic)+4:], hugeClaimedCount)
			return meta
		}, "variadicBufferCounts: count 268435456 does not fit"},
		{"root offset out of range", 0, func(meta []byte) []byte {
			binary.LittleEndian.PutUint32(meta, uint32(len(meta)+100))
			return meta
		}, "outside the"},
		{"fields vector offset out of range", 0, func(meta []byte) []byte {
			p := vectorAt(t, meta, slotHeader, slotFields)
			// The field holding the offset precedes the vector; rewrite
			// every occurrence of the offset's value pointing at p.
			for i := 0; i+4 <= p; i++ {
				if i+int(binary.LittleEndian.Uint32(meta[i:])) == p {
					binary.LittleEndian.PutUint32(meta[i:], 1<<30)
				}
			}
			return meta
		}, "outside the"},
		{"truncated schema metadata", 0, func(meta []byte) []byte { return meta[:len(meta)/2] }, "invalid Arrow IPC metadata"},
		{"truncated batch metadata", 1, func(meta []byte) []byte { return meta[:len(meta)/2] }, "invalid Arrow IPC metadata"},
	}
}

func TestHostileIPCMetadataIsRefusedBeforeArrowReadsIt(t *testing.T) {
	rec := nestedRecord(t)
	defer rec.Release()
	stream := encode(t, rec)
	recv := receiver{schemas: map[string]*arrow.Schema{"users": nestedSchema}, maxBatchBytes: 1 << 20, mem: memory.DefaultAllocator}
	if got, err := recv.decodeBatch("users", stream, 2); err != nil {
		t.Fatalf("the valid batch: %v", err)
	} else {
		got.Release()
	}
	schemaOnly, err := wire.EncodeSchema(nestedSchema)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range hostileMessages(t) {
		t.Run("batch/"+tc.name, func(t *testing.T) {
			_, err := recv.decodeBatch("users", corrupt(t, stream, tc.msg, tc.edit), 2)
			var pe *ProtocolError
			if !errors.As(err, &pe) || pe.Table != "users" || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want a protocol error of table users saying %q", err, tc.want)
			}
		})
		if tc.msg != 0 {
			continue
		}
		t.Run("describe/"+tc.name, func(t *testing.T) {
			_, err := tableFromProto(&pb.Table{Name: "users", ArrowSchema: corrupt(t, schemaOnly, 0, tc.edit)})
			var pe *ProtocolError
			if !errors.As(err, &pe) || pe.Table != "users" || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want a protocol error of table users saying %q", err, tc.want)
			}
		})
	}
}

// TestArrowAllocatesFromTheClaimedFieldCount shows the hazard the check
// guards against, with a claim small enough to survive: arrow-go, reading
// a schema message without the check, allocates for every field the
// fields vector claims (2^28 would be a fatal out-of-memory).
func TestArrowAllocatesFromTheClaimedFieldCount(t *testing.T) {
	schemaOnly, err := wire.EncodeSchema(nestedSchema)
	if err != nil {
		t.Fatal(err)
	}
	const claim = 1 << 20
	b := corrupt(t, schemaOnly, 0, setCount(t, claim, slotHeader, slotFields))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = ipc.NewReader(bytes.NewReader(b)) // arrow-go's own reader, unchecked
	runtime.ReadMemStats(&after)
	if err == nil {
		t.Fatal("arrow-go read the corrupted schema")
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew < claim*uint64(64) {
		t.Fatalf("arrow-go allocated %d bytes for %d claimed fields; the hazard is gone?", grew, claim)
	}
	if _, err := decodeSchema(b); err == nil || !strings.Contains(err.Error(), "claims 1048576 entries") {
		t.Fatalf("the host's reader: %v", err)
	}
}

// TestCorruptedIPCMetadataNeverCrashesTheHost changes every byte of the
// metadata of a valid schema and batch message, in several ways: the host
// refuses each result or decodes a batch of the declared schema and rows,
// and never crashes or hangs.
func TestCorruptedIPCMetadataNeverCrashesTheHost(t *testing.T) {
	rec := nestedRecord(t)
	defer rec.Release()
	stream := encode(t, rec)
	schemaOnly, err := wire.EncodeSchema(nestedSchema)
	if err != nil {
		t.Fatal(err)
	}
	recv := receiver{schemas: map[string]*arrow.Schema{"users": nestedSchema}, maxBatchBytes: 1 << 20, mem: memory.DefaultAllocator}
	changes := []func(byte) byte{
		func(byte) byte { return 0 },
		func(byte) byte { return 0xFF },
		func(b byte) byte { return b ^ 0x80 },
		func(b byte) byte { return b + 1 },
		func(b byte) byte { return b ^ 0x10 },
	}
	refused, decoded := 0, 0
	for msg, m := range messagesOf(t, stream) {
		for pos := 0; pos < m.end-m.start; pos++ {
			for _, change := range changes {
				b := corrupt(t, stream, msg, func(meta []byte) []byte { meta[pos] = change(meta[pos]); return meta })
				var got arrow.RecordBatch
				var err error
				func() {
					defer func() {
						if p := recover(); p != nil {
							t.Fatalf("message %d byte %d: %v", msg, pos, p)
						}
					}()
					got, err = recv.decodeBatch("users", b, 2)
				}()
				if err != nil {
					refused++
					continue
				}
				decoded++
				if !got.Schema().Equal(nestedSchema) || got.NumRows() != 2 {
					t.Errorf("message %d byte %d: decoded a batch of %d rows, schema %v", msg, pos, got.NumRows(), got.Schema())
				}
				got.Release()
				if msg == 0 {
					s := corrupt(t, schemaOnly, 0, func(meta []byte) []byte { meta[pos] = change(meta[pos]); return meta })
					_, _ = tableFromProto(&pb.Table{Name: "users", ArrowSchema: s})
				}
			}
		}
	}
	if refused == 0 || decoded == 0 {
		t.Fatalf("refused %d, decoded %d: the loop did not reach both outcomes", refused, decoded)
	}
	t.Logf("refused %d corruptions, decoded %d", refused, decoded)
}

// TestIPCCheckAcceptsWhatArrowWrites: every message arrow-go writes for
// the plugins' schemas and batches (nested, views, dictionaries,
// compressed) passes.
func TestIPCCheckAcceptsWhatArrowWrites(t *testing.T) {
	rec := nestedRecord(t)
	defer rec.Release()
	dictType := &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int32, ValueType: arrow.BinaryTypes.String}
	db := array.NewDictionaryBuilder(memory.DefaultAllocator, dictType).(*array.BinaryDictionaryBuilder)
	defer db.Release()
	_ = db.AppendString("x")
	_ = db.AppendString("y")
	dcol := db.NewArray()
	defer dcol.Release()
	drec := array.NewRecordBatch(arrow.NewSchema([]arrow.Field{{Name: "d", Type: dictType}}, nil), []arrow.Array{dcol}, 2)
	defer drec.Release()
	for name, stream := range map[string][]byte{
		"nested":     encode(t, rec),
		"zstd":       encode(t, rec, ipc.WithZstd()),
		"dictionary": encode(t, drec),
	} {
		for i, m := range messagesOf(t, stream) {
			if err := checkIPCMetadata(stream[m.start:m.end], 1); err != nil {
				t.Errorf("%s message %d: %v", name, i, err)
			}
		}
	}
}

// sharedKeyValues is a schema-only IPC stream whose schema's
// custom_metadata lists n offsets to one KeyValue with a key of keyLen
// bytes: small on the wire, n×keyLen bytes of strings once arrow-go
// copies each entry's key.
func sharedKeyValues(n, keyLen int) []byte {
	b := flatbuffers.NewBuilder(keyLen + 4*n + 256)
	key := b.CreateByteString(make([]byte, keyLen))
	b.StartObject(2)
	b.PrependUOffsetTSlot(0, key, 0)
	kv := b.EndObject()
	b.StartVector(4, n, 4)
	for range n {
		b.PrependUOffsetT(kv)
	}
	kvs := b.EndVector(n)
	b.StartObject(4)
	b.PrependUOffsetTSlot(2, kvs, 0) // Schema.custom_metadata
	schema := b.EndObject()
	b.StartObject(5)
	b.PrependInt16Slot(0, 4, 0)           // Message.version: V5
	b.PrependByteSlot(1, headerSchema, 0) // Message.header_type
	b.PrependUOffsetTSlot(2, schema, 0)   // Message.header
	msg := b.EndObject()
	b.Finish(msg)
	meta := b.FinishedBytes()
	meta = append(meta, make([]byte, (8-len(meta)%8)%8)...)
	out := binary.LittleEndian.AppendUint32(nil, 0xFFFFFFFF)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(meta)))
	out = append(out, meta...)
	return binary.LittleEndian.AppendUint64(out, 0xFFFFFFFF) // end of stream
}

// Offsets may share a table: the walk counts what arrow-go would copy,
// not what the metadata stores.
func TestSharedOffsetsCannotExpandTheMetadata(t *testing.T) {
	if s, err := decodeSchema(sharedKeyValues(3, 10)); err != nil || s.Metadata().Len() != 3 {
		t.Fatalf("three shared entries: %v, %v", s, err)
	}
	// 100,000 entries of a 100 kB key: 10 GB of strings.
	_, err := decodeSchema(sharedKeyValues(100_000, 100_000))
	if err == nil || !strings.Contains(err.Error(), "expands to several times its") {
		t.Fatalf("got %v, want the expansion refused", err)
	}
}

// BenchmarkCheckIPCMetadata is the check's cost on a users batch of 6,000
// rows (its schema and record batch messages), per batch and per row.
func BenchmarkCheckIPCMetadata(b *testing.B) {
	const rows = 6000
	ev := &pb.SyncEvent{}
	if err := proto.Unmarshal(usersMessage(b, rows), ev); err != nil {
		b.Fatal(err)
	}
	stream := ev.GetBatch().GetArrowIpc()
	var metas [][]byte
	for pos := 0; pos+8 <= len(stream); {
		n := int(binary.LittleEndian.Uint32(stream[pos+4:]))
		if n == 0 {
			break
		}
		meta := stream[pos+8 : pos+8+n]
		c := &fbCheck{b: meta, budget: 1 << 30}
		root, _ := c.ref(0, "")
		tab, _ := c.table(root, "")
		body := 0
		if p, ok, _ := c.field(tab, 10, 8, ""); ok {
			body = int(binary.LittleEndian.Uint64(meta[p:]))
		}
		metas = append(metas, meta)
		pos += 8 + n + body
	}
	if len(metas) != 2 {
		b.Fatalf("%d messages, want a schema and a batch", len(metas))
	}
	for b.Loop() {
		for _, m := range metas {
			if err := checkIPCMetadata(m, 0); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
}
