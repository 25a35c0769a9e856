package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/graphlake/graphlake/internal/s3test"
	"github.com/graphlake/graphlake/sdk/graphtest"
)

// TestObjectLockedManifestRunsUnchanged: on a bucket with S3 Object Lock
// whose committed manifest entries are locked in compliance mode (as the
// README's recipe locks them), every kind of round still commits, nobody
// can overwrite or delete a committed entry, and the signed history
// verifies.
func TestObjectLockedManifestRunsUnchanged(t *testing.T) {
	ctx := context.Background()
	s3srv := s3test.Start(t)
	client := s3srv.Client(t)
	const bucket, prefix = "locked", "lake"
	if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket), ObjectLockEnabledForBucket: aws.Bool(true)}); err != nil {
		t.Fatalf("create a bucket with object lock: %v", err)
	}
	h := newHarness(t, graphtest.Options{Seed: 183, Users: 20}, `source "users" {}`)
	writeKeyPair(t, h.dir, "audit")
	h.useS3(s3srv, bucket, prefix)
	h.writePipeline(`source "users" {}` + auditBlock("audit"))

	// lock puts every committed entry under compliance-mode retention.
	locked := map[string]bool{}
	lock := func() {
		t.Helper()
		out, err := client.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix + "/_manifest/")})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range out.Contents {
			key := aws.ToString(o.Key)
			if !strings.HasSuffix(key, ".json") || locked[key] {
				continue
			}
			if _, err := client.PutObjectRetention(ctx, &s3.PutObjectRetentionInput{Bucket: aws.String(bucket), Key: aws.String(key),
				Retention: &types.ObjectLockRetention{Mode: types.ObjectLockRetentionModeCompliance, RetainUntilDate: aws.Time(time.Now().Add(time.Hour))}}); err != nil {
				t.Fatalf("lock %s: %v", key, err)
			}
			locked[key] = true
		}
	}
	h.mustRun()
	lock()
	h.churn(graphtest.ChurnSpec{Resource: "users", Updates: 3, Deletes: 1, Seed: 1})
	h.mustRun()
	lock()
	h.mustExit(0, "reset", h.pipeline)
	lock()
	h.mustRun()
	lock()
	h.mustExit(0, "compact", h.pipeline)
	lock()
	if len(locked) != 5 {
		t.Fatalf("locked %d entries, want 5: %v", len(locked), locked)
	}

	entry := prefix + "/_manifest/00000000000000000002.json"
	if _, err := client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(entry), Body: strings.NewReader("{}\n")}); err == nil ||
		!strings.Contains(err.Error(), "object lock") {
		t.Fatalf("overwriting a committed entry: %v; want it refused as locked", err)
	}
	if _, err := client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(entry)}); err == nil ||
		!strings.Contains(err.Error(), "object lock") {
		t.Fatalf("deleting a committed entry: %v; want it refused as locked", err)
	}
	res := h.mustExit(0, "verify", h.pipeline, "--public-key", "audit.pub")
	mustContain(t, "verify", res.stdout, "rounds 1–5 signed", "history intact")
}
