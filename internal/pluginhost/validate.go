package pluginhost

import (
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// validateFull checks rec as array.ValidateRecordFull does, and gives
// the same verdicts, at a fraction of its cost on text.
//
// Arrow's check of a string array calls utf8.ValidString once per value,
// which was a seventh of the host's CPU in a users round: most values are
// a few bytes long. Here every array holding strings is checked by Arrow
// as binary (the same layout: every check but the UTF-8 one), and then
// the bytes its offsets span are checked as UTF-8 in one pass, together
// with each inner offset falling at the start of a character. A run of
// bytes is valid UTF-8 and cut only at characters' starts exactly when
// every piece between the cuts is valid UTF-8 on its own, which is what
// Arrow checks. A column whose strings sit in another kind of nested
// type is left to Arrow whole.
//
// Arrow's validation can itself panic on some invalid arrays (arrow-go
// v18.8.0 and v18.9.0 slice a string's values by an inner offset past
// their end before they check it): a panic is an error.
func validateFull(rec arrow.RecordBatch) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("arrow validation: %v", p)
		}
	}()
	for i, col := range rec.Columns() {
		if err := validateColumn(col); err != nil {
			return fmt.Errorf("column %d (%s): %w", i, rec.Schema().Field(i).Name, err)
		}
	}
	return nil
}

// validateColumn checks one column as array.ValidateFull does.
func validateColumn(col arrow.Array) error {
	if col.DataType().ID() == arrow.NULL {
		// A compact batch's null column (compactFields): arrow-go's IPC
		// reader gives it no buffers, which Arrow's check refuses, and it
		// has nothing but its length, checked with the batch's rows.
		return nil
	}
	view, ok := asBinary(col.Data())
	if !ok {
		return array.ValidateFull(col)
	}
	arr := array.MakeFromData(view)
	view.Release()
	defer arr.Release()
	if err := array.ValidateFull(arr); err != nil {
		return err
	}
	if validText(col.Data()) {
		return nil
	}
	// Arrow's own check says which value, and how.
	if err := array.ValidateFull(col); err != nil {
		return err
	}
	return errors.New("a string is not valid UTF-8")
}

// asBinary returns d with its strings' type replaced by binary, and true,
// when d is text or a list of it (at any depth); the caller releases the
// view. It returns false for a type it does not rewrite, and for a type
// that holds no text (nothing to gain).
func asBinary(d arrow.ArrayData) (arrow.ArrayData, bool) {
	switch t := d.DataType().(type) {
	case *arrow.StringType:
		return rewrap(d, arrow.BinaryTypes.Binary, nil), true
	case *arrow.LargeStringType:
		return rewrap(d, arrow.BinaryTypes.LargeBinary, nil), true
	case *arrow.ListType:
		return asBinaryList(d, t.ElemField(), func(f arrow.Field) arrow.DataType { return arrow.ListOfField(f) })
	case *arrow.LargeListType:
		return asBinaryList(d, t.ElemField(), func(f arrow.Field) arrow.DataType { return arrow.LargeListOfField(f) })
	}
	return nil, false
}

// asBinaryList is asBinary of a list whose element field is elem, the
// list type of an element field being listOf's; false when the list holds
// no values or they are not text.
func asBinaryList(d arrow.ArrayData, elem arrow.Field, listOf func(arrow.Field) arrow.DataType) (arrow.ArrayData, bool) {
	if len(d.Children()) != 1 {
		return nil, false
	}
	child, ok := asBinary(d.Children()[0])
	if !ok {
		return nil, false
	}
	defer child.Release()
	elem.Type = child.DataType()
	return rewrap(d, listOf(elem), child), true
}

// rewrap is d with type t and, when given, child as its one child, over
// d's own buffers.
func rewrap(d arrow.ArrayData, t arrow.DataType, child arrow.ArrayData) arrow.ArrayData {
	var children []arrow.ArrayData
	if child != nil {
		children = []arrow.ArrayData{child}
	}
	return array.NewData(t, d.Len(), d.Buffers(), children, d.NullN(), d.Offset())
}

// validText reports whether the strings of d, text or a list of it that
// Arrow found valid as binary, are all valid UTF-8.
func validText(d arrow.ArrayData) bool {
	switch d.DataType().ID() {
	case arrow.STRING:
		return validStrings(d, arrow.Int32Traits.CastFromBytes)
	case arrow.LARGE_STRING:
		return validStrings(d, arrow.Int64Traits.CastFromBytes)
	case arrow.LIST, arrow.LARGE_LIST:
		return validText(d.Children()[0])
	}
	return true
}

// validStrings is validText of a string array whose offsets cast reads.
func validStrings[O int32 | int64](d arrow.ArrayData, cast func([]byte) []O) bool {
	if d.Len() == 0 {
		return true
	}
	offsets := cast(d.Buffers()[1].Bytes())[d.Offset() : d.Offset()+d.Len()+1]
	return validPieces(values(d), offsets)
}

// values are the bytes of a text array's values buffer.
func values(d arrow.ArrayData) []byte {
	if b := d.Buffers()[2]; b != nil {
		return b.Bytes()
	}
	return nil
}

// validPieces reports whether every piece of b between consecutive
// offsets (in bounds and non-decreasing) is valid UTF-8. Text that is
// ASCII only, most of Graph's, is: every byte starts a character, so its
// offsets need no look (a users round's rows have about 55).
func validPieces[O int32 | int64](b []byte, offsets []O) bool {
	first, last := offsets[0], offsets[len(offsets)-1]
	if ascii(b[first:last]) {
		return true
	}
	if !utf8.Valid(b[first:last]) {
		return false
	}
	for _, o := range offsets[1 : len(offsets)-1] {
		if o < last && !utf8.RuneStart(b[o]) {
			return false
		}
	}
	return true
}

// ascii reports whether b holds ASCII only, reading it 32 bytes at a
// time.
func ascii(b []byte) bool {
	var seen uint64
	for ; len(b) >= 32; b = b[32:] {
		seen |= binary.LittleEndian.Uint64(b) | binary.LittleEndian.Uint64(b[8:]) |
			binary.LittleEndian.Uint64(b[16:]) | binary.LittleEndian.Uint64(b[24:])
	}
	for ; len(b) >= 8; b = b[8:] {
		seen |= binary.LittleEndian.Uint64(b)
	}
	for _, c := range b {
		seen |= uint64(c)
	}
	return seen&0x8080808080808080 == 0
}
