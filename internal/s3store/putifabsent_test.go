package s3store

import (
	"bytes"
	"context"
	"errors"
	"runtime"
	"testing"

	"github.com/graphlake/graphlake/internal/s3test"
	"github.com/graphlake/graphlake/internal/store"
)

// TestPutIfAbsentDoesNotReadALargerObjectWhole plants a large object where
// etl creates a small one (a chain's registration): the create-if-absent
// fails, and telling whether the object there is etl's own does not read
// it whole, since an object larger than etl's cannot be it.
func TestPutIfAbsentDoesNotReadALargerObjectWhole(t *testing.T) {
	srv := s3test.Start(t)
	s := newStore(t, srv, srv.Bucket(t, "lake"), "")
	ctx := context.Background()
	const planted = 48 << 20
	name := "_manifest/chains/0-of-2"
	w, err := s.Create(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(bytes.Repeat([]byte("x"), planted)); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	err = s.PutIfAbsent(ctx, name, []byte("{}\n"))
	runtime.ReadMemStats(&after)
	if !errors.Is(err, store.ErrExist) {
		t.Fatalf("PutIfAbsent over a planted object = %v, want ErrExist", err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > planted/4 {
		t.Errorf("PutIfAbsent allocated %d bytes to compare a %d-byte object with 3 bytes", grew, planted)
	}
}

// TestPutIfAbsentStillRecognisesItsOwnObject: an object byte for byte
// etl's (an earlier attempt landed, its answer lost) is still success.
func TestPutIfAbsentStillRecognisesItsOwnObject(t *testing.T) {
	srv := s3test.Start(t)
	s := newStore(t, srv, srv.Bucket(t, "lake"), "")
	ctx := context.Background()
	data := []byte("{}\n")
	if err := s.PutIfAbsent(ctx, "_manifest/chains/0-of-2", data); err != nil {
		t.Fatal(err)
	}
	if err := s.PutIfAbsent(ctx, "_manifest/chains/0-of-2", data); err != nil {
		t.Errorf("PutIfAbsent of the bytes already there = %v, want nil", err)
	}
	if err := s.PutIfAbsent(ctx, "_manifest/chains/0-of-2", []byte("{}\n\n")); !errors.Is(err, store.ErrExist) {
		t.Errorf("PutIfAbsent of other bytes = %v, want ErrExist", err)
	}
}
