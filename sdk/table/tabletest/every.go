// Package tabletest holds tables for the tests of code that handles any
// table: the SDK's, the host's and a plugin author's.
package tabletest

import "github.com/graphlake/graphlake/sdk/table"

// EveryType returns a table named name with a key column "id" and a
// column of each type a table may declare: s (string), b (bool), i
// (int64), f (float64), ts (timestamp), d (date), j (JSON), l (list of
// strings), st (struct of x, a string, and y, an int64) and ls (list of
// structs of z, a bool).
func EveryType(name string) table.Table {
	return table.Table{Name: name, Key: []string{"id"}, Columns: []table.Column{
		{Name: "id", Type: table.String()},
		{Name: "s", Type: table.String()}, {Name: "b", Type: table.Bool()}, {Name: "i", Type: table.Int64()},
		{Name: "f", Type: table.Float64()}, {Name: "ts", Type: table.Timestamp()}, {Name: "d", Type: table.Date()},
		{Name: "j", Type: table.JSON()}, {Name: "l", Type: table.List(table.String())},
		{Name: "st", Type: table.Struct(table.Column{Name: "x", Type: table.String()}, table.Column{Name: "y", Type: table.Int64()})},
		{Name: "ls", Type: table.List(table.Struct(table.Column{Name: "z", Type: table.Bool()}))},
	}}
}
