package table

import (
	"fmt"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// TestBatchesReuseReleasedBuffers: a batch's buffers come back to the
// builder when the batch is released and later batches write into them;
// a batch still held keeps its values while later ones are built; a
// released builder keeps nothing.
func TestBatchesReuseReleasedBuffers(t *testing.T) {
	b := NewBuilder(memory.NewGoAllocator(), typesTable)
	b.RecycleReleased()
	batch := func(tag string) {
		for i := range 50 {
			item := fmt.Sprintf(`{"id":"%s-%d","s":"value %s %d","i":%d,"tags":["a%d","b"]}`, tag, i, tag, i, i, i)
			if err := b.AppendRaw([]byte(item), testMeta); err != nil {
				t.Fatal(err)
			}
		}
	}
	batch("one")
	held := b.NewRecord()
	batch("two")
	second := b.NewRecord()
	if got := held.Column(0).(*array.String).Value(49); got != "one-49" {
		t.Fatalf("a batch still held reads id %q after the next was built, want one-49", got)
	}
	released := map[*byte]bool{}
	for _, c := range second.Columns() {
		for _, buf := range c.Data().Buffers() {
			if buf != nil && buf.Len() > 0 {
				released[&buf.Bytes()[0]] = true
			}
		}
	}
	second.Release()
	if len(b.recycle.free) == 0 {
		t.Fatal("a released batch gave no buffer back")
	}
	// The batch after the next one is built on the released buffers: each
	// batch's are taken when the one before it is cut.
	batch("three")
	b.NewRecord().Release()
	batch("four")
	fourth := b.NewRecord()
	defer fourth.Release()
	if got := fourth.Column(0).(*array.String).Value(0); got != "four-0" {
		t.Errorf("a batch built on released buffers reads id %q, want four-0", got)
	}
	reused := 0
	for _, c := range fourth.Columns() {
		for _, buf := range c.Data().Buffers() {
			if buf != nil && buf.Len() > 0 && released[&buf.Bytes()[0]] {
				reused++
			}
		}
	}
	if reused == 0 {
		t.Error("no buffer of the released batch was written into again")
	}
	if err := array.ValidateRecordFull(fourth); err != nil {
		t.Error(err)
	}
	if got := held.Column(0).(*array.String).Value(49); got != "one-49" {
		t.Errorf("a batch still held reads id %q after three more were built, want one-49", got)
	}
	b.Release()
	held.Release()
	if len(b.recycle.free) != 0 {
		t.Errorf("the released builder keeps %d buffers of batches released after it", len(b.recycle.free))
	}
}

// TestBatchesAreNotRecycledByDefault: without RecycleReleased a released
// batch's buffers are left to the garbage collector, so that values read
// from it stay as they were.
func TestBatchesAreNotRecycledByDefault(t *testing.T) {
	b := NewBuilder(memory.NewGoAllocator(), typesTable)
	defer b.Release()
	if err := b.AppendRaw([]byte(`{"id":"u1","s":"kept"}`), testMeta); err != nil {
		t.Fatal(err)
	}
	rec := b.NewRecord()
	s := rec.Column(1).(*array.String).Value(0)
	rec.Release()
	for i := range 3 {
		if err := b.AppendRaw([]byte(fmt.Sprintf(`{"id":"u%d","s":"over"}`, i+2)), testMeta); err != nil {
			t.Fatal(err)
		}
		b.NewRecord().Release()
	}
	if len(b.recycle.free) != 0 || s != "kept" {
		t.Errorf("%d buffers kept for reuse, a value read before the release is now %q; want none and kept", len(b.recycle.free), s)
	}
}
