package pluginhost

import (
	"errors"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	flatbuffers "github.com/google/flatbuffers/go"
)

// checkIPCMetadata checks the flatbuffer metadata of one Arrow IPC message
// from a plugin before arrow-go reads it. arrow-go trusts the metadata: it
// sizes allocations from the counts its vectors claim (a schema's fields, a
// field's children, custom metadata, a batch's variadic buffer counts), and
// an absurd count makes the Go runtime die of a fatal out-of-memory that
// recover cannot catch. The check follows every table, vector and string
// arrow-go reads (Message → Schema → Field → children …, custom_metadata,
// features; RecordBatch → nodes, buffers, compression,
// variadicBufferCounts; DictionaryBatch → its RecordBatch) and refuses a
// message unless each offset lands inside the metadata, each vector's
// claimed length times its element's size fits in the bytes after it, each
// variadic buffer count fits in the batch's buffers, fields nest at most
// maxFieldDepth deep, and the metadata, followed as arrow-go follows it,
// does not expand (through offsets shared by several parents) to more than
// a few times its own size.
//
// views is the number of view arrays (binary_view, string_view) the
// stream's schema holds, counted by viewArrays (0 before the schema is
// known): arrow-go reads a batch's variadic buffer count for each without
// checking the vector's length, so that many entries are checked even past
// the vector's claimed end.
func checkIPCMetadata(meta []byte, views int) error {
	c := &fbCheck{b: meta, budget: 2*int64(len(meta)) + 1024, views: uint64(views)}
	return c.message()
}

// viewArrays counts the view-typed arrays in schema, in nested types and
// dictionaries' values too: an upper bound on the variadic buffer counts
// arrow-go reads for one of its batches.
func viewArrays(schema *arrow.Schema) int {
	var count func(dt arrow.DataType) int
	count = func(dt arrow.DataType) int {
		switch t := dt.(type) {
		case *arrow.BinaryViewType, *arrow.StringViewType:
			return 1
		case *arrow.DictionaryType:
			return count(t.ValueType)
		case arrow.ExtensionType:
			return count(t.StorageType())
		case arrow.NestedType:
			n := 0
			for _, f := range t.Fields() {
				n += count(f.Type)
			}
			return n
		}
		return 0
	}
	n := 0
	for _, f := range schema.Fields() {
		n += count(f.Type)
	}
	return n
}

// maxFieldDepth is the deepest field nesting the host accepts, that of
// arrow-go's array loader (kMaxNestingDepth).
const maxFieldDepth = 64

// Arrow's MessageHeader and Type union tags (format/Message.fbs,
// format/Schema.fbs) that lead to tables holding vectors or strings.
const (
	headerSchema          = 1
	headerDictionaryBatch = 2
	headerRecordBatch     = 3
	typeTimestamp         = 10
	typeUnion             = 14
)

// fbCheck walks one flatbuffer, checking bounds; budget is what is left of
// the bytes its walk may visit.
type fbCheck struct {
	b      []byte
	budget int64
	views  uint64
}

// fbTable is a checked table: its position, its vtable's position and the
// two lengths the vtable declares.
type fbTable struct {
	pos, vt      uint64
	vtLen, objLn uint64
}

// errMeta formats a metadata fault.
func errMeta(format string, args ...any) error {
	return fmt.Errorf("invalid Arrow IPC metadata: "+format, args...)
}

// fits reports whether n bytes are present at pos.
func (c *fbCheck) fits(pos, n uint64) bool {
	return pos <= uint64(len(c.b)) && n <= uint64(len(c.b))-pos
}

// spend charges n visited bytes against the budget.
func (c *fbCheck) spend(n uint64, what string) error {
	c.budget -= int64(min(n, 1<<40))
	if c.budget < 0 {
		return errMeta("%s: the metadata, followed as its offsets lead, expands to several times its %d bytes", what, len(c.b))
	}
	return nil
}

// table checks the table at pos and its vtable.
func (c *fbCheck) table(pos uint64, what string) (fbTable, error) {
	if !c.fits(pos, 4) {
		return fbTable{}, errMeta("%s: offset %d is outside the %d bytes of metadata", what, pos, len(c.b))
	}
	vt := int64(pos) - int64(flatbuffers.GetInt32(c.b[pos:]))
	if vt < 0 || !c.fits(uint64(vt), 4) {
		return fbTable{}, errMeta("%s: its vtable at %d is outside the %d bytes of metadata", what, vt, len(c.b))
	}
	t := fbTable{pos: pos, vt: uint64(vt)}
	t.vtLen = uint64(flatbuffers.GetUint16(c.b[vt:]))
	t.objLn = uint64(flatbuffers.GetUint16(c.b[vt+2:]))
	if t.vtLen < 4 || t.vtLen%2 != 0 || !c.fits(t.vt, t.vtLen) {
		return fbTable{}, errMeta("%s: its vtable's length %d does not fit the metadata", what, t.vtLen)
	}
	if t.objLn < 4 || !c.fits(pos, t.objLn) {
		return fbTable{}, errMeta("%s: its length %d does not fit the metadata", what, t.objLn)
	}
	return t, c.spend(t.objLn, what)
}

// field returns the position of the field in vtable slot (4, 6, 8, …) of
// t, of size bytes; ok is false when the field is absent.
func (c *fbCheck) field(t fbTable, slot, size uint64, what string) (pos uint64, ok bool, err error) {
	if slot+2 > t.vtLen {
		return 0, false, nil
	}
	off := uint64(flatbuffers.GetUint16(c.b[t.vt+slot:]))
	if off == 0 {
		return 0, false, nil
	}
	if off+size > t.objLn {
		return 0, false, errMeta("%s: at %d in a table of %d bytes", what, off, t.objLn)
	}
	return t.pos + off, true, nil
}

// ref follows the offset at pos (an offset field or a vector element).
func (c *fbCheck) ref(pos uint64, what string) (uint64, error) {
	target := pos + uint64(flatbuffers.GetUint32(c.b[pos:]))
	if !c.fits(target, 4) {
		return 0, errMeta("%s: offset %d is outside the %d bytes of metadata", what, target, len(c.b))
	}
	return target, nil
}

// child checks the table that slot of t refers to; ok is false when absent.
func (c *fbCheck) child(t fbTable, slot uint64, what string) (fbTable, bool, error) {
	pos, ok, err := c.field(t, slot, 4, what)
	if !ok || err != nil {
		return fbTable{}, false, err
	}
	target, err := c.ref(pos, what)
	if err != nil {
		return fbTable{}, false, err
	}
	ct, err := c.table(target, what)
	return ct, err == nil, err
}

// vector checks the vector that slot of t refers to, of elements of size
// bytes: its claimed length must fit in the bytes after it. It returns the
// position of its first element and its length (0 when absent).
func (c *fbCheck) vector(t fbTable, slot, size uint64, what string) (start, n uint64, err error) {
	pos, ok, err := c.field(t, slot, 4, what)
	if !ok || err != nil {
		return 0, 0, err
	}
	target, err := c.ref(pos, what)
	if err != nil {
		return 0, 0, err
	}
	n = uint64(flatbuffers.GetUint32(c.b[target:]))
	start = target + 4
	if left := uint64(len(c.b)) - start; n > left/size {
		return 0, 0, errMeta("%s: claims %d entries of %d bytes, but only %d bytes of metadata follow", what, n, size, left)
	}
	return start, n, c.spend(n*size+4, what)
}

// tables checks each table of the vector in slot of t with each.
func (c *fbCheck) tables(t fbTable, slot uint64, what string, each func(fbTable) error) error {
	start, n, err := c.vector(t, slot, 4, what)
	if err != nil {
		return err
	}
	for i := uint64(0); i < n; i++ {
		target, err := c.ref(start+4*i, what)
		if err != nil {
			return err
		}
		et, err := c.table(target, what)
		if err != nil {
			return err
		}
		if err := each(et); err != nil {
			return err
		}
	}
	return nil
}

// message checks a Message (format/Message.fbs) and its header.
func (c *fbCheck) message() error {
	if len(c.b) < 8 {
		return errMeta("%d bytes are too few for a message", len(c.b))
	}
	root, err := c.ref(0, "message")
	if err != nil {
		return err
	}
	m, err := c.table(root, "message")
	if err != nil {
		return err
	}
	var kind byte
	if pos, ok, err := c.field(m, 6, 1, "message header type"); err != nil {
		return err
	} else if ok {
		kind = c.b[pos]
	}
	if _, _, err := c.field(m, 4, 2, "message version"); err != nil {
		return err
	}
	if _, _, err := c.field(m, 10, 8, "message body length"); err != nil {
		return err
	}
	if err := c.keyValues(m, 12, "message custom_metadata"); err != nil {
		return err
	}
	if kind != headerSchema && kind != headerDictionaryBatch && kind != headerRecordBatch {
		return errMeta("message header type %d is none the host reads (schema, dictionary batch, record batch)", kind)
	}
	h, ok, err := c.child(m, 8, "message header")
	if err != nil {
		return err
	}
	if !ok {
		return errMeta("the message has no header")
	}
	switch kind {
	case headerSchema:
		return c.schema(h)
	case headerDictionaryBatch:
		return c.dictionaryBatch(h)
	default:
		return c.recordBatch(h)
	}
}

// schema checks a Schema: fields, custom_metadata, features.
func (c *fbCheck) schema(s fbTable) error {
	if _, _, err := c.field(s, 4, 2, "schema endianness"); err != nil {
		return err
	}
	if err := c.tables(s, 6, "schema fields", func(f fbTable) error { return c.arrowField(f, 1) }); err != nil {
		return err
	}
	if err := c.keyValues(s, 8, "schema custom_metadata"); err != nil {
		return err
	}
	_, _, err := c.vector(s, 10, 8, "schema features")
	return err
}

// arrowField checks a Field at depth: name, type, dictionary, children,
// custom_metadata.
func (c *fbCheck) arrowField(f fbTable, depth int) error {
	if depth > maxFieldDepth {
		return errMeta("fields nest deeper than %d levels", maxFieldDepth)
	}
	if _, _, err := c.vector(f, 4, 1, "field name"); err != nil {
		return err
	}
	if _, _, err := c.field(f, 6, 1, "field nullable"); err != nil {
		return err
	}
	var kind byte
	if pos, ok, err := c.field(f, 8, 1, "field type tag"); err != nil {
		return err
	} else if ok {
		kind = c.b[pos]
	}
	if typ, ok, err := c.child(f, 10, "field type"); err != nil {
		return err
	} else if ok {
		switch kind {
		case typeUnion:
			if _, _, err := c.vector(typ, 6, 4, "union type ids"); err != nil {
				return err
			}
		case typeTimestamp:
			if _, _, err := c.vector(typ, 6, 1, "timestamp time zone"); err != nil {
				return err
			}
		}
	}
	if dict, ok, err := c.child(f, 12, "field dictionary"); err != nil {
		return err
	} else if ok {
		if _, _, err := c.child(dict, 6, "dictionary index type"); err != nil {
			return err
		}
	}
	if err := c.tables(f, 14, "field children", func(ch fbTable) error { return c.arrowField(ch, depth+1) }); err != nil {
		return err
	}
	return c.keyValues(f, 16, "field custom_metadata")
}

// keyValues checks a vector of KeyValue tables and their strings.
func (c *fbCheck) keyValues(t fbTable, slot uint64, what string) error {
	return c.tables(t, slot, what, func(kv fbTable) error {
		if _, _, err := c.vector(kv, 4, 1, what+" key"); err != nil {
			return err
		}
		_, _, err := c.vector(kv, 6, 1, what+" value")
		return err
	})
}

// recordBatch checks a RecordBatch: nodes and buffers (structs of 16
// bytes), compression, and variadicBufferCounts, each of which must fit
// in the buffers the batch lists (arrow-go sizes a slice from it).
func (c *fbCheck) recordBatch(r fbTable) error {
	if _, _, err := c.field(r, 4, 8, "record batch length"); err != nil {
		return err
	}
	if _, _, err := c.vector(r, 6, 16, "record batch nodes"); err != nil {
		return err
	}
	_, nbufs, err := c.vector(r, 8, 16, "record batch buffers")
	if err != nil {
		return err
	}
	if _, _, err := c.child(r, 10, "record batch compression"); err != nil {
		return err
	}
	start, n, err := c.vector(r, 12, 8, "record batch variadicBufferCounts")
	if err != nil {
		return err
	}
	if start == 0 {
		return nil // absent: arrow-go reads every count as 0
	}
	var sum uint64
	for i := uint64(0); i < max(n, c.views) && c.fits(start+8*i, 8); i++ {
		v := flatbuffers.GetInt64(c.b[start+8*i:])
		if v < 0 || uint64(v) > nbufs-sum {
			return errMeta("record batch variadicBufferCounts: count %d does not fit in the batch's %d buffers", v, nbufs)
		}
		sum += uint64(v)
	}
	return nil
}

// dictionaryBatch checks a DictionaryBatch and its RecordBatch.
func (c *fbCheck) dictionaryBatch(d fbTable) error {
	if _, _, err := c.field(d, 4, 8, "dictionary batch id"); err != nil {
		return err
	}
	if _, _, err := c.field(d, 8, 1, "dictionary batch isDelta"); err != nil {
		return err
	}
	r, ok, err := c.child(d, 6, "dictionary batch data")
	if err != nil {
		return err
	}
	if !ok {
		return errors.New("invalid Arrow IPC metadata: the dictionary batch has no data")
	}
	return c.recordBatch(r)
}
