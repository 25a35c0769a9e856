// Package sdk is what a graphlake plugin author imports. A plugin is a
// [Source]: the tables it writes and a Sync method that turns one round of
// Microsoft Graph delta pages into rows through an [Emitter]. [Serve] makes
// it a plugin process; [RunDelta] does the paging, checkpointing and row
// building of a standard delta resource, so a plugin for one is about a
// hundred lines.
//
// The SDK is not responsible for storage, manifests, credentials or
// scheduling: those belong to the host. Tokens reach a plugin through the
// host's broker, never secrets.
package sdk
