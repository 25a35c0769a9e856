package table

import (
	"bytes"
	"cmp"
	"encoding/json"
	"slices"
	"strings"
)

// extraWriter builds _extra from a row's properties that no column reads;
// its buffers are reused from row to row.
type extraWriter struct {
	members []extraMember
	buf     bytes.Buffer
}

// extraMember is one property for _extra.
type extraMember struct {
	key string
	val []byte
}

// reset forgets the last row's properties.
func (w *extraWriter) reset() {
	clear(w.members) // drop references into the last row's JSON
	w.members = w.members[:0]
}

// add notes one property; of properties named twice, the last counts.
func (w *extraWriter) add(k string, v []byte) {
	w.members = append(w.members, extraMember{key: k, val: v})
}

// build returns the JSON object of the noted properties, keys sorted and
// values verbatim but for invalid UTF-8 (see validUTF8), or nil when
// there are none. The result is valid until the next call.
func (w *extraWriter) build() []byte {
	if len(w.members) == 0 {
		return nil
	}
	slices.SortStableFunc(w.members, func(x, y extraMember) int { return cmp.Compare(x.key, y.key) })
	w.buf.Reset()
	w.buf.WriteByte('{')
	for i, m := range w.members {
		if i+1 < len(w.members) && w.members[i+1].key == m.key {
			continue // a later value of the same name wins
		}
		if w.buf.Len() > 1 {
			w.buf.WriteByte(',')
		}
		writeKey(&w.buf, m.key)
		w.buf.WriteByte(':')
		if v := trimSpace(m.val); len(v) > 0 {
			w.buf.Write(v)
		} else {
			w.buf.WriteString("null")
		}
	}
	w.buf.WriteByte('}')
	return validUTF8(w.buf.Bytes())
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
