package parquetout

import (
	"bytes"
	"errors"
	"fmt"
	"slices"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/graphlake/graphlake/sdk/table"
)

// Some meta columns take one of a few values known before the file is
// written: _op ("upsert" or "delete"), _tenant when the writer stamps it
// (the pipeline's tenant), and in a round's change-log files _round and
// _synced_at (every row is of that round). Parquet stores them dictionary
// encoded, but arrow-go finds each row's entry by hashing its value, and
// for strings its hash table allocates for each: in the users round these
// columns took about a sixth of the host's Parquet writing. Handed an
// Arrow dictionary array whose dictionary stays the same from batch to
// batch, pqarrow writes the indices straight into the column's
// dictionary encoder: the host only compares each value with the known
// ones. The file holds the same: its Parquet schema, its stored Arrow
// schema (the plugin's types), its encodings and values. Its pages may
// be fewer: arrow-go cuts a hashed dictionary column's pages by the size
// of its values, a written one's by the size of its indices.

// dictIndexType is the index type of the dictionary arrays written.
var dictIndexType = &arrow.Int32Type{}

// knownColumn is a column whose values are known in advance.
type knownColumn struct {
	// index is the column's position in the schema.
	index int
	// dict holds the known values: strings, or one int64 or timestamp.
	dict arrow.Array
	// indices is a buffer for a batch's indices, reused from batch to
	// batch (pqarrow copies them).
	indices []int32
}

// knownForm writes a file's columns of known values as dictionary arrays
// (see newKnownForm).
type knownForm struct {
	// schema is the file writer's schema: the table's, with each known
	// column's type a dictionary of its values.
	schema *arrow.Schema
	cols   []*knownColumn
}

// knownStrings returns the values known in advance of the string column
// named name in a file written with o: _op's vocabulary and, when o
// stamps it, _tenant's one value.
func knownStrings(name string, o Options) []string {
	switch {
	case name == table.ColOp:
		return []string{table.OpUpsert, table.OpDelete}
	case name == table.ColTenant && o.Tenant != "":
		return []string{o.Tenant}
	}
	return nil
}

// roundColumn reports whether the column named name holds one value on
// every row of a round's change-log file (o names no other layout):
// _round and _synced_at.
func roundColumn(name string, o Options) bool {
	return o.ObjectName == nil && (name == table.ColRound || name == table.ColSyncedAt)
}

// newKnownForm returns the form of a file written with o whose first
// batch is first, or nil if no column has known values: a top-level,
// dictionary-encoded (not in plain) string column with knownStrings, or
// an int64 or timestamp column of the round (roundColumn) whose value,
// taken from first, is the same on every row of first.
func newKnownForm(first arrow.RecordBatch, o Options, plain []string) *knownForm {
	schema := first.Schema()
	fields := slices.Clone(schema.Fields())
	var cols []*knownColumn
	for i, f := range fields {
		if slices.Contains(plain, f.Name) {
			continue
		}
		var dict arrow.Array
		switch col := first.Column(i).(type) {
		case *array.String:
			if values := knownStrings(f.Name, o); values != nil {
				b := array.NewStringBuilder(memory.DefaultAllocator)
				b.AppendValues(values, nil)
				dict = b.NewArray()
				b.Release()
			}
		case *array.Int64:
			if roundColumn(f.Name, o) && col.Len() > 0 && col.NullN() == 0 && oneValue(col.Int64Values(), col.Value(0), nil) {
				dict = array.NewSlice(col, 0, 1)
			}
		case *array.Timestamp:
			if roundColumn(f.Name, o) && col.Len() > 0 && col.NullN() == 0 && oneValue(col.TimestampValues(), col.Value(0), nil) {
				dict = array.NewSlice(col, 0, 1)
			}
		}
		if dict == nil {
			continue
		}
		cols = append(cols, &knownColumn{index: i, dict: dict})
		fields[i].Type = &arrow.DictionaryType{IndexType: dictIndexType, ValueType: f.Type}
	}
	if cols == nil {
		return nil
	}
	md := schema.Metadata()
	return &knownForm{schema: arrow.NewSchema(fields, &md), cols: cols}
}

// convert returns rec in the file's form; the caller releases it. A
// column whose values are all known becomes their indices in the known
// values, which pqarrow writes without hashing. Any other (a snapshot's
// rows keep their own _tenant) becomes a dictionary of its own values:
// pqarrow then writes the rest of the column chunk plain, as it does when
// a dictionary changes.
func (c *knownForm) convert(rec arrow.RecordBatch) arrow.RecordBatch {
	cols := slices.Clone(rec.Columns())
	var made []arrow.Array
	for _, kc := range c.cols {
		col := rec.Column(kc.index)
		d := kc.known(col)
		if d == nil {
			d = dictionaryOf(col)
		} else {
			defer d.Release()
			d = array.NewDictionaryArray(c.schema.Field(kc.index).Type, d, kc.dict)
		}
		cols[kc.index] = d
		made = append(made, d)
	}
	out := array.NewRecordBatch(c.schema, cols, rec.NumRows())
	for _, d := range made {
		d.Release()
	}
	return out
}

// known returns col's indices into kc's known values, or nil if col holds
// a null or another value. The indices live in kc.indices until the next
// call.
func (kc *knownColumn) known(col arrow.Array) arrow.Array {
	if col.NullN() != 0 {
		return nil
	}
	n := col.Len()
	if cap(kc.indices) < n {
		kc.indices = make([]int32, n)
	}
	idx := kc.indices[:n]
	var ok bool
	switch d := kc.dict.(type) {
	case *array.String:
		ok = knownStrings32(col.(*array.String), d, idx)
	case *array.Int64:
		ok = oneValue(col.(*array.Int64).Int64Values(), d.Value(0), idx)
	case *array.Timestamp:
		ok = oneValue(col.(*array.Timestamp).TimestampValues(), d.Value(0), idx)
	}
	if !ok {
		return nil
	}
	buf := memory.NewBufferBytes(arrow.Int32Traits.CastToBytes(idx))
	data := array.NewData(dictIndexType, n, []*memory.Buffer{nil, buf}, nil, 0, 0)
	defer data.Release()
	return array.MakeFromData(data)
}

// knownStrings32 writes into idx the index in dict of each value of s,
// and reports whether all were found.
func knownStrings32(s, dict *array.String, idx []int32) bool {
	last, k := dict.Value(0), int32(0)
	for i := range idx {
		v := s.Value(i)
		if v == last {
			idx[i] = k
			continue
		}
		found := false
		for j := range dict.Len() {
			if dict.Value(j) == v {
				k, last, found = int32(j), v, true
				break
			}
		}
		if !found {
			return false
		}
		idx[i] = k
	}
	return true
}

// oneValue reports whether every value is v, and zeroes idx (if not nil)
// as far as they are.
func oneValue[T comparable](values []T, v T, idx []int32) bool {
	for i, x := range values {
		if x != v {
			return false
		}
		if idx != nil {
			idx[i] = 0
		}
	}
	return true
}

// dictionaryOf returns col as a dictionary array of its distinct values
// (a string, int64 or timestamp array, as known columns are).
func dictionaryOf(col arrow.Array) arrow.Array {
	dt := &arrow.DictionaryType{IndexType: dictIndexType, ValueType: col.DataType()}
	b := array.NewDictionaryBuilder(memory.DefaultAllocator, dt)
	defer b.Release()
	if err := b.AppendArray(col); err != nil {
		panic(fmt.Sprintf("parquetout: dictionary of a %s column: %v", col.DataType(), err))
	}
	return b.NewArray()
}

// release frees the form's dictionaries; a nil form has none.
func (c *knownForm) release() {
	if c == nil {
		return
	}
	for _, kc := range c.cols {
		kc.dict.Release()
	}
}

// arrowSchemaKey is the file metadata key under which pqarrow stores the
// Arrow schema (pqarrow.WithStoreSchema).
const arrowSchemaKey = "ARROW:schema"

// storedSchema returns the Arrow schema pqarrow stores in a file of schema
// (the ARROW:schema metadata value), as it stores it: it is taken from an
// empty file written with props.
func storedSchema(schema *arrow.Schema, props *parquet.WriterProperties) (string, error) {
	var buf bytes.Buffer
	fw, err := pqarrow.NewFileWriter(schema, &buf, props, arrowProps())
	if err != nil {
		return "", fmt.Errorf("store the Arrow schema: %w", err)
	}
	if err := fw.Close(); err != nil {
		return "", fmt.Errorf("store the Arrow schema: %w", err)
	}
	r, err := file.NewParquetReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		return "", fmt.Errorf("store the Arrow schema: %w", err)
	}
	defer r.Close()
	v := r.MetaData().KeyValueMetadata().FindValue(arrowSchemaKey)
	if v == nil {
		return "", errors.New("store the Arrow schema: pqarrow stored none")
	}
	return *v, nil
}

// writerSchema returns the schema to open the file's pqarrow writer with,
// and its Arrow properties: the known form's schema carrying the
// table's stored schema in its metadata, so that the file stores the
// table's schema, as pqarrow.WithStoreSchema would.
func (c *knownForm) writerSchema(table *arrow.Schema, props *parquet.WriterProperties) (*arrow.Schema, pqarrow.ArrowWriterProperties, error) {
	stored, err := storedSchema(table, props)
	if err != nil {
		return nil, pqarrow.ArrowWriterProperties{}, err
	}
	md := table.Metadata()
	keys, values := append(slices.Clone(md.Keys()), arrowSchemaKey), append(slices.Clone(md.Values()), stored)
	kv := arrow.NewMetadata(keys, values)
	return arrow.NewSchema(c.schema.Fields(), &kv), pqarrow.NewArrowWriterProperties(coerceTimestamps), nil
}
