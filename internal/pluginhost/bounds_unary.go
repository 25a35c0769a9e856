package pluginhost

import (
	"fmt"

	"google.golang.org/grpc/encoding"
	protocodec "google.golang.org/grpc/encoding/proto"
	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	pb "github.com/graphlake/graphlake/sdk/wire/sourcev1"
)

// Bounds of a plugin's answers to Describe and Validate, checked before
// protobuf reads them (see boundedCodec). They lie far above what a
// source declares (the directory plugin: a few dozen tables, keys of one
// or two columns) or reports.
const (
	// maxDescribedTables is the most tables a plugin may declare.
	maxDescribedTables = 1024
	// maxTableKeys is the most key columns a table may declare.
	maxTableKeys = 64
	// maxDiagnostics is the most diagnostics a Validate may return.
	maxDiagnostics = 1024
)

// boundedCodec is the gRPC codec of the host's Describe and Validate
// calls: protobuf's, after it has counted the repeated elements of the
// plugin's answer. Protobuf allocates a message (or a string) for every
// element it reads, two bytes each when empty, so a hostile plugin's 64
// MiB answer would make the host allocate gigabytes before any check of
// the answer could refuse it.
type boundedCodec struct {
	proto encoding.CodecV2
	// refused is why the codec refused the answer: gRPC keeps only its
	// text.
	refused error
}

func newBoundedCodec() *boundedCodec {
	return &boundedCodec{proto: encoding.GetCodecV2(protocodec.Name)}
}

// Marshal is protobuf's.
func (c *boundedCodec) Marshal(v any) (mem.BufferSlice, error) { return c.proto.Marshal(v) }

// Name is protobuf's: the codec speaks protobuf's wire format.
func (*boundedCodec) Name() string { return protocodec.Name }

// Unmarshal counts the answer's repeated elements, then reads it.
func (c *boundedCodec) Unmarshal(data mem.BufferSlice, v any) error {
	m, ok := v.(proto.Message)
	if !ok {
		return c.proto.Unmarshal(data, v)
	}
	b := contiguous(data)
	var err error
	switch v.(type) {
	case *pb.DescribeResponse:
		err = boundTables(b)
	case *pb.ValidateResponse:
		if n := countField(b, 1); n > maxDiagnostics {
			err = &ProtocolError{Err: fmt.Errorf("validate: more than %d diagnostics", maxDiagnostics)}
		}
	}
	if err != nil {
		c.refused = err
		return err
	}
	return proto.Unmarshal(b, m)
}

// boundTables refuses a DescribeResponse of more than maxDescribedTables
// tables, or a table of more than maxTableKeys key columns.
func boundTables(b []byte) error {
	tables := 0
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return nil // protobuf refuses it
		}
		m := protowire.ConsumeFieldValue(num, typ, b[n:])
		if m < 0 {
			return nil
		}
		if num == 1 && typ == protowire.BytesType {
			tables++
			if tables > maxDescribedTables {
				return &ProtocolError{Err: fmt.Errorf("describe: more than %d tables", maxDescribedTables)}
			}
			table, _ := protowire.ConsumeBytes(b[n:])
			if countField(table, 4) > maxTableKeys {
				return &ProtocolError{Err: fmt.Errorf("describe: a table of more than %d key columns", maxTableKeys)}
			}
		}
		b = b[n+m:]
	}
	return nil
}
