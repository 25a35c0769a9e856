package table

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
)

// extraWriter builds _extra; its buffers are reused from row to row.
type extraWriter struct {
	keys []string
	buf  bytes.Buffer
}

// buildExtra returns the JSON object of obj's properties that no column
// reads, keys sorted and values verbatim, or nil when there are none. The
// result is valid until the next call.
func (b *Builder) buildExtra(obj Object) []byte {
	w := &b.extra
	w.keys = w.keys[:0]
	for k := range obj {
		if _, read := b.reads[k]; !read && !isControlKey(k) {
			w.keys = append(w.keys, k)
		}
	}
	if len(w.keys) == 0 {
		return nil
	}
	slices.Sort(w.keys)
	w.buf.Reset()
	w.buf.WriteByte('{')
	for i, k := range w.keys {
		if i > 0 {
			w.buf.WriteByte(',')
		}
		writeKey(&w.buf, k)
		w.buf.WriteByte(':')
		if v := trimSpace(obj[k]); len(v) > 0 {
			w.buf.Write(v)
		} else {
			w.buf.WriteString("null")
		}
	}
	w.buf.WriteByte('}')
	return w.buf.Bytes()
}

// isControlKey reports keys that are not properties: instance annotations
// ("@odata.type", "@removed") and OData control information
// ("manager@odata.navigationLink").
func isControlKey(k string) bool {
	return strings.HasPrefix(k, "@") || strings.Contains(k, "@odata.")
}

// writeKey writes k as a JSON string.
func writeKey(buf *bytes.Buffer, k string) {
	for i := 0; i < len(k); i++ {
		if c := k[i]; c < 0x20 || c == '"' || c == '\\' || c >= 0x80 {
			quoted, _ := json.Marshal(k) // a string always marshals
			buf.Write(quoted)
			return
		}
	}
	buf.WriteByte('"')
	buf.WriteString(k)
	buf.WriteByte('"')
}
