package tenant

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"net/url"
	"slices"
	"strings"
)

// Resource is one directory resource of the tenant's registry: a
// collection served at Path/delta, generated, churned and written as truth
// by its hooks. The built-in users, groups and contacts are resources like
// any a test registers (see Declare).
type Resource struct {
	// Path is the collection's path segment, e.g. "users": Graph serves it
	// at /v1.0/<Path>/delta. Matched case-insensitively.
	Path string
	// Table is the ground-truth table of its objects, e.g. "org_contacts".
	Table string
	// Schema describes the objects.
	Schema *Schema
	// Coll holds the objects; registering the resource creates it from
	// Schema.
	Coll *Collection
	// Stream numbers the random stream Seed draws from: the same seed and
	// stream give the same objects, whatever else the tenant holds.
	Stream uint64
	// Seed generates the resource's objects when the tenant is built.
	Seed func(t *Tenant, rng *rand.Rand, opts Options) error
	// New returns a generated object with the given id for Tenant.Create
	// (the admin API's POST); flags are the admin request's query.
	New func(t *Tenant, id string, flags url.Values) (*Object, error)
	// Churn applies a churn spec to the resource.
	Churn func(t *Tenant, rng, extra *rand.Rand, spec ChurnSpec, res *ChurnResult) error
	// SoftDelete reports whether deleting o without hard keeps it
	// restorable (reason "changed"); nil means never.
	SoftDelete func(o *Object) bool
	// Restorable marks resources whose soft-deleted objects can be restored.
	Restorable bool
	// Extras, when set, adds columns to an object's truth row.
	Extras func(o *Object, row map[string]any)
	// Links are the relationship truth tables. A target deleted for good
	// leaves every relationship that has one.
	Links []LinkTable
	// NoDelete marks resources Graph has no delete for (activated
	// directory roles): Delete refuses.
	NoDelete bool
	// Dependents are deleted with each of its objects (see Dependent).
	Dependents []Dependent
	// Admits are the relationships whose targets must meet a condition,
	// checked when the admin API links one.
	Admits []linkRule
}

// LinkTable is the truth table of one relationship: a row per link.
type LinkTable struct {
	// Table is the table's name, e.g. "group_members".
	Table string
	// Prop is the relationship's property, e.g. "members".
	Prop string
	// Parent, Target and TargetType name the columns holding the parent's
	// id, the linked object's id and its type ("" for none).
	Parent, Target, TargetType string
}

// names are the names the resource answers to: its path and its table.
func (r *Resource) names() []string { return []string{r.Path, r.Table} }

// register adds a resource to the registry after those already there.
// Its path, table and relationship tables must be new.
func (t *Tenant) register(r *Resource) error {
	schema := r.Schema
	if r.Path == "" || strings.ContainsAny(r.Path, "/?#()") {
		return fmt.Errorf("%w: resource path %q: want one path segment such as \"applications\"", ErrInvalid, r.Path)
	}
	if r.Table == "" {
		r.Table = r.Path
	}
	names := r.names()
	for _, l := range r.Links {
		names = append(names, l.Table)
		if _, ok := schema.Index(l.Prop); !ok || !schema.Props[schema.MustIndex(l.Prop)].Link {
			return fmt.Errorf("%w: resource %s: relationship table %s names %q, which is not a relationship of %s", ErrInvalid, r.Path, l.Table, l.Prop, schema.Type)
		}
	}
	for _, n := range names {
		if _, taken := t.byName[lower(n)]; taken || t.reserved(n) {
			return fmt.Errorf("%w: resource %s: the name %q is taken (by another resource or table, or by mail)", ErrInvalid, r.Path, n)
		}
	}
	r.Coll = NewCollection(schema)
	for _, n := range names[:len(names)-len(r.Links)] {
		t.byName[lower(n)] = r
	}
	for _, l := range r.Links {
		t.linkTables[lower(l.Table)] = linkTableOf{r, l}
	}
	t.resources = append(t.resources, r)
	return nil
}

// reserved reports names the tenant serves otherwise: mail's tables and
// the paths Graph routes elsewhere.
func (t *Tenant) reserved(name string) bool {
	switch lower(name) {
	case "me", "mail_folders", "messages", "folders":
		return true
	}
	return false
}

// linkTableOf is a relationship truth table and its resource.
type linkTableOf struct {
	res *Resource
	lt  LinkTable
}

// Directory returns the resource a path, table name or alias names
// (case-insensitively).
func (t *Tenant) Directory(name string) (*Resource, bool) {
	r, ok := t.byName[lower(name)]
	return r, ok
}

// seedOrder is the order the resources are generated in: the built-in
// ones by stream, then the registered ones as registered (a relationship
// links to resources generated before it).
func (t *Tenant) seedOrder() []*Resource {
	out := slices.Clone(t.resources)
	slices.SortStableFunc(out[:t.builtins], func(a, b *Resource) int { return cmp.Compare(a.Stream, b.Stream) })
	return out
}

// Resources returns the registry in order.
func (t *Tenant) Resources() []*Resource { return append([]*Resource(nil), t.resources...) }

// Paths returns the resources' paths in registry order.
func (t *Tenant) Paths() []string {
	out := make([]string, len(t.resources))
	for i, r := range t.resources {
		out[i] = r.Path
	}
	return out
}

// Tables returns the ground-truth tables WriteState serves: each
// resource's table and relationship tables, then mail's.
func (t *Tenant) Tables() []string {
	var out []string
	for _, r := range t.resources {
		out = append(out, r.Table)
		for _, l := range r.Links {
			out = append(out, l.Table)
		}
	}
	for _, k := range TreeKinds() {
		out = append(out, k.FoldersTable, k.ItemsTable)
	}
	return out
}

// directory returns the resource a collection name names, or an error that
// lists the known ones.
func (t *Tenant) directory(collection string) (*Resource, error) {
	if r, ok := t.byName[lower(collection)]; ok {
		return r, nil
	}
	return nil, fmt.Errorf("%w: unknown directory collection %q (want one of %s)", ErrInvalid, collection, strings.Join(t.Paths(), ", "))
}
