package current

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/graphlake/graphlake/internal/parquetin"

	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/sdk/lake"
	"github.com/graphlake/graphlake/sdk/table"
)

// metaColumns are the meta columns every row carries (see sdk/table), and
// the one the host adds (_tenant), which files written before it lack.
var metaColumns = []string{table.ColOp, table.ColRemovedReason, table.ColRound, table.ColSeq, table.ColSyncedAt,
	table.ColStream, table.ColFields, table.ColExtra, table.ColTenant}

// tableInfo is what reading and merging a table needs to know of it.
type tableInfo struct {
	name   string
	schema *arrow.Schema
	key    []string
	parent *table.Parent
	// columns are the schema's columns; declared the typed ones among
	// them (not the meta columns).
	columns, declared map[string]bool
}

// newTableInfo reads a table's key and parent link from its schema's
// metadata.
func newTableInfo(name string, schema *arrow.Schema) (*tableInfo, error) {
	d, err := table.ReadDeclared(schema)
	if err != nil {
		return nil, err
	}
	if len(d.Key) == 0 {
		return nil, fmt.Errorf("table %s: its files name no key (schema metadata %s)", name, table.MetadataKey)
	}
	t := &tableInfo{name: name, schema: schema, key: d.Key, columns: map[string]bool{}, declared: map[string]bool{}}
	for _, f := range schema.Fields() {
		t.columns[f.Name] = true
		if !slices.Contains(metaColumns, f.Name) {
			t.declared[f.Name] = true
		}
	}
	if p := d.Parent; p != nil {
		for _, c := range p.Columns {
			if !slices.Contains(t.key, c) {
				return nil, fmt.Errorf("table %s: parent column %q is not a key column; current state needs the parent's key inside the child's", name, c)
			}
		}
		t.parent = p
	}
	return t, nil
}

// keyOf joins a row's key values with NUL bytes; the joined strings sort
// as the tuples of values do.
func (t *tableInfo) keyOf(row map[string]any) (string, error) {
	return joinColumns(row, t.key, t.name)
}

// parentKey is the key of a child row's parent row.
func (t *tableInfo) parentKey(row map[string]any) (string, error) {
	return joinColumns(row, t.parent.Columns, t.name)
}

func joinColumns(row map[string]any, cols []string, tableName string) (string, error) {
	k, err := lake.Key(row, cols)
	if err != nil {
		return "", fmt.Errorf("a row of %s: %w", tableName, err)
	}
	return k, nil
}

// readSchema returns the Arrow schema a lake file was written with,
// metadata included, as pqarrow stores it in the footer (ARROW:schema).
// The file is checked against its record first.
func readSchema(ctx context.Context, s store.Store, f parquetin.File) (_ *arrow.Schema, err error) {
	pf, err := parquetin.OpenFile(ctx, s, f)
	if err != nil {
		return nil, fmt.Errorf("read the schema of %s: %w", s.Location(f.Path), err)
	}
	defer func() { err = errors.Join(err, pf.Close()) }()
	name := f.Path
	v := pf.MetaData().KeyValueMetadata().FindValue("ARROW:schema")
	if v == nil {
		return nil, fmt.Errorf("%s stores no Arrow schema; graphlake did not write it", s.Location(name))
	}
	b, err := base64.StdEncoding.DecodeString(*v)
	if err != nil {
		b, err = base64.RawStdEncoding.DecodeString(*v)
	}
	if err != nil {
		return nil, fmt.Errorf("read the Arrow schema of %s: %w", s.Location(name), err)
	}
	rd, err := ipc.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("read the Arrow schema of %s: %w", s.Location(name), err)
	}
	defer rd.Release()
	return rd.Schema(), nil
}
