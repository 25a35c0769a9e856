package table

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// ErrWrongShape is wrapped by the errors of values that do not fit their
// column's type, such as a string where a bool is declared.
var ErrWrongShape = errors.New("value does not fit the column's type")

// ErrMissingKey is wrapped when a tombstone, or an item, lacks a key
// column's value.
var ErrMissingKey = errors.New("no value for a key column")

// ErrNotObject is wrapped when an item is not a JSON object.
var ErrNotObject = errors.New("the item is not a JSON object")

// ValueError reports an item value that could not be converted. The row
// it belonged to was not appended.
type ValueError struct {
	// Table and Column locate the value.
	Table, Column string
	// Item is the item's id, "" when it has none.
	Item string
	// Value is the value's first 64 bytes.
	Value string
	// Err says what was wrong; it wraps ErrWrongShape.
	Err error
}

// Error implements error.
func (e *ValueError) Error() string {
	return fmt.Sprintf("table %s, item %q, column %s: value %s: %v", e.Table, e.Item, e.Column, e.Value, e.Err)
}

// Unwrap returns the cause.
func (e *ValueError) Unwrap() error { return e.Err }

// shapeError says which JSON type was wanted and which one arrived.
func shapeError(want string, raw []byte) error {
	return fmt.Errorf("%w: want %s, got %s", ErrWrongShape, want, jsonKind(raw))
}

// jsonKind names the JSON type of raw from its first byte.
func jsonKind(raw []byte) string {
	if len(raw) == 0 {
		return "nothing"
	}
	switch c := raw[0]; {
	case c == '"':
		return "string"
	case c == '{':
		return "object"
	case c == '[':
		return "array"
	case c == 't' || c == 'f':
		return "bool"
	case c == 'n':
		return "null"
	case c == '-' || c >= '0' && c <= '9':
		return "number"
	}
	return "invalid JSON"
}

// head returns raw's first 64 bytes, cut at a rune boundary.
func head(raw []byte) string {
	const max = 64
	if len(raw) <= max {
		return string(raw)
	}
	n := max
	for n > 0 && !utf8.RuneStart(raw[n]) {
		n--
	}
	return string(raw[:n]) + "…"
}
