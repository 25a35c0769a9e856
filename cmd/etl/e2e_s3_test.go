package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/internal/audit"
	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/s3test"
	"github.com/graphlake/graphlake/sdk/graphtest"
)

func (h *harness) assertUsersMatch(round int) {
	h.t.Helper()
	if diff := cmp.Diff(h.emulatorState("users"), h.lakeState("users", "id")); diff != "" {
		h.t.Fatalf("after round %d the lake's users differ from the emulator's (-emulator +lake):\n%s", round, diff)
	}
}

func (h *harness) assertVerifies() {
	h.t.Helper()
	res := h.etl("verify", h.pipeline)
	if res.code != 0 || !strings.Contains(res.stdout, "history intact") {
		h.t.Fatalf("etl verify exited %d\nstdout:\n%s\nstderr:\n%s", res.code, res.stdout, res.stderr)
	}
}

func (h *harness) churnUsers(seed int64) {
	h.t.Helper()
	if _, err := h.srv.Tenant().Churn(graphtest.ChurnSpec{Resource: "users", Creates: 15, Updates: 30, Deletes: 10, Seed: seed}); err != nil {
		h.t.Fatal(err)
	}
}

func TestS3RoundsWithChurnMatchTheEmulator(t *testing.T) {
	s3srv := s3test.Start(t)
	h := newHarness(t, graphtest.Options{Seed: 31, Users: 400}, allUserProperties)
	h.useS3(s3srv, s3srv.Bucket(t, "lake"), "graph/contoso")
	for round := 1; round <= 3; round++ {
		h.mustRun()
		h.assertUsersMatch(round)
		h.churnUsers(int64(round))
	}
	h.assertFilesExist()
	h.assertVerifies()
	out, err := s3srv.Client(t).ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String("lake"), Prefix: aws.String("graph/contoso/users/")})
	if err != nil || len(out.Contents) == 0 {
		t.Fatalf("no Parquet files under s3://lake/graph/contoso/users/: %v", err)
	}
	if gc := h.etl("gc", h.pipeline, "--min-age", "0s"); gc.code != 0 || !strings.Contains(gc.stdout, "0 objects unreferenced") {
		t.Errorf("etl gc after clean rounds: exit %d\n%s%s", gc.code, gc.stdout, gc.stderr)
	}
}

func TestTwoRunsStartedTogetherCommitEachRoundOnce(t *testing.T) {
	s3srv := s3test.Start(t)
	// Every round compacts, so the loser has a snapshot to remove too.
	h := newHarness(t, graphtest.Options{Seed: 32, Users: 600, DirectoryPageSize: 50}, allUserProperties+"\n  lake { compact_every = 1 }")
	h.useS3(s3srv, s3srv.Bucket(t, "lake"), "")
	for round := 1; round <= 2; round++ {
		slowPages(t, h) // both runs are mid-round together
		var wg sync.WaitGroup
		results := make([]result, 2)
		for i := range results {
			wg.Add(1)
			go func() { defer wg.Done(); results[i] = h.etl("run", h.pipeline) }()
		}
		wg.Wait()
		if err := h.srv.SetFaults(graphtest.FaultConfig{}); err != nil {
			t.Fatal(err)
		}
		codes := []int{results[0].code, results[1].code}
		loser := results[0]
		if codes[0] == 0 {
			loser = results[1]
		}
		if !(codes[0] == 0 && codes[1] == exitConflict || codes[1] == 0 && codes[0] == exitConflict) {
			t.Fatalf("round %d: exit codes %v, want one 0 and one %d\nrun 1:\n%s%s\nrun 2:\n%s%s", round, codes, exitConflict,
				results[0].stdout, results[0].stderr, results[1].stdout, results[1].stderr)
		}
		mustContain(t, "the losing run's message", loser.stderr, "another run already committed this round", "changed nothing")
		if n := len(h.history()); n != round {
			t.Fatalf("%d rounds committed after %d contested rounds", n, round)
		}
		h.assertUsersMatch(round)
		h.churnUsers(int64(round))
	}
	h.assertVerifies()
	garbage, err := audit.Garbage(context.Background(), h.lake(), 0, time.Now().Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if len(garbage) != 0 {
		t.Errorf("the losing runs left %d objects behind: %v", len(garbage), garbage)
	}
}

func TestS3FaultsRetryWhereSafeAndLoseNothing(t *testing.T) {
	s3srv := s3test.Start(t)
	proxy := startFaultProxy(t, s3srv.Endpoint)
	h := newHarness(t, graphtest.Options{Seed: 33, Users: 500}, allUserProperties)
	bucket := s3srv.Bucket(t, "lake")
	h.useS3(s3srv, bucket, "p")
	h.destination = strings.Replace(h.destination, s3srv.Endpoint, proxy.URL, 1)
	h.writePipeline(h.sources)

	t.Run("uploads that fail with 503, resets and slowness are retried", func(t *testing.T) {
		proxy.setRule(func(r *http.Request, n int) s3Fault {
			if !isUpload(r) || n >= 6 {
				return passThrough
			}
			return []s3Fault{fail503, resetBefore, slow, fail503, resetAfter, slow}[n]
		})
		h.mustRun()
		h.assertUsersMatch(1)
		if proxy.count(fail503) == 0 || proxy.count(resetBefore) == 0 {
			t.Fatalf("the proxy injected no faults: %v", proxy.seen)
		}
	})
	h.churnUsers(1)

	t.Run("a commit whose answer is lost still commits once", func(t *testing.T) {
		proxy.setRule(func(r *http.Request, n int) s3Fault {
			if isCommit(r) && n == 0 {
				return resetAfter
			}
			return passThrough
		})
		h.mustRun()
		if n := len(h.history()); n != 2 {
			t.Fatalf("%d rounds committed, want 2", n)
		}
		h.assertUsersMatch(2)
	})
	h.churnUsers(2)

	t.Run("a commit that keeps failing commits nothing, and the next run recovers", func(t *testing.T) {
		proxy.setRule(func(r *http.Request, _ int) s3Fault {
			if isCommit(r) {
				return fail503
			}
			return passThrough
		})
		res := h.etl("run", h.pipeline)
		if res.code != exitFailure {
			t.Fatalf("etl run with a failing commit exited %d, want %d\n%s%s", res.code, exitFailure, res.stdout, res.stderr)
		}
		mustContain(t, "etl run's error", res.stderr, "commit round 3")
		if n := len(h.history()); n != 2 {
			t.Fatalf("%d rounds committed after a failed commit, want 2", n)
		}
		proxy.setRule(nil)
		h.mustRun()
		if n := len(h.history()); n != 3 {
			t.Fatalf("%d rounds committed, want 3", n)
		}
		h.assertUsersMatch(3)
	})
	h.assertVerifies()
}

func TestVerifyNamesATamperedEntryOrFile(t *testing.T) {
	s3srv := s3test.Start(t)
	h := newHarness(t, graphtest.Options{Seed: 34, Users: 120}, `source "users" {}`)
	bucket := s3srv.Bucket(t, "lake")
	h.useS3(s3srv, bucket, "t")
	for round := 1; round <= 3; round++ {
		h.mustRun()
		h.churnUsers(int64(round))
	}
	h.assertVerifies()
	client := s3srv.Client(t)
	ctx := context.Background()
	rewrite := func(name string, edit func([]byte) []byte) (restore func()) {
		t.Helper()
		orig, err := h.lake().Get(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		put := func(b []byte) {
			if _, err := client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String("t/" + name), Body: bytes.NewReader(b)}); err != nil {
				t.Fatal(err)
			}
		}
		put(edit(bytes.Clone(orig)))
		return func() { put(orig) }
	}
	entries := h.history()
	file := entries[1].Files[0].Path
	tests := []struct {
		name   string
		object string
		edit   func([]byte) []byte
		want   []string
	}{
		{"an edited row count in round 2's entry", manifest.Name(2),
			func(b []byte) []byte { return bytes.Replace(b, []byte(`"rows": `), []byte(`"rows": 1`), 1) },
			[]string{"round 2", manifest.Name(2), "altered"}},
		{"a flipped byte in a Parquet file of round 2", file,
			func(b []byte) []byte { b[len(b)/2] ^= 0xff; return b },
			[]string{"round 2", file, "SHA-256"}},
		{"an edited latest entry", manifest.Name(3),
			func(b []byte) []byte { return bytes.Replace(b, []byte(`"upserts": `), []byte(`"upserts": 9`), 1) },
			[]string{manifest.HeadName, "altered"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			restore := rewrite(tt.object, tt.edit)
			defer restore()
			res := h.etl("verify", h.pipeline)
			if res.code != exitBroken {
				t.Fatalf("etl verify exited %d, want %d\n%s%s", res.code, exitBroken, res.stdout, res.stderr)
			}
			mustContain(t, "etl verify's report", res.stderr, tt.want...)
		})
	}
	h.assertVerifies()
}

func TestAStoreWithoutConditionalWritesIsRefusedUnlessSingleWriter(t *testing.T) {
	s3srv := s3test.Start(t)
	proxy := startFaultProxy(t, s3srv.Endpoint)
	proxy.setRule(func(r *http.Request, _ int) s3Fault {
		if r.Header.Get("If-None-Match") != "" {
			return hide412
		}
		return passThrough
	})
	h := newHarness(t, graphtest.Options{Seed: 35, Users: 40}, allUserProperties)
	h.useS3(s3srv, s3srv.Bucket(t, "lake"), "")
	h.destination = strings.Replace(h.destination, s3srv.Endpoint, proxy.URL, 1)
	h.writePipeline(h.sources)
	res := h.etl("run", h.pipeline)
	if res.code != exitConfig {
		t.Fatalf("etl run against a store that ignores If-None-Match exited %d, want %d\n%s%s", res.code, exitConfig, res.stdout, res.stderr)
	}
	mustContain(t, "etl run's refusal", res.stderr, "does not honour conditional writes", "single_writer = true")
	if n := len(h.history()); n != 0 {
		t.Fatalf("%d rounds committed by a refused run", n)
	}
	h.destination = strings.Replace(h.destination, "path_style        = true", "path_style        = true\n    single_writer     = true", 1)
	h.writePipeline(h.sources)
	h.mustRun()
	h.assertUsersMatch(1)
}

func TestLocalLakeVerifiesAndNamesATamperedFile(t *testing.T) {
	h := newHarness(t, graphtest.Options{Seed: 36, Users: 80}, allUserProperties)
	h.mustRun()
	h.churnUsers(1)
	h.mustRun()
	h.assertVerifies()
	file := h.history()[1].Files[0].Path
	path := filepath.Join(h.dir, "lake", filepath.FromSlash(file))
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/3] ^= 0x55
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	res := h.etl("verify", h.pipeline)
	if res.code != exitBroken {
		t.Fatalf("etl verify exited %d, want %d\n%s%s", res.code, exitBroken, res.stdout, res.stderr)
	}
	mustContain(t, "etl verify's report", res.stderr, "round 2", file, "SHA-256")
	// The readers refuse the file rather than answer from it.
	res = h.etl("show", h.pipeline, "users")
	if res.code != exitFailure {
		t.Fatalf("etl show of a lake with a changed file exited %d, want %d\n%s%s", res.code, exitFailure, res.stdout, res.stderr)
	}
	mustContain(t, "etl show's error", res.stderr, file, "SHA-256", "etl verify")
}
