package main

import (
	"strings"
	"testing"

	"github.com/graphlake/graphlake/internal/s3test"
	"github.com/graphlake/graphlake/sdk/graphtest"
)

func TestSQLForALocalLake(t *testing.T) {
	h := newHarness(t, graphtest.Options{Seed: 61, Users: 15, Groups: 2, MembersPerGroup: 3}, `source "users" {}
  source "groups" {}`)
	if res := h.etl("sql", h.pipeline, "--dialect", "duckdb"); res.code != 1 || !strings.Contains(res.stderr, "no committed round yet; run etl run first") {
		t.Errorf("etl sql before any round: exit %d, %s; want 1 and a hint", res.code, res.stderr)
	}
	h.mustRun()
	tests := []struct {
		name  string
		args  []string
		code  int
		wants []string
	}{
		{"duckdb prints views of every declared table", []string{"--dialect", "duckdb"}, 0, []string{
			`CREATE OR REPLACE VIEW "users_current"`, `CREATE OR REPLACE VIEW "group_members_current"`,
			`read_parquet('users/*/*.parquet'`, `read_json('_manifest/*.json'`}},
		{"log-only duckdb works too", []string{"--dialect", "duckdb", "--snapshot", "none", "--in-process"}, 0, []string{`"groups_current"`}},
		{"athena refuses a local lake and names the fix", []string{"--dialect", "athena"}, 2, []string{
			"Athena reads only from Amazon S3", "--dialect duckdb"}},
		{"an unknown dialect is a usage error", []string{"--dialect", "spark"}, 2, []string{"want duckdb or athena"}},
		{"an unknown snapshot mode is a usage error", []string{"--dialect", "duckdb", "--snapshot", "always"}, 2, []string{"want auto or none"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := h.etl(append([]string{"sql", h.pipeline}, tt.args...)...)
			if res.code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", res.code, tt.code, res.stdout, res.stderr)
			}
			mustContain(t, "etl sql's output", res.stdout+res.stderr, tt.wants...)
		})
	}
}

func TestSQLForAnS3LakeNamesItsBucketAndNoSecret(t *testing.T) {
	s3srv := s3test.Start(t)
	h := newHarness(t, graphtest.Options{Seed: 62, Users: 10}, `source "users" {}`)
	h.useS3(s3srv, s3srv.Bucket(t, "lake"), "graph/t")
	h.mustRun()
	for _, dialect := range []string{"duckdb", "athena"} {
		res := h.etl("sql", h.pipeline, "--dialect", dialect)
		if res.code != 0 {
			t.Fatalf("etl sql --dialect %s: exit %d\n%s", dialect, res.code, res.stderr)
		}
		mustContain(t, dialect+" SQL", res.stdout, "s3://lake/graph/t/users/")
		if strings.Contains(res.stdout, s3test.SecretKey) || strings.Contains(res.stdout, s3test.AccessKey) {
			t.Errorf("the %s SQL prints the pipeline's S3 keys", dialect)
		}
	}
	res := h.etl("sql", h.pipeline, "--dialect", "duckdb")
	mustContain(t, "DuckDB's secret hint", res.stdout, "PROVIDER credential_chain", "ENDPOINT '"+strings.TrimPrefix(s3srv.Endpoint, "http://")+"'",
		"USE_SSL false", "URL_STYLE 'path'")
	res = h.etl("sql", h.pipeline, "--dialect", "athena")
	mustContain(t, "Athena DDL", res.stdout, "LOCATION 's3://lake/graph/t/_manifest/'", "'projection.date.type' = 'date'")
}
