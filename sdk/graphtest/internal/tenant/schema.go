package tenant

import "strings"

// Prop is one property of a resource type.
type Prop struct {
	// Name is Graph's property name, e.g. "displayName".
	Name string
	// Default marks properties returned when a request has no $select.
	Default bool
	// Untracked marks properties outside the main store: selecting one in a
	// delta query is answered with 501 NotImplemented.
	Untracked bool
	// Link marks a relationship rendered as "<name>@delta": an array of
	// {"@odata.type","id"} entries, with "@removed" on removed links.
	Link bool
	// Fixed marks a property set once, at creation: churn of a declared
	// resource leaves it alone.
	Fixed bool
}

// Schema describes one resource type and the order of its properties.
type Schema struct {
	// Type is the OData type name without namespace, e.g. "user".
	Type string
	// EntitySet names the collection in @odata.context, e.g. "users" or
	// "Collection(message)".
	EntitySet string
	// Outlook marks Outlook resources (messages, mail folders): their items
	// carry @odata.type and @odata.etag and their errors use Outlook's codes.
	Outlook bool
	// Props lists the properties; a property's index is its position here.
	Props []Prop

	index map[string]int // lower-cased name → index
	exact map[string]int // name as declared → index
}

// NewSchema builds a schema and its case-insensitive property index.
func NewSchema(typ, entitySet string, outlook bool, props []Prop) *Schema {
	s := &Schema{Type: typ, EntitySet: entitySet, Outlook: outlook, Props: props, index: map[string]int{}, exact: map[string]int{}}
	for i, p := range props {
		s.index[strings.ToLower(p.Name)] = i
		s.exact[p.Name] = i
	}
	return s
}

// Index returns the index of the named property (case-insensitive).
func (s *Schema) Index(name string) (int, bool) {
	if i, ok := s.exact[name]; ok {
		return i, true
	}
	i, ok := s.index[strings.ToLower(name)]
	return i, ok
}

// MustIndex returns the index of a property the caller knows exists.
func (s *Schema) MustIndex(name string) int {
	i, ok := s.Index(name)
	if !ok {
		panic("tenant: schema " + s.Type + " has no property " + name)
	}
	return i
}

// ODataType returns the qualified type, e.g. "#microsoft.graph.user".
func (s *Schema) ODataType() string { return "#microsoft.graph." + s.Type }

// DefaultMask returns the bit set of properties returned without $select.
func (s *Schema) DefaultMask() Mask {
	var m Mask
	for i, p := range s.Props {
		if p.Default {
			m = m.With(i)
		}
	}
	return m
}

// Mask is a set of property indexes. Schemas have at most 64 properties.
type Mask uint64

// With returns m with property i added.
func (m Mask) With(i int) Mask { return m | 1<<uint(i) }

// Has reports whether property i is in m.
func (m Mask) Has(i int) bool { return m&(1<<uint(i)) != 0 }
