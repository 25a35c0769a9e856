package lakesql

import (
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/graphlake/graphlake/plugins/auditlogs"
	"github.com/graphlake/graphlake/plugins/contacts"
	"github.com/graphlake/graphlake/plugins/directory"
	"github.com/graphlake/graphlake/plugins/drives"
	"github.com/graphlake/graphlake/plugins/groups"
	"github.com/graphlake/graphlake/plugins/mail"
	"github.com/graphlake/graphlake/plugins/users"
	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
)

// builtinTables are the built-in plugins' tables.
func builtinTables(t *testing.T) ([]Table, []table.Table) {
	t.Helper()
	return tablesOf(t, users.New(), groups.New(), contacts.New(), mail.New())
}

// everyBuiltinTable is builtinTables with the directory objects, the
// audit logs (lists of structs, event-day partitions) and drive items too.
func everyBuiltinTable(t *testing.T) ([]Table, []table.Table) {
	t.Helper()
	return tablesOf(t, users.New(), groups.New(), contacts.New(), mail.New(), directory.New(), auditlogs.New(), drives.New())
}

// tablesOf returns the tables the sources declare, in SQL order, and as
// declared.
func tablesOf(t *testing.T, sources ...sdk.Source) ([]Table, []table.Table) {
	t.Helper()
	var schemas []*arrow.Schema
	var declared []table.Table
	for _, src := range sources {
		for _, tb := range src.Tables() {
			schemas = append(schemas, tb.Schema())
			declared = append(declared, tb)
		}
	}
	tables, err := FromSchemas(schemas)
	if err != nil {
		t.Fatal(err)
	}
	return tables, declared
}

// fixtureLake is a lake at round 12 with a snapshot of round 10: users
// with two files, group_members empty; the other tables have none.
func fixtureLake(s3 *S3) Lake {
	since := time.Date(2026, 11, 19, 0, 0, 0, 0, time.UTC)
	id := "00000000000000000010-5eed0001"
	return Lake{Pipeline: "contoso", Tenant: "contoso.onmicrosoft.com", S3: s3, Round: 12, FirstDay: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC),
		Snapshots: map[string]Snapshot{
			"users": {Round: 10, ID: id, Since: since, Files: []string{
				"current/users/snapshot=" + id + "/0000.parquet", "current/users/snapshot=" + id + "/0001.parquet"}},
			"group_members": {Round: 10, ID: id, Since: since},
		}}
}

// pinned pins a fixture lake as of its round 11, after the snapshot of
// round 10.
func pinned(l Lake) Lake {
	l.Round = 11
	l.AsOf = &AsOf{Round: 11, SHA256: "5d41402abc4b2a76b9719d911017c592ae4b8e3f0e2ab1c6a6a2e0c8c3b2a1f0",
		CommittedAt: time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)}
	return l
}
