package tenant

// Removal reasons, as Graph writes them in "@removed".
const (
	// ReasonChanged means soft-deleted and restorable.
	ReasonChanged = "changed"
	// ReasonDeleted means permanently gone.
	ReasonDeleted = "deleted"
)

// Object is one item of a collection. Property values are stored as JSON
// fragments packed into one byte slice: value i is enc[ends[i-1]:ends[i]],
// and an empty fragment means the property was never set (a cleared property
// holds the four bytes "null").
type Object struct {
	// ID is the object's id; for messages the immutable id.
	ID string
	// AltID is the id shown without Prefer IdType="ImmutableId" (messages:
	// it changes on every move). Empty means the same as ID.
	AltID string

	enc  []byte
	ends []uint32

	// Created is the sequence number at which the object was created or
	// last restored.
	Created uint32
	// changed holds per-property change sequence numbers; nil means every
	// property last changed at Created.
	changed []uint32
	// Removed is the sequence number of the removal, 0 while live.
	Removed uint32
	// Reason is ReasonChanged or ReasonDeleted once removed.
	Reason string
	// Last is the sequence number of the object's latest log entry.
	Last uint32
	// Links holds relationship sets, indexed like the schema's properties
	// (nil for non-link properties and for types without links).
	Links []*LinkSet
	// Version counts updates; it feeds the Outlook change key.
	Version uint32
}

// Value returns the JSON fragment of property i, or nil when never set.
func (o *Object) Value(i int) []byte {
	start := uint32(0)
	if i > 0 {
		start = o.ends[i-1]
	}
	if o.ends[i] == start {
		return nil
	}
	return o.enc[start:o.ends[i]]
}

// ChangedAt returns the sequence number at which property i last changed.
func (o *Object) ChangedAt(i int) uint32 {
	if o.changed == nil || o.changed[i] < o.Created {
		return o.Created
	}
	return o.changed[i]
}

// Live reports whether the object is present (not removed).
func (o *Object) Live() bool { return o.Removed == 0 }

// RestID returns the id to show, given whether immutable ids were asked for.
func (o *Object) RestID(immutable bool) string {
	if immutable || o.AltID == "" {
		return o.ID
	}
	return o.AltID
}

// packValues builds the packed encoding from one fragment per property.
func packValues(vals [][]byte) ([]byte, []uint32) {
	n := 0
	for _, v := range vals {
		n += len(v)
	}
	enc := make([]byte, 0, n)
	ends := make([]uint32, len(vals))
	for i, v := range vals {
		enc = append(enc, v...)
		ends[i] = uint32(len(enc))
	}
	return enc, ends
}

// values unpacks the fragments, sharing the object's storage.
func (o *Object) values() [][]byte {
	vals := make([][]byte, len(o.ends))
	for i := range vals {
		vals[i] = o.Value(i)
	}
	return vals
}

// set replaces the given properties' fragments and records seq as their
// change sequence number. It reports which properties really changed.
func (o *Object) set(updates map[int][]byte, seq uint32) Mask {
	vals := o.values()
	var changed Mask
	for i, v := range updates {
		if string(vals[i]) == string(v) {
			continue
		}
		vals[i] = v
		changed = changed.With(i)
	}
	if changed == 0 {
		return 0
	}
	o.enc, o.ends = packValues(vals)
	if o.changed == nil {
		o.changed = make([]uint32, len(o.ends))
	}
	for i := range o.ends {
		if changed.Has(i) {
			o.changed[i] = seq
		}
	}
	o.Version++
	return changed
}
