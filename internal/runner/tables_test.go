package runner

import (
	"errors"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/graphlake/graphlake/internal/pluginhost"
	"github.com/graphlake/graphlake/plugins/contacts"
	"github.com/graphlake/graphlake/plugins/groups"
	"github.com/graphlake/graphlake/plugins/mail"
	"github.com/graphlake/graphlake/plugins/users"
	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// wireTables turns declarations into what the host receives.
func wireTables(ts ...table.Table) []wire.Table {
	out := make([]wire.Table, len(ts))
	for i, t := range ts {
		out[i] = wire.Table{Name: t.Name, Key: t.Key, Schema: t.Schema()}
	}
	return out
}

func TestCheckTablesAcceptsTheBuiltInPlugins(t *testing.T) {
	for name, tables := range map[string][]table.Table{"users": users.New().Tables(), "groups": groups.New().Tables(),
		"contacts": contacts.New().Tables(), "mail": mail.New().Tables()} {
		if _, err := CheckTables(name, wireTables(tables...)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestCheckTablesRefusesWhatAPluginMayNotDeclare(t *testing.T) {
	good := table.Table{Name: "things", Key: []string{"id"}, Columns: []table.Column{{Name: "id", Type: table.String()}}}
	renamed := func(name string) wire.Table {
		md := arrow.NewMetadata([]string{table.MetadataTable, table.MetadataKey}, []string{name, "id"})
		s := good.Schema()
		return wire.Table{Name: name, Key: []string{"id"}, Schema: arrow.NewSchema(s.Fields(), &md)}
	}
	tests := []struct {
		name string
		list []wire.Table
		want string
	}{
		{"a newline in a table name", []wire.Table{renamed("x\n;DROP TABLE users; --")}, `"x\n;DROP TABLE users; --"`},
		{"a reserved table name", []wire.Table{renamed("graphlake_files")}, "reserved"},
		{"a key that differs from the schema's", []wire.Table{{Name: "things", Key: []string{"other"}, Schema: good.Schema()}}, "key"},
		{"a table declared twice", wireTables(good, good), "twice"},
		{"no schema", []wire.Table{{Name: "things"}}, "without a schema"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := CheckTables("src", tt.list)
			if err == nil || !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("CheckTables = %v, want an ErrConfig containing %q", err, tt.want)
			}
			if strings.ContainsAny(err.Error(), "\n\x1b") {
				t.Errorf("the error holds a control character: %q", err)
			}
		})
	}
}

func TestCheckOwners(t *testing.T) {
	tests := []struct {
		name     string
		declared map[string][]string
		want     string
	}{
		{"distinct tables", map[string][]string{"users": {"users"}, "groups": {"groups", "group_members"}}, ""},
		{"two sources, one table", map[string][]string{"users": {"users"}, "users2": {"users"}},
			`table "users" is declared by both source "users" and source "users2"`},
		{"the clash is named whatever the order", map[string][]string{"b": {"t", "u"}, "a": {"u"}},
			`table "u" is declared by both source "a" and source "b"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckOwners(tt.declared)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("CheckOwners = %v, want nil", err)
				}
				return
			}
			if err == nil || !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("CheckOwners = %v, want an ErrConfig containing %q", err, tt.want)
			}
		})
	}
}

func TestCheckStreamName(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
	}{
		{"users", true},
		{"mail/8f0c…/AAMkAD=", true},
		{"", false},
		{"users\x1b[2J", false},
		{"users\nforged", false},
		{"bad \xff", false},
		{strings.Repeat("s", maxStreamName+1), false},
	}
	for _, tt := range tests {
		err := checkStreamName(tt.name)
		if (err == nil) != tt.ok || err != nil && (!errors.Is(err, pluginhost.ErrProtocol) || strings.ContainsAny(err.Error(), "\n\x1b")) {
			t.Errorf("checkStreamName(%q) = %v, want ok=%v (a protocol error without control characters)", tt.name, err, tt.ok)
		}
	}
}
