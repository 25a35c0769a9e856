// Package lake holds the rules by which the lake's change log reads as
// tables, shared by the host (etl) and the plugin test kit (sdktest), so
// that a plugin's test sees its rows as the lake will.
//
// The rules, one file each:
//
//   - Rows: an Arrow record batch read as plain Go values ([RecordRows]).
//   - Fold: a table's current state, the latest version of every live
//     row, merged by _fields so that a property a row did not carry
//     (return=minimal, or an unchanged relationship) keeps its earlier
//     value, deleted rows gone, and a child table's rows dropped with
//     their parent ([State], [State.DropOrphans]).
//   - Sweep: the deletions Graph never announced. When a stream reads
//     everything again (Graph discarded its sync state, its query
//     changed, or it was reset), objects deleted in the meantime simply
//     do not come back: no @removed marks them. Every key the lake holds
//     live for such a stream that the full round did not return is such a
//     deletion, and gets a tombstone whose _removed_reason is "resync".
//     Likewise a stream that ended (no longer configured: a narrowed id
//     filter, a mailbox out of scope) leaves rows nobody will ever update:
//     those that no other stream returned get a tombstone whose reason is
//     "ended" ([Sweep], [ReasonFor], [Tombstones]).
//
// The package works on rows and records it is given and holds them in
// memory. It does not read or write files (the host's Parquet reader and
// writer do), decide which streams resynced (the host's runner does, with
// [ReasonFor]), or write snapshots; its fold suits tests and references,
// not large tables.
package lake
