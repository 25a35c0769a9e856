// Package resync finds the deletions Graph never announced. When a
// stream reads everything again (Graph discarded its sync state, its query
// changed, or it was reset), objects deleted in the meantime simply do not
// come back: no @removed marks them. Every key the lake holds live for
// such a stream that the full round did not return is such a deletion,
// and gets a tombstone whose _removed_reason is "resync". Likewise a
// stream that ended (no longer configured: a narrowed id filter, a mailbox
// out of scope) leaves rows nobody will ever update: those that no other
// stream returned get a tombstone whose reason is "ended".
//
// The package compares rows it is given and builds the tombstones as an
// Arrow record of the table's schema. It does not read the lake, decide
// which streams resynced, or write files: the runner does.
package resync
