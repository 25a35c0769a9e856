package duckdb

import (
	"fmt"
	"sort"
	"strings"
	"time"

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

// normal makes DuckDB's and the emulator's values comparable: nulls left
// out of objects at every depth, numbers as float64 (JSON's), times as
// RFC 3339 in UTC.
func normal(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := map[string]any{}
		for k, x := range v {
			if x = normal(x); x != nil {
				m[k] = x
			}
		}
		return m
	case []any:
		l := make([]any, len(v))
		for i, x := range v {
			l[i] = normal(x)
		}
		return l
	case time.Time:
		return v.UTC().Format(time.RFC3339)
	case int64:
		return float64(v)
	case int32:
		return float64(v)
	case int:
		return float64(v)
	}
	return v
}

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
