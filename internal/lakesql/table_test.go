package lakesql

import (
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/graphlake/graphlake/sdk/table"
)

func TestFromSchemasOrdersParentsFirst(t *testing.T) {
	tables, _ := builtinTables(t)
	var names []string
	for _, tb := range tables {
		names = append(names, tb.Name)
	}
	want := "groups group_members mail_folders messages org_contacts users"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("tables in order %q, want %q", got, want)
	}
	for _, tb := range tables {
		if tb.Name == "messages" && (strings.Join(tb.parentKey, ",") != "userId,id" || tb.Parent.String() != "mail_folders(userId,folderId)") {
			t.Errorf("messages links %v to parent key %v", tb.Parent, tb.parentKey)
		}
	}
}

func TestFromSchemasRefusesWhatTheSQLCannotExpress(t *testing.T) {
	col := func(name string) table.Column { return table.Column{Name: name, Type: table.String()} }
	tb := func(name string, key []string, cols ...table.Column) table.Table {
		return table.Table{Name: name, Key: key, Columns: cols}
	}
	child := tb("c", []string{"pid", "id"}, col("pid"), col("id"))
	child.Parent = &table.Parent{Table: "p", Columns: []string{"pid"}}
	tests := []struct {
		name    string
		schemas []*arrow.Schema
		says    string
	}{
		{"a schema without metadata", []*arrow.Schema{arrow.NewSchema(nil, nil)}, "graphlake.table"},
		{"a table without a key", []*arrow.Schema{tb("t", nil, col("id")).Schema()}, "no key"},
		{"columns that differ only in case", []*arrow.Schema{tb("t", []string{"id"}, col("id"), col("Id")).Schema()}, "cannot tell apart"},
		{"a column named date", []*arrow.Schema{tb("t", []string{"id"}, col("id"), col("date")).Schema()}, "uses for itself"},
		{"a column named as a history column", []*arrow.Schema{tb("t", []string{"id"}, col("id"), col("valid_from")).Schema()}, "uses for itself"},
		{"a child without its parent", []*arrow.Schema{child.Schema()}, "no source of the pipeline declares"},
		{"one table with two schemas", []*arrow.Schema{tb("t", []string{"id"}, col("id")).Schema(),
			tb("t", []string{"id"}, col("id"), col("x")).Schema()}, "different schemas"},
		{"a link that does not fit the parent's key", []*arrow.Schema{child.Schema(),
			tb("p", []string{"a", "b"}, col("a"), col("b")).Schema()}, "whose key has 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused", func(t *testing.T) {
			if _, err := FromSchemas(tt.schemas); err == nil || !strings.Contains(err.Error(), tt.says) {
				t.Errorf("FromSchemas: %v; want an error saying %q", err, tt.says)
			}
		})
	}
}

func TestFromSchemasTakesOneTableFromTwoSources(t *testing.T) {
	s := table.Table{Name: "t", Key: []string{"id"}, Columns: []table.Column{{Name: "id", Type: table.String()}}}.Schema()
	tables, err := FromSchemas([]*arrow.Schema{s, s})
	if err != nil || len(tables) != 1 {
		t.Errorf("two equal schemas gave %d tables, %v; want one", len(tables), err)
	}
}

func TestOnlyAMembershipTableGetsATransitiveView(t *testing.T) {
	tables, _ := builtinTables(t)
	var with []string
	for _, tb := range tables {
		if hasMembership(tb) {
			with = append(with, tb.Name)
		}
	}
	if strings.Join(with, " ") != "group_members" {
		t.Errorf("tables with a transitive view: %v, want group_members", with)
	}
	renamed := table.Table{Name: "group_members", Key: []string{"groupId"}, Columns: []table.Column{{Name: "groupId", Type: table.String()}}}
	tb, err := FromSchema(renamed.Schema())
	if err != nil {
		t.Fatal(err)
	}
	if hasMembership(tb) {
		t.Error("a group_members table without memberId, relationship and memberType gets a transitive view")
	}
}
