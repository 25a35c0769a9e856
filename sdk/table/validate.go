package table

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidTable is wrapped by every error Validate returns.
var ErrInvalidTable = errors.New("invalid table declaration")

// Validate checks the declaration: a name that CheckTableName accepts; at
// least one column; column names that are unique, not empty, not starting
// with "_" (kept for meta columns) and accepted by CheckColumnName; valid
// types; and key columns that are declared String columns, each named once.
func (t Table) Validate() error {
	if t.Name == "" {
		return fmt.Errorf("%w: the table has no name", ErrInvalidTable)
	}
	if err := CheckTableName(t.Name); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidTable, err)
	}
	if len(t.Columns) == 0 {
		return fmt.Errorf("%w: table %s declares no columns", ErrInvalidTable, t.Name)
	}
	if err := validateColumns(t.Columns, true); err != nil {
		return fmt.Errorf("%w: table %s: %w", ErrInvalidTable, t.Name, err)
	}
	if err := t.validateKey(); err != nil {
		return fmt.Errorf("%w: table %s: %w", ErrInvalidTable, t.Name, err)
	}
	if err := t.validateParent(); err != nil {
		return fmt.Errorf("%w: table %s: %w", ErrInvalidTable, t.Name, err)
	}
	if err := t.validatePartitionBy(); err != nil {
		return fmt.Errorf("%w: table %s: %w", ErrInvalidTable, t.Name, err)
	}
	return nil
}

// validatePartitionBy checks that PartitionBy, if set, names a Timestamp
// column.
func (t Table) validatePartitionBy() error {
	if t.PartitionBy == "" {
		return nil
	}
	for _, c := range t.Columns {
		if c.Name == t.PartitionBy {
			if c.Type.kind != kindTimestamp {
				return fmt.Errorf("partition_by column %s is not a Timestamp", c.Name)
			}
			return nil
		}
	}
	return fmt.Errorf("partition_by names %s, which is not a column", t.PartitionBy)
}

func (t Table) validateParent() error {
	if t.Parent == nil {
		return nil
	}
	if t.Parent.Table == "" || t.Parent.Table == t.Name || len(t.Parent.Columns) == 0 {
		return errors.New("parent link needs another table's name and at least one column")
	}
	if err := CheckTableName(t.Parent.Table); err != nil {
		return fmt.Errorf("parent link: %w", err)
	}
	for _, name := range t.Parent.Columns {
		c, ok := t.column(name)
		if !ok {
			return fmt.Errorf("parent column %q is not a declared column", name)
		}
		if c.Type.kind != kindString {
			return fmt.Errorf("parent column %q must be a String column", name)
		}
	}
	return nil
}

func (t Table) validateKey() error {
	if len(t.Key) == 0 {
		return errors.New("no key columns: set Key to the columns that identify a row")
	}
	seen := make(map[string]bool, len(t.Key))
	for _, k := range t.Key {
		if seen[k] {
			return fmt.Errorf("key column %q is named twice", k)
		}
		seen[k] = true
		c, ok := t.column(k)
		if !ok {
			return fmt.Errorf("key column %q is not a declared column", k)
		}
		if c.Type.kind != kindString {
			return fmt.Errorf("key column %q is %s; key columns must be string", k, c.Type)
		}
	}
	return nil
}

// column returns the declared column called name.
func (t Table) column(name string) (Column, bool) {
	for _, c := range t.Columns {
		if c.Name == name {
			return c, true
		}
	}
	return Column{}, false
}

// validateColumns checks names and types of a table's columns (top) or of
// a struct's fields.
func validateColumns(cols []Column, top bool) error {
	seen := make(map[string]bool, len(cols))
	for _, c := range cols {
		switch {
		case c.Name == "":
			return errors.New("a column has no name")
		case top && isMetaName(c.Name):
			return fmt.Errorf("column %q has the name of a meta column", c.Name)
		case top && strings.HasPrefix(c.Name, "_"):
			return fmt.Errorf("column %q starts with _, which is kept for meta columns", c.Name)
		case strings.Contains(c.Name, ","):
			return fmt.Errorf("column %q has a comma in its name", c.Name)
		case seen[c.Name]:
			return fmt.Errorf("column %q is declared twice", c.Name)
		case !top && c.Extract != nil:
			return fmt.Errorf("struct field %q sets Extract, which only top-level columns may use", c.Name)
		}
		if err := CheckColumnName(c.Name, top); err != nil {
			return err
		}
		seen[c.Name] = true
		if err := validateType(c.Type); err != nil {
			return fmt.Errorf("column %q: %w", c.Name, err)
		}
	}
	return nil
}

func validateType(t Type) error {
	switch t.kind {
	case kindInvalid:
		return errors.New("no type: set Type with a constructor such as table.String()")
	case kindList:
		return validateType(*t.elem)
	case kindStruct:
		if len(t.fields) == 0 {
			return errors.New("struct without fields: use table.JSON() for an opaque object")
		}
		return validateColumns(t.fields, false)
	}
	return nil
}
