package pluginhost

import (
	"context"
	"errors"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/graphlake/graphlake/sdk/wire"
)

// batches is a source that declares the table "things" of testSchema and
// whose round sends one batch of table with schema.
type batches struct {
	table  string
	schema *arrow.Schema
}

func (batches) Describe(context.Context) ([]wire.Table, error) {
	return []wire.Table{{Name: "things", Key: []string{"id"}, Schema: testSchema}}, nil
}

func (batches) Validate(context.Context, []byte) ([]wire.Diagnostic, error) { return nil, nil }

func (b batches) Sync(_ context.Context, _ wire.SyncRequest, send func(wire.Event) error) error {
	rec := stringRecordOf(b.schema, "a", "b")
	return send(&wire.Batch{Table: b.table, Record: rec})
}

// stringRecordOf is a record of one string column under schema.
func stringRecordOf(schema *arrow.Schema, values ...string) arrow.RecordBatch {
	b := array.NewStringBuilder(memory.DefaultAllocator)
	defer b.Release()
	b.AppendValues(values, nil)
	col := b.NewArray()
	defer col.Release()
	return array.NewRecordBatch(schema, []arrow.Array{col}, int64(len(values)))
}

// The host refuses a batch of a table the plugin did not declare, or of
// another schema than the declared one, as a ProtocolError, whether or
// not it asked the plugin to describe its tables before the round.
func TestBatchesAreCheckedAgainstTheDeclaredTables(t *testing.T) {
	other := arrow.NewSchema([]arrow.Field{{Name: "name", Type: arrow.BinaryTypes.String, Nullable: true}}, nil)
	tests := []struct {
		name     string
		src      batches
		describe bool
		refused  bool
	}{
		{"a declared batch after Describe", batches{"things", testSchema}, true, false},
		{"a declared batch without Describe", batches{"things", testSchema}, false, false},
		{"an undeclared table after Describe", batches{"others", testSchema}, true, true},
		{"an undeclared table without Describe", batches{"others", testSchema}, false, true},
		{"another schema after Describe", batches{"things", other}, true, true},
		{"another schema without Describe", batches{"things", other}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			host := dispense(t, tt.src)
			if tt.describe {
				if _, err := host.Describe(t.Context()); err != nil {
					t.Fatal(err)
				}
			}
			rows := int64(0)
			err := host.Sync(t.Context(), wire.SyncRequest{Round: 1, Tokens: hostTokens{}}, func(ev wire.Event) error {
				if b, ok := ev.(*wire.Batch); ok {
					rows += b.Record.NumRows()
					b.Record.Release()
				}
				return nil
			})
			var pe *ProtocolError
			if refused := errors.As(err, &pe); refused != tt.refused || (!tt.refused && (err != nil || rows != 2)) {
				t.Errorf("sync: %v, %d rows arrived; want refused %t", err, rows, tt.refused)
			}
		})
	}
}
