package sdktest

import "github.com/graphlake/graphlake/sdk/table"

// Project keeps, of each row, the columns of tbl that are not null,
// normalised as NormaliseDeep does, and sorts the rows by the key columns:
// rows of the lake and of the emulator's truth, projected alike, compare
// equal when they hold the same data.
func Project(tbl table.Table, rows []map[string]any, key ...string) []map[string]any {
	cols := make(map[string]bool, len(tbl.Columns))
	for _, c := range tbl.Columns {
		cols[c.Name] = true
	}
	out := make([]map[string]any, 0, len(rows))
	for _, r := range rows {
		m := map[string]any{}
		for k, v := range r {
			if cols[k] && v != nil {
				m[k] = v
			}
		}
		out = append(out, NormaliseDeep(m).(map[string]any))
	}
	SortRows(out, key...)
	return out
}
