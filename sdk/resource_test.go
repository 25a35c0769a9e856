package sdk

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/graphlake/graphlake/sdk/table"
)

// testConfig is a directory source block with every option.
type testConfig struct {
	Select  []string `json:"select"`
	IDs     []string `json:"ids"`
	Filter  string   `json:"filter"`
	Minimal bool     `json:"minimal"`
}

func (c testConfig) Options() DirectoryOptions {
	return DirectoryOptions(c)
}

func testDirectory() *Directory[testConfig] {
	return &Directory[testConfig]{Path: "things", Type: "thing",
		Table:         table.Table{Name: "things", Key: []string{"id"}, Columns: []table.Column{{Name: "id", Type: table.String()}}},
		DefaultSelect: []string{"displayName", "mail"}, Permissions: []Permission{{Name: "Thing.Read.All"}}}
}

// TestDirectoryAppliesDeclaredDefaultsAndChecks: a block without select
// takes the declared default; bad names and ids are diagnostics naming the
// attribute; an unknown attribute lists the declared config's attributes.
func TestDirectoryAppliesDeclaredDefaultsAndChecks(t *testing.T) {
	tests := []struct {
		name       string
		config     string
		wantSelect []string
		wantAttr   string
	}{
		{name: "empty block", config: ``, wantSelect: []string{"displayName", "mail"}},
		{name: "no select", config: `{"minimal": true}`, wantSelect: []string{"displayName", "mail"}},
		{name: "explicit select", config: `{"select": ["mail"]}`, wantSelect: []string{"mail"}},
		{name: "bad property", config: `{"select": ["a,b"]}`, wantAttr: "select"},
		{name: "bad id", config: `{"ids": ["x y"]}`, wantAttr: "ids"},
		{name: "unknown attribute", config: `{"colour": "red"}`, wantAttr: "colour"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := testDirectory()
			got := d.decode([]byte(tt.config))
			if tt.wantAttr != "" {
				if len(got.diags) != 1 || got.diags[0].Attribute != tt.wantAttr {
					t.Fatalf("diagnostics %+v, want one on %s", got.diags, tt.wantAttr)
				}
				return
			}
			if len(got.diags) != 0 || !slices.Equal(got.opts.Select, tt.wantSelect) {
				t.Errorf("select %v, diagnostics %+v; want %v and none", got.opts.Select, got.diags, tt.wantSelect)
			}
		})
	}
}

// TestDirectoryDecodesABlockOncePerRound: the host validates the block
// and then syncs with it; the second call reuses the first's decoding, and
// a changed block is decoded again.
func TestDirectoryDecodesABlockOncePerRound(t *testing.T) {
	d := testDirectory()
	block := []byte(`{"select": ["mail"]}`)
	if diags := d.ValidateConfig(context.Background(), block); len(diags) != 0 {
		t.Fatal(diags)
	}
	first := d.last
	if again := d.decode(block); again != first {
		t.Error("the same block was decoded again within the round")
	}
	if other := d.decode([]byte(`{"select": ["displayName"]}`)); other == first || !slices.Equal(other.opts.Select, []string{"displayName"}) {
		t.Errorf("a changed block gave %+v, want it decoded anew", other.opts)
	}
}

// TestDirectoryDeclaresTablesAndPermissions: Tables lists Table then
// Related; the permissions are the declared ones.
func TestDirectoryDeclaresTablesAndPermissions(t *testing.T) {
	d := testDirectory()
	d.Related = []table.Table{{Name: "thing_links"}}
	var names []string
	for _, tb := range d.Tables() {
		names = append(names, tb.Name)
	}
	if !slices.Equal(names, []string{"things", "thing_links"}) {
		t.Errorf("tables %v, want things, thing_links", names)
	}
	var src Source = d
	want := []PermissionRequirement{{AnyOf: []Permission{{Name: "Thing.Read.All"}}}}
	if p := src.(PermissionDeclarer).RequiredPermissions(); !reflect.DeepEqual(p, want) {
		t.Errorf("permissions %+v, want %+v", p, want)
	}
	d.MorePermissions = []PermissionRequirement{{AnyOf: []Permission{{Name: "Owner.Read.All"}}, For: "to read owners", Only: "when owners is set"}}
	want = append(want, d.MorePermissions...)
	if p := src.(PermissionDeclarer).RequiredPermissions(); !reflect.DeepEqual(p, want) {
		t.Errorf("with MorePermissions: permissions %+v, want %+v", p, want)
	}
}

// TestPermissionsFormat: alternatives are joined by "or", each with its
// condition; a requirement adds what it is for and when it applies.
func TestPermissionsFormat(t *testing.T) {
	tests := []struct {
		req  PermissionRequirement
		want string
	}{
		{PermissionRequirement{AnyOf: []Permission{{Name: "A"}}}, "A"},
		{PermissionRequirement{AnyOf: []Permission{{Name: "A"}, {Name: "B", When: "without c"}}}, "A or B (without c)"},
		{PermissionRequirement{AnyOf: []Permission{{Name: "U"}}, For: "to list users"}, "U to list users"},
		{PermissionRequirement{AnyOf: []Permission{{Name: "U"}}, For: "to list users", Only: "when x is unset"}, "U to list users (when x is unset)"},
	}
	for _, tt := range tests {
		if got := tt.req.String(); got != tt.want {
			t.Errorf("%+v formats as %q, want %q", tt.req, got, tt.want)
		}
	}
}
