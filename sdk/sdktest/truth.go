package sdktest

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// Truth returns the emulator's current truth for a table (see
// graphtest.Tenant.WriteState, Server.WriteDriveState for drive_items, and
// Server.WriteLogState for the audit
// logs' sign_ins and directory_audits), without null values, sorted by the
// key columns as Runner.State sorts its rows.
func Truth(t testing.TB, srv *graphtest.Server, name string, key ...string) []map[string]any {
	t.Helper()
	var buf bytes.Buffer
	if name == graphtest.DriveItemsTable {
		if err := srv.WriteDriveState(&buf); err != nil {
			t.Fatalf("read the emulator's %s: %v", name, err)
		}
	} else if err := srv.WriteLogState(&buf, name); err != nil { // not an audit log
		buf.Reset()
		if err := srv.Tenant().WriteState(&buf, name); err != nil {
			t.Fatalf("read the emulator's %s: %v", name, err)
		}
	}
	var rows []map[string]any
	for dec := json.NewDecoder(&buf); dec.More(); {
		var row map[string]any
		if err := dec.Decode(&row); err != nil {
			t.Fatalf("decode the emulator's %s: %v", name, err)
		}
		for k, v := range row {
			if v == nil {
				delete(row, k)
			}
		}
		rows = append(rows, row)
	}
	SortRows(rows, key...)
	return rows
}

// SortRows sorts rows by the string values of the key columns, in the
// order Runner.State returns them.
func SortRows(rows []map[string]any, key ...string) {
	joined := func(row map[string]any) string {
		parts := make([]string, len(key))
		for i, k := range key {
			parts[i], _ = row[k].(string)
		}
		return strings.Join(parts, "\x00")
	}
	sort.SliceStable(rows, func(i, j int) bool { return joined(rows[i]) < joined(rows[j]) })
}
