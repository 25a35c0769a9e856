package graphtest

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/tenant"
)

// Resource declares a directory resource the emulator serves as Graph
// does users, groups and contacts (which are declared the same way, in
// the emulator's registry): GET /v1.0/<Path>/delta with $select, $filter
// by id, paging, deltaLinks, Prefer: return=minimal, removals and
// "<relationship>@delta"; churn through Tenant.Churn and POST
// /_admin/churn; create, update, delete and restore through the Tenant
// and /_admin/<Path>; and the truth of Table and of each relationship's
// table through Tenant.WriteState and GET /_admin/state/<table>.
//
// Register one by listing it in Options.Resources. A request for a path
// no resource registers answers 400 "Resource not found for the segment",
// as Graph does.
type Resource struct {
	// Path is the collection's path segment, e.g. "applications" for
	// /v1.0/applications/delta. It is matched case-insensitively and must
	// not be taken by another resource.
	Path string
	// Type is Graph's name of the resource type without namespace, e.g.
	// "application": it names the objects in relationships' @odata.type
	// and in errors.
	Type string
	// Table is the name of the resource's truth table (default Path).
	// Tenant.Churn and the admin API accept it as well as Path.
	Table string
	// Properties are the resource's properties in the order Graph returns
	// them ("id" is implicit and always returned). At most 64 with Links.
	Properties []Property
	// Links are the resource's relationships, returned as
	// "<Name>@delta".
	Links []Link
	// Count is the number of objects generated when the server starts.
	Count int
	// Generate returns the property values of object i, drawn from rng:
	// i counts the generated objects (0 to Count-1), then those churn and
	// the admin API create. Values are anything encoding/json marshals to
	// the property's Kind (or null); a property left out is unset. Churn
	// updates an object with one to three properties, not Fixed, of a
	// freshly generated one.
	Generate func(rng *rand.Rand, i int) map[string]any
	// SoftDelete makes deletes soft, as Graph's for applications, service
	// principals, users and Microsoft 365 groups: a deleted object is
	// reported removed with reason "changed" and can be restored (churn's
	// Restores, POST /_admin/<Path>/{id}/restore); churn deletes half for
	// good. Without it every delete is for good (reason "deleted").
	SoftDelete bool
	// NoDelete marks a resource Graph has no delete for, e.g. an activated
	// directory role (roles are activated from templates and stay): churn
	// deletes none and the Tenant and DELETE /_admin/<Path>/{id} refuse
	// (400).
	NoDelete bool
	// Dependents are objects of other resources that Graph deletes with an
	// object of this one, e.g. an application's service principal in its
	// home tenant (same appId): softly where their resource soft-deletes
	// (even when the object is deleted for good), and left deleted when
	// the object is restored.
	Dependents []Dependent
}

// Dependent names the objects of another resource deleted with an object
// of a Resource: those whose property Match equals the object's.
type Dependent struct {
	// Path is the dependents' resource, e.g. "servicePrincipals"; it may
	// be registered after this one.
	Path string
	// Match is a property of both resources, e.g. "appId".
	Match string
}

// Property is one property of a Resource.
type Property struct {
	// Name is Graph's property name, e.g. "displayName".
	Name string
	// Kind is the JSON kind of its values.
	Kind Kind
	// Default marks properties returned when a request has no $select;
	// the others are returned only when selected.
	Default bool
	// Fixed marks properties Graph sets once, at creation (appId,
	// createdDateTime): churn leaves them alone.
	Fixed bool
	// Ref, when set, makes the property hold the id of another object: a
	// String whose value, when Generate leaves it out, is the id of a live
	// object of one of these resources (paths: built-in ones, or ones
	// registered before this one), drawn at random, e.g. a permission
	// grant's clientId from "servicePrincipals".
	Ref []string
}

// Kind is the JSON kind of a property's values.
type Kind int

// The JSON kinds. Dates and times are strings, as Graph writes them
// (RFC 3339, e.g. "2026-01-01T00:00:00Z").
const (
	// String is a JSON string.
	String Kind = iota + 1
	// Number is a JSON number.
	Number
	// Bool is true or false.
	Bool
	// Object is a JSON object (a complex type, e.g. a web section).
	Object
	// Array is a JSON array (a collection, e.g. keyCredentials).
	Array
)

// Link is a relationship of a Resource: returned as "<Name>@delta", an
// array of {"@odata.type", "id"} entries ("@removed" on removed ones),
// generated and churned at random, and written as a truth table of one
// row per link.
type Link struct {
	// Name is the relationship, e.g. "owners".
	Name string
	// Default marks a relationship returned when a request has no $select.
	Default bool
	// Targets are the paths of the resources whose objects may be linked,
	// e.g. "users" and "servicePrincipals" for an application's owners:
	// built-in resources, ones registered before this one, or this one.
	Targets []string
	// PerObject is the most links a generated object gets (from none to
	// it, at random).
	PerObject int
	// TargetsIf restricts the objects of some Targets to those whose Bool
	// property is true, by target path, e.g. {"groups":
	// "isAssignableToRole"}: only role-assignable groups can be members of
	// a directory role. Generation, churn and the admin API (400) keep it.
	TargetsIf map[string]string
	// Table is the truth table, e.g. "application_owners".
	Table string
	// Parent, Target and TargetType are its columns: the object's id
	// (e.g. "applicationId"), the linked object's id (e.g. "ownerId") and
	// the linked object's type (e.g. "ownerType"; "" for none).
	Parent, Target, TargetType string
}

// compile checks a declaration and returns the tenant's form of it.
func (r Resource) compile() (*tenant.Resource, error) {
	if err := r.check(); err != nil {
		return nil, fmt.Errorf("graphtest.Resource %q: %w", r.Path, err)
	}
	props := make([]tenant.Prop, 0, len(r.Properties)+len(r.Links))
	kinds := map[string]Kind{}
	for _, p := range r.Properties {
		props = append(props, tenant.Prop{Name: p.Name, Default: p.Default, Fixed: p.Fixed})
		kinds[p.Name] = p.Kind
	}
	d := tenant.Declaration{Path: r.Path, Table: r.Table, Count: r.Count, SoftDelete: r.SoftDelete, NoDelete: r.NoDelete}
	for _, dep := range r.Dependents {
		d.Dependents = append(d.Dependents, tenant.Dependent{Path: dep.Path, Match: dep.Match})
	}
	for _, p := range r.Properties {
		if len(p.Ref) > 0 {
			d.Refs = append(d.Refs, tenant.DeclaredRef{Prop: p.Name, Targets: p.Ref})
		}
	}
	for _, l := range r.Links {
		props = append(props, tenant.Prop{Name: l.Name, Default: l.Default, Link: true})
		d.Links = append(d.Links, tenant.DeclaredLink{Targets: l.Targets, PerObject: l.PerObject, TargetsIf: l.TargetsIf,
			LinkTable: tenant.LinkTable{Table: l.Table, Prop: l.Name, Parent: l.Parent, Target: l.Target, TargetType: l.TargetType}})
	}
	d.Schema = tenant.NewSchema(r.Type, r.Path, false, props)
	d.Generate = func(rng *rand.Rand, i int) (tenant.Props, error) { return r.values(rng, i, kinds) }
	return tenant.Declare(d), nil
}

// check reports the first mistake of a declaration.
func (r Resource) check() error {
	switch {
	case r.Type == "":
		return fmt.Errorf("no Type: set Graph's type name, e.g. \"application\"")
	case r.Generate == nil:
		return fmt.Errorf("no Generate: set a function that returns object i's values")
	case r.Count < 0:
		return fmt.Errorf("negative Count %d", r.Count)
	case len(r.Properties)+len(r.Links) > 64:
		return fmt.Errorf("%d properties and relationships; at most 64", len(r.Properties)+len(r.Links))
	}
	seen := map[string]bool{"id": true}
	for _, p := range r.Properties {
		if p.Name == "" || seen[strings.ToLower(p.Name)] || p.Kind < String || p.Kind > Array {
			return fmt.Errorf("property %q: want a name of its own (not id) and a Kind (graphtest.String…Array)", p.Name)
		}
		if len(p.Ref) > 0 && p.Kind != String {
			return fmt.Errorf("property %q: a Ref holds an id: want Kind graphtest.String", p.Name)
		}
		seen[strings.ToLower(p.Name)] = true
	}
	for _, l := range r.Links {
		if l.Name == "" || seen[strings.ToLower(l.Name)] || len(l.Targets) == 0 || l.Table == "" || l.Parent == "" || l.Target == "" {
			return fmt.Errorf("link %q: want a name of its own, Targets, Table, Parent and Target", l.Name)
		}
		seen[strings.ToLower(l.Name)] = true
		for path := range l.TargetsIf {
			if !slices.Contains(l.Targets, path) {
				return fmt.Errorf("link %q: TargetsIf names %q, which is not one of its Targets", l.Name, path)
			}
		}
	}
	if r.NoDelete && (r.SoftDelete || len(r.Dependents) > 0) {
		return fmt.Errorf("NoDelete with SoftDelete or Dependents: a resource without delete has neither")
	}
	for _, dep := range r.Dependents {
		if dep.Path == "" || dep.Match == "" {
			return fmt.Errorf("dependent %q: want a Path and a Match property", dep.Path)
		}
	}
	return nil
}

// values generates object i and encodes its values, checking each against
// its property's kind.
func (r Resource) values(rng *rand.Rand, i int, kinds map[string]Kind) (tenant.Props, error) {
	out := tenant.Props{}
	for name, v := range r.Generate(rng, i) {
		kind, ok := kinds[name]
		if !ok {
			return nil, fmt.Errorf("property %q, returned by Generate, is not one of the resource's Properties", name)
		}
		raw, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("property %q: %w", name, err)
		}
		if !kind.admits(raw) {
			return nil, fmt.Errorf("property %q: Generate returned %s, which is not of its Kind", name, raw)
		}
		out[name] = raw
	}
	return out, nil
}

// admits reports whether a JSON value is of kind k, or null.
func (k Kind) admits(raw []byte) bool {
	switch c := raw[0]; {
	case string(raw) == "null":
		return true
	case c == '"':
		return k == String
	case c == 't' || c == 'f':
		return k == Bool
	case c == '{':
		return k == Object
	case c == '[':
		return k == Array
	}
	return k == Number
}
