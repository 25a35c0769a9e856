package main

import (
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/graphlake/graphlake/internal/lakesql"
)

// TestAthenaDeclaresTheDirectoryTables: Athena's DDL declares every table
// of the directory plugin (lists of structs with timestamps and numbers),
// with its current view.
func TestAthenaDeclaresTheDirectoryTables(t *testing.T) {
	src := builtins()["directory"]()
	var names []string
	var schemas []*arrow.Schema
	for _, tb := range src.Tables() {
		if err := tb.Validate(); err != nil {
			t.Fatalf("table %s: %v", tb.Name, err)
		}
		names, schemas = append(names, tb.Name), append(schemas, tb.Schema())
	}
	tables, err := lakesql.FromSchemas(schemas)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	lake := lakesql.Lake{Pipeline: "entra", Round: 1, FirstDay: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		S3: &lakesql.S3{Bucket: "lake", Prefix: "entra", Region: "eu-west-1"}}
	if err := lakesql.Athena(&out, tables, lake); err != nil {
		t.Fatalf("Athena DDL of the directory tables: %v", err)
	}
	for _, name := range names {
		mustContain(t, "the Athena DDL", out.String(), name+"_current")
	}
	mustContain(t, "the Athena DDL", out.String(), "keyCredentials", "array<struct<", "endDateTime:timestamp")
}
