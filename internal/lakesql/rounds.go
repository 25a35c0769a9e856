package lakesql

import (
	"fmt"
	"strconv"
	"time"

	"github.com/graphlake/graphlake/sdk/table"
)

// AsOf pins every view to a past round: the change log stops at it, the
// current views are its state, the history views end there.
type AsOf struct {
	// Round is the pinned round.
	Round int64
	// SHA256 hashes the round's manifest entry (etl history, etl verify).
	SHA256 string
	// Chain names the manifest chain that holds the entry ("" for the root
	// chain, else "<index>-of-<count>").
	Chain string
	// CommittedAt is when the round committed.
	CommittedAt time.Time
}

// asOfView names the pinned round and its entry's hash in the SQL.
const asOfView = "graphlake_as_of"

// pinRows limits a change-log view to the rounds up to the pinned one; the
// date bound (the commit's day and the next, for clocks that disagree)
// lets both engines skip later partitions. "" when nothing is pinned.
func (l Lake) pinRows() string {
	if l.AsOf == nil {
		return ""
	}
	return fmt.Sprintf(" AND %s <= %d AND %s <= %s", quote(table.ColRound), l.AsOf.Round,
		quote(partitionDate), literal(day(l.AsOf.CommittedAt.AddDate(0, 0, 1))))
}

// pinRounds limits graphlake_rounds; "" when nothing is pinned.
func (l Lake) pinRounds(col string) string {
	if l.AsOf == nil {
		return ""
	}
	return fmt.Sprintf(" AND %s <= %d", col, l.AsOf.Round)
}

// asOfStatement is the graphlake_as_of view: the pinned round, its commit
// time and its entry's SHA-256, so that an answer can carry its evidence.
func asOfStatement(l Lake) string {
	if l.AsOf == nil {
		return ""
	}
	return fmt.Sprintf(`
-- graphlake_as_of: the round every view is pinned to, and the SHA-256 of its manifest entry (check with etl verify).
CREATE OR REPLACE VIEW %s AS
SELECT %s, %s, %s AS %s, %s AS %s
FROM %s
WHERE %s = %d;
`, l.name(asOfView), quote("round"), quote("committed_at"), literal(l.AsOf.SHA256), quote("entry_sha256"),
		literal(l.AsOf.Chain), quote("chain"), l.name(roundsView), quote("round"), l.AsOf.Round)
}

// asOfComment is the header line of pinned SQL.
func asOfComment(l Lake) string {
	if l.AsOf == nil {
		return ""
	}
	chain := ""
	if l.AsOf.Chain != "" {
		chain = " of shard chain " + commentSafe(l.AsOf.Chain)
	}
	return fmt.Sprintf("-- Pinned as of round %d (committed %s): manifest entry%s SHA-256 %s; check it with etl verify.\n",
		l.AsOf.Round, l.AsOf.CommittedAt.UTC().Format(time.RFC3339), chain, commentSafe(l.AsOf.SHA256))
}

// duckdbRounds lists the committed rounds with their commit times.
func duckdbRounds(lake Lake) string {
	entry, glob := `'_manifest/[0-9]{20}[.]json$'`, "_manifest/*.json"
	if lake.Sharded {
		entry, glob = `'_manifest/(shards/[0-9]+-of-[0-9]+/)?[0-9]{20}[.]json$'`, "_manifest/**/*.json"
	}
	return fmt.Sprintf(`
-- graphlake_rounds: the committed rounds and when each committed.
CREATE OR REPLACE VIEW %s AS
SELECT "round", CAST(committed_at AS TIMESTAMPTZ) AS "committed_at"
FROM read_json(%s, filename = true, maximum_object_size = 1073741824,
  columns = {"round": 'BIGINT', committed_at: 'VARCHAR'})
WHERE regexp_matches(filename, %s)%s;
`, lake.name(roundsView), literal(lake.location(glob)), entry, lake.pinRounds(`"round"`))
}

// athenaRounds reads the rounds and commit times from the manifest's
// lines: an entry's own keys are the lines indented by two spaces.
func athenaRounds(lake Lake) string {
	entry := `'/_manifest/[0-9]{20}[.]json$'`
	if lake.Sharded {
		entry = `'/_manifest/(shards/[0-9]+-of-[0-9]+/)?[0-9]{20}[.]json$'`
	}
	pin := ""
	if lake.AsOf != nil {
		pin = "\nHAVING " + pinRoundsExpr + " <= " + strconv.FormatInt(lake.AsOf.Round, 10)
	}
	return fmt.Sprintf(`
-- graphlake_rounds: the committed rounds and when each committed.
CREATE OR REPLACE VIEW %s AS
SELECT %s AS "round",
  max(CAST(from_iso8601_timestamp_nanos(regexp_extract("line", '^  "committed_at": "([^"]+)",?$', 1)) AS timestamp(3))) AS "committed_at"
FROM %s
WHERE regexp_like("$path", %s)
GROUP BY "$path"%s;
`, lake.name(roundsView), pinRoundsExpr, lake.name(linesTable), entry, pin)
}

// pinRoundsExpr is an Athena entry's round, from its "round" line.
const pinRoundsExpr = `max(CAST(regexp_extract("line", '^  "round": ([0-9]+),?$', 1) AS bigint))`
