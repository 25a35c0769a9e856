package audit

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/graphlake/graphlake/internal/current"
	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/s3store"
	"github.com/graphlake/graphlake/internal/s3test"
	"github.com/graphlake/graphlake/internal/store"
)

// runID is a run id of the shape the runner makes.
const runID = "0a1b2c3d"

// ourGarbage is names of the shapes etl writes, made by the writers'
// own naming functions where they export one, that no round names.
var ourGarbage = []string{
	"users/date=2026-12-04/0000000007-0000-" + runID + ".parquet",
	"group_members/date=2026-12-04/0000000007-0012-" + runID + ".parquet",
	current.SnapshotDir("users", 7, runID) + "0000.parquet",
	fmt.Sprintf("%s%020d-%s.jsonl.gz", manifest.Chain{}.StateDir(), 7, runID),
	fmt.Sprintf("%s%020d-%s.jsonl.gz", manifest.Chain{Index: 1, Count: 4}.StateDir(), 9, runID),
	"_manifest/probe/" + runID,
}

// foreign is what a lake's root may hold beside etl's objects.
var foreign = []string{
	"pipeline.hcl",
	"ca.pem",
	"notes/readme.txt",
	"users/readme.txt",
	"users/date=2026-12-04/mine.parquet",
	"current/users/notes.txt",
	"_manifest/notes.txt",
	"_manifest/state/backup.tar",
}

func TestEtlShapes(t *testing.T) {
	sh := manifest.Chain{Index: 2, Count: 3}
	ours := append(slices.Clone(ourGarbage), manifest.Chain{}.EntryName(12), sh.EntryName(3), manifest.Chain{}.HeadName(),
		sh.HeadName(), "_manifest/chains/"+sh.ID())
	for _, name := range ours {
		if !writtenByEtl(name) {
			t.Errorf("writtenByEtl(%q) = false, want true", name)
		}
	}
	for _, name := range foreign {
		if writtenByEtl(name) {
			t.Errorf("writtenByEtl(%q) = true, want false", name)
		}
	}
}

// TestGCTouchesOnlyWhatEtlWrote fills a lake's root with objects of etl's
// shapes that no round names and with foreign objects, on a local folder
// and on an S3 bucket with an empty prefix: gc's garbage is etl's objects
// only, the foreign ones are listed apart.
func TestGCTouchesOnlyWhatEtlWrote(t *testing.T) {
	ctx := context.Background()
	local := func(t *testing.T) (store.Store, func(string)) {
		root := t.TempDir()
		st, err := store.NewLocal(root)
		if err != nil {
			t.Fatal(err)
		}
		startWrite := func(name string) { // a temporary file, as Local names them
			dir, base := path.Split(name)
			p := filepath.Join(root, filepath.FromSlash(dir), "."+base+".tmp-12345")
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return st, startWrite
	}
	bucket := func(t *testing.T) (store.Store, func(string)) {
		srv := s3test.Start(t)
		name := srv.Bucket(t, "shared")
		st, err := s3store.New(ctx, s3store.Options{Bucket: name, Region: s3test.Region, Endpoint: srv.Endpoint,
			PathStyle: true, AccessKeyID: s3test.AccessKey, SecretAccessKey: s3test.SecretKey})
		if err != nil {
			t.Fatal(err)
		}
		client := srv.Client(t)
		startUpload := func(key string) {
			if _, err := client.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: aws.String(name), Key: aws.String(key)}); err != nil {
				t.Fatal(err)
			}
		}
		return st, startUpload
	}
	for _, tt := range []struct {
		name string
		open func(t *testing.T) (store.Store, func(string))
	}{{"local folder", local}, {"S3 bucket, empty prefix", bucket}} {
		t.Run(tt.name, func(t *testing.T) {
			st, startWrite := tt.open(t)
			for _, name := range append(slices.Clone(ourGarbage), foreign...) {
				if err := st.PutIfAbsent(ctx, name, []byte("x")); err != nil {
					t.Fatal(err)
				}
			}
			wantLeftovers := []string{ourGarbage[0]}
			wantForeignLeftovers := []string{"backups/db.dump"}
			startWrite(wantLeftovers[0])
			startWrite(wantForeignLeftovers[0])
			found, err := Scan(ctx, st, 0, time.Now().Add(time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			check := func(what string, got []store.Info, want []string) {
				t.Helper()
				var names []string
				for _, o := range got {
					names = append(names, o.Name)
				}
				slices.Sort(names)
				want = slices.Sorted(slices.Values(want))
				if !slices.Equal(names, want) {
					t.Errorf("%s = %q, want %q", what, names, want)
				}
			}
			check("garbage", found.Garbage, ourGarbage)
			check("foreign", found.Foreign, foreign)
			infos := func(ls []store.Leftover) (out []store.Info) {
				for _, l := range ls {
					out = append(out, l.Info)
				}
				return out
			}
			check("leftovers", infos(found.Leftovers), wantLeftovers)
			check("foreign leftovers", infos(found.ForeignLeftovers), wantForeignLeftovers)
		})
	}
}
