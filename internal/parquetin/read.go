package parquetin

import (
	"context"
	"errors"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/sdk/lake"
)

// batchRows is how many rows a record batch read from a file holds.
const batchRows = 4096

// ReadRows calls fn with every row of the given Parquet files, in their
// order, then of rows in each file. Each file is checked against its
// record first (see OpenFile). An error from fn stops the read and is
// returned wrapped.
func ReadRows(ctx context.Context, s store.Store, files []File, fn func(row map[string]any) error) error {
	for _, f := range files {
		if err := readFile(ctx, s, f, fn); err != nil {
			return err
		}
	}
	return nil
}

// ReadColumns is ReadRows that reads only the named top-level columns: the
// rows hold those columns and no others. Every file must have them all.
func ReadColumns(ctx context.Context, s store.Store, files []File, columns []string, fn func(row map[string]any) error) error {
	for _, f := range files {
		err := withFile(ctx, s, f, func(fr *pqarrow.FileReader) error {
			leaves, err := leafIndexes(fr.Manifest, columns)
			if err != nil {
				return err
			}
			return recordsOf(ctx, fr, leaves, func(rec arrow.RecordBatch) error { return lake.RecordRows(rec, fn) })
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// leafIndexes returns the Parquet leaf columns of the named top-level
// fields.
func leafIndexes(m *pqarrow.SchemaManifest, columns []string) ([]int, error) {
	var leaves []int
	for _, col := range columns {
		found := false
		for i := range m.Fields {
			if f := &m.Fields[i]; f.Field.Name == col {
				leaves, found = appendLeaves(leaves, f), true
			}
		}
		if !found {
			return nil, fmt.Errorf("the file has no column %q", col)
		}
	}
	return leaves, nil
}

func appendLeaves(leaves []int, f *pqarrow.SchemaField) []int {
	if f.IsLeaf() {
		return append(leaves, f.ColIndex)
	}
	for i := range f.Children {
		leaves = appendLeaves(leaves, &f.Children[i])
	}
	return leaves
}

// ReadSchema returns the Arrow schema of the Parquet file: the one
// it was written with, when the file stores it, except that list elements
// are named "element" and fields carry pqarrow's PARQUET:field_id metadata.
func ReadSchema(ctx context.Context, s store.Store, f File) (*arrow.Schema, error) {
	var schema *arrow.Schema
	err := withFile(ctx, s, f, func(fr *pqarrow.FileReader) (err error) {
		schema, err = fr.Schema()
		return err
	})
	return schema, err
}

// ReadRecords calls fn with every record batch of the Parquet files, in
// order, each checked against its record first, as pqarrow reads them
// (see ReadSchema for how their schema differs from the written one). A
// batch is valid only during fn.
func ReadRecords(ctx context.Context, s store.Store, files []File, fn func(rec arrow.RecordBatch) error) error {
	for _, f := range files {
		if err := readRecords(ctx, s, f, fn); err != nil {
			return err
		}
	}
	return nil
}

// readFile calls fn with every row of one file.
func readFile(ctx context.Context, s store.Store, f File, fn func(map[string]any) error) error {
	return readRecords(ctx, s, f, func(rec arrow.RecordBatch) error { return lake.RecordRows(rec, fn) })
}

// readRecords calls fn with every record batch of one file.
func readRecords(ctx context.Context, s store.Store, f File, fn func(arrow.RecordBatch) error) error {
	return withFile(ctx, s, f, func(fr *pqarrow.FileReader) error {
		return recordsOf(ctx, fr, nil, fn)
	})
}

// recordsOf calls fn with every record batch of the given leaf columns
// (nil: all).
func recordsOf(ctx context.Context, fr *pqarrow.FileReader, leaves []int, fn func(arrow.RecordBatch) error) error {
	rr, err := fr.GetRecordReader(ctx, leaves, nil)
	if err != nil {
		return err
	}
	defer rr.Release()
	for rr.Next() {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn(rr.RecordBatch()); err != nil {
			return err
		}
	}
	return rr.Err()
}

// withFile opens f as a Parquet file, once checked against its record,
// and calls fn with its reader.
func withFile(ctx context.Context, s store.Store, f File, fn func(*pqarrow.FileReader) error) (err error) {
	pf, err := OpenFile(ctx, s, f)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, pf.Close()) }() // closes the checked copy too
	props := pqarrow.ArrowReadProperties{BatchSize: batchRows}
	fr, err := pqarrow.NewFileReader(pf, props, memory.DefaultAllocator)
	if err != nil {
		return fmt.Errorf("read Parquet file %s: %w", s.Location(f.Path), err)
	}
	if err := fn(fr); err != nil {
		return fmt.Errorf("read Parquet file %s: %w", s.Location(f.Path), err)
	}
	return nil
}
