// Package applications is an example plugin built as a module of its own
// against graphlake's SDK: Microsoft Graph's /applications/delta
// (microsoft.graph.application) as the table applications, one row per app
// registration, declared with sdk.Directory. Credentials are lists of
// structs without secret values, which Graph never returns. A deleted
// application is soft-deleted (restorable for 30 days): its tombstone's
// reason is "changed", or "deleted" once purged.
//
// Permissions: Application.Read.All or Directory.Read.All (application).
package applications

import (
	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
)

// New returns the applications source: stream "applications", or one per
// chunk of ids.
func New() *sdk.Directory[sdk.DirectoryBlock] {
	return &sdk.Directory[sdk.DirectoryBlock]{Path: "applications", Type: "application", Table: Table(),
		DefaultSelect: []string{"appId", "displayName", "description", "signInAudience", "publisherDomain",
			"createdDateTime", "deletedDateTime", "identifierUris", "tags", "keyCredentials",
			"passwordCredentials", "requiredResourceAccess"},
		Permissions: []sdk.Permission{{Name: "Application.Read.All"}, {Name: "Directory.Read.All"}}}
}

// Table returns the applications table: Graph's property names as typed
// columns.
func Table() table.Table {
	s, ts, strs := table.String(), table.Timestamp(), table.List(table.String())
	col := func(name string, typ table.Type) table.Column { return table.Column{Name: name, Type: typ} }
	key := table.Struct(col("customKeyIdentifier", s), col("displayName", s), col("endDateTime", ts),
		col("keyId", s), col("startDateTime", ts), col("type", s), col("usage", s))
	password := table.Struct(col("customKeyIdentifier", s), col("displayName", s), col("endDateTime", ts),
		col("hint", s), col("keyId", s), col("startDateTime", ts))
	access := table.Struct(col("resourceAppId", s),
		col("resourceAccess", table.List(table.Struct(col("id", s), col("type", s)))))
	return table.Table{Name: "applications", Doc: "App registrations (microsoft.graph.application).", Key: []string{"id"},
		Columns: []table.Column{col("id", s), col("appId", s), col("displayName", s), col("description", s),
			col("signInAudience", s), col("publisherDomain", s), col("createdDateTime", ts),
			col("deletedDateTime", ts), col("identifierUris", strs), col("tags", strs),
			col("keyCredentials", table.List(key)), col("passwordCredentials", table.List(password)),
			col("requiredResourceAccess", table.List(access))}}
}
