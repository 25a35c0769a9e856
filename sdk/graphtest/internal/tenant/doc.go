// Package tenant is the emulator's model of one Microsoft 365 tenant: users,
// groups with their memberships, organisational contacts, and mailboxes with
// folders and messages.
//
// Every collection keeps an append-only change log numbered by sequence
// numbers, and every object remembers when each of its properties last
// changed. That is what lets a delta token minted at any earlier point return
// exactly what changed since then. Property values are kept pre-encoded as
// JSON so that pages are assembled by copying bytes.
//
// The package does not speak HTTP, mint tokens or page results; package delta
// does that on top of the read accessors here. Callers hold the tenant's lock
// (RLock for reads, Lock for writes through the exported mutators, which take
// it themselves).
package tenant
