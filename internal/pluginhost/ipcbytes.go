package pluginhost

import (
	"encoding/binary"
	"fmt"
	"io"
	"sync/atomic"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// bytesMessages reads the messages of an Arrow IPC stream held whole in
// memory. Each message's body aliases the stream's bytes instead of being
// copied into a fresh buffer, as Arrow's own reader (over an io.Reader)
// does: a batch's arrays then point into the gRPC message that carried
// them, which the host does not modify, nor reuse while they live (buf;
// see recvBuffers). A body that is not
// 8-byte aligned in memory is copied, as Arrow's arrays read their values
// through typed pointers. The framing checks are those of Arrow's reader:
// the metadata and body limits, lengths that fit what is left; and each
// message's metadata passes checkIPCMetadata before arrow-go reads it.
type bytesMessages struct {
	b           []byte
	mem         memory.Allocator
	maxMetadata int64
	maxBody     int64
	msg         *ipc.Message
	refs        atomic.Int64
	// views is viewArrays of the stream's schema, once it is known.
	views int
	// buf, when set, is the pooled buffer b lies in: a body that aliases
	// it holds a reference to it until its last array is released.
	buf *recvBuffer
}

// newBytesMessages returns a reader of the IPC stream b.
func newBytesMessages(b []byte, mem memory.Allocator, maxMetadata, maxBody int64) *bytesMessages {
	r := &bytesMessages{b: b, mem: mem, maxMetadata: maxMetadata, maxBody: maxBody}
	r.refs.Add(1)
	return r
}

// continuation marks an IPC message's length since Arrow 0.15.
const continuation = 0xFFFFFFFF

// take returns the next n bytes of the stream.
func (r *bytesMessages) take(n int64, what string) ([]byte, error) {
	if n < 0 || n > int64(len(r.b)) {
		return nil, fmt.Errorf("arrow/ipc: the %s needs %d bytes, %d are left", what, n, len(r.b))
	}
	out := r.b[:n:n]
	r.b = r.b[n:]
	return out, nil
}

// Message returns the next message, valid until the next call; io.EOF at
// the stream's end.
func (r *bytesMessages) Message() (msg *ipc.Message, err error) {
	defer func() {
		if p := recover(); p != nil {
			msg, err = nil, fmt.Errorf("arrow/ipc: invalid message metadata: %v", p)
		}
	}()
	if len(r.b) == 0 {
		return nil, io.EOF
	}
	head, err := r.take(4, "continuation indicator")
	if err != nil {
		return nil, err
	}
	metaLen := int64(int32(binary.LittleEndian.Uint32(head)))
	switch uint32(metaLen) {
	case 0:
		return nil, io.EOF
	case continuation:
		if head, err = r.take(4, "message length"); err != nil {
			return nil, err
		}
		if metaLen = int64(int32(binary.LittleEndian.Uint32(head))); metaLen == 0 {
			return nil, io.EOF
		}
	}
	if metaLen < 4 {
		return nil, fmt.Errorf("arrow/ipc: invalid message metadata length %d", metaLen)
	}
	if metaLen > r.maxMetadata {
		return nil, fmt.Errorf("arrow/ipc: message metadata length %d exceeds limit %d", metaLen, r.maxMetadata)
	}
	meta, err := r.take(metaLen, "message metadata")
	if err != nil {
		return nil, err
	}
	// arrow-go sizes allocations from the metadata's claimed counts: they
	// are checked before it reads them (see checkIPCMetadata).
	if err := checkIPCMetadata(meta, r.views); err != nil {
		return nil, err
	}
	// The metadata is parsed once here for its body length; NewMessage
	// parses it again (a flatbuffer's root, no copy).
	m := ipc.NewMessage(memory.NewBufferBytes(meta), memory.NewBufferBytes(nil))
	bodyLen := m.BodyLen()
	m.Release()
	if bodyLen < 0 || bodyLen > r.maxBody {
		return nil, fmt.Errorf("arrow/ipc: message body length %d exceeds limit %d", bodyLen, r.maxBody)
	}
	body, err := r.take(bodyLen, "message body")
	if err != nil {
		return nil, err
	}
	var bodyBuf *memory.Buffer
	switch {
	case len(body) > 0 && uintptr(unsafe.Pointer(unsafe.SliceData(body)))%8 != 0:
		bodyBuf = memory.NewResizableBuffer(r.mem)
		bodyBuf.Resize(len(body))
		copy(bodyBuf.Bytes(), body)
	case len(body) > 0 && r.buf != nil:
		r.buf.retain() // released by the body's last array (recvBuffer.Free)
		bodyBuf = memory.NewBufferWithAllocator(body, r.buf)
	default:
		bodyBuf = memory.NewBufferBytes(body)
	}
	if r.msg != nil {
		r.msg.Release()
	}
	r.msg = ipc.NewMessage(memory.NewBufferBytes(meta), bodyBuf)
	bodyBuf.Release() // the message holds it
	return r.msg, nil
}

// Retain adds a reference.
func (r *bytesMessages) Retain() { r.refs.Add(1) }

// Release drops a reference; the last one releases the current message.
func (r *bytesMessages) Release() {
	if r.refs.Add(-1) == 0 && r.msg != nil {
		r.msg.Release()
		r.msg = nil
	}
}
