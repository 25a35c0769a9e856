package tenant

import "strconv"

// builder collects property fragments for new objects in one scratch
// buffer, so that generating an object costs one allocation for its values.
// A builder is reused: object() resets it.
type builder struct {
	schema  *Schema
	spans   [][2]int // [start, end) of each property in scratch; equal means unset
	scratch []byte
}

func newBuilder(s *Schema) *builder {
	return &builder{schema: s, spans: make([][2]int, len(s.Props)), scratch: make([]byte, 0, 1024)}
}

// set stores a fragment by property name; nil leaves the property unset.
func (b *builder) set(name string, v []byte) *builder {
	start := len(b.scratch)
	b.scratch = append(b.scratch, v...)
	b.spans[b.schema.MustIndex(name)] = [2]int{start, len(b.scratch)}
	return b
}

// str stores the concatenation of parts as a JSON string.
func (b *builder) str(name string, parts ...string) *builder {
	start := len(b.scratch)
	b.scratch = append(b.scratch, '"')
	for _, p := range parts {
		q := appendJSONString(b.scratch, p)
		// appendJSONString wrote its own quotes around p: drop them.
		copy(q[len(b.scratch):], q[len(b.scratch)+1:len(q)-1])
		b.scratch = q[:len(q)-2]
	}
	b.scratch = append(b.scratch, '"')
	b.spans[b.schema.MustIndex(name)] = [2]int{start, len(b.scratch)}
	return b
}

// padded returns n in decimal, zero-padded to width.
func padded(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

// object packs the fragments into a new object and resets the builder.
func (b *builder) object(id string) *Object {
	o := &Object{ID: id}
	n := 0
	for _, sp := range b.spans {
		n += sp[1] - sp[0]
	}
	o.enc = make([]byte, 0, n)
	o.ends = make([]uint32, len(b.spans))
	for i, sp := range b.spans {
		o.enc = append(o.enc, b.scratch[sp[0]:sp[1]]...)
		o.ends[i] = uint32(len(o.enc))
		b.spans[i] = [2]int{}
	}
	b.scratch = b.scratch[:0]
	return o
}
