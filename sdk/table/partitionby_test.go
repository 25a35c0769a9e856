package table_test

import (
	"errors"
	"testing"

	"github.com/graphlake/graphlake/sdk/table"
)

// TestPartitionByTravelsInTheSchemaAndNamesATimestamp: a table's
// partition column is recorded in its schema for the host, and must name
// one of its Timestamp columns.
func TestPartitionByTravelsInTheSchemaAndNamesATimestamp(t *testing.T) {
	cols := []table.Column{{Name: "id", Type: table.String()}, {Name: "createdDateTime", Type: table.Timestamp()}}
	tests := []struct {
		name, by string
		valid    bool
	}{
		{"none", "", true},
		{"a timestamp column", "createdDateTime", true},
		{"a string column", "id", false},
		{"no such column", "activityDateTime", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := table.Table{Name: "sign_ins", Key: []string{"id"}, Columns: cols, PartitionBy: tt.by}
			err := tb.Validate()
			if (err == nil) != tt.valid {
				t.Fatalf("Validate() = %v, want valid %v", err, tt.valid)
			}
			if err != nil && !errors.Is(err, table.ErrInvalidTable) {
				t.Fatalf("Validate() = %v, not an ErrInvalidTable", err)
			}
			d, err := table.ReadDeclared(tb.Schema())
			if err != nil {
				t.Fatal(err)
			}
			if d.PartitionBy != tt.by {
				t.Fatalf("ReadDeclared's PartitionBy = %q, want %q", d.PartitionBy, tt.by)
			}
		})
	}
}
