package contacts

import "github.com/graphlake/graphlake/sdk/table"

// TableName is the table this source writes.
const TableName = "org_contacts"

// Table returns the org_contacts table: Graph's property names as typed
// columns. Properties not listed here still reach the lake, in _extra.
func Table() table.Table {
	s, b, ts := table.String(), table.Bool(), table.Timestamp()
	address := table.Struct(table.Column{Name: "city", Type: s}, table.Column{Name: "countryOrRegion", Type: s},
		table.Column{Name: "officeLocation", Type: s}, table.Column{Name: "postalCode", Type: s},
		table.Column{Name: "state", Type: s}, table.Column{Name: "street", Type: s})
	phone := table.Struct(table.Column{Name: "number", Type: s}, table.Column{Name: "type", Type: s})
	return table.Table{Name: TableName, Doc: "Microsoft Graph organisational contacts (microsoft.graph.orgContact).", Key: []string{"id"},
		Columns: []table.Column{
			{Name: "id", Type: s, Doc: "The contact's object id."},
			{Name: "displayName", Type: s}, {Name: "givenName", Type: s}, {Name: "surname", Type: s},
			{Name: "mail", Type: s}, {Name: "mailNickname", Type: s}, {Name: "companyName", Type: s},
			{Name: "department", Type: s}, {Name: "jobTitle", Type: s},
			{Name: "addresses", Type: table.List(address), Doc: "Postal addresses (physicalOfficeAddress)."},
			{Name: "phones", Type: table.List(phone), Doc: `Phone numbers; type is "business", "mobile", "businessFax"…`},
			{Name: "proxyAddresses", Type: table.List(s)},
			{Name: "onPremisesSyncEnabled", Type: b}, {Name: "onPremisesLastSyncDateTime", Type: ts},
		}}
}
