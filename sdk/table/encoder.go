package table

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// An encoder converts one column's values in two steps, so that a row is
// appended whole or not at all: stage parses and keeps a value (it may be
// called several times per row inside lists), commit appends the next
// staged value to the Arrow builder, reset drops what is staged.
type encoder interface {
	stage(raw []byte) error
	commit()
	reset()
}

// newEncoder returns the encoder of t writing into b, which must be the
// builder of t.Arrow().
func newEncoder(t Type, b array.Builder) encoder {
	switch t.kind {
	case kindString:
		return &scalar[[]byte]{b: b.(*array.StringBuilder).BinaryBuilder, parse: parseString}
	case kindJSON:
		return &scalar[[]byte]{b: b.(*array.StringBuilder).BinaryBuilder, parse: parseJSON}
	case kindBool:
		return &scalar[bool]{b: b.(*array.BooleanBuilder), parse: parseBool}
	case kindInt64:
		return &scalar[int64]{b: b.(*array.Int64Builder), parse: parseInt64}
	case kindFloat64:
		return &scalar[float64]{b: b.(*array.Float64Builder), parse: parseFloat64}
	case kindTimestamp:
		return &scalar[arrow.Timestamp]{b: b.(*array.TimestampBuilder), parse: parseTimestamp}
	case kindDate:
		return &scalar[arrow.Date32]{b: b.(*array.Date32Builder), parse: parseDate}
	case kindList:
		lb := b.(*array.ListBuilder)
		return &listEncoder{b: lb, elem: newEncoder(*t.elem, lb.ValueBuilder())}
	case kindStruct:
		return newStructEncoder(t, b.(*array.StructBuilder))
	}
	return nullEncoder{b: b}
}

// appender is the part of a scalar Arrow builder an encoder uses.
type appender[T any] interface {
	Append(T)
	AppendNull()
}

// scalar stages values of one leaf type.
type scalar[T any] struct {
	b     appender[T]
	parse func([]byte) (T, error)
	vals  []T
	valid []bool
	next  int
}

func (s *scalar[T]) stage(raw []byte) error {
	var v T
	ok := !isNull(raw)
	if ok {
		var err error
		if v, err = s.parse(raw); err != nil {
			return err
		}
	}
	s.vals, s.valid = append(s.vals, v), append(s.valid, ok)
	return nil
}

func (s *scalar[T]) commit() {
	i := s.next
	s.next++
	if s.valid[i] {
		s.b.Append(s.vals[i])
	} else {
		s.b.AppendNull()
	}
}

// reset keeps the staged values' storage without clearing it: a value
// aliases at most the last row's JSON, and clearing pointers on every row
// costs write barriers while the collector runs.
func (s *scalar[T]) reset() {
	s.vals, s.valid, s.next = s.vals[:0], s.valid[:0], 0
}

// nullEncoder serves the invalid type of a table that failed Validate; the
// Builder never stages through it.
type nullEncoder struct{ b array.Builder }

func (n nullEncoder) stage([]byte) error { return nil }
func (n nullEncoder) commit()            { n.b.AppendNull() }
func (n nullEncoder) reset()             {}
