package directory

import "github.com/graphlake/graphlake/sdk/table"

// Table names, which are also the values of the resources attribute.
const (
	Applications              = "applications"
	ServicePrincipals         = "service_principals"
	Devices                   = "devices"
	DirectoryRoles            = "directory_roles"
	DirectoryRoleMembers      = "directory_role_members"
	AdministrativeUnits       = "administrative_units"
	AdministrativeUnitMembers = "administrative_unit_members"
	PermissionGrants          = "oauth2_permission_grants"
)

// col is a column without a doc.
func col(name string, typ table.Type) table.Column { return table.Column{Name: name, Type: typ} }

// keyCredential and passwordCredential are Graph's credential metadata:
// Graph never returns the key or the secret, so neither is a column.
func keyCredential() table.Type {
	s, ts := table.String(), table.Timestamp()
	return table.Struct(col("customKeyIdentifier", s), col("displayName", s), col("endDateTime", ts),
		col("keyId", s), col("startDateTime", ts), col("type", s), col("usage", s))
}

func passwordCredential() table.Type {
	s, ts := table.String(), table.Timestamp()
	return table.Struct(col("customKeyIdentifier", s), col("displayName", s), col("endDateTime", ts),
		col("hint", s), col("keyId", s), col("startDateTime", ts))
}

// appRole is an application role an app defines.
func appRole() table.Type {
	s := table.String()
	return table.Struct(col("allowedMemberTypes", table.List(s)), col("description", s), col("displayName", s),
		col("id", s), col("isEnabled", table.Bool()), col("origin", s), col("value", s))
}

// credentialColumns are the credential columns of applications and
// service principals.
func credentialColumns() []table.Column {
	return []table.Column{
		{Name: "keyCredentials", Type: table.List(keyCredential()), Doc: "Certificates: metadata only, Graph never returns the key."},
		{Name: "passwordCredentials", Type: table.List(passwordCredential()), Doc: "Client secrets: metadata and hint only, Graph never returns the secret."},
		{Name: "appRoles", Type: table.List(appRole()), Doc: "Application roles the app defines."},
	}
}

// ApplicationsTable returns applications: one row per app registration.
func ApplicationsTable() table.Table {
	s, b, ts, strs := table.String(), table.Bool(), table.Timestamp(), table.List(table.String())
	access := table.Struct(col("resourceAppId", s),
		col("resourceAccess", table.List(table.Struct(col("id", s), col("type", s)))))
	web := table.Struct(col("homePageUrl", s), col("logoutUrl", s), col("redirectUris", strs),
		col("implicitGrantSettings", table.Struct(col("enableAccessTokenIssuance", b), col("enableIdTokenIssuance", b))))
	cols := []table.Column{
		{Name: "id", Type: s, Doc: "The application's object id."},
		{Name: "appId", Type: s, Doc: "The application (client) id, shared with its service principals."},
		col("displayName", s), col("description", s), col("signInAudience", s), col("publisherDomain", s),
		col("createdDateTime", ts), col("identifierUris", strs), col("tags", strs),
		col("notes", s), col("isFallbackPublicClient", b),
	}
	cols = append(cols, credentialColumns()...)
	cols = append(cols,
		table.Column{Name: "requiredResourceAccess", Type: table.List(access), Doc: "The API permissions the app asks for (Scope: delegated, Role: application)."},
		col("web", web))
	return table.Table{Name: Applications, Doc: "App registrations (microsoft.graph.application).", Key: []string{"id"}, Columns: cols}
}

// ServicePrincipalsTable returns service_principals: one row per service
// principal (enterprise app, managed identity, Microsoft app).
func ServicePrincipalsTable() table.Table {
	s, b, strs := table.String(), table.Bool(), table.List(table.String())
	scope := table.Struct(col("adminConsentDescription", s), col("adminConsentDisplayName", s), col("id", s),
		col("isEnabled", b), col("type", s), col("userConsentDescription", s), col("userConsentDisplayName", s), col("value", s))
	cols := []table.Column{
		{Name: "id", Type: s, Doc: "The service principal's object id."},
		col("accountEnabled", b), {Name: "appId", Type: s, Doc: "The application (client) id."},
		col("appDisplayName", s), {Name: "appOwnerOrganizationId", Type: s, Doc: "The tenant that owns the application."},
		col("appRoleAssignmentRequired", b), col("displayName", s), col("description", s), col("homepage", s),
		col("notes", s), col("preferredSingleSignOnMode", s), col("servicePrincipalNames", strs),
		{Name: "servicePrincipalType", Type: s, Doc: `"Application", "ManagedIdentity", "Legacy" or "SocialIdp".`},
		col("signInAudience", s), col("tags", strs),
	}
	cols = append(cols, credentialColumns()...)
	cols = append(cols, table.Column{Name: "oauth2PermissionScopes", Type: table.List(scope), Doc: "Delegated permissions the app exposes."})
	return table.Table{Name: ServicePrincipals, Doc: "Service principals (microsoft.graph.servicePrincipal).", Key: []string{"id"}, Columns: cols}
}
