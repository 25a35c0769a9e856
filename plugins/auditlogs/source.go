package auditlogs

import (
	"time"

	"github.com/graphlake/graphlake/sdk"
)

// The source's defaults and limits.
const (
	// DefaultLookBack is how far back the first round reads.
	DefaultLookBack = 7 * 24 * time.Hour
	// Retention is how long Graph keeps the logs: the longest look-back.
	Retention = 30 * 24 * time.Hour
	// DefaultOverlap is how far before the newest event recorded each
	// round reads again: longer than the delays reported for the logs
	// (minutes, up to about half an hour for some sign-ins).
	DefaultOverlap = 30 * time.Minute
	// MaxPageSize is Graph's largest $top for the logs.
	MaxPageSize = 1000
)

// Source syncs the audit logs: one stream per log.
type Source = sdk.Log

// New returns the audit logs source.
func New() *Source {
	return &Source{
		Logs: []sdk.LogResource{
			{Stream: "signIns", Path: "auditLogs/signIns", TimeProperty: "createdDateTime", Table: SignInsTable()},
			{Stream: "directoryAudits", Path: "auditLogs/directoryAudits", TimeProperty: "activityDateTime", Table: DirectoryAuditsTable()},
		},
		// Both: Graph's known issue with the activity reports requires
		// Directory.Read.All besides AuditLog.Read.All.
		Permissions: []sdk.PermissionRequirement{
			{AnyOf: []sdk.Permission{{Name: "AuditLog.Read.All"}}},
			{AnyOf: []sdk.Permission{{Name: "Directory.Read.All"}}, For: "as Graph's activity reports require"},
		},
		MaxLookBack:     Retention,
		DefaultLookBack: DefaultLookBack,
		DefaultOverlap:  DefaultOverlap,
		MaxTop:          MaxPageSize,
	}
}
