package graphtest

import (
	"fmt"
	"math/rand/v2"
)

// DirectoryObjects sizes Entra ID's directory objects besides users,
// groups and contacts, which the emulator serves as built-in registered
// resources when Options.Directory is set:
//
//   - /applications/delta (table applications, soft-deleted, taking
//     their service principal with them),
//   - /servicePrincipals/delta (service_principals, soft-deleted): the
//     first Applications of them are the applications' own (same appId),
//     then Microsoft's first-party apps, managed identities and
//     third-party apps;
//   - /devices/delta (devices, deleted for good);
//   - /directoryRoles/delta (directory_roles, Entra ID's activated
//     built-in roles, never deleted) with members@delta
//     (directory_role_members: users, role-assignable groups and service
//     principals);
//   - /administrativeUnits/delta (administrative_units, soft-deleted) with
//     members@delta (administrative_unit_members: users, groups and
//     devices);
//   - /oauth2PermissionGrants/delta (oauth2_permission_grants, deleted for
//     good): delegated grants between service principals, for all users or
//     one.
//
// Credentials carry no secret or key value, as Graph returns them.
type DirectoryObjects struct {
	// Applications, ServicePrincipals, Devices, DirectoryRoles,
	// AdministrativeUnits and OAuth2PermissionGrants are the numbers of
	// objects generated (DirectoryRoles beyond the 30 well-known roles get
	// made-up names).
	Applications, ServicePrincipals, Devices, DirectoryRoles, AdministrativeUnits, OAuth2PermissionGrants int
}

// DefaultDirectoryObjects returns the sizes `etl sim` serves: a mid-sized
// tenant's mix.
func DefaultDirectoryObjects() DirectoryObjects {
	return DirectoryObjects{Applications: 200, ServicePrincipals: 2000, Devices: 300, DirectoryRoles: 30,
		AdministrativeUnits: 20, OAuth2PermissionGrants: 400}
}

// resources returns the declarations of the directory objects for a tenant:
// seed salts the generated app ids, tenantID owns the applications.
func (d DirectoryObjects) resources(seed int64, tenantID string) []Resource {
	g := objectGen{salt: uint64(seed), tenantID: tenantID, apps: d.Applications}
	return []Resource{g.applications(d.Applications), g.servicePrincipals(d.ServicePrincipals), g.devices(d.Devices),
		g.directoryRoles(d.DirectoryRoles), g.administrativeUnits(d.AdministrativeUnits),
		g.permissionGrants(d.OAuth2PermissionGrants)}
}

// objectGen generates the directory objects of one tenant.
type objectGen struct {
	salt     uint64
	tenantID string
	apps     int // generated applications: as many service principals are theirs
}

// prop declares a property returned by default; fixed one set at creation.
func prop(name string, kind Kind) Property { return Property{Name: name, Kind: kind, Default: true} }

func fixed(name string, kind Kind) Property {
	return Property{Name: name, Kind: kind, Default: true, Fixed: true}
}

// guid draws a random GUID.
func guid(rng *rand.Rand) string {
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", rng.Uint32(), rng.IntN(1<<16), rng.IntN(1<<12),
		0x8000|rng.IntN(1<<14), rng.Int64N(1<<48))
}

// appID is the appId of generated application i: the same for the
// application and its service principal, whatever else was drawn.
func (g objectGen) appID(i int) string {
	return guid(rand.New(rand.NewPCG(g.salt, 0x617070<<32|uint64(i))))
}
