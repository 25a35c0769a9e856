// Package directory is the Entra ID directory objects source: one delta
// query per resource, each a declaration (sdk.Directory), chosen with the
// resources attribute (default: all).
//
//   - applications (/applications/delta) and service_principals
//     (/servicePrincipals/delta): app registrations and enterprise apps,
//     managed identities and Microsoft's apps. Credentials are lists of
//     structs of metadata: Graph never returns keys or secrets. A deleted
//     one is soft-deleted, restorable for 30 days: its tombstone's
//     _removed_reason is "changed", or "deleted" once purged; a restored
//     one comes back as an upsert.
//   - devices (/devices/delta): deleted for good (reason "deleted").
//   - directory_roles (/directoryRoles/delta), the activated roles, and
//     directory_role_members, from members@delta, keyed by
//     (directoryRoleId, memberId).
//   - administrative_units (/administrativeUnits/delta), soft-deleted like
//     applications, and administrative_unit_members, from members@delta,
//     keyed by (administrativeUnitId, memberId).
//   - oauth2_permission_grants (/oauth2PermissionGrants/delta): delegated
//     permission grants, deleted for good.
//
// The membership tables are child tables (table.Parent) of their parent's
// table, as group_members is of groups: a deleted role or unit takes its
// memberships with it, and a restored unit comes back with its members.
//
// Each resource is one stream named by its path ("applications",
// "servicePrincipals", "devices", "directoryRoles", "administrativeUnits",
// "oauth2PermissionGrants"); a resource taken out of resources has its
// stream ended.
//
// Permissions (declared by New, printed by etl plugins):
// Directory.Read.All, or for each resource but the permission grants
// (whose delta query Graph documents with Directory.Read.All only) its
// least-privileged permission: Application.Read.All (applications,
// service principals), Device.Read.All, RoleManagement.Read.Directory and
// AdministrativeUnit.Read.All.
package directory
