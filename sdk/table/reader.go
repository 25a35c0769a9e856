package table

import "fmt"

// maxInterned bounds an ObjectReader's interned property names, against
// items with unbounded key sets.
const maxInterned = 4096

// ObjectReader decodes Graph items into an Object without copying or
// decoding their values: each value aliases the item. It reuses one
// Object and interns property names, so reading an item allocates nothing
// in the steady state. It is not safe for concurrent use; the zero value
// is ready.
type ObjectReader struct {
	obj   Object
	names map[string]string
}

// Read decodes raw, a JSON object, into the reader's Object and returns
// it. The Object and its values are valid until the next Read. Read checks
// raw's structure, not its leaf values: pass valid JSON, such as the items
// of a graph.Page (the Graph client validates every page), or check it
// with json.Valid first.
func (r *ObjectReader) Read(raw []byte) (Object, error) {
	if r.obj == nil {
		r.obj = Object{}
	}
	clear(r.obj)
	it, err := newObjectIter(trimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("decode item: %w: %w", ErrNotObject, err)
	}
	for {
		key, val, ok, err := it.Next()
		if err != nil {
			return nil, fmt.Errorf("decode item: %w: %w", ErrNotObject, err)
		}
		if !ok {
			return r.obj, nil
		}
		r.obj[r.intern(key)] = val
	}
}

// intern returns key as a string, allocating only for names not seen
// before (up to maxInterned of them).
func (r *ObjectReader) intern(key []byte) string {
	if r.names == nil {
		r.names = map[string]string{}
	}
	if s, ok := r.names[string(key)]; ok {
		return s
	}
	s := string(key)
	if len(r.names) < maxInterned {
		r.names[s] = s
	}
	return s
}
