package duckdb

import (
	"fmt"
	"sort"
	"strings"

	"github.com/graphlake/graphlake/sdk/sdktest"
)

// tableKeys are the keys of the tables the tests compare, as the plugins
// declare them.
var tableKeys = map[string][]string{
	"users":         {"id"},
	"groups":        {"id"},
	"group_members": {"groupId", "relationship", "memberId"},
	"org_contacts":  {"id"},
	"mail_folders":  {"userId", "id"},
	"messages":      {"userId", "folderId", "id"},
}

// truth is the emulator's state of a lake table, shaped as the lake holds
// it: memberships and ownerships in one table, messages keyed by folder.
func (l *lake) truth(table string) []map[string]any {
	l.t.Helper()
	var rows []map[string]any
	switch table {
	case "group_members":
		for name, rel := range map[string]string{"group_members": "member", "group_owners": "owner"} {
			for _, row := range sdktest.Truth(l.t, l.srv, name) {
				row["relationship"] = rel
				rows = append(rows, row)
			}
		}
	case "messages":
		for _, row := range sdktest.Truth(l.t, l.srv, table) {
			row["folderId"] = row["parentFolderId"]
			rows = append(rows, row)
		}
	default:
		rows = sdktest.Truth(l.t, l.srv, table)
	}
	for i := range rows {
		rows[i] = normal(rows[i]).(map[string]any)
	}
	return sortBy(rows, tableKeys[table]...)
}

// normal makes DuckDB's and the emulator's values comparable.
func normal(v any) any { return sdktest.NormaliseDeep(v) }

// withoutMeta drops the meta columns of current-view rows.
func withoutMeta(rows []map[string]any) []map[string]any {
	for _, r := range rows {
		for k := range r {
			if strings.HasPrefix(k, "_") {
				delete(r, k)
			}
		}
	}
	return rows
}

// sortBy sorts rows by the key columns' values.
func sortBy(rows []map[string]any, key ...string) []map[string]any {
	k := func(r map[string]any) string {
		parts := make([]string, len(key))
		for i, c := range key {
			parts[i] = fmt.Sprint(r[c])
		}
		return strings.Join(parts, "\x00")
	}
	sort.SliceStable(rows, func(i, j int) bool { return k(rows[i]) < k(rows[j]) })
	return rows
}
