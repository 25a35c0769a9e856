package lakesql

import (
	"fmt"
	"strings"

	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// Columns of the <table>_history views (and names their SQL uses inside).
const (
	colRoundFrom   = "round_from"
	colRoundTo     = "round_to"
	colValidFrom   = "valid_from"
	colValidTo     = "valid_to"
	colEndedBy     = "ended_by"
	colEndedReason = "ended_reason"
	colNextOp      = "_next_op"
	colNextReason  = "_next_reason"
	colNextRound   = "_next_round"
	colNextSeq     = "_next_seq"
	colParentRound = "_parent_round"
	colParentOp    = "_parent_op"
	colParentSeq   = "_parent_seq"
	colUpRound     = "_up_round"
	colUpSeq       = "_up_seq"
	colStartRound  = "_start_round"
	colStartSeq    = "_start_seq"
	colFromRound   = "_from_round"
	// roundsView lists committed rounds and their commit times.
	roundsView = "graphlake_rounds"
)

// How a version ended (ended_by): the key's next row was an upsert, or a
// delete (Graph's, or graphlake's sweeps), or its parent row was deleted.
const (
	endedUpdated       = "updated"
	endedDeleted       = "deleted"
	endedParentDeleted = "parent_deleted"
)

// sweepReasons are graphlake's own _removed_reason values, which ended_by
// names as they are (see the README's meta columns).
var sweepReasons = []string{wire.RemovedResync, wire.RemovedEnded, wire.RemovedExcluded, wire.RemovedOutsideWindow}

// historyView is the CREATE VIEW of t's validity intervals: one row per
// upsert of a key, a version, holding the key's values then (each column
// from the latest row since the key's last delete that carried it, as the
// current view merges), the round that began it and the one that ended it
// (the key's next row, or for a child table its parent's first delete
// after the version began, whichever came first), their commit times
// (graphlake_rounds) and how it ended; a child's versions follow the
// parent rule (see parentRule). It folds the whole change log: a snapshot
// keeps no history.
func historyView(lake Lake, t Table) string {
	var b strings.Builder
	key := columnList(t.Key, "")
	window := fmt.Sprintf("OVER (PARTITION BY %s ORDER BY %s, %s", key, quote(table.ColRound), quote(table.ColSeq))
	cols := make([]string, len(t.Fields))
	for i, f := range t.Fields {
		cols[i] = f.Name
	}
	fmt.Fprintf(&b, "CREATE OR REPLACE VIEW %s AS\nWITH %s AS (\n  SELECT %s,\n", lake.name(t.Name+"_history"), quote("log"), wrapped(cols, "    "))
	fmt.Fprintf(&b, "    max(CASE WHEN %s = 'delete' THEN %s END) %s ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS %s,\n",
		quote(table.ColOp), pos, window, quote(colDeletedAt))
	next := []struct{ col, as string }{{table.ColOp, colNextOp}, {table.ColRemovedReason, colNextReason}, {table.ColRound, colNextRound}, {table.ColSeq, colNextSeq}}
	for i, n := range next {
		sep := ","
		if i == len(next)-1 {
			sep = ""
		}
		fmt.Fprintf(&b, "    lead(%s) %s) AS %s%s\n", quote(n.col), window, quote(n.as), sep)
	}
	fmt.Fprintf(&b, "  FROM %s\n), %s AS (\n  SELECT\n", lake.name(t.Name), quote("versions"))
	rpos := fmt.Sprintf("row(r.%s, r.%s)", quote(table.ColRound), quote(table.ColSeq))
	vpos := fmt.Sprintf("row(v.%s, v.%s)", quote(table.ColRound), quote(table.ColSeq))
	var sel []string
	for _, f := range t.Declared() {
		if t.isKey(f.Name) {
			sel = append(sel, "v."+quote(f.Name))
		} else {
			sel = append(sel, fmt.Sprintf("(max_by(ARRAY[r.%s], %s) FILTER (WHERE contains(r.%s, %s)))[1] AS %s",
				quote(f.Name), rpos, quote(table.ColFields), literal(f.Name), quote(f.Name)))
		}
	}
	sel = append(sel, "v."+quote(table.ColRound), "v."+quote(table.ColSeq))
	for _, m := range []string{table.ColSyncedAt, table.ColStream} {
		sel = append(sel, fmt.Sprintf("max_by(r.%s, %s) AS %s", quote(m), rpos, quote(m)))
	}
	sel = append(sel, fmt.Sprintf("(max_by(ARRAY[r.%s], %s))[1] AS %s", quote(table.ColExtra), rpos, quote(table.ColExtra)),
		fmt.Sprintf("max_by(r.%s, %s) AS %s", quote(colTenant), rpos, quote(colTenant)))
	for _, n := range next {
		sel = append(sel, fmt.Sprintf("max(v.%s) AS %s", quote(n.as), quote(n.as)))
	}
	var on []string
	for _, k := range t.Key {
		on = append(on, fmt.Sprintf("r.%s = v.%s", quote(k), quote(k)))
	}
	vkey := columnList(t.Key, "v")
	fmt.Fprintf(&b, "    %s\n  FROM %s AS v\n  JOIN %s AS r ON %s\n    AND %s <= %s AND (v.%s IS NULL OR %s > v.%s)\n  WHERE v.%s = 'upsert'\n  GROUP BY %s, v.%s, v.%s\n)",
		strings.Join(sel, ",\n    "), quote("log"), quote("log"), strings.Join(on, " AND "), rpos, vpos, quote(colDeletedAt), rpos, quote(colDeletedAt),
		quote(table.ColOp), vkey, quote(table.ColRound), quote(table.ColSeq))
	parentRound, fromRound := "CAST(NULL AS BIGINT)", "v."+quote(table.ColRound)
	from := quote("versions") + " AS v"
	if t.Parent != nil {
		b.WriteString(parentRule(lake, t, vkey))
		parentRound, fromRound = "e."+quote(colParentRound), "v."+quote(colStartRound)
		var eOn []string
		for _, k := range append(append([]string{}, t.Key...), table.ColRound, table.ColSeq) {
			eOn = append(eOn, fmt.Sprintf("e.%s = v.%s", quote(k), quote(k)))
		}
		from = fmt.Sprintf("%s AS v\n  LEFT JOIN %s AS e ON %s\n  WHERE e.%s IS NULL OR row(e.%s, e.%s) > row(v.%s, v.%s)",
			quote("visible"), quote("parent_ends"), strings.Join(eOn, " AND "), quote(colParentRound), quote(colParentRound), quote(colParentSeq),
			quote(colStartRound), quote(colStartSeq))
	}
	fmt.Fprintf(&b, ", %s AS (\n  SELECT v.*,\n    %s AS %s,\n    coalesce(%s, v.%s) AS %s,\n    %s AS %s,\n    CASE WHEN %s IS NULL AND v.%s = 'delete' THEN v.%s END AS %s\n  FROM %s\n)\n",
		quote("closed"), fromRound, quote(colFromRound), parentRound, quote(colNextRound), quote(colRoundTo), endedBy(parentRound), quote(colEndedBy),
		parentRound, quote(colNextOp), quote(colNextReason), quote(colEndedReason), from)
	var out []string
	for _, f := range t.Declared() {
		out = append(out, "h."+quote(f.Name))
	}
	out = append(out, fmt.Sprintf("h.%s AS %s", quote(colFromRound), quote(colRoundFrom)), fmt.Sprintf("f.%s AS %s", quote("committed_at"), quote(colValidFrom)),
		"h."+quote(colRoundTo), fmt.Sprintf("t.%s AS %s", quote("committed_at"), quote(colValidTo)), "h."+quote(colEndedBy), "h."+quote(colEndedReason))
	for _, m := range []string{table.ColSeq, table.ColSyncedAt, table.ColStream, table.ColExtra, colTenant} {
		out = append(out, "h."+quote(m))
	}
	fmt.Fprintf(&b, "SELECT %s\nFROM %s AS h\nLEFT JOIN %s AS f ON f.%s = h.%s\nLEFT JOIN %s AS t ON t.%s = h.%s;\n",
		strings.Join(out, ",\n  "), quote("closed"), lake.name(roundsView), quote("round"), quote(colFromRound), lake.name(roundsView), quote("round"), quote(colRoundTo))
	return b.String()
}

// endedBy is the CASE that names how a version ended.
func endedBy(parentRound string) string {
	sweeps := make([]string, len(sweepReasons))
	for i, r := range sweepReasons {
		sweeps[i] = literal(r)
	}
	return fmt.Sprintf("CASE WHEN %s IS NOT NULL THEN %s WHEN v.%s = 'upsert' THEN %s WHEN v.%s IN (%s) THEN v.%s WHEN v.%s = 'delete' THEN %s END",
		parentRound, literal(endedParentDeleted), quote(colNextOp), literal(endedUpdated), quote(colNextReason), strings.Join(sweeps, ", "),
		quote(colNextReason), quote(colNextOp), literal(endedDeleted))
}

// parentRule applies the parent rule to a child table's versions over
// time. A version shows only while its parent row is live and was not
// deleted since the version began: it starts with its row if the parent
// is live then, else with the parent's next upsert (none, or none before
// the key's next row: it never shows; "visible" holds the others), and
// ends at the parent's first delete after its row if that comes before
// the key's next row ("parent_ends"); a delete between the row and the
// start (a parent deleted twice) means it never shows either, as a child
// row last written before its parent's last delete does not.
func parentRule(lake Lake, t Table, vkey string) string {
	p := t.Parent
	var on []string
	for i, pk := range t.parentKey {
		on = append(on, fmt.Sprintf("d.%s = v.%s", quote(pk), quote(p.Columns[i])))
	}
	var sOn []string
	for _, k := range append(append([]string{}, t.Key...), table.ColRound, table.ColSeq) {
		sOn = append(sOn, fmt.Sprintf("s.%s = v.%s", quote(k), quote(k)))
	}
	r, sq, op := quote(table.ColRound), quote(table.ColSeq), quote(table.ColOp)
	dpos, vpos := fmt.Sprintf("row(d.%s, d.%s)", r, sq), fmt.Sprintf("row(v.%s, v.%s)", r, sq)
	startPos := fmt.Sprintf("row(v.%s, v.%s)", quote(colStartRound), quote(colStartSeq))
	nextPos := fmt.Sprintf("row(v.%s, v.%s)", quote(colNextRound), quote(colNextSeq))
	group := fmt.Sprintf("%s, v.%s, v.%s", vkey, r, sq)
	after := fmt.Sprintf("d.%s = 'upsert' AND %s > %s", op, dpos, vpos)
	return fmt.Sprintf(`, %[1]s AS (
  SELECT %[2]s, v.%[3]s, v.%[4]s,
    max_by(d.%[5]s, %[6]s) FILTER (WHERE %[6]s <= %[7]s) AS %[8]s,
    min_by(d.%[3]s, %[6]s) FILTER (WHERE %[9]s) AS %[10]s,
    min_by(d.%[4]s, %[6]s) FILTER (WHERE %[9]s) AS %[11]s
  FROM %[12]s AS v
  LEFT JOIN %[13]s AS d ON %[14]s
  GROUP BY %[15]s
), %[16]s AS (
  SELECT * FROM (
    SELECT v.*,
      CASE WHEN s.%[8]s = 'upsert' THEN v.%[3]s ELSE s.%[10]s END AS %[17]s,
      CASE WHEN s.%[8]s = 'upsert' THEN v.%[4]s ELSE s.%[11]s END AS %[18]s
    FROM %[12]s AS v
    JOIN %[1]s AS s ON %[19]s
  ) AS v
  WHERE v.%[17]s IS NOT NULL AND (v.%[20]s IS NULL OR %[21]s < %[22]s)
), %[23]s AS (
  SELECT %[15]s, min(d.%[3]s) AS %[24]s, min_by(d.%[4]s, %[6]s) AS %[25]s
  FROM %[16]s AS v
  JOIN %[13]s AS d ON %[14]s AND d.%[5]s = 'delete'
    AND %[6]s > %[7]s AND (v.%[20]s IS NULL OR %[6]s < %[22]s)
  GROUP BY %[15]s
)`, quote("parent_state"), vkey, r, sq, op, dpos, vpos, quote(colParentOp), after, quote(colUpRound), quote(colUpSeq),
		quote("versions"), lake.name(p.Table), strings.Join(on, " AND "), group,
		quote("visible"), quote(colStartRound), quote(colStartSeq), strings.Join(sOn, " AND "), quote(colNextRound), startPos, nextPos,
		quote("parent_ends"), quote(colParentRound), quote(colParentSeq))
}

// writeHistories appends the history view of every table not skipped, and
// the transitive membership views where membership tables have them.
func writeHistories(b *strings.Builder, lake Lake, tables []Table, skipped map[string]bool) {
	for _, t := range tables {
		if skipped[t.Name] {
			continue
		}
		what := "The history of a table: one row per version of a key, valid from round_from's commit (valid_from) until round_to's (valid_to, null while it lasts)"
		if t.Parent != nil {
			what += "; a version also ends when its parent row is deleted"
		}
		fmt.Fprintf(b, "\n-- %s.\n%s", what, historyView(lake, t))
	}
	groups := membershipOf(tables, skipped)
	for _, t := range tables {
		if !skipped[t.Name] && hasMembership(t) {
			fmt.Fprintf(b, "\n-- Nested membership: every (group, member) pair that member links join, at most %d deep, with the shortest depth.\n%s",
				MaxNestingDepth, transitiveView(lake, t))
		}
		if !skipped[t.Name] && hasRoleMembership(t, groups) {
			fmt.Fprintf(b, "\n-- Role membership: every way a principal holds a role, directly or as a member of a role-assignable group.\n%s",
				roleTransitiveView(lake, t, *groups))
		}
	}
	for _, t := range tables {
		if !skipped[t.Name] && hasDriveTree(t) {
			fmt.Fprintf(b, "\n-- Drive item paths: every current item's path as the current folder tree gives it, at most %d levels deep.\n%s",
				MaxDriveDepth, drivePathsView(lake, t))
		}
	}
}
