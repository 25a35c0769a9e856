// Package contacts is the organisational contacts source: Microsoft
// Graph's /contacts/delta (microsoft.graph.orgContact) as the table
// org_contacts, one row per contact, Graph's property names as typed
// columns (addresses and phones as lists of structs). A deleted contact is
// a tombstone; orgContacts cannot be restored, so its reason is "deleted".
//
// With minimal set, Graph returns only the properties that changed: _fields
// lists them, and the lake's current state merges them into the row
// instead of replacing it with nulls.
//
// The source tracks every contact in one stream, "contacts", or, when ids
// are configured, only those contacts, in one stream per chunk of at most
// 50 ids (see sdk.ChunkIDs).
//
// Permissions (declared in New, printed by etl plugins):
// OrgContact.Read.All (application).
package contacts
