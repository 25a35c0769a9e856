package duckdb

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// TestAuditLogCurrentViewsMatchTheEmulator: the DuckDB current views of
// the audit logs (events partitioned by their day, nested structs and
// lists) hold every event the emulator shows, once, round after round of
// new and late events; eventDate is the day of the event's time.
func TestAuditLogCurrentViewsMatchTheEmulator(t *testing.T) {
	// The logs' clock starts just after a midnight (UTC): their history
	// spans two days, two partitions.
	midnight := time.Now().UTC().Truncate(24 * time.Hour)
	l := newLake(t, graphtest.Options{Seed: 93, Users: 8, AuditLogs: graphtest.AuditLogOptions{
		SignInsPerHour: 120, AuditsPerHour: 60, History: time.Hour, MaxDelay: 5 * time.Minute, PageSize: 40,
		Start: midnight.Add(15 * time.Minute)}}, `  source "auditlogs" {}`)
	times := map[string]string{"sign_ins": "createdDateTime", "directory_audits": "activityDateTime"}
	for round := 1; round <= 3; round++ {
		l.run()
		db := l.openDuckDB(l.sql("--snapshot", "none"))
		for table, at := range times {
			var want []map[string]any
			for _, row := range sdktest.Truth(t, l.srv, table) {
				want = append(want, normal(row).(map[string]any))
			}
			got := withoutMeta(sortBy(query(t, db, "SELECT * FROM "+table+"_current"), "id"))
			for _, row := range got {
				day, ok := row["eventDate"].(string)
				if ts, isTime := row[at].(string); !ok || !isTime || len(ts) < 10 || len(day) < 10 || ts[:10] != day[:10] {
					t.Fatalf("after round %d %s event %v: eventDate %v is not the day of %s %v", round, table, row["id"], row["eventDate"], at, row[at])
				}
				delete(row, "eventDate")
			}
			if len(want) < 20 {
				t.Fatalf("after round %d the emulator shows only %d %s", round, len(want), table)
			}
			if diff := cmp.Diff(sortBy(want, "id"), got); diff != "" {
				t.Fatalf("after round %d %s_current differs from the emulator (-emulator +view):\n%s", round, table, diff)
			}
		}
		l.srv.AdvanceLogs(10 * time.Minute)
	}
}
