package s3store

import (
	"bytes"
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/graphlake/graphlake/internal/crashpoint"
	"github.com/graphlake/graphlake/internal/s3test"
)

func TestUnfinishedUploads(t *testing.T) {
	srv := s3test.Start(t)
	bucket := srv.Bucket(t, "lake")
	ctx := context.Background()
	var parts atomic.Int32
	s, err := New(ctx, Options{Bucket: bucket, Prefix: "p", Endpoint: srv.Endpoint, PathStyle: true, Region: s3test.Region,
		AccessKeyID: s3test.AccessKey, SecretAccessKey: s3test.SecretKey, PartSize: 5 << 20,
		Crash: func(step string) {
			if step == crashpoint.Upload {
				parts.Add(1)
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 1<<20)
	writeMiB := func(t *testing.T, name string, n int) (commit func(context.Context) error) {
		t.Helper()
		w, err := s.Create(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		for range n {
			if _, err := w.Write(chunk); err != nil {
				t.Fatal(err)
			}
		}
		return w.Commit
	}

	t.Run("the crash hook hears every stored part", func(t *testing.T) {
		if err := writeMiB(t, "users/a.parquet", 12)(ctx); err != nil {
			t.Fatal(err)
		}
		if n := parts.Load(); n != 3 {
			t.Fatalf("the hook heard %d parts of a 12 MiB object in 5 MiB parts, want 3", n)
		}
	})

	t.Run("a commit cancelled mid-upload leaves no object and no parts", func(t *testing.T) {
		commit := writeMiB(t, "users/cancelled.parquet", 12)
		for parts.Load() < 4 { // a part of this upload is stored
			time.Sleep(10 * time.Millisecond)
		}
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if err := commit(cctx); err == nil {
			t.Fatal("Commit with a cancelled context succeeded")
		}
		if left, err := s.Leftovers(ctx); err != nil || len(left) != 0 {
			t.Fatalf("Leftovers after a cancelled commit = %+v, %v; want none", left, err)
		}
	})

	t.Run("an upload a dead process left is listed and removed", func(t *testing.T) {
		client := srv.Client(t)
		up, err := client.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: aws.String(bucket), Key: aws.String("p/users/dead.parquet")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := client.UploadPart(ctx, &s3.UploadPartInput{Bucket: aws.String(bucket), Key: aws.String("p/users/dead.parquet"),
			UploadId: up.UploadId, PartNumber: aws.Int32(1), Body: bytes.NewReader(chunk)}); err != nil {
			t.Fatal(err)
		}
		left, err := s.Leftovers(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(left) != 1 || left[0].Name != "users/dead.parquet" || left[0].Size != int64(len(chunk)) || left[0].ID != aws.ToString(up.UploadId) {
			t.Fatalf("Leftovers = %+v, want users/dead.parquet holding %d bytes", left, len(chunk))
		}
		if err := s.RemoveLeftover(ctx, left[0]); err != nil {
			t.Fatal(err)
		}
		if left, err := s.Leftovers(ctx); err != nil || len(left) != 0 {
			t.Fatalf("Leftovers after RemoveLeftover = %+v, %v", left, err)
		}
	})
}
