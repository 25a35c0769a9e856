// Package delta serves Microsoft Graph delta queries over the tenant model:
// it parses the first request's query options, runs rounds page by page,
// renders items from pre-encoded property values, and mints opaque tokens
// that carry the query and the round's cursor.
//
// A round is pinned to the collection's sequence number when it starts
// (upper). Pages render current values; the deltaLink resumes from upper, so
// anything that changes while a round is being paged is returned again in the
// next round, never lost.
//
// Tokens are sealed with AES-GCM under a key derived from the emulator's
// seed: they cannot be forged or edited, and a token from another emulator
// process (another epoch) is answered like an expired one.
//
// The package does not route URLs, authenticate callers or inject transport
// faults; the server does that and hands a Target to Engine.Serve.
package delta
