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

// Two meta columns take one of a few values known before the file is
// written: _op ("upsert" or "delete") and, when the writer stamps it,
// _tenant (the pipeline's tenant). Parquet stores them dictionary
// encoded, but arrow-go finds each row's entry by hashing its value, and
// its hash table allocates for each: in the users round _op, _stream and
// _tenant took a sixth of the host's Parquet writing. Handed an Arrow
// dictionary array whose dictionary stays the same from batch to batch,
// pqarrow writes the indices straight into the column's dictionary
// encoder: the host only compares each value with the known ones. The
// file holds the same: its Parquet schema, its stored Arrow schema (the
// plugin's string column), its encodings and values. Its pages may be
// fewer: arrow-go cuts a hashed dictionary column's pages by the size of
// its values, a written one's by the size of its indices.

// dictIndexType is the index type of the dictionary arrays written.
var dictIndexType = &arrow.Int32Type{}

// knownColumn is a string column whose values are known in advance.
type knownColumn struct {
	// index is the column's position in the schema.
	index int
	// dict holds the known values.
	dict *array.String
	// indices is a buffer for a batch's indices, reused from batch to
	// batch (pqarrow copies them).
	indices []int32
}

// knownForm writes a file's columns of known values as dictionary arrays
// (see newKnownForm).
type knownForm struct {
	// schema is the file writer's schema: the table's, with each known
	// column's type a dictionary of its strings.
	schema *arrow.Schema
	cols   []*knownColumn
}

// knownValues returns the values known in advance of the column named
// name in a file written with o: _op's vocabulary and, when o stamps it,
// _tenant's one value.
func knownValues(name string, o Options) []string {
	switch {
	case name == table.ColOp:
		return []string{table.OpUpsert, table.OpDelete}
	case name == table.ColTenant && o.Tenant != "":
		return []string{o.Tenant}
	}
	return nil
}

// newKnownForm returns the form of a file of schema written with o, or
// nil if no column has known values (knownValues): a top-level string
// column that is dictionary encoded (not in plain).
func newKnownForm(schema *arrow.Schema, o Options, plain []string) *knownForm {
	fields := slices.Clone(schema.Fields())
	var cols []*knownColumn
	for i, f := range fields {
		values := knownValues(f.Name, o)
		if values == nil || f.Type.ID() != arrow.STRING || slices.Contains(plain, f.Name) {
			continue
		}
		b := array.NewStringBuilder(memory.DefaultAllocator)
		b.AppendValues(values, nil)
		cols = append(cols, &knownColumn{index: i, dict: b.NewStringArray()})
		b.Release()
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
		s := rec.Column(kc.index).(*array.String)
		d := kc.known(s)
		if d == nil {
			d = dictionaryOf(s)
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

// known returns s as indices into kc's known values, or nil if s holds a
// null or another value. The indices live in kc.indices until the next
// call.
func (kc *knownColumn) known(s *array.String) arrow.Array {
	if s.NullN() != 0 {
		return nil
	}
	n := s.Len()
	if cap(kc.indices) < n {
		kc.indices = make([]int32, n)
	}
	idx := kc.indices[:n]
	last, k := kc.dict.Value(0), int32(0)
	for i := range n {
		v := s.Value(i)
		if v != last {
			var ok bool
			if k, ok = kc.find(v); !ok {
				return nil
			}
			last = v
		}
		idx[i] = k
	}
	buf := memory.NewBufferBytes(arrow.Int32Traits.CastToBytes(idx))
	data := array.NewData(dictIndexType, n, []*memory.Buffer{nil, buf}, nil, 0, 0)
	defer data.Release()
	ia := array.MakeFromData(data)
	defer ia.Release()
	return array.NewDictionaryArray(&arrow.DictionaryType{IndexType: dictIndexType, ValueType: s.DataType()}, ia, kc.dict)
}

// find returns v's index among the known values.
func (kc *knownColumn) find(v string) (int32, bool) {
	for i := range kc.dict.Len() {
		if kc.dict.Value(i) == v {
			return int32(i), true
		}
	}
	return 0, false
}

// dictionaryOf returns s as a dictionary array of its distinct values.
func dictionaryOf(s *array.String) arrow.Array {
	values := array.NewStringBuilder(memory.DefaultAllocator)
	defer values.Release()
	indices := array.NewInt32Builder(memory.DefaultAllocator)
	defer indices.Release()
	seen := map[string]int32{}
	for i := range s.Len() {
		if s.IsNull(i) {
			indices.AppendNull()
			continue
		}
		v := s.Value(i)
		k, ok := seen[v]
		if !ok {
			k = int32(len(seen))
			seen[v] = k
			values.Append(v)
		}
		indices.Append(k)
	}
	dict, idx := values.NewArray(), indices.NewArray()
	defer dict.Release()
	defer idx.Release()
	return array.NewDictionaryArray(&arrow.DictionaryType{IndexType: dictIndexType, ValueType: s.DataType()}, idx, dict)
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
