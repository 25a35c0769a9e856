package lakesql

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
)

// Part is one pipeline's lake in a union of several (Union).
type Part struct {
	// Tables are the pipeline's tables, as FromSchemas orders them.
	Tables []Table
	// Lake is the pipeline's lake, as Inspect reads it; Union sets its
	// Prefix.
	Lake Lake
	// Tenant is the pipeline's tenant id, the union views' _tenant (and
	// the Lake's Tenant).
	Tenant string
}

// Union writes the SQL of several pipelines' lakes in one dialect
// ("duckdb" or "athena"), so that one database answers across tenants:
// each lake's views and tables as DuckDB or Athena writes them, under the
// prefix <pipeline>__, then union views under the plain names (users,
// users_current, users_history, group_members_transitive, graphlake_files,
// graphlake_rounds, graphlake_as_of …) in which _tenant is the tenant id
// of the pipeline a row comes from: the rows' stored _tenant in the views
// of a table's rows (the pipeline's tenant id where a file predates the
// column), a first column the union adds in the others. A view takes the
// lakes that have it; DuckDB unions by column name, Athena needs one
// schema per table and refuses tables whose schemas differ.
func Union(w io.Writer, dialect string, parts []Part) error {
	seen := map[string]bool{}
	for i := range parts {
		p := &parts[i]
		if seen[p.Lake.Pipeline] {
			return fmt.Errorf("pipeline %q is given twice: each pipeline file once", p.Lake.Pipeline)
		}
		seen[p.Lake.Pipeline] = true
		p.Lake.Prefix = p.Lake.Pipeline + "__"
		if p.Tenant != "" {
			p.Lake.Tenant = p.Tenant
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "-- graphlake: %s views over the lakes of %d pipelines; each lake's own views start with its pipeline's name and __,\n-- and the union views after them have %s, the tenant id.\n", dialect, len(parts), colTenant)
	for _, p := range parts {
		var one strings.Builder
		var err error
		if dialect == "athena" {
			err = Athena(&one, p.Tables, p.Lake)
		} else {
			err = DuckDB(&one, p.Tables, p.Lake)
		}
		if err != nil {
			return fmt.Errorf("pipeline %q: %w", p.Lake.Pipeline, err)
		}
		b.WriteString("\n" + one.String())
	}
	views, err := unionViews(dialect, parts)
	if err != nil {
		return err
	}
	for _, v := range views {
		b.WriteString(v)
	}
	_, err = io.WriteString(w, b.String())
	return err
}

// unionViews are the CREATE VIEWs of the union, one per view name any lake
// has, in the order of the first lake that has it.
func unionViews(dialect string, parts []Part) ([]string, error) {
	var names []string
	from := map[string][]Part{}
	stored := map[string]bool{} // views of a table's rows: they have _tenant
	add := func(name string, p Part) {
		if _, ok := from[name]; !ok {
			names = append(names, name)
		}
		from[name] = append(from[name], p)
	}
	for _, p := range parts {
		add(filesView, p)
		add(roundsView, p)
		if p.Lake.AsOf != nil {
			add(asOfView, p)
		}
		skipped := map[string]bool{}
		if dialect != "athena" {
			skipped = skippedTables(p.Tables, p.Lake)
		}
		groups := membershipOf(p.Tables, skipped)
		for _, t := range p.Tables {
			if skipped[t.Name] {
				continue
			}
			for _, suffix := range []string{"", "_current", "_history"} {
				add(t.Name+suffix, p)
				stored[t.Name+suffix] = true
			}
			if hasMembership(t) || hasRoleMembership(t, groups) {
				add(t.Name+transitiveSuffix, p)
			}
			if hasDriveTree(t) {
				add(t.Name+pathsSuffix, p)
			}
		}
	}
	if dialect == "athena" {
		if err := sameSchemas(parts); err != nil {
			return nil, err
		}
	}
	join := "\nUNION ALL BY NAME\n"
	if dialect == "athena" {
		join = "\nUNION ALL\n"
	}
	out := make([]string, 0, len(names))
	for _, name := range names {
		selects := make([]string, len(from[name]))
		for i, p := range from[name] {
			selects[i] = fmt.Sprintf("SELECT %s AS %s, * FROM %s", literal(p.Tenant), quote(colTenant), p.Lake.name(name))
			if stored[name] {
				selects[i] = "SELECT * FROM " + p.Lake.name(name)
			}
		}
		out = append(out, fmt.Sprintf("\n-- A union view: the lakes' rows, each with its tenant.\nCREATE OR REPLACE VIEW %s AS\n%s;\n", quote(name), strings.Join(selects, join)))
	}
	return out, nil
}

// skippedTables are the tables DuckDB writes no views for: those without
// a data file, and their children.
func skippedTables(tables []Table, lake Lake) map[string]bool {
	skipped := map[string]bool{}
	for _, t := range tables { // parents come first (Order)
		if lake.Unwritten[t.Name] || t.Parent != nil && skipped[t.Parent.Table] {
			skipped[t.Name] = true
		}
	}
	return skipped
}

// sameSchemas refuses a table whose columns differ between lakes: Athena
// unions columns by position.
func sameSchemas(parts []Part) error {
	first := map[string]Part{}
	for _, p := range parts {
		for _, t := range p.Tables {
			q, ok := first[t.Name]
			if !ok {
				first[t.Name] = p
				continue
			}
			i := slices.IndexFunc(q.Tables, func(o Table) bool { return o.Name == t.Name })
			if !slices.EqualFunc(q.Tables[i].Fields, t.Fields, func(a, b arrow.Field) bool { return a.Name == b.Name && arrow.TypeEqual(a.Type, b.Type) }) {
				return fmt.Errorf("table %s has other columns in pipeline %q than in %q: Athena's union views need one schema; use the same plugin versions and select, or --dialect duckdb",
					t.Name, p.Lake.Pipeline, q.Lake.Pipeline)
			}
		}
	}
	return nil
}
