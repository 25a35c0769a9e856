package table

import (
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/google/go-cmp/cmp"
)

func TestSchema(t *testing.T) {
	tbl := Table{Name: "users", Key: []string{"id"}, Columns: []Column{
		{Name: "id", Type: String()},
		{Name: "accountEnabled", Type: Bool()},
		{Name: "size", Type: Int64()},
		{Name: "score", Type: Float64()},
		{Name: "createdDateTime", Type: Timestamp()},
		{Name: "birthday", Type: Date()},
		{Name: "raw", Type: JSON()},
		{Name: "licenses", Type: List(Struct(Column{Name: "skuId", Type: String()}, Column{Name: "disabledPlans", Type: List(String())}))},
	}}
	type field struct {
		Name     string
		Type     string
		Nullable bool
	}
	want := []field{
		{"id", "utf8", true},
		{"accountEnabled", "bool", true},
		{"size", "int64", true},
		{"score", "float64", true},
		{"createdDateTime", "timestamp[ms, tz=UTC]", true},
		{"birthday", "date32", true},
		{"raw", "utf8", true},
		{"licenses", "list<item: struct<skuId: utf8 nullable, disabledPlans: list<item: utf8, nullable> nullable>, nullable>", true},
		{ColOp, "utf8", false},
		{ColRemovedReason, "utf8", true},
		{ColRound, "int64", false},
		{ColSeq, "int64", false},
		{ColSyncedAt, "timestamp[ms, tz=UTC]", false},
		{ColStream, "utf8", false},
		{ColFields, "list<item: utf8, nullable>", true},
		{ColExtra, "utf8", true},
	}
	s := tbl.Schema()
	var got []field
	for _, f := range s.Fields() {
		got = append(got, field{f.Name, f.Type.String(), f.Nullable})
	}
	t.Run("lists the declared columns, all nullable, then the meta columns", func(t *testing.T) {
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("fields (-want +got):\n%s", diff)
		}
	})
	t.Run("stores timestamps in milliseconds, UTC", func(t *testing.T) {
		ts := s.Field(4).Type.(*arrow.TimestampType)
		if ts.Unit != arrow.Millisecond || ts.TimeZone != "UTC" {
			t.Errorf("timestamp type = %s", ts)
		}
	})
	t.Run("records the table's name and key in its metadata", func(t *testing.T) {
		md := s.Metadata()
		got := map[string]string{}
		for i, k := range md.Keys() {
			got[k] = md.Values()[i]
		}
		want := map[string]string{MetadataTable: "users", MetadataKey: "id"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("metadata (-want +got):\n%s", diff)
		}
	})
}

func TestTypeString(t *testing.T) {
	tests := []struct {
		typ  Type
		want string
	}{
		{Bool(), "bool"},
		{Date(), "date"},
		{List(Struct(Column{Name: "a", Type: Timestamp()})), "list<struct<a: timestamp>>"},
		{Type{}, "invalid"},
	}
	for _, tt := range tests {
		t.Run("describes "+tt.want, func(t *testing.T) {
			if got := tt.typ.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}
