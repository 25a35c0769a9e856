package pluginhost

import (
	"google.golang.org/grpc/encoding"
	protocodec "google.golang.org/grpc/encoding/proto"
	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/proto"
)

// boundedCodec is the gRPC codec of the host's calls to a plugin:
// protobuf's, once the repeated fields of what the plugin sent are known
// to be few (boundMessage). syncCodec builds on it for Sync.
type boundedCodec struct {
	proto encoding.CodecV2
	// refused is why the codec refused the last message before protobuf
	// read it: gRPC keeps only its text.
	refused error
}

func newBoundedCodec() *boundedCodec {
	return &boundedCodec{proto: encoding.GetCodecV2(protocodec.Name)}
}

// Marshal is protobuf's: the host sends nothing large to a plugin.
func (c *boundedCodec) Marshal(v any) (mem.BufferSlice, error) { return c.proto.Marshal(v) }

// Name is protobuf's: the codec speaks protobuf's wire format.
func (*boundedCodec) Name() string { return protocodec.Name }

// Unmarshal bounds the message's repeated fields, then reads it.
func (c *boundedCodec) Unmarshal(data mem.BufferSlice, v any) error {
	m, ok := v.(proto.Message)
	if !ok {
		return c.proto.Unmarshal(data, v)
	}
	return c.unmarshalBytes(contiguous(data), m)
}

// unmarshalBytes bounds message b's repeated fields, then has protobuf
// read it into m (copying what it keeps: b is free after).
func (c *boundedCodec) unmarshalBytes(b []byte, m proto.Message) error {
	if err := boundMessage(m, b); err != nil {
		c.refused = err
		return err
	}
	return proto.Unmarshal(b, m)
}

// callError is why a call whose answer the codec read failed: the
// codec's refusal (gRPC keeps only its text), else the call's error.
func (c *boundedCodec) callError(err error) error {
	if c.refused != nil {
		return c.refused
	}
	return rpcError(err)
}

// contiguous returns data's bytes in one slice: its only buffer's, or a
// copy of its buffers.
func contiguous(data mem.BufferSlice) []byte {
	if len(data) == 1 {
		return data[0].ReadOnlyData()
	}
	return data.Materialize()
}
