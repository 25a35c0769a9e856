package duckdb

import (
	"encoding/json"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/wire"
)

// TestCurrentViewsFoldEveryShardChain syncs two unsharded rounds and
// compacts them (a root-chain snapshot), then runs the pipeline on 2
// shards, re-shards to 3, and updates and deletes messages of a mailbox
// that moved, compacts the sharded lake and runs once more: the current
// views, from the snapshot or from the whole change log, must equal the
// emulator, every chain's files included; so must the history views' open
// versions, and the current views as of a time before the compaction, the
// emulator's state then.
func TestCurrentViewsFoldEveryShardChain(t *testing.T) {
	opts := tenantOptions
	opts.Mailboxes, opts.FoldersPerMailbox, opts.MessagesPerFolder = 12, 2, 4
	l := newLake(t, opts, sources)
	l.run()
	l.churn(0)
	l.run()
	l.etl("compact", l.pipeline)
	l.churn(1)
	l.runShards(2)
	l.assertBothViews("after a round on 2 shards")
	moved := l.movedMailbox(2, 3)
	l.runShards(3)
	l.touch(moved)
	l.runShards(3)
	l.assertBothViews("after the mailbox moved, and its messages changed")
	then, state := time.Now().UTC(), map[string][]map[string]any{}
	for table := range tableKeys {
		state[table] = l.truth(table)
	}
	l.etl("compact", l.pipeline) // shard 0's chain, every chain's round recorded
	l.touch(moved)
	l.runShards(3)
	l.assertBothViews("after etl compact of the sharded lake and a round on 3 shards")
	db := l.openDuckDB(l.sql())
	pinned := l.openDuckDB(l.sql("--as-of", then.Format(time.RFC3339Nano)))
	for table, key := range tableKeys {
		if diff := cmp.Diff(l.truth(table), historyRows(t, db, "SELECT * FROM "+table+"_history WHERE round_to IS NULL", table)); diff != "" {
			t.Errorf("the open versions of %s_history differ from the emulator (-emulator +history):\n%s", table, diff)
		}
		if diff := cmp.Diff(state[table], withoutMeta(sortBy(query(t, pinned, "SELECT * FROM "+table+"_current"), key...))); diff != "" {
			t.Errorf("%s_current as of the time before etl compact differs from the emulator then (-emulator +view):\n%s", table, diff)
		}
	}
}

// churn applies churns[i] but for its users: the emulator keeps a deleted
// user's mailbox, which the mail source stops listing (assertCurrent
// compares every mailbox).
func (l *lake) churn(i int) {
	l.t.Helper()
	for _, c := range churns[i] {
		if c.Resource == "users" {
			continue
		}
		if _, err := l.srv.Tenant().Churn(c); err != nil {
			l.t.Fatal(err)
		}
	}
}

// runShards runs every shard of n, one after the other.
func (l *lake) runShards(n int) {
	l.t.Helper()
	for i := range n {
		l.etl("run", l.pipeline, "--shard", fmt.Sprintf("%d/%d", i, n))
	}
}

func (l *lake) assertBothViews(when string) {
	l.t.Helper()
	l.assertCurrent(l.openDuckDB(l.sql("--snapshot", "none")), when+" (whole change log)")
	l.assertCurrent(l.openDuckDB(l.sql()), when+" (from the snapshot)")
	l.assertCommittedOnly(l.openDuckDB(l.sql()))
}

// movedMailbox is a mailbox with messages that moves from `from` shards
// to `to`.
func (l *lake) movedMailbox(from, to int) string {
	l.t.Helper()
	for _, m := range l.truth("messages") {
		if u := m["userId"].(string); wire.ShardOf(u, from) != wire.ShardOf(u, to) {
			return u
		}
	}
	l.t.Fatal("no mailbox moves")
	return ""
}

// touch updates one message of the mailbox and deletes another.
func (l *lake) touch(user string) {
	l.t.Helper()
	var ids []string
	for _, m := range l.truth("messages") {
		if m["userId"] == user {
			ids = append(ids, m["id"].(string))
		}
	}
	sort.Strings(ids)
	if len(ids) < 2 {
		l.t.Fatalf("mailbox %s has %d messages", user, len(ids))
	}
	if err := l.srv.Tenant().UpdateMessage(user, ids[0], graphtest.Props{"subject": json.RawMessage(`"after the move"`)}); err != nil {
		l.t.Fatal(err)
	}
	if err := l.srv.Tenant().DeleteMessage(user, ids[1]); err != nil {
		l.t.Fatal(err)
	}
}
