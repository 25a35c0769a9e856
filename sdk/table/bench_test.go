package table

import (
	"encoding/json"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// benchUsers is a users table like the users plugin declares.
var benchUsers = Table{Name: "users", Key: []string{"id"}, Columns: []Column{
	{Name: "id", Type: String()}, {Name: "displayName", Type: String()}, {Name: "givenName", Type: String()},
	{Name: "surname", Type: String()}, {Name: "userPrincipalName", Type: String()}, {Name: "mail", Type: String()},
	{Name: "jobTitle", Type: String()}, {Name: "department", Type: String()}, {Name: "officeLocation", Type: String()},
	{Name: "mobilePhone", Type: String()}, {Name: "businessPhones", Type: List(String())},
	{Name: "accountEnabled", Type: Bool()}, {Name: "createdDateTime", Type: Timestamp()},
	{Name: "employeeHireDate", Type: Timestamp()}, {Name: "proxyAddresses", Type: List(String())},
	{Name: "managerId", Type: String(), Extract: managerID, From: "manager@delta"},
}}

// benchUser is a realistic Graph user item: 15 properties, one unknown.
const benchUser = `{"@odata.type":"#microsoft.graph.user","id":"4562bcc8-c436-4f95-b7c0-4f8ce89dca5e",
"displayName":"Adele Vance","givenName":"Adele","surname":"Vance","userPrincipalName":"AdeleV@contoso.com",
"mail":"AdeleV@contoso.com","jobTitle":"Retail Manager","department":"Retail","officeLocation":"18/2111",
"mobilePhone":null,"businessPhones":["+1 425 555 0109"],"accountEnabled":true,
"createdDateTime":"2024-05-01T10:00:00Z","employeeHireDate":"2019-03-12T08:00:00.123Z",
"proxyAddresses":["SMTP:AdeleV@contoso.com","smtp:adele@contoso.onmicrosoft.com"],
"usageLocation":"US","manager@delta":[{"@odata.type":"#microsoft.graph.user","id":"m1"}]}`

// BenchmarkAppendUser measures one user per op through Append (items
// decoded by encoding/json), AppendRaw, AppendItem (the SDK's delta loop)
// and an ObjectReader then Append (the delta loop of a stream with an Item
// hook).
func BenchmarkAppendUser(b *testing.B) {
	var obj Object
	if err := json.Unmarshal([]byte(benchUser), &obj); err != nil {
		b.Fatal(err)
	}
	b.Run("Append", func(b *testing.B) {
		bench(b, func(bl *Builder) error { return bl.Append(obj, testMeta) })
	})
	b.Run("AppendRaw", func(b *testing.B) {
		bench(b, func(bl *Builder) error { return bl.AppendRaw([]byte(benchUser), testMeta) })
	})
	b.Run("AppendItem", func(b *testing.B) {
		bench(b, func(bl *Builder) error { _, err := bl.AppendItem([]byte(benchUser), testMeta); return err })
	})
	b.Run("ReadAppend", func(b *testing.B) {
		var r ObjectReader
		bench(b, func(bl *Builder) error {
			obj, err := r.Read([]byte(benchUser))
			if err != nil {
				return err
			}
			return bl.Append(obj, testMeta)
		})
	})
}

func bench(b *testing.B, add func(*Builder) error) {
	bl := NewBuilder(memory.NewGoAllocator(), benchUsers)
	defer bl.Release()
	b.ReportAllocs()
	for b.Loop() {
		if err := add(bl); err != nil {
			b.Fatal(err)
		}
		if bl.Len() == 8192 {
			bl.NewRecord().Release()
		}
	}
}
