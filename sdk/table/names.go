package table

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
)

// Name rules. A plugin declares names that become folders of the lake,
// SQL identifiers and Parquet columns; the host checks them again on
// receipt, since it trusts no plugin.
var (
	// tableName is a table's name: lower case, a letter first, at most 63
	// characters (a folder, an Athena table and a DuckDB view).
	tableName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)
	// columnName is a column's name: Graph's camelCase, a letter first, at
	// most 128 characters.
	columnName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{0,127}$`)
	// fieldName is a struct field's name: a column's, or starting with _.
	fieldName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,127}$`)
)

// ErrBadName is wrapped by every error CheckTableName, CheckColumnName and
// CheckSchema return.
var ErrBadName = errors.New("invalid name")

// reservedTables are names the lake uses itself: the snapshots' folder.
var reservedTables = map[string]bool{"current": true}

// reservedTableSuffixes end the names of the SQL views and tables etl sql
// derives from a table's name (<table>_current, <table>_raw,
// <table>_snapshot_raw); a table so named would clash with another's.
var reservedTableSuffixes = []string{"_current", "_raw"}

// reservedColumns are the names the generated SQL gives its own columns
// (the change log's date partition, the snapshot partition), compared
// case-insensitively.
var reservedColumns = map[string]bool{"date": true, "snapshot": true}

// CheckTableName checks a table's name: it matches ^[a-z][a-z0-9_]{0,62}$,
// does not start with "graphlake", is not "current" and does not end in
// "_current" or "_raw".
func CheckTableName(name string) error {
	switch {
	case !tableName.MatchString(name):
		return fmt.Errorf("%w: table name %s must be 1 to 63 lower-case letters, digits or _, starting with a letter", ErrBadName, Printable(name))
	case reservedTables[name] || strings.HasPrefix(name, "graphlake"):
		return fmt.Errorf("%w: table name %q is reserved for the lake's own use", ErrBadName, name)
	}
	for _, suffix := range reservedTableSuffixes {
		if strings.HasSuffix(name, suffix) {
			return fmt.Errorf("%w: table name %q ends in %q, which etl sql uses for the views it derives from a table", ErrBadName, name, suffix)
		}
	}
	return nil
}

// CheckColumnName checks a declared column's name (top) or a struct
// field's: a column's matches ^[A-Za-z][A-Za-z0-9_]{0,127}$ (so never a
// meta column's name, which starts with "_") and is not "date" or
// "snapshot" in any case; a struct field's matches
// ^[A-Za-z_][A-Za-z0-9_]{0,127}$.
func CheckColumnName(name string, top bool) error {
	if !top {
		if !fieldName.MatchString(name) {
			return fmt.Errorf("%w: struct field name %s must be 1 to 128 letters, digits or _", ErrBadName, Printable(name))
		}
		return nil
	}
	if !columnName.MatchString(name) {
		return fmt.Errorf("%w: column name %s must be 1 to 128 letters, digits or _, starting with a letter", ErrBadName, Printable(name))
	}
	if reservedColumns[strings.ToLower(name)] {
		return fmt.Errorf("%w: column name %q is reserved for the lake's SQL", ErrBadName, name)
	}
	return nil
}

// CheckSchema checks the names a declared table's Arrow schema carries, as
// the host receives it from a plugin: the table's name (equal to name),
// its declared columns, their struct fields, and the key, parent and
// shard key columns; the meta columns must follow the declared ones
// exactly as Table.Schema writes them.
func CheckSchema(name string, s *arrow.Schema) error {
	if err := CheckTableName(name); err != nil {
		return err
	}
	if n := metadataBytes(s); n > MaxSchemaMetadataBytes {
		return fmt.Errorf("table %s: its schema carries %d bytes of metadata, more than %d", name, n, MaxSchemaMetadataBytes)
	}
	d, err := ReadDeclared(s)
	if err != nil {
		return fmt.Errorf("%w: table %s: %w", ErrBadName, name, err)
	}
	if d.Name != name {
		return fmt.Errorf("%w: table %s: its schema names table %s", ErrBadName, name, Printable(d.Name))
	}
	fields := s.Fields()
	meta := metaFields()
	if len(fields) <= len(meta) {
		return fmt.Errorf("%w: table %s declares no columns", ErrBadName, name)
	}
	declared, tail := fields[:len(fields)-len(meta)], fields[len(fields)-len(meta):]
	for i, f := range tail {
		if !f.Equal(meta[i]) {
			return fmt.Errorf("%w: table %s: column %d must be the meta column %s", ErrBadName, name, len(declared)+i+1, meta[i].Name)
		}
	}
	cols := map[string]bool{}
	folded := map[string]string{}
	for _, f := range declared {
		if err := checkField(f, true); err != nil {
			return fmt.Errorf("table %s: %w", name, err)
		}
		low := strings.ToLower(f.Name)
		if prev, ok := folded[low]; ok {
			return fmt.Errorf("%w: table %s: columns %q and %q differ only in case", ErrBadName, name, prev, f.Name)
		}
		folded[low], cols[f.Name] = f.Name, true
	}
	refs := append([]string{}, d.Key...)
	if d.ShardKey != "" {
		refs = append(refs, d.ShardKey)
	}
	if len(d.Key) == 0 {
		return fmt.Errorf("%w: table %s declares no key", ErrBadName, name)
	}
	if d.Parent != nil {
		if err := CheckTableName(d.Parent.Table); err != nil {
			return fmt.Errorf("table %s: parent: %w", name, err)
		}
		refs = append(refs, d.Parent.Columns...)
	}
	for _, r := range refs {
		if !cols[r] {
			return fmt.Errorf("%w: table %s: key, parent or shard key column %s is not a declared column", ErrBadName, name, Printable(r))
		}
	}
	return nil
}

// MaxSchemaMetadataBytes bounds the metadata a declared table's schema
// carries, its own and its fields' (keys and values): the host writes the
// schema into every Parquet file of the table, and the SDK's take a few
// dozen bytes.
const MaxSchemaMetadataBytes = 64 << 10

// metadataBytes sums the keys and values of s's metadata and of its
// fields', through lists and structs.
func metadataBytes(s *arrow.Schema) int {
	md := s.Metadata()
	n := mdBytes(md)
	for _, f := range s.Fields() {
		n += fieldMetadataBytes(f)
	}
	return n
}

func fieldMetadataBytes(f arrow.Field) int {
	n := mdBytes(f.Metadata)
	switch t := f.Type.(type) {
	case *arrow.ListType:
		n += fieldMetadataBytes(t.ElemField())
	case *arrow.StructType:
		for _, c := range t.Fields() {
			n += fieldMetadataBytes(c)
		}
	}
	return n
}

func mdBytes(md arrow.Metadata) int {
	n := 0
	for i, k := range md.Keys() {
		n += len(k) + len(md.Values()[i])
	}
	return n
}

// checkField checks a field's name and, through lists and structs, its
// fields' names.
func checkField(f arrow.Field, top bool) error {
	if err := CheckColumnName(f.Name, top); err != nil {
		return err
	}
	return checkNested(f.Name, f.Type)
}

func checkNested(path string, t arrow.DataType) error {
	switch t := t.(type) {
	case *arrow.ListType:
		return checkNested(path, t.Elem())
	case *arrow.StructType:
		seen := map[string]bool{}
		for _, f := range t.Fields() {
			if err := checkField(f, false); err != nil {
				return fmt.Errorf("column %s: %w", path, err)
			}
			if seen[f.Name] {
				return fmt.Errorf("%w: column %s: field %q is declared twice", ErrBadName, path, f.Name)
			}
			seen[f.Name] = true
		}
	}
	return nil
}

// Printable quotes s for a message, control characters and invalid UTF-8
// escaped, cut to 80 bytes: a name a plugin declared can hold anything.
func Printable(s string) string {
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return strconv.QuoteToGraphic(s)
}
