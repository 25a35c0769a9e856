package table

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow/array"
)

// listEncoder stages JSON arrays: per list its length (-1 for null) and
// the elements in its element encoder.
type listEncoder struct {
	b    *array.ListBuilder
	elem encoder
	lens []int
	next int
}

func (l *listEncoder) stage(raw []byte) error {
	if isNull(raw) {
		l.lens = append(l.lens, -1)
		return nil
	}
	n, err := stageElements(raw, l.elem.stage)
	if err != nil {
		return err
	}
	l.lens = append(l.lens, n)
	return nil
}

func (l *listEncoder) commit() {
	n := l.lens[l.next]
	l.next++
	if n < 0 {
		l.b.AppendNull()
		return
	}
	l.b.Append(true)
	for range n {
		l.elem.commit()
	}
}

func (l *listEncoder) reset() {
	l.lens, l.next = l.lens[:0], 0
	l.elem.reset()
}

// structEncoder stages JSON objects: per object whether it is null, and
// one value per field in the field encoders (none for a null object, since
// the Arrow struct builder fills its children itself).
type structEncoder struct {
	b      *array.StructBuilder
	names  []string // property each field reads
	fields []encoder
	raws   [][]byte // scratch: the current object's field values
	valid  []bool
	next   int
}

func newStructEncoder(t Type, b *array.StructBuilder) *structEncoder {
	s := &structEncoder{b: b, names: make([]string, len(t.fields)),
		fields: make([]encoder, len(t.fields)), raws: make([][]byte, len(t.fields))}
	for i, c := range t.fields {
		s.names[i] = c.source()
		s.fields[i] = newEncoder(c.Type, b.FieldBuilder(i))
	}
	return s
}

func (s *structEncoder) stage(raw []byte) error {
	if isNull(raw) {
		s.valid = append(s.valid, false)
		return nil
	}
	if err := s.collect(raw); err != nil {
		return err
	}
	for i, f := range s.fields {
		if err := f.stage(s.raws[i]); err != nil {
			return fmt.Errorf("field %s: %w", s.names[i], err)
		}
	}
	s.valid = append(s.valid, true)
	return nil
}

// collect fills raws with the object's values of the declared fields; the
// last one wins when a key repeats, as with encoding/json.
func (s *structEncoder) collect(raw []byte) error {
	clear(s.raws)
	it, err := newObjectIter(raw)
	if err != nil {
		return err
	}
	for {
		key, val, ok, err := it.Next()
		if err != nil || !ok {
			return err
		}
		for i, name := range s.names {
			if string(key) == name {
				s.raws[i] = val
				break
			}
		}
	}
}

func (s *structEncoder) commit() {
	ok := s.valid[s.next]
	s.next++
	s.b.Append(ok)
	if !ok {
		return
	}
	for _, f := range s.fields {
		f.commit()
	}
}

func (s *structEncoder) reset() {
	s.valid, s.next = s.valid[:0], 0
	clear(s.raws)
	for _, f := range s.fields {
		f.reset()
	}
}
