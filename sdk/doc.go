// Package sdk is what a graphlake plugin author imports. A plugin is a
// [Source]: the tables it writes and a Sync method that turns one round of
// Microsoft Graph delta pages into rows through an [Emitter]. [Serve] makes
// it a plugin process; [RunDelta] does the paging, checkpointing and row
// building of a standard delta resource, so a plugin for one is about a
// hundred lines.
//
// A source never needs the protocol package sdk/wire: a stream's round
// ends in a [Checkpoint], which [RunDelta] sends, and a source that manages
// streams itself fails ([Emitter.FailStream], [Emitter.SkipStream]), ends
// ([Emitter.EndStream]) or holds and then releases them
// ([DeltaStream.HoldCheckpoint], [Emitter.Release], [Emitter.ReleaseFailed]).
//
// The SDK is not responsible for storage, manifests, credentials or
// scheduling: those belong to the host. Tokens reach a plugin through the
// host's broker, never secrets.
package sdk
