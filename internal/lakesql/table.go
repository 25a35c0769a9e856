package lakesql

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/graphlake/graphlake/sdk/table"
)

// Table is one lake table as the SQL sees it.
type Table struct {
	// Name is the table's name and folder.
	Name string
	// Key names the columns that identify a row.
	Key []string
	// Parent links a child table to its parent; nil for other tables.
	Parent *table.Parent
	// PartitionedByEvent marks a table whose date partitions are the days
	// of its rows' events (table.Table.PartitionBy), which may precede the
	// first round by Graph's retention, rather than the rounds' days.
	PartitionedByEvent bool
	// Fields are the schema's columns in order: the declared columns, the
	// meta columns, then _tenant, which the host adds (FromSchema adds it
	// to a plugin's schema).
	Fields []arrow.Field
	// parentKey is the parent's key, in the order of Parent.Columns; Order
	// sets it.
	parentKey []string
}

// names the SQL itself uses beside a table's columns: a column of that
// name would be shadowed.
var reserved = []string{partitionDate, partitionSnapshot, colFile, colDeletedAt, colRoundFrom, colRoundTo, colValidFrom,
	colValidTo, colEndedBy, colEndedReason, colNextOp, colNextReason, colNextRound, colNextSeq, colParentRound,
	colParentOp, colUpRound, colUpSeq, colStartRound, colStartSeq, colFromRound, colParentSeq, colTenant}

// metaNames are the meta columns every lake row carries.
var metaNames = []string{table.ColOp, table.ColRemovedReason, table.ColRound, table.ColSeq, table.ColSyncedAt,
	table.ColStream, table.ColFields, table.ColExtra}

// FromSchema reads a table from its Arrow schema and the graphlake.*
// metadata it carries.
func FromSchema(s *arrow.Schema) (Table, error) {
	d, err := table.ReadDeclared(s)
	if err != nil {
		return Table{}, err
	}
	if d.Name == "" {
		return Table{}, fmt.Errorf("a schema has no %s metadata: the plugin must declare its tables with sdk/table", table.MetadataTable)
	}
	t := Table{Name: d.Name, Fields: s.Fields(), Key: d.Key, Parent: d.Parent, PartitionedByEvent: d.PartitionBy != ""}
	if err := t.check(); err != nil {
		return Table{}, err
	}
	t.Fields = append(t.Fields, tenantField)
	return t, nil
}

// check refuses what the SQL cannot express: no key, a key or meta column
// missing, two columns whose names differ only in case (DuckDB and Athena
// fold case), or a column named like one the SQL adds.
func (t Table) check() error {
	if len(t.Key) == 0 {
		return fmt.Errorf("table %s declares no key (%s)", t.Name, table.MetadataKey)
	}
	seen := map[string]string{}
	for _, f := range t.Fields {
		low := strings.ToLower(f.Name)
		if prev, ok := seen[low]; ok {
			return fmt.Errorf("table %s has columns %q and %q, which SQL engines cannot tell apart", t.Name, prev, f.Name)
		}
		seen[low] = f.Name
		for _, r := range reserved {
			if low == r {
				return fmt.Errorf("table %s has a column %q, a name the generated SQL uses for itself", t.Name, f.Name)
			}
		}
	}
	var missing []string
	for _, name := range append(append([]string{}, t.Key...), metaNames...) {
		if _, ok := seen[strings.ToLower(name)]; !ok {
			missing = append(missing, name)
		}
	}
	if t.Parent != nil {
		missing = append(missing, t.missing(t.Parent.Columns)...)
	}
	if len(missing) > 0 {
		return fmt.Errorf("table %s has no column %s", t.Name, strings.Join(missing, ", "))
	}
	return nil
}

func (t Table) missing(names []string) []string {
	var out []string
	for _, n := range names {
		if t.field(n) == nil {
			out = append(out, n)
		}
	}
	return out
}

// field returns the named column, or nil.
func (t Table) field(name string) *arrow.Field {
	for i := range t.Fields {
		if t.Fields[i].Name == name {
			return &t.Fields[i]
		}
	}
	return nil
}

// Declared returns the columns the plugin declared, without the meta ones.
func (t Table) Declared() []arrow.Field {
	var out []arrow.Field
	for _, f := range t.Fields {
		if !isMeta(f.Name) {
			out = append(out, f)
		}
	}
	return out
}

func isMeta(name string) bool { return name == colTenant || slices.Contains(metaNames, name) }

// isKey reports whether name is one of the table's key columns.
func (t Table) isKey(name string) bool {
	for _, k := range t.Key {
		if k == name {
			return true
		}
	}
	return false
}

// FromSchemas reads the tables of a pipeline's sources (see FromSchema)
// and orders them (see Order). Two sources may declare one table (two
// users sources with different filters write one users table) only with
// equal schemas.
func FromSchemas(schemas []*arrow.Schema) ([]Table, error) {
	var tables []Table
	seen := map[string]*arrow.Schema{}
	for _, s := range schemas {
		t, err := FromSchema(s)
		if err != nil {
			return nil, err
		}
		if prev, ok := seen[t.Name]; ok {
			if !prev.Equal(s) {
				return nil, fmt.Errorf("two sources declare table %s with different schemas", t.Name)
			}
			continue
		}
		seen[t.Name] = s
		tables = append(tables, t)
	}
	return Order(tables)
}

// Order sorts tables by name, a parent before its children, and checks
// that every parent is among them with a key that the link fits.
func Order(tables []Table) ([]Table, error) {
	byName := map[string]Table{}
	for _, t := range tables {
		byName[t.Name] = t
	}
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []Table
	done := map[string]bool{}
	var visit func(name string, path []string) error
	visit = func(name string, path []string) error {
		if done[name] {
			return nil
		}
		t := byName[name]
		if t.Parent != nil {
			if _, ok := byName[t.Parent.Table]; !ok {
				return fmt.Errorf("table %s names parent %s, which no source of the pipeline declares", name, t.Parent.Table)
			}
			if p := byName[t.Parent.Table]; len(p.Key) != len(t.Parent.Columns) {
				return fmt.Errorf("table %s links %d columns to parent %s, whose key has %d", name, len(t.Parent.Columns), p.Name, len(p.Key))
			}
			for _, p := range path {
				if p == t.Parent.Table {
					return fmt.Errorf("tables %s form a cycle of parents", strings.Join(append(path, name), " → "))
				}
			}
			if err := visit(t.Parent.Table, append(path, name)); err != nil {
				return err
			}
		}
		if t.Parent != nil {
			t.parentKey = byName[t.Parent.Table].Key
		}
		done[name] = true
		out = append(out, t)
		return nil
	}
	for _, n := range names {
		if err := visit(n, nil); err != nil {
			return nil, err
		}
	}
	return out, nil
}
