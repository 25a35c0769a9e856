package duckdb

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestEtlSQLStartsFromTheNewestSnapshot checks etl sql's snapshot
// pinning end to end: after etl compact, --snapshot auto reads the
// snapshot that the latest entry names, and its current views equal the
// log-only ones (meta columns included) and the emulator, even with the
// change log's first round gone.
func TestEtlSQLStartsFromTheNewestSnapshot(t *testing.T) {
	if exec.Command(etlBinary, "compact", "--help").Run() != nil {
		t.Skip("this build has no etl compact: snapshots are tested against the snapshot contract in TestCurrentViewsMatchTheEmulatorRoundAfterRound")
	}
	l := newLake(t, tenantOptions, sources)
	l.run()
	for round, churn := range churns {
		for _, c := range churn {
			if _, err := l.srv.Tenant().Churn(c); err != nil {
				t.Fatal(err)
			}
		}
		l.run()
		if round == 0 {
			l.etl("compact", l.pipeline)
		}
	}
	auto, logOnly := l.sql(), l.sql("--snapshot", "none")
	if !strings.Contains(auto, "snapshot=") || strings.Contains(logOnly, "snapshot=") {
		t.Fatalf("--snapshot auto does not read the snapshot, or none does:\n%s", auto)
	}
	withSnap, whole := l.openDuckDB(auto), l.openDuckDB(logOnly)
	for table, key := range tableKeys {
		q := "SELECT * FROM " + table + "_current"
		if diff := cmp.Diff(sortBy(query(t, whole, q), key...), sortBy(query(t, withSnap, q), key...)); diff != "" {
			t.Fatalf("%s_current from the snapshot differs from the whole log's (-log +snapshot):\n%s", table, diff)
		}
	}
	l.assertCurrent(withSnap, "from etl compact's snapshot,")
	l.hideRound(1, func() { l.assertCurrent(l.openDuckDB(auto), "from etl compact's snapshot, without round 1's files,") })
}
