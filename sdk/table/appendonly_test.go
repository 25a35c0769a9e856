package table_test

import (
	"testing"

	"github.com/graphlake/graphlake/sdk/table"
)

func TestAppendOnlyTravelsInTheSchema(t *testing.T) {
	tests := []struct {
		name       string
		appendOnly bool
	}{
		{"append-only", true},
		{"not append-only", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := table.Table{Name: "events", Key: []string{"id"}, AppendOnly: tt.appendOnly,
				Columns: []table.Column{{Name: "id", Type: table.String()}}}
			d, err := table.ReadDeclared(tb.Schema())
			if err != nil {
				t.Fatal(err)
			}
			if d.AppendOnly != tt.appendOnly {
				t.Fatalf("ReadDeclared says append-only %v, want %v", d.AppendOnly, tt.appendOnly)
			}
			_, has := tb.Schema().Metadata().GetValue(table.MetadataAppendOnly)
			if has != tt.appendOnly {
				t.Fatalf("metadata %s present %v, want %v (absent unless append-only, so other tables' files are unchanged)", table.MetadataAppendOnly, has, tt.appendOnly)
			}
		})
	}
}
