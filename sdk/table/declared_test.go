package table

import (
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/google/go-cmp/cmp"
)

func TestReadDeclaredReadsWhatSchemaWrites(t *testing.T) {
	tests := []struct {
		name  string
		table Table
		want  Declared
	}{
		{"a plain table: name and key", Table{Name: "users", Key: []string{"id"}, Columns: []Column{{Name: "id", Type: String()}}},
			Declared{Name: "users", Key: []string{"id"}}},
		{"a child table: its parent link and shard key", Table{Name: "messages", Key: []string{"userId", "folderId", "id"},
			Columns: []Column{{Name: "userId", Type: String()}, {Name: "folderId", Type: String()}, {Name: "id", Type: String()}},
			Parent:  &Parent{Table: "mail_folders", Columns: []string{"userId", "folderId"}}, ShardKey: "userId"},
			Declared{Name: "messages", Key: []string{"userId", "folderId", "id"},
				Parent: &Parent{Table: "mail_folders", Columns: []string{"userId", "folderId"}}, ShardKey: "userId"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadDeclared(tt.table.Schema())
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("declared (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("a schema without metadata declares nothing", func(t *testing.T) {
		got, err := ReadDeclared(arrow.NewSchema([]arrow.Field{{Name: "id", Type: arrow.BinaryTypes.String}}, nil))
		if err != nil || !cmp.Equal(got, Declared{}) {
			t.Errorf("ReadDeclared = %+v, %v; want nothing", got, err)
		}
	})
	t.Run("a malformed parent link is an error naming the table", func(t *testing.T) {
		md := arrow.NewMetadata([]string{MetadataTable, MetadataParent}, []string{"t", "groups"})
		_, err := ReadDeclared(arrow.NewSchema(nil, &md))
		if err == nil || !strings.HasPrefix(err.Error(), "table t:") {
			t.Errorf("ReadDeclared of a malformed link: %v", err)
		}
	})
}
