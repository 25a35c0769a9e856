package lakesql

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/plugins/directory"
	"github.com/graphlake/graphlake/plugins/groups"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestGeneratedSQLMatchesTheGoldenFiles(t *testing.T) {
	tables, _ := builtinTables(t)
	roles, _ := tablesOf(t, groups.New(), directory.New()) // directory_role_members_transitive
	s3 := &S3{Bucket: "acme-lake", Prefix: "graph/contoso", Region: "eu-west-1"}
	compatible := &S3{Bucket: "lake", Region: "us-east-1", Endpoint: "http://127.0.0.1:7070", PathStyle: true, Profile: "lab"}
	local := fixtureLake(nil)
	local.Unwritten = map[string]bool{"org_contacts": true, "groups": true}
	tests := []struct {
		name  string
		write func(*strings.Builder) error
	}{
		{"duckdb-local", func(b *strings.Builder) error { return DuckDB(b, tables, local) }},
		{"duckdb-s3", func(b *strings.Builder) error { return DuckDB(b, tables, fixtureLake(s3)) }},
		{"duckdb-s3-compatible-log-only", func(b *strings.Builder) error {
			l := fixtureLake(compatible)
			l.Snapshots = nil
			return DuckDB(b, tables, l)
		}},
		{"athena", func(b *strings.Builder) error { return Athena(b, tables, fixtureLake(s3)) }},
		{"duckdb-local-as-of", func(b *strings.Builder) error { return DuckDB(b, tables, pinned(fixtureLake(nil))) }},
		{"athena-as-of", func(b *strings.Builder) error { return Athena(b, tables, pinned(fixtureLake(s3))) }},
		{"union-duckdb", func(b *strings.Builder) error { return Union(b, "duckdb", twoTenants(tables, nil)) }},
		{"union-athena", func(b *strings.Builder) error { return Union(b, "athena", twoTenants(tables, s3)) }},
		{"duckdb-roles-as-of", func(b *strings.Builder) error { return DuckDB(b, roles, pinned(fixtureLake(nil))) }},
		{"athena-roles", func(b *strings.Builder) error { return Athena(b, roles, fixtureLake(s3)) }},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is as the golden file says", func(t *testing.T) {
			var b strings.Builder
			if err := tt.write(&b); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tt.name+".sql")
			if *update {
				if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/lakesql -update)", err)
			}
			if diff := cmp.Diff(string(want), b.String()); diff != "" {
				t.Errorf("SQL differs from %s (-golden +got; -update rewrites it):\n%s", path, diff)
			}
		})
	}
}

func TestAthenaRefusesALocalLake(t *testing.T) {
	tables, _ := builtinTables(t)
	var b strings.Builder
	if err := Athena(&b, tables, fixtureLake(nil)); err != ErrAthenaNeedsS3 || b.Len() > 0 {
		t.Errorf("Athena for a local lake: %v, %d bytes written; want ErrAthenaNeedsS3 and nothing", err, b.Len())
	}
}

func TestGeneratedSQLIsDeterministic(t *testing.T) {
	tables, _ := builtinTables(t)
	var first string
	for i := 0; i < 5; i++ {
		var b strings.Builder
		if err := Athena(&b, tables, fixtureLake(&S3{Bucket: "b"})); err != nil {
			t.Fatal(err)
		}
		if err := DuckDB(&b, tables, fixtureLake(nil)); err != nil {
			t.Fatal(err)
		}
		if i > 0 && b.String() != first {
			t.Fatal("two generations differ")
		}
		first = b.String()
	}
}

// twoTenants are two pipelines' lakes, local in folders of their own or
// in one bucket under two prefixes.
func twoTenants(tables []Table, s3 *S3) []Part {
	a, b := fixtureLake(nil), fixtureLake(nil)
	a.Root, b.Root = "/data/contoso", "/data/fabrikam"
	b.Unwritten = map[string]bool{"groups": true}
	if s3 != nil {
		sa, sb := *s3, *s3
		sa.Prefix, sb.Prefix = "graph/contoso", "graph/fabrikam"
		a, b = fixtureLake(&sa), fixtureLake(&sb)
	}
	a.Pipeline, b.Pipeline = "contoso", "fabrikam"
	return []Part{{Tables: tables, Lake: a, Tenant: "contoso.onmicrosoft.com"}, {Tables: tables, Lake: b, Tenant: "fabrikam.onmicrosoft.com"}}
}

func TestUnionRefusesWhatItCannotJoin(t *testing.T) {
	tables, _ := builtinTables(t)
	s3 := &S3{Bucket: "b"}
	twice := twoTenants(tables, s3)
	twice[1].Lake.Pipeline = "contoso"
	other := twoTenants(tables, s3)
	other[1].Tables = append([]Table(nil), tables...)
	for i, tb := range other[1].Tables {
		if tb.Name == "users" {
			tb.Fields = tb.Fields[1:]
			other[1].Tables[i] = tb
		}
	}
	tests := []struct {
		name    string
		dialect string
		parts   []Part
		says    string
	}{
		{"one pipeline twice", "duckdb", twice, "given twice"},
		{"one table with two schemas in Athena", "athena", other, "other columns"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused", func(t *testing.T) {
			var b strings.Builder
			if err := Union(&b, tt.dialect, tt.parts); err == nil || !strings.Contains(err.Error(), tt.says) {
				t.Errorf("Union: %v; want an error saying %q", err, tt.says)
			}
		})
	}
}
