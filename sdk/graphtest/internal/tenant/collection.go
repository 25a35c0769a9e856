package tenant

// Entry is one record of a collection's change log. The sequence number of
// log[i] is i+1.
type Entry struct {
	// Object is the index of the changed object in the collection.
	Object int32
	// Prev is the sequence number of the object's previous log entry, or 0.
	// An entry is an object's first change after sequence s when Prev <= s.
	Prev uint32
}

// Collection is an ordered set of objects of one schema with its change log.
// Objects are never removed from the slice, so an index is a stable cursor.
type Collection struct {
	// Schema describes the objects.
	Schema *Schema

	objects []*Object
	byID    map[string]int32
	log     []Entry
}

// NewCollection returns an empty collection of the schema.
func NewCollection(s *Schema) *Collection {
	return &Collection{Schema: s, byID: map[string]int32{}}
}

// Seq returns the sequence number of the latest change (0 if none).
func (c *Collection) Seq() uint32 { return uint32(len(c.log)) }

// Len returns the number of objects ever added, live or removed.
func (c *Collection) Len() int { return len(c.objects) }

// At returns the object at index i.
func (c *Collection) At(i int) *Object { return c.objects[i] }

// Log returns the log entry with sequence number seq (1-based).
func (c *Collection) Log(seq uint32) Entry { return c.log[seq-1] }

// Lookup returns the object with the given id, live or removed.
func (c *Collection) Lookup(id string) (*Object, bool) {
	i, ok := c.byID[id]
	if !ok {
		return nil, false
	}
	return c.objects[i], true
}

// IndexOf returns the index of the object with the given id.
func (c *Collection) IndexOf(id string) (int, bool) {
	i, ok := c.byID[id]
	return int(i), ok
}

// LiveCount returns the number of live objects.
func (c *Collection) LiveCount() int {
	n := 0
	for _, o := range c.objects {
		if o.Live() {
			n++
		}
	}
	return n
}

// record appends a log entry for the object and returns its sequence number.
func (c *Collection) record(o *Object) uint32 {
	idx := c.byID[o.ID]
	c.log = append(c.log, Entry{Object: idx, Prev: o.Last})
	seq := uint32(len(c.log))
	o.Last = seq
	return seq
}

// seed adds a generated object without logging it: it exists from sequence
// number 0, before any token could have been minted.
func (c *Collection) seed(o *Object) {
	c.byID[o.ID] = int32(len(c.objects))
	c.objects = append(c.objects, o)
}

// insert adds a new object and logs its creation.
func (c *Collection) insert(o *Object) {
	c.seed(o)
	o.Created = c.record(o)
}

// update sets properties of a live object and logs the change when any value
// really changed.
func (c *Collection) update(o *Object, updates map[int][]byte) Mask {
	seq := c.Seq() + 1
	changed := o.set(updates, seq)
	if changed != 0 {
		c.record(o)
	}
	return changed
}

// remove marks a live object removed with the reason, or purges a
// soft-deleted one (reason changed to deleted).
func (c *Collection) remove(o *Object, reason string) {
	if !o.Live() && o.Reason == reason {
		return
	}
	o.Removed = c.record(o)
	o.Reason = reason
}

// restore brings a soft-deleted object back as if newly created.
func (c *Collection) restore(o *Object) {
	o.Removed, o.Reason = 0, ""
	o.Created = c.record(o)
}

// link adds or removes a relationship entry and logs the object's change.
func (c *Collection) link(o *Object, prop int, targetID, targetType string, add bool) bool {
	if o.Links == nil {
		o.Links = make([]*LinkSet, len(c.Schema.Props))
	}
	if o.Links[prop] == nil {
		o.Links[prop] = &LinkSet{}
	}
	seq := c.Seq() + 1
	var ok bool
	if add {
		ok = o.Links[prop].add(targetID, targetType, seq)
	} else {
		ok = o.Links[prop].remove(targetID, seq)
	}
	if !ok {
		return false
	}
	if o.changed == nil {
		o.changed = make([]uint32, len(o.ends))
	}
	o.changed[prop] = seq
	c.record(o)
	return true
}

// seedLink adds a generated link that exists from sequence number 0.
func (c *Collection) seedLink(o *Object, prop int, targetID, targetType string) {
	if o.Links == nil {
		o.Links = make([]*LinkSet, len(c.Schema.Props))
	}
	if o.Links[prop] == nil {
		o.Links[prop] = &LinkSet{}
	}
	o.Links[prop].add(targetID, targetType, 0)
}
