package runner

import (
	"fmt"
	"sort"
	"strings"

	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// CheckTables checks the tables a source's plugin declared, as the host
// receives them: every name follows the rules of table.CheckSchema, the
// key the plugin sent is the one its schema records, and no table is
// declared twice. A refusal wraps ErrConfig.
func CheckTables(source string, list []wire.Table) (map[string]wire.Table, error) {
	tables := make(map[string]wire.Table, len(list))
	for _, t := range list {
		if t.Schema == nil {
			return nil, fmt.Errorf("%w: source %q: its plugin declared table %s without a schema", ErrConfig, source, table.Printable(t.Name))
		}
		if err := table.CheckSchema(t.Name, t.Schema); err != nil {
			return nil, fmt.Errorf("%w: source %q: its plugin declared a table the host refuses: %w", ErrConfig, source, err)
		}
		if d, _ := table.ReadDeclared(t.Schema); strings.Join(d.Key, ",") != strings.Join(t.Key, ",") {
			return nil, fmt.Errorf("%w: source %q: its plugin declared table %s with key %s, but its schema records %s",
				ErrConfig, source, t.Name, table.Printable(strings.Join(t.Key, ",")), table.Printable(strings.Join(d.Key, ",")))
		}
		if _, dup := tables[t.Name]; dup {
			return nil, fmt.Errorf("%w: source %q: its plugin declared table %s twice", ErrConfig, source, t.Name)
		}
		tables[t.Name] = t
	}
	return tables, nil
}

// CheckOwners refuses a table that two sources of a pipeline declare (two
// sources writing one table interleave their rounds' rows and break the
// lake's order). declared maps each source to its tables' names; the
// error names the first clash in table order, with both sources, and
// wraps ErrConfig.
func CheckOwners(declared map[string][]string) error {
	sources := make([]string, 0, len(declared))
	for s := range declared {
		sources = append(sources, s)
	}
	sort.Strings(sources)
	owner := map[string]string{}
	var clashes []string
	for _, s := range sources {
		for _, t := range declared[s] {
			if first, ok := owner[t]; ok && first != s {
				clashes = append(clashes, fmt.Sprintf("table %q is declared by both source %q and source %q", t, first, s))
				continue
			}
			owner[t] = s
		}
	}
	if len(clashes) == 0 {
		return nil
	}
	sort.Strings(clashes)
	return fmt.Errorf("%w: %s: a table belongs to one source per pipeline; keep one of the sources (or give one a plugin that writes other tables)",
		ErrConfig, clashes[0])
}
