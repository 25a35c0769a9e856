package lakesql

import (
	"regexp"
	"strings"
	"testing"
)

// ddlTable is what the check reads of a CREATE EXTERNAL TABLE.
type ddlTable struct {
	name      string
	columns   []column
	partition column
	location  string
	props     map[string]string
}

var (
	createRE   = regexp.MustCompile("(?s)^CREATE EXTERNAL TABLE `([^`]+)` \\((.*?)\\)\\n(?:PARTITIONED BY \\((.*?)\\)\\n)?STORED AS (PARQUET|TEXTFILE)\\nLOCATION '([^']*)'(?:\\nTBLPROPERTIES \\((.*)\\))?$")
	propertyRE = regexp.MustCompile(`'([^']+)' = '([^']*)'`)
)

// parseAthenaDDL reads every CREATE EXTERNAL TABLE of a script, failing
// the test on one it cannot read.
func parseAthenaDDL(t *testing.T, script string) map[string]ddlTable {
	t.Helper()
	out := map[string]ddlTable{}
	for _, stmt := range strings.SplitAfter(script, ";\n") {
		stmt = strings.TrimSpace(stripSQLComments(stmt))
		if !strings.HasPrefix(stmt, "CREATE EXTERNAL TABLE") {
			continue
		}
		m := createRE.FindStringSubmatch(strings.TrimSuffix(stmt, ";"))
		if m == nil {
			t.Fatalf("cannot read the DDL statement:\n%s", stmt)
		}
		tb := ddlTable{name: m[1], columns: parseColumns(t, m[2]), location: m[5], props: map[string]string{}}
		if m[3] != "" {
			parts := parseColumns(t, m[3])
			if len(parts) != 1 {
				t.Fatalf("%s: want one partition key, got %v", tb.name, parts)
			}
			tb.partition = parts[0]
		}
		for _, p := range propertyRE.FindAllStringSubmatch(m[6], -1) {
			tb.props[p[1]] = p[2]
		}
		out[tb.name] = tb
	}
	return out
}

func stripSQLComments(s string) string {
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "--") {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

// parseColumns reads "`name` type, …" with the types in canonical form.
func parseColumns(t *testing.T, s string) []column {
	t.Helper()
	var cols []column
	for _, part := range splitTop(s) {
		part = strings.TrimSpace(part)
		name, typ, ok := strings.Cut(strings.TrimPrefix(part, "`"), "` ")
		if !ok || !strings.HasPrefix(part, "`") {
			t.Fatalf("cannot read the column %q", part)
		}
		canon, rest := parseType(t, strings.TrimSpace(typ))
		if rest != "" {
			t.Fatalf("column %s: type %q has %q left over", name, typ, rest)
		}
		cols = append(cols, column{name, canon})
	}
	return cols
}

// splitTop splits at the commas outside <…>.
func splitTop(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '<':
			depth++
		case '>':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

var primitives = map[string]bool{"string": true, "boolean": true, "tinyint": true, "smallint": true, "int": true,
	"bigint": true, "float": true, "double": true, "date": true, "timestamp": true, "binary": true}

// parseType reads one Hive type at the start of s and returns it in
// canonical form (struct field names without backticks) and the rest.
func parseType(t *testing.T, s string) (string, string) {
	t.Helper()
	switch {
	case strings.HasPrefix(s, "array<"):
		elem, rest := parseType(t, s[len("array<"):])
		if !strings.HasPrefix(rest, ">") {
			t.Fatalf("array without its >: %q", s)
		}
		return "array<" + elem + ">", rest[1:]
	case strings.HasPrefix(s, "struct<"):
		rest := s[len("struct<"):]
		var fields []string
		for {
			var name string
			if strings.HasPrefix(rest, "`") {
				end := strings.Index(rest[1:], "`")
				name, rest = rest[1:1+end], rest[2+end:]
			} else {
				end := strings.Index(rest, ":")
				if end < 0 || !simpleName.MatchString(rest[:end]) || ddlReserved[strings.ToLower(rest[:end])] {
					t.Fatalf("struct field without a usable name: %q", rest)
				}
				name, rest = rest[:end], rest[end:]
			}
			if !strings.HasPrefix(rest, ":") {
				t.Fatalf("struct field %s without its type: %q", name, rest)
			}
			var typ string
			typ, rest = parseType(t, rest[1:])
			fields = append(fields, name+":"+typ)
			if strings.HasPrefix(rest, ">") {
				return "struct<" + strings.Join(fields, ",") + ">", rest[1:]
			}
			if !strings.HasPrefix(rest, ",") {
				t.Fatalf("struct fields not separated by commas: %q", rest)
			}
			rest = rest[1:]
		}
	}
	end := strings.IndexAny(s, ",>")
	if end < 0 {
		end = len(s)
	}
	if !primitives[s[:end]] {
		t.Fatalf("unknown type %q", s[:end])
	}
	return s[:end], s[end:]
}
