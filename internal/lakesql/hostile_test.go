package lakesql

import (
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/graphlake/graphlake/sdk/table"
)

// TestHostileNamesStayOutOfComments builds SQL for names that no plugin
// may declare any more (the host refuses them), as a lake written before
// could still hold: a name never lands in a comment, where a line break
// would end the comment and run the rest under duckdb -init.
func TestHostileNamesStayOutOfComments(t *testing.T) {
	const payload = "DROP TABLE users"
	name := "x\n" + payload + "; --"
	str := arrow.BinaryTypes.String
	fields := []arrow.Field{{Name: "id", Type: str}, {Name: "a\n" + payload + "; --", Type: str}}
	for _, m := range metaNames {
		fields = append(fields, arrow.Field{Name: m, Type: str})
	}
	parent := Table{Name: "p\n" + payload + ";", Fields: fields, Key: []string{"id"}}
	child := Table{Name: name, Fields: fields, Key: []string{"id"}, Parent: &table.Parent{Table: parent.Name, Columns: []string{"id"}}, parentKey: []string{"id"}}
	lake := fixtureLake(&S3{Bucket: "b", Region: "r\n" + payload})
	lake.Snapshots = map[string]Snapshot{name: {Round: 3, ID: "3-\n" + payload}}
	for dialect, write := range map[string]func(*strings.Builder) error{
		"duckdb": func(b *strings.Builder) error { return DuckDB(b, []Table{parent, child}, lake) },
		"athena": func(b *strings.Builder) error { return Athena(b, []Table{parent, child}, lake) },
		"duckdb, unwritten": func(b *strings.Builder) error {
			l := lake
			l.Unwritten = map[string]bool{parent.Name: true}
			return DuckDB(b, []Table{parent, child}, l)
		},
	} {
		t.Run(dialect, func(t *testing.T) {
			var b strings.Builder
			if err := write(&b); err != nil {
				t.Fatal(err)
			}
			code, comments := splitSQL(b.String())
			if strings.Contains(code, payload) {
				t.Errorf("the payload runs as SQL:\n%s", b.String())
			}
			if strings.Contains(comments, payload+";") {
				t.Errorf("a declared name is in a comment:\n%s", comments)
			}
		})
	}
}

// splitSQL separates a script's text outside quotes and comments (code)
// from its line comments' text: the parts an engine runs and the parts
// it skips. Quoted identifiers ("…", `…`) and literals ('…') are in
// neither; a doubled quote stays inside.
func splitSQL(sql string) (code, comments string) {
	var c, m strings.Builder
	for i := 0; i < len(sql); i++ {
		switch ch := sql[i]; {
		case ch == '-' && i+1 < len(sql) && sql[i+1] == '-':
			end := strings.IndexByte(sql[i:], '\n')
			if end < 0 {
				end = len(sql) - i
			}
			m.WriteString(sql[i:i+end] + "\n")
			i += end
		case ch == '\'' || ch == '"' || ch == '`':
			for i++; i < len(sql); i++ {
				if sql[i] == ch {
					if i+1 < len(sql) && sql[i+1] == ch {
						i++
						continue
					}
					break
				}
			}
		default:
			c.WriteByte(ch)
		}
	}
	return c.String(), m.String()
}
