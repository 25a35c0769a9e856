package lakesql

import (
	"regexp"
	"strings"
)

// Names the generated SQL uses beside a table's own columns.
const (
	// partitionDate is the change log's hive partition (date=YYYY-MM-DD).
	partitionDate = "date"
	// partitionSnapshot is a snapshot's folder (snapshot=<round>-<run id>).
	partitionSnapshot = "snapshot"
	// colFile is the file a DuckDB row was read from.
	colFile = "_file"
	// colDeletedAt is the (round, seq) of a key's last delete.
	colDeletedAt = "_deleted_at"
	// filesView lists the committed files (both dialects).
	filesView = "graphlake_files"
	// linesTable is Athena's table of the manifest's lines.
	linesTable = "graphlake_manifest_lines"
)

// quote makes name a SQL identifier ("name"), as DuckDB and Athena's
// queries and views spell them.
func quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// literal makes s a SQL string literal.
func literal(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// backtick makes name an identifier of Athena's DDL (Hive), which takes
// backticks where queries take double quotes.
func backtick(name string) string { return "`" + strings.ReplaceAll(name, "`", "``") + "`" }

var simpleName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// ddlReserved are the reserved words of Athena's DDL that can name a
// struct field only in backticks.
var ddlReserved = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`all alter and array as authorization between bigint binary boolean both by case
		cashe cast char column conf constraint commit create cross cube current current_date current_timestamp
		cursor database date dayofweek decimal delete describe distinct double drop else end exchange exists
		extended external extract false fetch float floor following for foreign from full function grant group
		grouping having if import in inner insert int integer intersect interval into is join lateral left less
		like local macro map more none not null numeric of on only or order out outer over partialscan partition
		percent preceding precision preserve primary procedure range reads reduce regexp references revoke right
		rlike rollback rollup row rows select set smallint start struct table tablesample then time timestamp to
		transform trigger true truncate unbounded union uniquejoin update user using utc_timestamp values varchar
		views when where window with`) {
		ddlReserved[w] = true
	}
}

// fieldName spells a struct field's name in Athena's DDL: bare where it
// can be, in backticks where it must.
func fieldName(name string) string {
	if simpleName.MatchString(name) && !ddlReserved[strings.ToLower(name)] {
		return name
	}
	return backtick(name)
}

// columnList joins quoted column names, each prefixed by alias when set.
func columnList(names []string, alias string) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = quote(n)
		if alias != "" {
			parts[i] = alias + "." + parts[i]
		}
	}
	return strings.Join(parts, ", ")
}

// wrapped is a select list of quoted names broken into lines of about 100
// characters, each continuation line starting with indent.
func wrapped(names []string, indent string) string {
	var b strings.Builder
	line := 0
	for i, n := range names {
		item := quote(n)
		if i > 0 {
			b.WriteString(",")
			if line+len(item) > 100 {
				b.WriteString("\n" + indent)
				line = len(indent)
			} else {
				b.WriteString(" ")
				line++
			}
		}
		b.WriteString(item)
		line += len(item) + 1
	}
	return b.String()
}
