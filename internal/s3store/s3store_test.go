package s3store

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"io"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/graphlake/graphlake/internal/s3test"
	"github.com/graphlake/graphlake/internal/store"
)

func newStore(t testing.TB, srv *s3test.Server, bucket, prefix string) *Store {
	t.Helper()
	s, err := New(context.Background(), Options{Bucket: bucket, Prefix: prefix, Endpoint: srv.Endpoint, PathStyle: true,
		Region: s3test.Region, AccessKeyID: s3test.AccessKey, SecretAccessKey: s3test.SecretKey, PartSize: 5 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestStoreAgainstARealServer(t *testing.T) {
	srv := s3test.Start(t)
	bucket := srv.Bucket(t, "lake")
	ctx := context.Background()
	s := newStore(t, srv, bucket, "tenant/contoso")

	t.Run("a streamed multipart object reads back whole and by range", func(t *testing.T) {
		data := make([]byte, 13<<20+12345) // three parts of 5 MiB, the last one short
		_, _ = rand.Read(data)
		w, err := s.Create(ctx, "users/date=2026-11-23/a.parquet")
		if err != nil {
			t.Fatal(err)
		}
		for off := 0; off < len(data); off += 100_000 {
			if _, err := w.Write(data[off:min(off+100_000, len(data))]); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if err := w.Abort(ctx); err != nil {
			t.Errorf("Abort after Commit = %v, want nil", err)
		}
		got, err := s.Get(ctx, "users/date=2026-11-23/a.parquet")
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("Get = %d bytes, %v; want the %d written", len(got), err, len(data))
		}
		r, err := s.Open(ctx, "users/date=2026-11-23/a.parquet")
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		if r.Size() != int64(len(data)) {
			t.Errorf("Size = %d, want %d", r.Size(), len(data))
		}
		buf := make([]byte, 4096)
		if n, err := r.ReadAt(buf, 7<<20); n != len(buf) || err != nil || !bytes.Equal(buf, data[7<<20:7<<20+4096]) {
			t.Errorf("ReadAt middle = %d, %v", n, err)
		}
		if n, err := r.ReadAt(buf, int64(len(data)-100)); n != 100 || !errors.Is(err, io.EOF) || !bytes.Equal(buf[:n], data[len(data)-100:]) {
			t.Errorf("ReadAt tail = %d, %v; want 100, EOF", n, err)
		}
		if _, err := r.Seek(-10, io.SeekEnd); err != nil {
			t.Fatal(err)
		}
		if tail, err := io.ReadAll(r); err != nil || !bytes.Equal(tail, data[len(data)-10:]) {
			t.Errorf("read after SeekEnd = %x, %v", tail, err)
		}
		info, err := s.Stat(ctx, "users/date=2026-11-23/a.parquet")
		if err != nil || info.Size != int64(len(data)) || info.ModTime.IsZero() {
			t.Errorf("Stat = %+v, %v", info, err)
		}
	})

	t.Run("an aborted upload leaves no object and no parts", func(t *testing.T) {
		w, err := s.Create(ctx, "users/aborted.parquet")
		if err != nil {
			t.Fatal(err)
		}
		chunk := make([]byte, 1<<20)
		for i := 0; i < 12; i++ { // past the first part, so a multipart upload exists
			if _, err := w.Write(chunk); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Abort(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Stat(ctx, "users/aborted.parquet"); !errors.Is(err, store.ErrNotExist) {
			t.Errorf("Stat after Abort = %v, want ErrNotExist", err)
		}
		ups, err := srv.Client(t).ListMultipartUploads(ctx, &s3.ListMultipartUploadsInput{Bucket: aws.String(bucket)})
		if err != nil {
			t.Fatal(err)
		}
		if len(ups.Uploads) != 0 {
			t.Errorf("%d multipart uploads left after Abort", len(ups.Uploads))
		}
	})

	t.Run("PutIfAbsent creates once, then reports ErrExist", func(t *testing.T) {
		if err := s.PutIfAbsent(ctx, "_manifest/00000000000000000001.json", []byte("one")); err != nil {
			t.Fatal(err)
		}
		err := s.PutIfAbsent(ctx, "_manifest/00000000000000000001.json", []byte("two"))
		if !errors.Is(err, store.ErrExist) {
			t.Fatalf("second PutIfAbsent = %v, want ErrExist", err)
		}
		if got, _ := s.Get(ctx, "_manifest/00000000000000000001.json"); string(got) != "one" {
			t.Errorf("object = %q after a refused write, want one", got)
		}
		if err := s.PutIfAbsent(ctx, "_manifest/00000000000000000001.json", []byte("one")); err != nil {
			t.Errorf("repeating our own landed write = %v, want nil", err)
		}
		if err := store.ProbeConditionalWrites(ctx, s, "_manifest/probe"); err != nil {
			t.Errorf("ProbeConditionalWrites = %v, want nil", err)
		}
	})

	t.Run("List, Stat and Delete stay under the prefix", func(t *testing.T) {
		other := newStore(t, srv, bucket, "tenant/fabrikam")
		if err := other.PutIfAbsent(ctx, "users/x.parquet", []byte("x")); err != nil {
			t.Fatal(err)
		}
		infos, err := s.List(ctx, "users/")
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, i := range infos {
			names = append(names, i.Name)
		}
		if len(names) != 1 || names[0] != "users/date=2026-11-23/a.parquet" {
			t.Errorf("List(users/) = %v, want only this lake's file", names)
		}
		if err := s.Delete(ctx, "users/x.parquet"); !errors.Is(err, store.ErrNotExist) {
			t.Errorf("Delete of another lake's name = %v, want ErrNotExist", err)
		}
		if err := other.Delete(ctx, "users/x.parquet"); err != nil {
			t.Fatal(err)
		}
		if _, err := other.Get(ctx, "users/x.parquet"); !errors.Is(err, store.ErrNotExist) {
			t.Errorf("Get after Delete = %v, want ErrNotExist", err)
		}
		if got := s.Location("users/a"); got != "s3://lake/tenant/contoso/users/a" {
			t.Errorf("Location = %q", got)
		}
	})

	t.Run("a wrong bucket or key is named", func(t *testing.T) {
		_, err := New(ctx, Options{Bucket: "missing", Endpoint: srv.Endpoint, PathStyle: true, Region: s3test.Region,
			AccessKeyID: s3test.AccessKey, SecretAccessKey: s3test.SecretKey})
		if err != nil {
			t.Fatal(err)
		}
		s2, _ := New(ctx, Options{Bucket: "missing", Endpoint: srv.Endpoint, PathStyle: true, Region: s3test.Region,
			AccessKeyID: s3test.AccessKey, SecretAccessKey: s3test.SecretKey, MaxAttempts: 1})
		if err := s2.Check(ctx); err == nil || !bytes.Contains([]byte(err.Error()), []byte("bucket does not exist")) {
			t.Errorf("Check of a missing bucket = %v", err)
		}
		s3, _ := New(ctx, Options{Bucket: bucket, Endpoint: srv.Endpoint, PathStyle: true, Region: s3test.Region,
			AccessKeyID: s3test.AccessKey, SecretAccessKey: "wrong", MaxAttempts: 1})
		if err := s3.Check(ctx); err == nil || !bytes.Contains([]byte(err.Error()), []byte("credentials")) {
			t.Errorf("Check with a wrong secret = %v", err)
		}
	})
}
