// Package current materialises and reads the lake's current state: the
// live rows of every table, one per key, as folding the change log gives
// them (package sdk/lake is the reference fold).
//
// # Snapshots
//
// A snapshot of round S holds every table's live rows after round S:
//
//	current/<table>/snapshot=<S, 20 digits>-<run id>/<part, 4 digits>.parquet
//
// with the table's change-log schema (columns and metadata). Each row is a
// live key: _op is upsert, _removed_reason null, _round, _seq, _synced_at,
// _stream and _extra are those of the key's last change, _fields is every
// declared column some row carried since the key's last delete, and the
// typed columns hold the merged values. Rows are sorted by the key columns
// (byte order of the values, column by column), so the next compaction
// merge-joins. A table with no live rows has one file without rows. The
// run id keeps a crashed or losing run's files apart from a committed
// snapshot's; the manifest entry that names a snapshot (manifest.CurrentRef)
// is written only once every file is durable.
//
// # Current state
//
// A table's current state is its newest snapshot with the change-log rows
// of the entries after it applied: the last row of a key by (_round, _seq)
// wins, an upsert changes only the columns in its _fields, a delete drops
// the key and what was known of it. Scan streams it in key order; Compact
// writes it as the next snapshot. Both stream the snapshot and hold only
// the changes since it in memory: memory grows with the changes, and the
// cost with the table's size plus the changes, never with the number of
// rounds in the history.
//
// # Sharded lakes
//
// In a sharded lake shard 0 compacts (the runner, and `etl compact` in
// its chain): the snapshot holds every chain's newest entry as its round
// started, and its reference records the round of each chain it holds
// (manifest.CurrentRef.Covers), since other shards may commit rounds
// numbered at or below it afterwards. Readers (OpenLake, Find and
// OpenAsOf) apply to the newest snapshot only each chain's entries after
// its covered round, so their cost follows compact_every, not the history.
//
// # Child tables
//
// A child table (table.Parent, e.g. group_members of groups) keeps a row
// only while its parent row is live and was not deleted after the row was
// last written (lake.State.DropOrphans). The parent's columns must be key
// columns of the child. A snapshot applies the rule as of its round, so a
// snapshot's child row outlives the snapshot only if its parent was not
// deleted since; a row changed since must find its parent live. Parents
// are therefore merged before their children. A child row whose parent is
// not live when a snapshot is written is gone for good, even if a parent
// of that key appears later without ever having been deleted (the whole-log
// fold would bring it back; Graph reports a new parent's children with it).
//
// The package neither decides when to compact (the runner does, every
// compact_every rounds, and `etl compact`), nor reads files that no
// manifest entry names, nor queries: no filters or projections beyond
// what `etl show` needs.
package current
