package lakesql

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/graphlake/graphlake/sdk/table"
)

// The SQL below is the same in DuckDB and Athena (Trino): row(...) values
// compare field by field, max_by(x, y) takes x from the row of the
// greatest y, FILTER limits an aggregate's rows and contains() searches a
// list. max_by skips a null x in DuckDB, so x is wrapped in a one-element
// array: a column carried as null must stay null.

// pos orders a table's rows: (round, seq).
var pos = fmt.Sprintf("row(%s, %s)", quote(table.ColRound), quote(table.ColSeq))

// currentView is the CREATE VIEW of t's current state (see the package
// doc). snap pins it to a snapshot, whose rows snapshotRows selects (a
// FROM source over t's columns; "" when the snapshot has no rows); with
// snap nil it folds the whole change log.
func currentView(lake Lake, t Table, snap *Snapshot, snapshotRows string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE OR REPLACE VIEW %s AS\nWITH %s AS (\n%s\n), ", lake.name(t.Name+"_current"), quote("changes"), changes(lake, t, snap, snapshotRows))
	fmt.Fprintf(&b, "%s AS (\n  SELECT * FROM (\n    SELECT *, max(CASE WHEN %s = 'delete' THEN %s END) OVER (PARTITION BY %s) AS %s\n    FROM %s\n  ) AS c\n",
		quote("since_delete"), quote(table.ColOp), pos, columnList(t.Key, ""), quote(colDeletedAt), quote("changes"))
	fmt.Fprintf(&b, "  WHERE %s IS NULL OR %s > %s\n), %s AS (\n  SELECT\n", quote(colDeletedAt), pos, quote(colDeletedAt), quote("folded"))
	var cols []string
	for _, f := range t.Declared() {
		if t.isKey(f.Name) {
			cols = append(cols, quote(f.Name))
		} else {
			cols = append(cols, fmt.Sprintf("(max_by(ARRAY[%s], %s) FILTER (WHERE contains(%s, %s)))[1] AS %s",
				quote(f.Name), pos, quote(table.ColFields), literal(f.Name), quote(f.Name)))
		}
	}
	cols = append(cols, fmt.Sprintf("max(%s) AS %s", quote(table.ColRound), quote(table.ColRound)))
	for _, m := range []string{table.ColSeq, table.ColSyncedAt, table.ColStream} {
		cols = append(cols, fmt.Sprintf("max_by(%s, %s) AS %s", quote(m), pos, quote(m)))
	}
	cols = append(cols, fmt.Sprintf("(max_by(ARRAY[%s], %s))[1] AS %s", quote(table.ColExtra), pos, quote(table.ColExtra)),
		fmt.Sprintf("%s AS %s", lake.tenantValue(fmt.Sprintf("max_by(%s, %s)", quote(colTenant), pos)), quote(colTenant)))
	fmt.Fprintf(&b, "    %s\n  FROM %s\n  GROUP BY %s\n)\n", strings.Join(cols, ",\n    "), quote("since_delete"), columnList(t.Key, ""))
	if t.Parent == nil {
		fmt.Fprintf(&b, "SELECT * FROM %s;\n", quote("folded"))
	} else {
		b.WriteString(withoutOrphans(lake, t, snap))
	}
	return b.String()
}

// changes selects the rows the fold reads: the snapshot's and the change
// log's after it, or the whole change log.
func changes(lake Lake, t Table, snap *Snapshot, snapshotRows string) string {
	cols := make([]string, len(t.Fields))
	for i, f := range t.Fields {
		cols[i] = f.Name
	}
	log := fmt.Sprintf("  SELECT %s\n  FROM %s", wrapped(cols, "    "), lake.name(t.Name))
	if snap == nil {
		return log
	}
	log += "\n  WHERE " + after(snap)
	if snapshotRows == "" {
		return log
	}
	return fmt.Sprintf("%s\n  UNION ALL\n  SELECT %s\n  FROM %s", log, wrapped(cols, "    "), snapshotRows)
}

// after limits a change log to the rounds after a snapshot (and those it
// rereads); the date bound lets both engines skip older partitions.
func after(snap *Snapshot) string {
	return fmt.Sprintf("%s > %s AND %s >= %s", quote(table.ColRound), strconv.FormatInt(snap.Round-snap.Reread, 10), quote(partitionDate), literal(day(snap.Since)))
}

// withoutOrphans ends a child's current view: only the rows whose parent
// is live, written after the parent's last delete. A snapshot of the
// child already left out the rows of parents deleted up to its round, so
// only the parent's deletes after it matter.
func withoutOrphans(lake Lake, t Table, snap *Snapshot) string {
	p := t.Parent
	var on, dOn []string
	for i, pk := range t.parentKey {
		on = append(on, fmt.Sprintf("p.%s = c.%s", quote(pk), quote(p.Columns[i])))
		dOn = append(dOn, fmt.Sprintf("d.%s = c.%s", quote(pk), quote(p.Columns[i])))
	}
	where := fmt.Sprintf("%s = 'delete'", quote(table.ColOp))
	if snap != nil {
		where += " AND " + after(snap)
	}
	keys := columnList(t.parentKey, "")
	return fmt.Sprintf("SELECT c.* FROM %s AS c\nJOIN %s AS p ON %s\nLEFT JOIN (\n  SELECT %s, max(%s) AS %s\n  FROM %s\n  WHERE %s\n  GROUP BY %s\n) AS d ON %s\nWHERE d.%s IS NULL OR row(c.%s, c.%s) > d.%s;\n",
		quote("folded"), lake.name(p.Table+"_current"), strings.Join(on, " AND "), keys, pos, quote(colDeletedAt),
		lake.name(p.Table), where, keys, strings.Join(dOn, " AND "), quote(colDeletedAt), quote(table.ColRound), quote(table.ColSeq), quote(colDeletedAt))
}
