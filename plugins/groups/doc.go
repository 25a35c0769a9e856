// Package groups is the groups source: Microsoft Graph's /groups/delta as
// two tables.
//
//   - groups: one row per group, Graph's property names as typed columns;
//     a deleted group is a tombstone whose _removed_reason is Graph's
//     ("changed" for a soft-deleted Microsoft 365 group, "deleted" for a
//     security group or a purged one).
//   - group_members: one row per membership change taken from
//     members@delta (and owners@delta when "owners" is selected), keyed by
//     (groupId, relationship, memberId): an added link is an upsert, a
//     removed one a tombstone. A large group arrives in slices over several
//     pages; every slice counts.
//
// group_members is a child table of groups (table.Parent): when a group is
// deleted, Graph sends only the group's tombstone, and its memberships end
// with it because the current state of group_members is its own fold
// without the rows whose group is not live. Readers of the lake (current
// state snapshots, SQL views) apply the same rule. A restored group comes
// back with all its members, which makes its rows current again.
//
// The source tracks the whole tenant in one stream, "groups", or, when
// ids are configured, only those groups, in one stream per chunk of at
// most 50 ids (see sdk.ChunkIDs).
//
// Permissions (declared in New, printed by etl plugins):
// GroupMember.Read.All (application) or Group.Read.All.
package groups
