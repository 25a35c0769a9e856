package users

import (
	"encoding/json"

	"github.com/graphlake/graphlake/sdk/table"
)

// TableName is the table this source writes.
const TableName = "users"

// Table returns the users table: Graph's property names as typed columns.
// Properties not listed here still reach the lake, in _extra.
func Table() table.Table {
	s, b, ts := table.String(), table.Bool(), table.Timestamp()
	strs := table.List(table.String())
	return table.Table{Name: TableName, Doc: "Microsoft Graph users (microsoft.graph.user).", Key: []string{"id"},
		Columns: []table.Column{
			{Name: "id", Type: s, Doc: "The user's object id."},
			{Name: "displayName", Type: s}, {Name: "givenName", Type: s}, {Name: "surname", Type: s},
			{Name: "userPrincipalName", Type: s}, {Name: "mail", Type: s}, {Name: "mailNickname", Type: s},
			{Name: "jobTitle", Type: s}, {Name: "department", Type: s}, {Name: "companyName", Type: s},
			{Name: "officeLocation", Type: s}, {Name: "mobilePhone", Type: s}, {Name: "businessPhones", Type: strs},
			{Name: "accountEnabled", Type: b}, {Name: "userType", Type: s}, {Name: "employeeId", Type: s},
			{Name: "employeeType", Type: s}, {Name: "city", Type: s}, {Name: "state", Type: s},
			{Name: "country", Type: s}, {Name: "streetAddress", Type: s}, {Name: "postalCode", Type: s},
			{Name: "usageLocation", Type: s}, {Name: "preferredLanguage", Type: s},
			{Name: "otherMails", Type: strs}, {Name: "proxyAddresses", Type: strs},
			{Name: "createdDateTime", Type: ts}, {Name: "employeeHireDate", Type: ts},
			{Name: "lastPasswordChangeDateTime", Type: ts},
			{Name: "onPremisesSyncEnabled", Type: b}, {Name: "onPremisesImmutableId", Type: s},
			{Name: "onPremisesSamAccountName", Type: s}, {Name: "onPremisesLastSyncDateTime", Type: ts},
			{Name: "managerId", Type: s, From: "manager@delta", Extract: managerID,
				Doc: "The manager's object id, from manager@delta when manager is selected."},
		}}
}

// managerID reads the current manager from a manager@delta array: the last
// entry that is not @removed, or null when the manager was removed.
func managerID(obj table.Object) (json.RawMessage, bool) {
	raw, ok := obj["manager@delta"]
	if !ok {
		return nil, false
	}
	var links []struct {
		ID      string          `json:"id"`
		Removed json.RawMessage `json:"@removed"`
	}
	if err := json.Unmarshal(raw, &links); err != nil {
		return nil, false
	}
	id := json.RawMessage("null")
	for _, l := range links {
		if l.Removed == nil && l.ID != "" {
			id, _ = json.Marshal(l.ID)
		}
	}
	return id, true
}
