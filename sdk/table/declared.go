package table

import (
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
)

// Declared is what a table's schema metadata says about it: what Schema
// records from the Table, read back by the host and the lake's readers.
type Declared struct {
	// Name is the table's name (MetadataTable); "" when absent.
	Name string
	// Key are the key columns (MetadataKey); nil when absent.
	Key []string
	// Parent is the parent link of a child table (MetadataParent).
	Parent *Parent
	// ShardKey is the shard key column (MetadataShardKey); "" when absent.
	ShardKey string
	// AppendOnly marks an append-only table (MetadataAppendOnly).
	AppendOnly bool
	// PartitionBy is the partition column (MetadataPartitionBy); "" when
	// the round's day partitions the table.
	PartitionBy string
}

// ReadDeclared reads the graphlake.* metadata of a schema written by
// Table.Schema. Absent entries stay empty; only a malformed parent link
// is an error.
func ReadDeclared(s *arrow.Schema) (Declared, error) {
	md := s.Metadata()
	value := func(key string) string { v, _ := md.GetValue(key); return v }
	d := Declared{Name: value(MetadataTable), ShardKey: value(MetadataShardKey), AppendOnly: value(MetadataAppendOnly) == "true",
		PartitionBy: value(MetadataPartitionBy)}
	if keys := value(MetadataKey); keys != "" {
		d.Key = strings.Split(keys, ",")
	}
	if link := value(MetadataParent); link != "" {
		p, err := ParseParent(link)
		if err != nil {
			return Declared{}, fmt.Errorf("table %s: %w", d.Name, err)
		}
		d.Parent = &p
	}
	return d, nil
}
