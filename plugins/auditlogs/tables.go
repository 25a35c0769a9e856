package auditlogs

import (
	"encoding/json"

	"github.com/graphlake/graphlake/sdk/table"
)

// Table names.
const (
	SignInsTableName         = "sign_ins"
	DirectoryAuditsTableName = "directory_audits"
)

// SignInsTable returns the sign_ins table: Graph's signIn properties as
// typed columns, one row per event, never updated.
func SignInsTable() table.Table {
	s, b, ts := table.String(), table.Bool(), table.Timestamp()
	strs := table.List(table.String())
	return table.Table{Name: SignInsTableName, Doc: "Microsoft Entra ID sign-ins (microsoft.graph.signIn), append-only: one row per event.",
		Key: []string{"id"}, AppendOnly: true, PartitionBy: "createdDateTime",
		Columns: []table.Column{
			{Name: "id", Type: s, Doc: "The sign-in's id."},
			{Name: "createdDateTime", Type: ts, Doc: "When the sign-in happened."},
			{Name: "eventDate", Type: table.Date(), From: "createdDateTime", Extract: eventDate("createdDateTime"),
				Doc: "The UTC date of createdDateTime, for partition pruning."},
			{Name: "userDisplayName", Type: s}, {Name: "userPrincipalName", Type: s}, {Name: "userId", Type: s},
			{Name: "appId", Type: s}, {Name: "appDisplayName", Type: s}, {Name: "ipAddress", Type: s},
			{Name: "clientAppUsed", Type: s}, {Name: "correlationId", Type: s}, {Name: "conditionalAccessStatus", Type: s},
			{Name: "isInteractive", Type: b}, {Name: "resourceDisplayName", Type: s}, {Name: "resourceId", Type: s},
			{Name: "riskDetail", Type: s}, {Name: "riskLevelAggregated", Type: s}, {Name: "riskLevelDuringSignIn", Type: s},
			{Name: "riskState", Type: s}, {Name: "riskEventTypes_v2", Type: strs},
			{Name: "status", Type: table.Struct(
				table.Column{Name: "errorCode", Type: table.Int64()}, table.Column{Name: "failureReason", Type: s},
				table.Column{Name: "additionalDetails", Type: s})},
			{Name: "deviceDetail", Type: table.Struct(
				table.Column{Name: "deviceId", Type: s}, table.Column{Name: "displayName", Type: s},
				table.Column{Name: "operatingSystem", Type: s}, table.Column{Name: "browser", Type: s},
				table.Column{Name: "isCompliant", Type: b}, table.Column{Name: "isManaged", Type: b},
				table.Column{Name: "trustType", Type: s})},
			{Name: "location", Type: table.Struct(
				table.Column{Name: "city", Type: s}, table.Column{Name: "state", Type: s},
				table.Column{Name: "countryOrRegion", Type: s},
				table.Column{Name: "geoCoordinates", Type: table.Struct(
					table.Column{Name: "altitude", Type: table.Float64()}, table.Column{Name: "latitude", Type: table.Float64()},
					table.Column{Name: "longitude", Type: table.Float64()})})},
			{Name: "appliedConditionalAccessPolicies", Type: table.List(table.Struct(
				table.Column{Name: "id", Type: s}, table.Column{Name: "displayName", Type: s},
				table.Column{Name: "enforcedGrantControls", Type: strs}, table.Column{Name: "enforcedSessionControls", Type: strs},
				table.Column{Name: "result", Type: s}))},
		}}
}

// DirectoryAuditsTable returns the directory_audits table: Graph's
// directoryAudit properties as typed columns, one row per event, never
// updated.
func DirectoryAuditsTable() table.Table {
	s := table.String()
	return table.Table{Name: DirectoryAuditsTableName, Doc: "Microsoft Entra ID directory audits (microsoft.graph.directoryAudit), append-only: one row per event.",
		Key: []string{"id"}, AppendOnly: true, PartitionBy: "activityDateTime",
		Columns: []table.Column{
			{Name: "id", Type: s, Doc: "The audit event's id."},
			{Name: "activityDateTime", Type: table.Timestamp(), Doc: "When the activity happened."},
			{Name: "eventDate", Type: table.Date(), From: "activityDateTime", Extract: eventDate("activityDateTime"),
				Doc: "The UTC date of activityDateTime, for partition pruning."},
			{Name: "activityDisplayName", Type: s}, {Name: "category", Type: s}, {Name: "correlationId", Type: s},
			{Name: "result", Type: s}, {Name: "resultReason", Type: s}, {Name: "loggedByService", Type: s},
			{Name: "operationType", Type: s},
			{Name: "initiatedBy", Type: table.Struct(
				table.Column{Name: "user", Type: table.Struct(
					table.Column{Name: "id", Type: s}, table.Column{Name: "displayName", Type: s},
					table.Column{Name: "userPrincipalName", Type: s}, table.Column{Name: "ipAddress", Type: s},
					table.Column{Name: "userType", Type: s}, table.Column{Name: "homeTenantId", Type: s},
					table.Column{Name: "homeTenantName", Type: s})},
				table.Column{Name: "app", Type: table.Struct(
					table.Column{Name: "appId", Type: s}, table.Column{Name: "displayName", Type: s},
					table.Column{Name: "servicePrincipalId", Type: s}, table.Column{Name: "servicePrincipalName", Type: s})})},
			{Name: "targetResources", Type: table.List(table.Struct(
				table.Column{Name: "id", Type: s}, table.Column{Name: "displayName", Type: s},
				table.Column{Name: "type", Type: s}, table.Column{Name: "userPrincipalName", Type: s},
				table.Column{Name: "groupType", Type: s},
				table.Column{Name: "modifiedProperties", Type: table.List(table.Struct(
					table.Column{Name: "displayName", Type: s}, table.Column{Name: "oldValue", Type: s},
					table.Column{Name: "newValue", Type: s}))}))},
			{Name: "additionalDetails", Type: table.List(table.Struct(
				table.Column{Name: "key", Type: s}, table.Column{Name: "value", Type: s}))},
		}}
}

// eventDate derives the UTC date ("2026-03-01") of a time property, or
// null when it is not a time.
func eventDate(property string) func(obj table.Object) (json.RawMessage, bool) {
	return func(obj table.Object) (json.RawMessage, bool) {
		var text string
		if err := json.Unmarshal(obj[property], &text); err != nil || len(text) < len("2006-01-02") {
			return json.RawMessage("null"), true
		}
		raw, _ := json.Marshal(text[:len("2006-01-02")])
		return raw, true
	}
}
