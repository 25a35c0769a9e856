// Package lakesql writes the SQL that lets analysts query a lake with
// DuckDB or Amazon Athena without hand-writing window functions: a view
// per table over its committed change log, and a <table>_current view
// holding the table's current state.
//
// The SQL is generated from the tables' Arrow schemas (as the pipeline's
// plugins declare them, with the graphlake.table, graphlake.key and
// graphlake.parent metadata), never from a list of known tables. Every
// view reads only the Parquet files that a committed manifest entry names,
// so the files of failed rounds, or of a run that lost the commit race,
// never show, whether or not `etl gc` has removed them yet.
//
// The current state follows package sdk/lake: per key, the rows after the
// key's last delete, each column taken from the latest row that carried it
// (_fields), a key whose latest row is a delete left out, and for a child
// table the rows whose parent is not live, or that were last written before
// the parent's last deletion, left out too. With a snapshot (a table's
// current state at round S, written under current/), the state is the
// same fold over the snapshot's rows and the change log's rows of rounds
// after S.
//
// A <table>_history view holds every version of every key (one per upsert
// of the change log, merged the same way) with the rounds, and their
// commit times (graphlake_rounds), that began and ended it, and how it
// ended; a child version also ends at its parent's first delete after it.
// group_members_transitive follows nested memberships of the current
// state with a bounded, cycle-safe recursive query,
// directory_role_members_transitive the members of role-assignable groups
// that are role members (one level: such groups hold no groups), and
// drive_items_paths builds drive items' current paths from their folder
// tree the same way. Lake.AsOf
// pins every view to a past round (etl sql --as-of): the change log stops
// there and the current views start from the snapshot that round's entry
// names. Every view of a table's rows has _tenant, the value the host
// stored on the row, or Lake.Tenant for files written before it stored one.
// Union writes several pipelines' lakes into one database: each lake's
// views under a prefix, and union views with the tenant of every row.
//
// The package reads the manifest (Inspect) but never the Parquet files, and
// it runs no SQL: DuckDB and Athena do. It is not responsible for writing
// snapshots, nor for the type of any column (the plugins declare them).
package lakesql
