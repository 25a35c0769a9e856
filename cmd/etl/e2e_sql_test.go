package main

import (
	"os"
	"path/filepath"
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
	twin := twinPipeline(t, h.pipeline)
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
		{"--as-of pins the views and names the entry", []string{"--dialect", "duckdb", "--as-of", "1"}, 0, []string{
			`CREATE OR REPLACE VIEW "graphlake_as_of"`, "Pinned as of round 1", `"_round" <= 1`}},
		{"--as-of past the latest round names it", []string{"--dialect", "duckdb", "--as-of", "9"}, 2, []string{"latest round is 1"}},
		{"--as-of that is no round nor time is a usage error", []string{"--dialect", "duckdb", "--as-of", "soon"}, 2, []string{"want a round number"}},
		{"one pipeline twice is refused", []string{h.pipeline, "--dialect", "duckdb"}, 2, []string{"given twice"}},
		{"two pipelines give each lake's views and union views", []string{twin, "--dialect", "duckdb"}, 0, []string{
			`CREATE OR REPLACE VIEW "e2e__users_current"`, `CREATE OR REPLACE VIEW "twin__users_current"`, "UNION ALL BY NAME",
			`SELECT * FROM "twin__users_current"`, `AS "_tenant", * FROM "twin__graphlake_rounds"`, "read_parquet('" + filepath.Join(filepath.Dir(h.pipeline), "lake")}},
		{"a round number with several pipelines is refused", []string{h.pipeline, "--dialect", "duckdb", "--as-of", "1"}, 2, []string{"give a time"}},
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

// twinPipeline writes a copy of a pipeline file, named "twin", beside it:
// a second pipeline of the same lake, for etl sql over several files.
func twinPipeline(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	twin := filepath.Join(filepath.Dir(path), "twin.hcl")
	if err := os.WriteFile(twin, []byte(strings.Replace(string(b), `pipeline "e2e"`, `pipeline "twin"`, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	return twin
}
