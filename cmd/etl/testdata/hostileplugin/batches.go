package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	flatbuffers "github.com/google/flatbuffers/go"

	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// record builds a batch of thingsTable with one row per note.
func record(req wire.SyncRequest, notes ...string) (arrow.RecordBatch, error) {
	b := table.NewBuilder(memory.DefaultAllocator, things(thingsTable))
	defer b.Release()
	for i, n := range notes {
		note, _ := json.Marshal(n)
		obj := table.Object{"id": json.RawMessage(fmt.Sprintf(`"thing-%d"`, i)), "note": note}
		if err := b.Append(obj, table.Meta{Round: req.Round, Seq: int64(i + 1), SyncedAt: time.Now(), Stream: "things"}); err != nil {
			return nil, err
		}
	}
	return b.NewRecord(), nil
}

// sendValidBatch sends two good rows first.
func sendValidBatch(req wire.SyncRequest, send func(wire.Event) error) error {
	rec, err := record(req, "fine", "also fine")
	if err != nil {
		return err
	}
	return send(&wire.Batch{Table: thingsTable, Record: rec})
}

// badEvent is the mode's protocol violation.
func badEvent(mode string, req wire.SyncRequest) (wire.Event, error) {
	switch mode {
	case "bigmessage":
		rec, err := record(req, strings.Repeat("a", 5<<20), strings.Repeat("b", 5<<20))
		if err != nil {
			return nil, err
		}
		defer rec.Release()
		b, err := wire.EncodeRecord(rec)
		return &wire.EncodedBatch{Table: thingsTable, IPC: b, Rows: 2}, err
	case "compressed":
		return compressedClaim(req)
	case "fieldcount":
		return hugeFieldCount(req)
	case "invalid":
		return backwardOffsets(req)
	case "schema":
		s := arrow.NewSchema([]arrow.Field{{Name: "id", Type: arrow.BinaryTypes.String, Nullable: true}}, nil)
		bld := array.NewStringBuilder(memory.DefaultAllocator)
		defer bld.Release()
		bld.Append("x")
		col := bld.NewArray()
		defer col.Release()
		return &wire.Batch{Table: thingsTable, Record: array.NewRecordBatch(s, []arrow.Array{col}, 1)}, nil
	}
	return nil, fmt.Errorf("hostileplugin: unknown mode %q", mode)
}

// compressedClaim is a zstd-compressed batch whose note buffer declares an
// uncompressed size of 1 TiB.
func compressedClaim(req wire.SyncRequest) (wire.Event, error) {
	const n = 100_003
	rec, err := record(req, strings.Repeat("a", n))
	if err != nil {
		return nil, err
	}
	defer rec.Release()
	var buf bytes.Buffer
	w := ipc.NewWriter(&buf, ipc.WithSchema(rec.Schema()), ipc.WithZstd(), ipc.WithMinSpaceSavings(0))
	if err := w.Write(rec); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	var size, huge [8]byte
	binary.LittleEndian.PutUint64(size[:], n)
	binary.LittleEndian.PutUint64(huge[:], 1<<40)
	if bytes.Count(buf.Bytes(), size[:]) != 1 {
		return nil, fmt.Errorf("hostileplugin: the note buffer's size prefix is not unique")
	}
	return &wire.EncodedBatch{Table: thingsTable, IPC: bytes.Replace(buf.Bytes(), size[:], huge[:], 1), Rows: 1}, nil
}

// backwardOffsets is a batch of two rows whose note column's offsets go
// 0, 5, 2.
func backwardOffsets(req wire.SyncRequest) (wire.Event, error) {
	rec, err := record(req, "x", "y")
	if err != nil {
		return nil, err
	}
	defer rec.Release()
	offsets := memory.NewBufferBytes(arrow.Int32Traits.CastToBytes([]int32{0, 5, 2}))
	data := array.NewData(arrow.BinaryTypes.String, 2, []*memory.Buffer{nil, offsets, memory.NewBufferBytes([]byte("hello"))}, nil, 0, 0)
	defer data.Release()
	note := array.NewStringData(data)
	defer note.Release()
	cols := append([]arrow.Array{}, rec.Columns()...)
	cols[1] = note
	return &wire.Batch{Table: thingsTable, Record: array.NewRecordBatch(rec.Schema(), cols, 2)}, nil
}

// hugeFieldCount is a batch whose schema message claims 2^30 fields: a
// reader that allocates a slice for the claimed count dies of a fatal
// out-of-memory.
func hugeFieldCount(req wire.SyncRequest) (wire.Event, error) {
	rec, err := record(req, "x")
	if err != nil {
		return nil, err
	}
	defer rec.Release()
	b, err := wire.EncodeRecord(rec)
	if err != nil {
		return nil, err
	}
	b = bytes.Clone(b)
	// The stream starts with the schema message: a continuation marker, its
	// metadata's length, then the flatbuffer Message, whose header (vtable
	// slot 8) is the Schema, whose fields (slot 6) are a vector.
	meta := b[8 : 8+binary.LittleEndian.Uint32(b[4:])]
	follow := func(pos flatbuffers.UOffsetT, slot flatbuffers.VOffsetT) flatbuffers.UOffsetT {
		t := &flatbuffers.Table{Bytes: meta, Pos: pos}
		o := flatbuffers.UOffsetT(t.Offset(slot))
		return t.Indirect(pos + o)
	}
	schema := follow(flatbuffers.GetUOffsetT(meta), 8)
	fields := follow(schema, 6)
	binary.LittleEndian.PutUint32(meta[fields:], 1<<30)
	return &wire.EncodedBatch{Table: thingsTable, IPC: b, Rows: 1}, nil
}
